import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "csv-parse/sync";
import { exportCsv, formatCsvNumber } from "../../src/data/export.js";
// The export's header, written out here (not imported from src/), so a changed column fails the test.
const EXPORT_COLUMNS = ["ky", "don_vi", "chi_tieu", "gia_tri", "ghi_chu", "nguon", "ngay", "nguoi_bao_cao"];
import { importCsv } from "../../src/data/import.js";
import { parseVnNumber } from "../../src/domain/vn.js";
import { saveEntry } from "../../src/ledger/write.js";
import {
  MODEL_CUTOFF_DAY, MODEL_FIXTURE_PATH, MODEL_FIXTURE_ROWS, MODEL_NOW, MODEL_RANGE, modelFlowTotals, modelStockTotals,
} from "../fixtures/import/model-totals.js";
import { flowSums, freshDb, stockSums } from "./db.js";

const opts = { cutoffDay: MODEL_CUTOFF_DAY, now: MODEL_NOW };

function modelDb() {
  const db = freshDb();
  const r = importCsv(db, readFileSync(MODEL_FIXTURE_PATH, "utf8"), opts);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return db;
}

describe("exportCsv", () => {
  it("writes a BOM, the header and CRLF line ends, one row per value", () => {
    const csv = exportCsv(modelDb(), MODEL_RANGE);
    expect(csv.startsWith("\uFEFF")).toBe(true);
    const lines = csv.slice(1).split("\r\n");
    expect(lines[0]).toBe("ky,don_vi,chi_tieu,gia_tri,ghi_chu,nguon,ngay,nguoi_bao_cao");
    expect(lines.at(-1)).toBe(""); // ends with CRLF
    expect(csv.slice(1).replace(/\r\n/g, "")).not.toContain("\n");
    expect(lines).toHaveLength(MODEL_FIXTURE_ROWS + 2);
    expect(lines).toContain("2015,tay-hung,tuyen_truyen.gio_loa,\"14,5\",,import,2025-02-26,");
    // The note of a row is its entry's note, so it comes back on every value of that entry.
    expect(lines).toContain("2015,don-bp-nhon-hung,tuan_tra.doc_lap.luot_nguoi,2.749,\"Bảo vệ đoàn phân giới cắm mốc\",import,2025-02-26,");
    expect(lines).toContain("2025-02-14,dong-hung,tuyen_truyen.so_buoi,1,\"Tuyên truyền Tết Ất Tỵ, Luật Biên phòng\",import,2025-02-26,");
    expect(lines).toContain("2024,dong-hung,dan_so.ho,560,\"Theo số liệu công an phường cuối năm 2024\",import,2025-02-26,");
  });

  it("re-imported into a fresh database gives the same sums", () => {
    const csv = exportCsv(modelDb(), MODEL_RANGE);
    const other = freshDb();
    expect(importCsv(other, csv, { ...opts, file: "xuat.csv" })).toMatchObject({ ok: true, rows: MODEL_FIXTURE_ROWS });
    expect(flowSums(other, MODEL_RANGE.start, MODEL_RANGE.end)).toEqual(modelFlowTotals);
    expect(stockSums(other, MODEL_RANGE.end)).toEqual(modelStockTotals);
  });

  it("keeps the active entries the period counts, as the report does", () => {
    const db = modelDb();
    const year2024 = exportCsv(db, { start: "2024-01-01", end: "2024-12-31", key: "2024" });
    const rows = parse(year2024, { bom: true, columns: true }) as Record<string, string>[];
    expect(new Set(rows.map((r) => r["ky"]))).toEqual(new Set(["2024"]));
    // 2025-01-15..2025-02-26 holds 17 of January's 31 days and its middle day (16/01): the
    // whole-month January figures count; 01/07/2024, the middle of the year 2024, is outside.
    const part = parse(exportCsv(db, { start: "2025-01-15", end: "2025-02-26", key: "2025-01-15..2025-02-26" }), { bom: true, columns: true }) as Record<string, string>[];
    expect(new Set(part.map((r) => r["ky"]))).toEqual(new Set(["2025-01", "2025-01-28", "2025-02-14", "2025-02-20"]));
    // 2025-01-17..2025-02-26 holds only 15 of January's days and not its middle day: left out.
    const later = parse(exportCsv(db, { start: "2025-01-17", end: "2025-02-26", key: "x" }), { bom: true, columns: true }) as Record<string, string>[];
    expect(new Set(later.map((r) => r["ky"]))).toEqual(new Set(["2025-01-28", "2025-02-14", "2025-02-20"]));
    db.$client.prepare("update entries set status = 'deleted' where span_start = '2025-02-14'").run();
    const after = parse(exportCsv(db, { start: "2025-01-15", end: "2025-02-26", key: "x" }), { bom: true, columns: true }) as Record<string, string>[];
    expect(after.some((r) => r["ky"] === "2025-02-14")).toBe(false);
  });

  it("chat entries: ky is the activity date, with the source, the day recorded and the reporter", () => {
    const db = freshDb();
    const userId = Number(db.$client.prepare("insert into users (name, role, unit_code) values ('Nguyễn Văn Hùng', 'bao_cao', 'to-antt-tay-hung')").run().lastInsertRowid);
    const saved = saveEntry(db, { unitCode: "to-antt-tay-hung", reporterId: userId, formId: "tuan_tra", activityDate: "2025-02-10",
      values: { "tuan_tra.antt.luot_to": 2, "tuan_tra.antt.luot_nguoi": 11 }, note: "Tuần tra chợ biên giới" }, new Date("2025-02-10T14:00:00Z"), 0);
    expect(saved.ok).toBe(true);
    const csv = exportCsv(db, { start: "2025-02-01", end: "2025-02-28", key: "2025-02" });
    expect(csv).toBe("\uFEFF" + [
      EXPORT_COLUMNS.join(","),
      "2025-02-10,to-antt-tay-hung,tuan_tra.antt.luot_to,2,\"Tuần tra chợ biên giới\",chat,2025-02-10,\"Nguyễn Văn Hùng\"",
      "2025-02-10,to-antt-tay-hung,tuan_tra.antt.luot_nguoi,11,\"Tuần tra chợ biên giới\",chat,2025-02-10,\"Nguyễn Văn Hùng\"",
      "",
    ].join("\r\n"));
    // Re-importing the chat export makes an import entry for that day.
    const other = freshDb();
    expect(importCsv(other, csv, { cutoffDay: 0, now: MODEL_NOW })).toEqual({ ok: true, rows: 2, entries: 1 });
    expect(flowSums(other, "2025-02-10", "2025-02-10")).toEqual({ "tuan_tra.antt.luot_to": 2, "tuan_tra.antt.luot_nguoi": 11 });
  });

  it("an empty period gives the header only", () => {
    expect(exportCsv(freshDb(), { start: "2024-01-01", end: "2024-12-31", key: "2024" })).toBe(`\uFEFF${EXPORT_COLUMNS.join(",")}\r\n`);
  });
});

describe("formatCsvNumber", () => {
  it.each([
    [0, "0"], [7, "7"], [999, "999"], [1000, "1.000"], [14209, "14.209"], [356_000_000, "356.000.000"],
    [2.5, "2,5"], [1234.75, "1.234,75"], [0.125, "0,125"], [1_000_000_000_000, "1.000.000.000.000"],
  ])("%d → %s, read back the same", (n, text) => {
    expect(formatCsvNumber(n)).toBe(text);
    expect(parseVnNumber(text)).toEqual({ ok: true, value: n });
  });
});
