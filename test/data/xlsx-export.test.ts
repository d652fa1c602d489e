// The XLSX export read back two ways: with exceljs (sheets, typed cells, the frozen header, the
// column widths) and as raw XML through jszip, an independent reader (no formula anywhere, the
// pane frozen in the sheet XML). Figures are checked against the model report's hand-worked
// totals (test/fixtures/import/model-totals.ts) and against entries made here by hand.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { exportXlsx } from "../../src/data/export-xlsx.js";
import { importCsv } from "../../src/data/import.js";
import { addEntry } from "../helpers/entries.js";
import { MODEL_CUTOFF_DAY, MODEL_FIXTURE_PATH, MODEL_NOW, MODEL_RANGE, modelFlowTotals } from "../fixtures/import/model-totals.js";
import { freshDb } from "./db.js";

// The sheet names and headers, written out here so a renamed one fails.
const FORM_SHEETS = ["Tuyên truyền, phổ biến", "Tuần tra, kiểm soát", "Nắm tình hình", "Đường biên, mốc quốc giới", "Đối ngoại",
  "Phát hiện, xử lý vi phạm", "Phong trào tự quản", "Dân số", "Hỗ trợ, hậu phương", "Khen thưởng"];
const FIXED_START = ["Số bản ghi", "Kỳ", "Từ ngày", "Đến ngày", "Mã đơn vị", "Đơn vị"];
const FIXED_END = ["Ghi chú", "Nguồn", "Thời điểm nhập", "Người báo cáo"];
const FEB = { start: "2025-02-01", end: "2025-02-28", key: "2025-02" };

async function read(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb;
}

function headers(ws: ExcelJS.Worksheet): string[] {
  return (ws.getRow(1).values as unknown[]).slice(1).map(String);
}

/** Column sums of a sheet, by header. */
function columnSums(ws: ExcelJS.Worksheet): Record<string, number> {
  const h = headers(ws);
  const sums: Record<string, number> = {};
  ws.eachRow((row, n) => {
    if (n === 1) return;
    h.forEach((name, i) => {
      const v = row.getCell(i + 1).value;
      if (typeof v === "number" && name !== "Số bản ghi") sums[name] = (sums[name] ?? 0) + v;
    });
  });
  return sums;
}

/** Every worksheet part of the package, as text. */
async function sheetXml(bytes: Buffer): Promise<string[]> {
  const zip = await JSZip.loadAsync(bytes);
  const names = Object.keys(zip.files).filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n));
  return Promise.all(names.map((n) => zip.file(n)!.async("string")));
}

describe("exportXlsx", () => {
  it("has one sheet per form, and each metric's column sums to the model report's figure", async () => {
    const db = freshDb();
    const r = importCsv(db, readFileSync(MODEL_FIXTURE_PATH, "utf8"), { cutoffDay: MODEL_CUTOFF_DAY, now: MODEL_NOW });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const wb = await read(await exportXlsx(db, MODEL_RANGE));
    expect(wb.worksheets.map((w) => w.name)).toEqual(FORM_SHEETS);
    const patrols = wb.getWorksheet("Tuần tra, kiểm soát")!;
    expect(headers(patrols).slice(0, 6)).toEqual(FIXED_START);
    expect(headers(patrols).slice(-4)).toEqual(FIXED_END);
    expect(headers(patrols)).toContain("Đồn độc lập tuần tra (lượt tổ)");
    const sums = { ...columnSums(patrols), ...columnSums(wb.getWorksheet("Tuyên truyền, phổ biến")!), ...columnSums(wb.getWorksheet("Đối ngoại")!),
      ...columnSums(wb.getWorksheet("Nắm tình hình")!) };
    // Hand-worked totals of the model report, by the columns' labels.
    expect(sums["Đồn độc lập tuần tra (lượt tổ)"]).toBe(modelFlowTotals["tuan_tra.doc_lap.luot_to"]);
    expect(sums["Đồn độc lập tuần tra (lượt người)"]).toBe(25550);
    expect(sums["Buổi tuyên truyền (buổi)"]).toBe(480);
    expect(sums["Lượt người dự nghe (lượt người)"]).toBe(14209);
    expect(sums["Giờ loa truyền thanh (giờ)"]).toBe(452);
    expect(sums["Trị giá quà (đồng)"]).toBe(356_000_000);
    expect(sums["Phần quà tặng bạn (phần)"]).toBe(566);
    expect(sums["Tin có giá trị (tin)"]).toBe(329);
  });

  it("types its cells: figures as numbers, days and times as dates, notes as text, never a formula", async () => {
    const db = freshDb();
    const id = addEntry(db, { unit: "dong-hung", form: "tuyen_truyen", date: "2025-02-14", values: { "tuyen_truyen.so_buoi": 3, "tuyen_truyen.luot_nguoi": 150, "tuyen_truyen.gio_loa": 2.5 } });
    const hostile = "=HYPERLINK(\"http://x\",\"bấm\")";
    // Entered at 10:00 in Vietnam on 20/02/2025.
    db.$client.prepare("update entries set note = ?, created_at = ? where id = ?").run(hostile, Date.parse("2025-02-20T03:00:00Z"), id);
    const other = addEntry(db, { unit: "tay-hung", form: "tuyen_truyen", date: "2025-02-03", values: { "tuyen_truyen.so_buoi": 1, "tuyen_truyen.luot_nguoi": 40 } });
    db.$client.prepare("update entries set note = ? where id = ?").run("+84 912 345 678; -5; @ai \u0001", other);
    const bytes = await exportXlsx(db, FEB);
    const ws = (await read(bytes)).getWorksheet("Tuyên truyền, phổ biến")!;
    const h = headers(ws);
    const col = (name: string) => h.indexOf(name) + 1;
    const row = [2, 3].map((n) => ws.getRow(n)).find((r) => r.getCell(1).value === id)!;
    expect(row.getCell(col("Buổi tuyên truyền (buổi)")).type).toBe(ExcelJS.ValueType.Number);
    expect(row.getCell(col("Buổi tuyên truyền (buổi)")).value).toBe(3);
    expect(row.getCell(col("Giờ loa truyền thanh (giờ)")).value).toBe(2.5);
    // A figure not filed is an empty cell, not 0.
    expect(row.getCell(col("Tờ bướm (tờ)")).type).toBe(ExcelJS.ValueType.Null);
    expect(row.getCell(col("Từ ngày")).type).toBe(ExcelJS.ValueType.Date);
    expect((row.getCell(col("Từ ngày")).value as Date).toISOString()).toBe("2025-02-14T00:00:00.000Z");
    expect(row.getCell(col("Từ ngày")).numFmt).toBe("dd/mm/yyyy");
    // Vietnam's wall-clock time.
    expect((row.getCell(col("Thời điểm nhập")).value as Date).toISOString()).toBe("2025-02-20T10:00:00.000Z");
    expect(row.getCell(col("Ghi chú")).type).toBe(ExcelJS.ValueType.String);
    expect(row.getCell(col("Ghi chú")).value).toBe(hostile);
    expect(row.getCell(col("Mã đơn vị")).value).toBe("dong-hung");
    expect(row.getCell(col("Đơn vị")).value).toBe("Khóm Đông Hưng");
    expect(row.getCell(col("Nguồn")).value).toBe("Tin nhắn");
    const second = [2, 3].map((n) => ws.getRow(n)).find((r) => r.getCell(1).value === other)!;
    // The control character is dropped (Excel refuses a file with one); the rest stays text.
    expect(second.getCell(col("Ghi chú")).value).toBe("+84 912 345 678; -5; @ai ");
    ws.eachRow((r) => r.eachCell((c) => expect(c.type).not.toBe(ExcelJS.ValueType.Formula)));
    // The independent reader: no formula element in any sheet.
    const xml = await sheetXml(bytes);
    expect(xml).toHaveLength(FORM_SHEETS.length);
    for (const s of xml) expect(s).not.toMatch(/<f[ >]/);
  });

  it("freezes the header row and sizes the columns to their contents", async () => {
    const db = freshDb();
    const id = addEntry(db, { unit: "dong-hung", form: "tuyen_truyen", date: "2025-02-14", values: { "tuyen_truyen.so_buoi": 3 } });
    const note = "Tuyên truyền Luật Biên phòng Việt Nam tại nhà văn hóa khóm";
    db.$client.prepare("update entries set note = ? where id = ?").run(note, id);
    const bytes = await exportXlsx(db, FEB);
    const wb = await read(bytes);
    for (const ws of wb.worksheets) {
      expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
      expect(ws.getRow(1).font?.bold).toBe(true);
    }
    const ws = wb.getWorksheet("Tuyên truyền, phổ biến")!;
    const h = headers(ws);
    expect(ws.getColumn(h.indexOf("Ghi chú") + 1).width).toBeGreaterThanOrEqual(note.length);
    expect(ws.getColumn(h.indexOf("Mã đơn vị") + 1).width).toBeGreaterThanOrEqual("dong-hung".length);
    expect(ws.getColumn(h.indexOf("Từ ngày") + 1).width).toBeGreaterThanOrEqual(10);
    // The frozen pane as the sheet XML states it.
    for (const s of await sheetXml(bytes)) expect(s).toMatch(/<pane [^>]*ySplit="1"[^>]*state="frozen"/);
  });

  it("adds the revision history as a last sheet when asked", async () => {
    const db = freshDb();
    const id = addEntry(db, { unit: "dong-hung", form: "tuyen_truyen", date: "2025-02-14", values: { "tuyen_truyen.so_buoi": 10, "tuyen_truyen.luot_nguoi": 1200 } });
    db.$client.prepare(`insert into entry_revisions (entry_id, revision, action, changed_by, changed_at, reason, activity_date, values_json, new_activity_date, new_values_json)
      values (?, 1, 'edit', null, ?, 'nhập nhầm số buổi', '2025-02-14', ?, '2025-02-14', ?)`)
      .run(id, Date.parse("2025-02-20T03:00:00Z"), JSON.stringify({ "tuyen_truyen.so_buoi": 12, "tuyen_truyen.luot_nguoi": 1200 }),
        JSON.stringify({ "tuyen_truyen.so_buoi": 10, "tuyen_truyen.luot_nguoi": 1200 }));
    expect((await read(await exportXlsx(db, FEB))).worksheets.map((w) => w.name)).not.toContain("Lịch sử sửa");
    const wb = await read(await exportXlsx(db, { ...FEB, history: true }));
    const ws = wb.worksheets.at(-1)!;
    expect(ws.name).toBe("Lịch sử sửa");
    expect(ws.rowCount).toBe(2);
    const row = ws.getRow(2);
    expect(row.getCell(1).value).toBe(id);
    expect(row.getCell(5).value).toBe("Sửa");
    expect((row.getCell(7).value as Date).toISOString()).toBe("2025-02-20T10:00:00.000Z");
    expect(row.getCell(8).value).toBe("nhập nhầm số buổi");
    expect(row.getCell(10).value).toBe("Buổi tuyên truyền: 12; Lượt người dự nghe: 1.200");
    expect(row.getCell(12).value).toBe("Buổi tuyên truyền: 10; Lượt người dự nghe: 1.200");
  });
});
