// /baocao and /xuat over the Bot API stand-in.
import JSZip from "jszip";
import ExcelJS from "exceljs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buttonData, buttons, startHarness, type Harness } from "../helpers/harness.js";
import { addEntry } from "../helpers/entries.js";
import { archiveReport } from "../../src/store/issued-reports.js";

let h: Harness;
beforeEach(async () => { h = await startHarness(); });
afterEach(async () => { await h.stop(); });

const CHAIRMAN = 3001;
const KHOM = 1001;

async function documentXml(bytes: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(bytes);
  return zip.file("word/document.xml")!.async("string");
}

describe("/baocao", () => {
  it("sends the chairman a DOCX of tháng 2/2025 with the right figures, after a 'đang tổng hợp' message", async () => {
    await h.register(CHAIRMAN, "lanh_dao", "nhon-hung", "Vũ");
    addEntry(h.bot.db, { unit: "dong-hung", form: "tuyen_truyen", date: "2025-02-05", values: { "tuyen_truyen.so_buoi": 7, "tuyen_truyen.luot_nguoi": 1234 } });
    addEntry(h.bot.db, { unit: "tay-hung", form: "tuyen_truyen", date: "2025-02-06", values: { "tuyen_truyen.so_buoi": 5, "tuyen_truyen.luot_nguoi": 1000 } });
    addEntry(h.bot.db, { unit: "tay-hung", form: "tuyen_truyen", date: "2025-01-06", values: { "tuyen_truyen.so_buoi": 50 } });
    const r = await h.say(CHAIRMAN, "/baocao tháng 2/2025");
    expect(r.map((m) => m.text)).toEqual([expect.stringContaining("Đang tổng hợp báo cáo tháng 02/2025")]);
    const [doc] = h.standin.documents;
    expect(doc!.filename).toBe("bao-cao-2025-02.docx");
    expect(doc!.chatId).toBe(String(CHAIRMAN));
    expect(doc!.caption).toContain("12 buổi, 2.234 lượt người");
    expect(doc!.caption).toContain("Tổng hợp từ 2 bản ghi");
    expect(doc!.caption).toContain("Kỳ tháng 02/2025: đã báo cáo 2/8 đơn vị");
    expect(doc!.caption).toContain("Chưa báo cáo: Khóm Trung Bắc Hưng,");
    const xml = await documentXml(doc!.bytes);
    expect(xml).toContain("12 buổi");
    expect(xml).toContain("2.234 lượt người");
    // February is still in progress on 20/02/2025: the document says up to which day it counts.
    expect(xml).toContain("tháng 02/2025 (số liệu tính đến ngày 20/02/2025)");
    // the monthly template; 20 days of February are not set against the whole of January (50 buổi)
    expect(xml).not.toContain("so với tháng 01/2025");
    expect(xml).toContain("PHƯƠNG HƯỚNG, NHIỆM VỤ THÁNG 03/2025");
    // The count of units is internal (the caption above); the document says only that some have not
    // reported yet, and so claims no "ổn định" it has no figures for (6 of 8 units missing).
    expect(xml).not.toMatch(/2\/8|đã báo cáo 2/);
    expect(xml).toContain("tiếp tục đôn đốc các đơn vị chưa báo cáo");
    expect(xml).not.toContain("ổn định");
    const archived = h.bot.db.$client.prepare("select period, requested_by, channel from issued_reports").all();
    expect(archived).toEqual([{ period: "2025-02", requested_by: expect.any(Number), channel: "telegram" }]);
  });

  it("a typed 1 at the document number, where “Để trống” is choice 1 of a numbered list, is asked back: never number 01 unasked", async () => {
    // Zalo and the console show “1. Để trống (Trả lời bằng số thứ tự…)”: the person typing 1 may mean
    // the blank. The number on the chairman's document must be the one they chose.
    await h.register(CHAIRMAN, "lanh_dao", "nhon-hung", "Vũ");
    addEntry(h.bot.db, { unit: "dong-hung", form: "tuyen_truyen", date: "2025-01-06", values: { "tuyen_truyen.so_buoi": 3 } });
    addEntry(h.bot.db, { unit: "dong-hung", form: "tuyen_truyen", date: "2025-02-05", values: { "tuyen_truyen.so_buoi": 7 } });
    let r = await h.say(CHAIRMAN, "/baocao");
    r = await h.press(CHAIRMAN, buttonData(r.at(-1), "Tháng trước"));
    expect(r.at(-1)!.text).toContain("Số văn bản?");
    r = await h.say(CHAIRMAN, "1");
    expect(r.at(-1)!.text).toBe("Bạn gõ 1: số văn bản 01, hay để trống cho văn thư điền?");
    expect(buttons(r.at(-1)).map((b) => b.text)).toEqual(["Số 01", "Để trống"]);
    r = await h.say(CHAIRMAN, "2"); // the second of that list: the blank
    expect(r.at(-1)!.text).toContain("Ngày ban hành?");
    r = await h.press(CHAIRMAN, buttonData(r.at(-1), "Hôm nay (20/02/2025)"));
    let xml = await documentXml(h.standin.documents.at(-1)!.bytes);
    expect(xml).not.toContain("Số: 01/");
    expect(xml).toMatch(/Số:\s+\/BC-UBND/);

    // Asked back, 1 is the number (the first of that list); 35 is never asked back.
    r = await h.say(CHAIRMAN, "/baocao");
    r = await h.press(CHAIRMAN, buttonData(r.at(-1), "Tháng này"));
    r = await h.say(CHAIRMAN, "1");
    r = await h.say(CHAIRMAN, "1");
    expect(r.at(-1)!.text).toContain("Ngày ban hành?");
    r = await h.press(CHAIRMAN, buttonData(r.at(-1), "Hôm nay (20/02/2025)"));
    expect(h.standin.documents.map((d) => d.filename)).toEqual(["bao-cao-2025-01.docx", "bao-cao-2025-02.docx"]);
    xml = await documentXml(h.standin.documents.at(-1)!.bytes);
    expect(xml).toContain("Số: 01/BC-UBND");
    // A forged button (never offered, or not a number) sets no number: the question stays.
    r = await h.say(CHAIRMAN, "/baocao");
    r = await h.press(CHAIRMAN, buttonData(r.at(-1), "Quý này"));
    for (const forged of ["report:number:abc", "report:number:7"]) {
      r = await h.press(CHAIRMAN, forged);
      expect(r.at(-1)!.text).toMatch(/Số văn bản/);
      expect(r.at(-1)!.text).not.toContain("Ngày ban hành?");
    }
    r = await h.say(CHAIRMAN, "35");
    expect(r.at(-1)!.text).toContain("Ngày ban hành?");
  });

  it("offers period buttons, accepts typed periods without diacritics, and explains a period it cannot read", async () => {
    addEntry(h.bot.db, { unit: "dong-hung", form: "tuyen_truyen", date: "2024-11-05", values: { "tuyen_truyen.so_buoi": 2 } });
    addEntry(h.bot.db, { unit: "dong-hung", form: "tuyen_truyen", date: "2025-01-05", values: { "tuyen_truyen.so_buoi": 3 } });
    await h.register(CHAIRMAN, "lanh_dao", "nhon-hung");
    let r = await h.say(CHAIRMAN, "/baocao");
    const labels = buttons(r.at(-1)).map((b) => b.text);
    expect(labels).toEqual(["Tháng này (tháng 02/2025)", "Tháng trước (tháng 01/2025)", "Quý này (quý I/2025)",
      "6 tháng đầu năm 2025", "9 tháng đầu năm 2025", "Năm nay (năm 2025)", "Năm trước (năm 2024)", "Kỳ khác…"]);
    r = await h.press(CHAIRMAN, buttonData(r.at(-1), "Tháng trước"));
    // Chosen by button: two optional questions, the document number and the date of issue.
    expect(r.at(-1)!.text).toContain("Số văn bản?");
    r = await h.press(CHAIRMAN, buttonData(r.at(-1), "Để trống"));
    expect(r.at(-1)!.text).toContain("Ngày ban hành?");
    r = await h.press(CHAIRMAN, buttonData(r.at(-1), "Hôm nay (20/02/2025)"));
    expect(h.standin.documents.map((d) => d.filename)).toEqual(["bao-cao-2025-01.docx"]);
    r = await h.say(CHAIRMAN, "/baocao");
    r = await h.press(CHAIRMAN, buttonData(r.at(-1), "Kỳ khác"));
    r = await h.say(CHAIRMAN, "tháng mười ba");
    expect(r.at(-1)!.text).toContain("Ví dụ: tháng 2/2025");
    r = await h.say(CHAIRMAN, "quy 4/2024");
    r = await h.say(CHAIRMAN, "so 12");
    expect(r.at(-1)!.text).toContain("Ngày ban hành?");
    r = await h.say(CHAIRMAN, "31/2/2025");
    expect(r.at(-1)!.text).toContain("Ngày không hợp lệ");
    r = await h.say(CHAIRMAN, "21/02/2025");
    expect(r.at(-1)!.text).toContain("không được sau hôm nay (20/02/2025)");
    r = await h.say(CHAIRMAN, "19/2/2025");
    expect(h.standin.documents.map((d) => d.filename)).toEqual(["bao-cao-2025-01.docx", "bao-cao-2024-Q4.docx"]);
    await h.say(CHAIRMAN, "/BAOCAO nam 2024");
    expect(h.standin.documents.at(-1)!.filename).toBe("bao-cao-2024.docx");
  });

  it("politely refuses a khóm head", async () => {
    await h.register(KHOM, "bao_cao", "dong-hung");
    const r = await h.say(KHOM, "/baocao tháng 2/2025");
    expect(r.map((m) => m.text)).toEqual([expect.stringContaining("dành cho lãnh đạo phường")]);
    expect(h.standin.documents).toHaveLength(0);
    expect((await h.say(KHOM, "/xuat")).at(-1)!.text).toContain("dành cho lãnh đạo");
  });
});

describe("/guilai", () => {
  it("sends an issued report again, byte for byte, even after the figures changed", async () => {
    await h.register(CHAIRMAN, "lanh_dao", "nhon-hung");
    addEntry(h.bot.db, { unit: "dong-hung", form: "tuyen_truyen", date: "2025-02-05", values: { "tuyen_truyen.so_buoi": 7, "tuyen_truyen.luot_nguoi": 70 } });
    await h.say(CHAIRMAN, "/baocao thang 2/2025");
    const first = h.standin.documents[0]!;
    addEntry(h.bot.db, { unit: "tay-hung", form: "tuyen_truyen", date: "2025-02-06", values: { "tuyen_truyen.so_buoi": 5, "tuyen_truyen.luot_nguoi": 50 } });
    const list = await h.say(CHAIRMAN, "/guilai");
    await h.press(CHAIRMAN, buttonData(list.at(-1), "tháng 02/2025"));
    const again = h.standin.documents[1]!;
    expect(again.filename).toBe(first.filename);
    expect(again.bytes.equals(first.bytes)).toBe(true);
    expect(again.caption).toContain("gửi lại đúng nguyên bản");
    await h.register(KHOM, "bao_cao", "dong-hung");
    expect((await h.say(KHOM, "/guilai")).at(-1)!.text).toContain("dành cho lãnh đạo");
  });
});

describe("/guilai and a damaged archive", () => {
  it("does not resend a report whose XML does not parse: it says so and asks to issue the report again", async () => {
    await h.register(CHAIRMAN, "lanh_dao", "nhon-hung");
    addEntry(h.bot.db, { unit: "dong-hung", form: "tuyen_truyen", date: "2025-01-05", values: { "tuyen_truyen.so_buoi": 7 } });
    await h.say(CHAIRMAN, "/baocao thang 1/2025");
    const good = h.standin.documents[0]!.bytes;
    // As issued before issue 15: a note's raw U+FFFE inside word/document.xml.
    const zip = await JSZip.loadAsync(good);
    zip.file("word/document.xml", (await documentXml(good)).replace("7 buổi", "7 buổi\uFFFE"));
    const broken = await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
    archiveReport(h.bot.db, { period: "2025-01", requestedBy: null, channel: "telegram", fileName: "bao-cao-2025-01.docx", bytes: broken, entryCount: 1, now: new Date("2025-02-20T04:00:00Z") });
    const list = await h.say(CHAIRMAN, "/guilai");
    const labels = buttons(list.at(-1)).filter((b) => b.text.includes("tháng 01/2025"));
    expect(labels.length).toBe(2);
    const answer = await h.press(CHAIRMAN, labels[0]!.data); // newest first: the damaged one
    expect(h.standin.documents.length).toBe(1);
    expect(answer.at(-1)!.text).toBe(
      "Bản báo cáo tháng 01/2025 đã lưu bị hỏng, Word không mở được nên không gửi lại; xin lập lại báo cáo: gõ /baocao 2025-01.");
  });
});

describe("/xuat", () => {
  it("sends the period's entries as XLSX by default: one sheet per form, figures as numbers", async () => {
    await h.register(CHAIRMAN, "lanh_dao", "nhon-hung");
    addEntry(h.bot.db, { unit: "dong-hung", form: "tuyen_truyen", date: "2025-02-05", values: { "tuyen_truyen.so_buoi": 7, "tuyen_truyen.luot_nguoi": 1234 } });
    // Not h.say: it waits 5 s at most, and the export's worker thread starts cold (slow on a loaded machine).
    h.standin.pushUpdates([h.standin.textMessage(CHAIRMAN, "/xuat tháng 2/2025")]);
    const doc = await h.standin.waitFor(() => h.standin.documents[0], 120_000, 20);
    expect(doc!.filename).toBe("so-lieu-2025-02.xlsx");
    expect(doc!.caption).toContain("/xuat tháng 02/2025 csv");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(doc!.bytes as unknown as ArrayBuffer);
    const ws = wb.getWorksheet("Tuyên truyền, phổ biến")!;
    const header = (ws.getRow(1).values as unknown[]).map(String);
    expect(ws.getRow(2).getCell(header.indexOf("Lượt người dự nghe (lượt người)")).value).toBe(1234);
    expect(ws.getRow(2).getCell(header.indexOf("Buổi tuyên truyền (buổi)")).value).toBe(7);
  });

  it("sends the period's entries as a CSV with a BOM when asked with \"csv\"", async () => {
    await h.register(CHAIRMAN, "lanh_dao", "nhon-hung");
    addEntry(h.bot.db, { unit: "dong-hung", form: "tuyen_truyen", date: "2025-02-05", values: { "tuyen_truyen.so_buoi": 7, "tuyen_truyen.luot_nguoi": 1234 } });
    h.standin.pushUpdates([h.standin.textMessage(CHAIRMAN, "/xuat tháng 2/2025 csv")]);
    const doc = await h.standin.waitFor(() => h.standin.documents[0], 120_000, 20);
    expect(doc!.filename).toBe("so-lieu-2025-02.csv");
    const csv = doc!.bytes.toString("utf8");
    expect(csv.startsWith("\uFEFF")).toBe(true);
    expect(csv).toContain("dong-hung,tuyen_truyen.luot_nguoi");
    expect(csv).toContain("1.234");
  });
});
