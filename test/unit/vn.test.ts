import { describe, it, expect } from "vitest";
import {
  addDays,
  daysInMonth,
  fold,
  formatDateLong,
  formatDateShort,
  formatVnNumber,
  isIsoDate,
  pad2,
  parseVnDate,
  parseVnNumber,
  readVnDate,
  todayInVietnam,
} from "../../src/domain/vn.js";

describe("fold", () => {
  it.each([
    ["Tháng Này", "thang nay"],
    ["  ĐẾN   ngày  ", "den ngay"],
    ["đồng", "dong"],
    ["Quý IV", "quy iv"],
    ["6 tháng đầu năm", "6 thang dau nam"],
    ["hom qua", "hom qua"],
    ["Hôm\tqua\n", "hom qua"],
    // decomposed input (NFD) folds the same as precomposed
    ["Tha\u0301ng ba\u0309y", "thang bay"],
    ["", ""],
  ])("%j → %j", (input, expected) => {
    expect(fold(input)).toBe(expected);
  });
});

describe("parseVnNumber", () => {
  it.each([
    ["1.200", 1200],
    ["1.200.000", 1_200_000],
    ["2,5", 2.5],
    ["1.234,5", 1234.5],
    ["3 buổi", 3],
    ["5 lượt người", 5],
    ["1.500.000 đồng", 1_500_000],
    ["2 triệu", 2_000_000], // multipliers, as people write money
    ["5 triệu đồng", 5_000_000],
    ["2,5 tr", 2_500_000],
    ["1,5 triệu", 1_500_000],
    ["15 nghìn", 15_000],
    ["15 ngàn", 15_000],
    ["300k", 300_000],
    ["2 tỷ", 2_000_000_000],
    ["3 tin", 3], // "tin" is a unit, not "ti"
    [" 12 ", 12],
    ["0", 0],
    ["0,5", 0.5],
    ["1234", 1234],
    ["1234,75", 1234.75],
    ["1.000.000.000.000", 1e12],
    ["-0", 0],
  ])("%j → %d", (input, value) => {
    expect(parseVnNumber(input)).toEqual({ ok: true, value });
  });

  it.each([
    ["", "empty"],
    ["   ", "empty"],
    ["abc", "not_number"],
    ["12buổi", "not_number"],
    ["2 triệu rưỡi", "not_number"],
    ["5 trăm nghìn", "not_number"],
    ["1 nghìn hai", "not_number"],
    ["12x", "not_number"],
    ["1 200", "not_number"],
    ["1,200.5", "not_number"],
    ["1,2,3", "not_number"],
    ["12abc", "not_number"],
    ["3 buổi 2", "not_number"],
    ["12.", "not_number"],
    [",5", "not_number"],
    ["12.345.6", "not_number"],
    ["1.20,5", "not_number"],
    ["-3", "negative"],
    ["-1.200", "negative"],
    ["−3", "negative"],
    ["2.5", "ambiguous"],
    ["1.20", "ambiguous"],
    ["1.2345", "ambiguous"],
    ["0.200", "ambiguous"],
    ["1234.567", "ambiguous"],
    ["1.000.000.000.001", "too_large"],
    ["2000000000000", "too_large"],
  ])("%j → %s", (input, reason) => {
    const r = parseVnNumber(input);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.reason).toBe(reason);
      expect(r.message.length).toBeGreaterThan(0);
      expect(r.message).toBe(r.message.normalize("NFC"));
    }
  });

  it("explains both readings of an ambiguous dot", () => {
    expect(parseVnNumber("2.5")).toEqual({
      ok: false,
      reason: "ambiguous",
      message:
        '"2.5" có thể hiểu là 2,5 (hai phẩy năm) hoặc 25. Xin gõ lại: số lẻ dùng dấu phẩy (2,5), hàng nghìn dùng dấu chấm (1.200).',
    });
    const r = parseVnNumber("1.20");
    expect(!r.ok && r.message).toContain("1,2 (một phẩy hai) hoặc 120");
    const s = parseVnNumber("25.5");
    expect(!s.ok && s.message).toContain("25,5 (hai mươi lăm phẩy năm) hoặc 255");
  });

  it("gives kind messages", () => {
    expect(parseVnNumber("-3")).toMatchObject({ message: "Số không được âm. Xin nhập lại, ví dụ: 3." });
    expect(parseVnNumber("abc")).toMatchObject({ message: "Xin nhập một con số, ví dụ: 12." });
    expect(parseVnNumber("abc", { unitWords: ["buổi"] })).toMatchObject({
      message: "Xin nhập một con số, ví dụ: 12 buổi.",
    });
  });
});

describe("formatVnNumber / pad2", () => {
  it.each([
    [14209, undefined, "14.209"],
    [1234.5, undefined, "1.234,5"],
    [1_200_000, undefined, "1.200.000"],
    [0, undefined, "0"],
    [1 / 3, undefined, "0,33"],
    [2, 1, "2,0"],
    [1234.567, 0, "1.235"],
  ])("%d (decimals %s) → %j", (n, decimals, expected) => {
    expect(formatVnNumber(n, decimals)).toBe(expected);
  });

  it("pads to two digits", () => {
    expect(pad2(3)).toBe("03");
    expect(pad2(12)).toBe("12");
  });
});

describe("calendar helpers", () => {
  it.each([
    ["2025-02-25T16:59:59Z", "2025-02-25"],
    ["2025-02-25T17:00:00Z", "2025-02-26"],
    ["2024-12-31T17:30:00Z", "2025-01-01"],
    ["2025-01-01T00:00:00+07:00", "2025-01-01"],
  ])("todayInVietnam(%s) → %s", (instant, expected) => {
    expect(todayInVietnam(new Date(instant))).toBe(expected);
  });

  it.each([
    ["2025-02-28", 1, "2025-03-01"],
    ["2024-02-28", 1, "2024-02-29"],
    ["2025-01-01", -1, "2024-12-31"],
    ["2024-03-01", -1, "2024-02-29"],
    ["2025-02-26", 0, "2025-02-26"],
    ["2024-12-15", 365, "2025-12-15"],
  ])("addDays(%s, %d) → %s", (iso, n, expected) => {
    expect(addDays(iso, n)).toBe(expected);
  });

  it("knows month lengths and valid ISO dates", () => {
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2025, 2)).toBe(28);
    expect(daysInMonth(1900, 2)).toBe(28);
    expect(daysInMonth(2000, 2)).toBe(29);
    expect(isIsoDate("2024-02-29")).toBe(true);
    expect(isIsoDate("2025-02-29")).toBe(false);
    expect(isIsoDate("2025-2-01")).toBe(false);
  });

  it("formats dates", () => {
    expect(formatDateShort("2015-01-09")).toBe("09/01/2015");
    expect(formatDateLong("2025-02-26")).toBe("ngày 26 tháng 02 năm 2025");
    expect(formatDateLong("2025-01-05")).toBe("ngày 05 tháng 01 năm 2025");
    expect(formatDateLong("2025-03-05")).toBe("ngày 05 tháng 3 năm 2025");
    expect(formatDateLong("2025-12-31")).toBe("ngày 31 tháng 12 năm 2025");
  });
});

describe("parseVnDate", () => {
  const today = "2025-02-26";
  it.each([
    ["hôm nay", "2025-02-26"],
    ["hom nay", "2025-02-26"],
    ["Hôm qua", "2025-02-25"],
    ["hom qua", "2025-02-25"],
    ["hôm kia", "2025-02-24"],
    ["15/2", "2025-02-15"],
    ["26/2", "2025-02-26"],
    ["27/3", "2024-03-27"], // a later month, not yet this year → last year
    ["ngày 15/2", "2025-02-15"],
    ["15/02/2025", "2025-02-15"],
    ["15-2-2025", "2025-02-15"],
    ["15.2.2025", "2025-02-15"],
    ["2025-02-15", "2025-02-15"],
    ["29/2/2024", "2024-02-29"],
  ])("%j → %s", (input, date) => {
    expect(parseVnDate(input, today)).toEqual({ ok: true, date });
  });

  it.each([
    ["hôm qua", "2025-01-01", "2024-12-31"],
    ["15/12", "2025-01-05", "2024-12-15"],
    ["2/1", "2025-01-05", "2025-01-02"],
    ["31/12", "2024-12-31", "2024-12-31"],
    ["29/2", "2025-01-10", "2024-02-29"],
  ])("%j around a year boundary (today %s) → %s", (input, t, date) => {
    expect(parseVnDate(input, t)).toEqual({ ok: true, date });
  });

  const invalid = 'Ngày không hợp lệ. Xin gõ dạng ngày/tháng, ví dụ 15/2, hoặc "hôm qua".';
  it.each(["31/2", "29/2/2025", "32/1/2025", "15/13", "0/1", "abc", "", "ngày mai", "2025-02-30"])(
    "%j is invalid",
    (input) => {
      expect(parseVnDate(input, today)).toEqual({ ok: false, message: invalid });
    },
  );

  it("refuses a date after today, naming the date read", () => {
    const future = (date: string) => ({ ok: false,
      message: `Ngày hoạt động ${date} chưa tới: không được sau hôm nay (26/02/2025). Xin gõ ngày đã qua, ví dụ 15/2, hoặc "hôm qua".` });
    expect(parseVnDate("27/02/2025", today)).toEqual(future("27/02/2025"));
    expect(parseVnDate("2026-01-01", today)).toEqual(future("01/01/2026"));
    // A later day of the current month typed without a year is this year's, still to come: not last February.
    expect(parseVnDate("27/2", today)).toEqual(future("27/02/2025"));
  });

  it("readVnDate allows dates after today", () => {
    expect(readVnDate("27/02/2025", today)).toEqual({ ok: true, date: "2025-02-27" });
    expect(readVnDate("28/2", today)).toEqual({ ok: true, date: "2025-02-28" });
    expect(readVnDate("1/3", today)).toEqual({ ok: true, date: "2024-03-01" });
  });
});
