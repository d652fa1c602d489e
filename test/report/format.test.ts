import { describe, expect, it } from "vitest";
import {
  comparePhrase, compareWith, formatCount2, formatDate, formatDateFull, formatMillions, formatMoney,
  formatNumber, formatPercent,
} from "../../src/report/format.js";

describe("numbers", () => {
  it("groups thousands with '.' and decimals with ','", () => {
    expect(formatNumber(14209)).toBe("14.209");
    expect(formatNumber(1234)).toBe("1.234");
    expect(formatNumber(1234.5)).toBe("1.234,5");
    expect(formatNumber(452)).toBe("452");
    expect(formatNumber(0)).toBe("0");
    expect(formatNumber(25550)).toBe("25.550");
  });

  it("writes small counts with two digits (so2)", () => {
    expect(formatCount2(3)).toBe("03");
    expect(formatCount2(4)).toBe("04");
    expect(formatCount2(9)).toBe("09");
    expect(formatCount2(10)).toBe("10");
    expect(formatCount2(28)).toBe("28");
    expect(formatCount2(1200)).toBe("1.200");
    expect(formatCount2(0)).toBe("0");
  });
});

describe("money", () => {
  it("in full", () => {
    expect(formatMoney(327_900_000)).toBe("327.900.000 đồng");
    expect(formatMoney(0)).toBe("0 đồng");
  });
  it("in millions", () => {
    expect(formatMillions(356_000_000)).toBe("356 triệu đồng");
    // only whole millions are written in millions; anything else in full đồng
    expect(formatMillions(356_500_000)).toBe("356.500.000 đồng");
    expect(formatMillions(550_000)).toBe("550.000 đồng");
    expect(formatMillions(7_560_000)).toBe("7.560.000 đồng");
    expect(formatMillions(1_250_000_000)).toBe("1.250 triệu đồng");
  });
});

describe("percentages and comparisons", () => {
  it("formats percentages", () => {
    expect(formatPercent(12.5)).toBe("12,5%");
    expect(formatPercent(3)).toBe("3%");
    expect(formatPercent(100)).toBe("100%");
    expect(formatPercent(0.25)).toBe("0,25%");
  });

  it("says tăng / giảm / bằng", () => {
    expect(comparePhrase(450, 400)).toBe("tăng 12,5%");
    expect(comparePhrase(97, 100)).toBe("giảm 3%");
    expect(comparePhrase(100, 100)).toBe("bằng");
    expect(comparePhrase(0, 40)).toBe("giảm 100%");
    expect(comparePhrase(200, 100)).toBe("tăng 100%");
  });

  it("says nothing when the earlier value is missing or zero", () => {
    expect(comparePhrase(10, 0)).toBe("");
    expect(comparePhrase(10, null)).toBe("");
    expect(comparePhrase(10, undefined)).toBe("");
    expect(compareWith(10, 0, "cùng kỳ")).toBe("");
  });

  it("from none to some, with the metric's unit, says the rise in that unit (no percentage exists)", () => {
    // June 2025: 2 vụ against none in June 2024 (found by a tester: the comparison was dropped).
    expect(compareWith(2, 0, "cùng kỳ năm 2024", "vụ")).toBe("tăng 02 vụ so với cùng kỳ năm 2024");
    expect(comparePhrase(17, 0, "vụ")).toBe("tăng 17 vụ");
    expect(compareWith(0, 0, "cùng kỳ năm 2024", "vụ")).toBe("");
  });

  it("adds what it compares with", () => {
    expect(compareWith(450, 400, "cùng kỳ")).toBe("tăng 12,5% so với cùng kỳ");
    expect(compareWith(97, 100, "kỳ trước")).toBe("giảm 3% so với kỳ trước");
    expect(compareWith(5, 5, "cùng kỳ")).toBe("bằng cùng kỳ");
  });
});

describe("dates", () => {
  it("long form after the place name", () => {
    expect(formatDateFull("2025-02-26")).toBe("ngày 26 tháng 02 năm 2025");
    expect(formatDateFull("2025-01-05")).toBe("ngày 05 tháng 01 năm 2025");
    expect(formatDateFull("2025-03-05")).toBe("ngày 05 tháng 3 năm 2025");
    expect(formatDateFull("2024-12-10")).toBe("ngày 10 tháng 12 năm 2024");
  });
  it("short form in running text", () => {
    expect(formatDate("2015-01-09")).toBe("09/01/2015");
    expect(formatDate("2025-02-26")).toBe("26/02/2025");
  });
});
