// Issue 9, "a careless number becomes official": each thing seen, through the chat, with the
// expected figures worked out by hand. Today is 2025-02-20 (the harness clock).
import { rmSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buttonData, buttons, startHarness, type Harness } from "../helpers/harness.js";
import { addEntry } from "../helpers/entries.js";

let h: Harness;
beforeEach(async () => { h = await startHarness(); });
afterEach(async () => { await h.stop(); rmSync(h.dir, { recursive: true, force: true }); });

const KHOM = 1001;
const texts = (ms: { text: string }[]) => ms.map((m) => m.text);
const lastText = (ms: { text: string }[]) => ms.at(-1)?.text ?? "";
const labels = (ms: Parameters<typeof buttons>[0][]) => buttons(ms.at(-1)).map((b) => b.text);

function savedValues(): Record<string, number> {
  const db = h.bot.db.$client;
  const rows = db.prepare("select v.metric, v.value from entries e join entry_values v on v.entry_id = e.id where e.status = 'active'").all() as { metric: string; value: number }[];
  return Object.fromEntries(rows.map((r) => [r.metric, r.value]));
}
const entryCount = () => (h.bot.db.$client.prepare("select count(*) as n from entries").get() as { n: number }).n;

async function open(form: string, answers: string[]) {
  await h.register(KHOM, "bao_cao", "dong-hung", "Lan");
  let r = await h.say(KHOM, `/nhap ${form}`);
  for (const a of answers) r = await h.say(KHOM, a);
  return r;
}

describe("numbers in words", () => {
  it("'mười hai' for a count gets a count example, not a money one (found by exploratory testing)", async () => {
    const r = await open("tuyen_truyen", ["mười hai"]);
    expect(r[0]!.text).toBe("⚠️ Xin gõ số bằng chữ số, ví dụ: 12 buổi.");
    expect(lastText(r)).toContain("Số buổi tuyên truyền đã tổ chức?");
  });
});

describe("numbers a person would read differently", () => {
  it("'1,000' is asked with its two readings as buttons, not stored as 1", async () => {
    let r = await open("tuyen_truyen", ["4", "1,000"]);
    expect(r[0]!.text).toBe('⚠️ "1,000" có thể hiểu là 1.000 (một nghìn) hoặc 1 (một). Xin gõ lại: số lẻ dùng dấu phẩy (2,5), hàng nghìn dùng dấu chấm (1.200).');
    expect(lastText(r)).toContain("Tổng số lượt người dự nghe?");
    expect(labels(r)).toEqual(["1 lượt người", "1.000 lượt người"]);
    r = await h.press(KHOM, buttonData(r.at(-1), "1.000 lượt người"));
    expect(lastText(r)).toContain("Số giờ phát trên loa");
    for (const a of ["2", "0", "0", "0"]) r = await h.say(KHOM, a);
    expect(lastText(r)).toContain("Lượt người dự nghe: 1.000 lượt người");
    r = await h.press(KHOM, buttonData(r.at(-1), "Lưu"));
    expect(lastText(r)).toContain("✅ Đã lưu");
    expect(savedValues()["tuyen_truyen.luot_nguoi"]).toBe(1000);
  });

  it("'500,000' đồng is asked, not stored as 500", async () => {
    let r = await open("hau_phuong", ["500,000"]);
    expect(r[0]!.text).toContain('"500,000" có thể hiểu là 500.000 (năm trăm nghìn) hoặc 500 (năm trăm)');
    expect(labels(r)).toEqual(["500 đồng", "500.000 đồng"]);
    r = await h.press(KHOM, buttonData(r.at(-1), "500.000 đồng"));
    r = await h.say(KHOM, "3");
    expect(lastText(r)).toContain("Hỗ trợ CBCS (đồng): 500.000 đồng");
    await h.press(KHOM, buttonData(r.at(-1), "Lưu"));
    expect(savedValues()).toEqual({ "ho_tro.cbcs_gia_tri": 500_000, "ho_tro.qua": 3 });
  });

  it("'2.5' for a count is still asked again", async () => {
    const r = await open("tuyen_truyen", ["2.5"]);
    expect(r[0]!.text).toContain('"2.5" có thể hiểu là 2,5 (hai phẩy năm) hoặc 25');
    expect(labels(r)).toEqual(["25 buổi"]); // 2,5 buổi is no count
  });

  it("'15k' gifts are asked again instead of becoming 15.000 phần", async () => {
    let r = await open("hau_phuong", ["1.500.000", "15k"]);
    expect(texts(r)).toEqual(['⚠️ "k" là cách viết số tiền, còn câu này hỏi số phần. Xin gõ số phần, ví dụ: 12 phần.', "(2/2) Số phần quà đã tặng?"]);
    r = await h.say(KHOM, "15 phần quà");
    expect(lastText(r)).toContain("Phần quà hỗ trợ: 15 phần");
  });

  it("'3 con gà' for money is asked again", async () => {
    const r = await open("hau_phuong", ["3 con gà"]);
    expect(r[0]!.text).toBe('⚠️ Câu này hỏi số tiền (đồng), không phải "con gà". Xin gõ số tiền (đồng), ví dụ: 1.500.000 hoặc 1,5 triệu.');
    expect(lastText(r)).toContain("Trị giá hỗ trợ CBCS");
  });

  it("0 smuggling cases with a value of 1 đồng is refused, naming what to fix", async () => {
    let r = await open("vi_pham", ["0", "0", "0", "1"]);
    expect(r[0]!.text).toBe("⚠️ Có trị giá hàng buôn lậu nhưng số vụ buôn lậu là 0. Xin sửa số vụ buôn lậu hoặc trị giá.\nNếu 1 là đúng, gõ lại 1: bot giữ số này, bạn sửa câu trước ở bảng tóm tắt rồi mới Lưu.");
    expect(lastText(r)).toContain("Trị giá hàng buôn lậu (đồng)?");
    for (const a of ["0", "0"]) r = await h.say(KHOM, a);
    r = await h.press(KHOM, buttonData(r.at(-1), "Lưu"));
    expect(lastText(r)).toContain("✅ Đã lưu");
    expect(savedValues()["vi_pham.buon_lau_gia_tri"]).toBe(0);
  });

  it("'không', 'khong co', 'ko' mean 0 and 'hai' means 2", async () => {
    const r = await open("vi_pham", ["không", "khong co", "hai", "5 triệu", "ko"]);
    const summary = lastText(r);
    expect(summary).toContain("Vụ XNC trái phép: 0 vụ");
    expect(summary).toContain("Người XNC trái phép: 0 người");
    expect(summary).toContain("Vụ buôn lậu: 2 vụ");
    expect(summary).toContain("Trị giá buôn lậu (đồng): 5.000.000 đồng");
    expect(summary).toContain("Vụ vi phạm khác: 0 vụ");
  });
});

describe("dates and figures far from the usual", () => {
  async function toSummaryWithDate(date: string) {
    let r = await open("dan_so", ["120", "450"]);
    r = await h.press(KHOM, buttonData(r.at(-1), "Sửa"));
    r = await h.press(KHOM, buttonData(r.at(-1), "Ngày hoạt động"));
    return h.say(KHOM, date);
  }

  it("a date in 1900 is refused with what to type", async () => {
    const r = await toSummaryWithDate("15/2/1900");
    expect(texts(r)).toEqual(['⚠️ Năm 1900 quá xa, chắc là gõ nhầm. Xin gõ lại ngày hoạt động, ví dụ 15/2/2025, hoặc "hôm qua".']);
  });

  it("a date eleven years back is confirmed before saving", async () => {
    let r = await toSummaryWithDate("20/2/2014");
    expect(lastText(r)).toContain("Ngày hoạt động: 20/02/2014");
    r = await h.press(KHOM, buttonData(r.at(-1), "Lưu"));
    expect(lastText(r)).toBe("⚠️ Ngày hoạt động 20/02/2014 đã cách đây hơn 2 tháng. Đúng ngày này không?");
    expect(labels(r)).toEqual(["✅ Đúng, lưu", "✏️ Sửa ngày"]);
    expect(entryCount()).toBe(0);
    r = await h.press(KHOM, buttonData(r.at(-1), "Đúng, lưu"));
    expect(lastText(r)).toContain("✅ Đã lưu: Dân số, ngày 20/02/2014");
    expect(h.bot.db.$client.prepare("select activity_date as d from entries").get()).toEqual({ d: "2014-02-20" });
  });

  it("'Sửa ngày' asks the date again; two months back to the day is taken without a question", async () => {
    let r = await toSummaryWithDate("19/12/2024");
    r = await h.press(KHOM, buttonData(r.at(-1), "Lưu"));
    r = await h.press(KHOM, buttonData(r.at(-1), "Sửa ngày"));
    expect(lastText(r)).toContain("Ngày hoạt động?");
    r = await h.say(KHOM, "20/12/2024");
    r = await h.press(KHOM, buttonData(r.at(-1), "Lưu"));
    expect(lastText(r)).toContain("✅ Đã lưu: Dân số, ngày 20/12/2024");
  });

  it("a figure over ten times the unit's largest month is confirmed; a corrected one is saved without asking", async () => {
    // January: 100 + 50 = 150 lượt người (the largest month); December: 120.
    addEntry(h.bot.db, { unit: "dong-hung", form: "tuyen_truyen", date: "2025-01-10", values: { "tuyen_truyen.luot_nguoi": 100 } });
    addEntry(h.bot.db, { unit: "dong-hung", form: "tuyen_truyen", date: "2025-01-20", values: { "tuyen_truyen.luot_nguoi": 50 } });
    addEntry(h.bot.db, { unit: "dong-hung", form: "tuyen_truyen", date: "2024-12-10", values: { "tuyen_truyen.luot_nguoi": 120 } });
    let r = await open("tuyen_truyen", ["4", "1.600", "2", "0", "0", "0"]);
    r = await h.press(KHOM, buttonData(r.at(-1), "Lưu"));
    expect(lastText(r)).toBe("⚠️ Lượt người dự nghe: 1.600 lượt người, gấp hơn 10 lần tháng cao nhất trước đây của đơn vị (150 lượt người). Số này có đúng không?");
    expect(labels(r)).toEqual(["✅ Đúng, lưu", "✏️ Sửa số này"]);
    expect(entryCount()).toBe(3);
    r = await h.press(KHOM, buttonData(r.at(-1), "Sửa số này"));
    expect(lastText(r)).toContain("Tổng số lượt người dự nghe?");
    r = await h.say(KHOM, "1.500"); // exactly ten times: not asked
    r = await h.press(KHOM, buttonData(r.at(-1), "Lưu"));
    expect(lastText(r)).toContain("✅ Đã lưu");
    expect(entryCount()).toBe(4);
  });

  it("a confirmed unusual figure is saved as typed", async () => {
    addEntry(h.bot.db, { unit: "dong-hung", form: "hau_phuong", date: "2025-01-10", values: { "ho_tro.cbcs_gia_tri": 200_000, "ho_tro.qua": 2 } });
    let r = await open("hau_phuong", ["50 triệu", "2"]);
    r = await h.press(KHOM, buttonData(r.at(-1), "Lưu"));
    expect(lastText(r)).toContain("50.000.000 đồng, gấp hơn 10 lần tháng cao nhất trước đây của đơn vị (200.000 đồng)");
    r = await h.say(KHOM, "đúng");
    expect(lastText(r)).toContain("✅ Đã lưu");
    const v = h.bot.db.$client.prepare("select value from entry_values where metric = 'ho_tro.cbcs_gia_tri' order by entry_id desc limit 1").get();
    expect(v).toEqual({ value: 50_000_000 });
  });
});
