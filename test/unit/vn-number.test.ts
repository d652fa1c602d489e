// The number reader's rule for separators, words and units (src/domain/vn-number.ts).
import { describe, expect, it } from "vitest";
import { ambiguousReadings, isLongAgo, monthsBefore, parseVnDate, parseVnNumber } from "../../src/domain/vn.js";

const count = (unit: string) => ({ unitWords: [unit] });
const money = { unitWords: ["đồng"], money: true };

describe("separators", () => {
  it.each([
    ["1,000", [1, 1000]],
    ["500,000", [500, 500_000]],
    ["2,500", [2.5, 2500]],
    ["999,999", [999.999, 999_999]],
  ])("%j (comma + three digits) is asked with both readings %j", (typed, readings) => {
    expect(parseVnNumber(typed)).toMatchObject({ ok: false, reason: "ambiguous" });
    expect(ambiguousReadings(typed)).toEqual(readings);
  });

  it("names both readings in words", () => {
    const r = parseVnNumber("1,000");
    expect(!r.ok && r.message).toBe(
      '"1,000" có thể hiểu là 1.000 (một nghìn) hoặc 1 (một). Xin gõ lại: số lẻ dùng dấu phẩy (2,5), hàng nghìn dùng dấu chấm (1.200).');
    const s = parseVnNumber("2,500");
    expect(!s.ok && s.message).toContain("2.500 (hai nghìn năm trăm) hoặc 2,5 (hai phẩy năm)");
    const t = parseVnNumber("1,005");
    expect(!t.ok && t.message).toContain("1.005 (một nghìn không trăm linh năm)");
  });

  it.each([
    ["0,500", 0.5], // no English number starts with 0,
    ["1,25", 1.25],
    ["1,2345", 1.2345],
    ["1234,567", 1234.567], // English groups have at most three digits before the comma
    ["1,000,000", 1_000_000], // two comma groups: only English thousands
    ["12,345,678", 12_345_678],
    ["1.000", 1000],
    ["500.000", 500_000],
    ["1.000 đồng", 1000],
  ])("%j → %d", (typed, value) => {
    expect(parseVnNumber(typed)).toEqual({ ok: true, value });
  });

  it("asks a lone dot group where a decimal is plausible", () => {
    expect(ambiguousReadings("1.500", { decimals: true })).toEqual([1.5, 1500]);
    expect(parseVnNumber("1.500.000", { decimals: true })).toEqual({ ok: true, value: 1_500_000 });
    expect(ambiguousReadings("1.500 tr", money)).toEqual([1_500_000, 1_500_000_000]);
    expect(parseVnNumber("1.500", count("buổi"))).toEqual({ ok: true, value: 1500 });
    expect(ambiguousReadings("2.5")).toEqual([2.5, 25]);
    expect(ambiguousReadings("12")).toEqual([]);
  });
});

describe("words", () => {
  it.each([
    ["không", 0], ["Không", 0], ["khong", 0], ["khong co", 0], ["không có", 0], ["ko", 0], ["0", 0],
    ["một", 1], ["mot", 1], ["hai", 2], ["ba", 3], ["bốn", 4], ["bon", 4], ["năm", 5], ["nam", 5], ["sáu", 6], ["sau", 6],
    ["bảy", 7], ["bẩy", 7], ["tám", 8], ["chín", 9], ["mười", 10], ["muoi", 10],
  ])("%j → %d", (typed, value) => {
    expect(parseVnNumber(typed, count("vụ"))).toEqual({ ok: true, value });
  });

  it.each([
    ["hai buổi", count("buổi"), 2],
    ["không có vụ nào", count("vụ"), 0],
    ["3 buổi ạ", count("buổi"), 3],
    ["35 lượt", count("lượt người"), 35],
    ["hai triệu", money, 2_000_000],
    ["500.000đ", money, 500_000],
    ["15k", money, 15_000],
    ["1,5 tr", money, 1_500_000],
    ["2 nghìn tờ", count("tờ"), 2000],
  ])("%j → %d", (typed, opts, value) => {
    expect(parseVnNumber(typed, opts)).toEqual({ ok: true, value });
  });

  it.each(["sàu", "tạm", "hai mươi", "mười hai", "năm nay", "không biết"])("%j is not read", (typed) => {
    expect(parseVnNumber(typed, count("buổi"))).toMatchObject({ ok: false, reason: "not_number" });
  });
});

describe("unit words", () => {
  it("refuses money words for a count", () => {
    expect(parseVnNumber("15k", count("phần"))).toEqual({ ok: false, reason: "wrong_unit",
      message: '"k" là cách viết số tiền, còn câu này hỏi số phần. Xin gõ số phần, ví dụ: 12 phần.' });
    expect(parseVnNumber("2 triệu", count("người"))).toMatchObject({ reason: "wrong_unit" });
  });

  it("asks a number in words beyond one word with an example that fits the field (found by exploratory testing)", () => {
    expect(parseVnNumber("mười hai", count("buổi"))).toEqual({ ok: false, reason: "not_number", message: "Xin gõ số bằng chữ số, ví dụ: 12 buổi." });
    expect(parseVnNumber("mười hai triệu", money)).toEqual({ ok: false, reason: "not_number",
      message: "Xin gõ số bằng chữ số, ví dụ: 1.500.000 hoặc 1,5 triệu." });
  });

  it("refuses a unit that does not fit the question", () => {
    expect(parseVnNumber("3 con gà", money)).toEqual({ ok: false, reason: "wrong_unit",
      message: 'Câu này hỏi số tiền (đồng), không phải "con gà". Xin gõ số tiền (đồng), ví dụ: 1.500.000 hoặc 1,5 triệu.' });
    expect(parseVnNumber("3 vụ", count("buổi"))).toMatchObject({ reason: "wrong_unit", message: expect.stringContaining("ví dụ: 12 buổi") });
  });

  it("ignores words when the caller names no unit (imports)", () => {
    expect(parseVnNumber("3 tin")).toEqual({ ok: true, value: 3 });
  });
});

describe("activity dates", () => {
  const today = "2025-02-20";
  it("refuses years before 2000 and says what to type", () => {
    expect(parseVnDate("15/2/1900", today)).toEqual({ ok: false,
      message: 'Năm 1900 quá xa, chắc là gõ nhầm. Xin gõ lại ngày hoạt động, ví dụ 15/2/2025, hoặc "hôm qua".' });
    expect(parseVnDate("1/1/2000", today)).toEqual({ ok: true, date: "2000-01-01" });
  });

  it("calls a date long ago when it is more than two months back", () => {
    expect(monthsBefore(today, 2)).toBe("2024-12-20");
    expect(monthsBefore("2025-04-30", 2)).toBe("2025-02-28");
    expect(monthsBefore("2025-01-31", 2)).toBe("2024-11-30");
    expect(isLongAgo("2024-12-20", today)).toBe(false);
    expect(isLongAgo("2024-12-19", today)).toBe(true);
    expect(isLongAgo("2014-02-20", today)).toBe(true);
  });
});
