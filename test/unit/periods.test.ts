import { describe, it, expect } from "vitest";
import {
  monthOf,
  monthsIn,
  parsePeriod,
  periodContaining,
  periodFromKey,
  periodThenWords,
  previousPeriod,
  samePeriodYearAgo,
  type Period,
} from "../../src/domain/periods.js";

/** periodFromKey for keys the test knows to be valid. */
function key(k: string, cutoff: number): Period {
  const p = periodFromKey(k, cutoff);
  if (!p) throw new Error(`bad key ${k}`);
  return p;
}

const span = (p: Period | null) => (p ? `${p.key} ${p.start}..${p.end}` : null);

describe("periodFromKey", () => {
  it.each([
    // key, cutoff, start, end, label
    ["2025-02", 0, "2025-02-01", "2025-02-28", "tháng 02/2025"],
    ["2024-02", 0, "2024-02-01", "2024-02-29", "tháng 02/2024"],
    ["2025-12", 0, "2025-12-01", "2025-12-31", "tháng 12/2025"],
    ["2025-02", 14, "2025-01-15", "2025-02-14", "tháng 02/2025"],
    ["2025-01", 14, "2024-12-15", "2025-01-14", "tháng 01/2025"],
    ["2025-Q1", 0, "2025-01-01", "2025-03-31", "quý I/2025"],
    ["2025-Q4", 0, "2025-10-01", "2025-12-31", "quý IV/2025"],
    ["2025-Q1", 14, "2024-12-15", "2025-03-14", "quý I/2025"],
    ["2025-Q3", 14, "2025-06-15", "2025-09-14", "quý III/2025"],
    ["2025-H1", 0, "2025-01-01", "2025-06-30", "6 tháng đầu năm 2025"],
    ["2025-H2", 0, "2025-07-01", "2025-12-31", "6 tháng cuối năm 2025"],
    ["2025-H1", 14, "2024-12-15", "2025-06-14", "6 tháng đầu năm 2025"],
    ["2025-H2", 14, "2025-06-15", "2025-12-14", "6 tháng cuối năm 2025"],
    ["2024", 0, "2024-01-01", "2024-12-31", "năm 2024"],
    ["2025", 14, "2024-12-15", "2025-12-14", "năm 2025"],
    ["2015-01-01..2025-02-26", 14, "2015-01-01", "2025-02-26", "từ ngày 01/01/2015 đến ngày 26/02/2025"],
  ])("%s (cutoff %d) → %s..%s %j", (k, cutoff, start, end, label) => {
    const p = periodFromKey(k, cutoff);
    expect(p).toMatchObject({ key: k, start, end, label });
    expect(p?.end).toBe(end);
  });

  it.each(["2025-13", "2025-00", "2025-2", "2025-q1", "2025-Q5", "2025-H3", "1800", "tháng 2/2025",
    "2025-02-26..2015-01-01", "2025-02-30..2025-03-01", ""])("rejects %j", (k) => {
    expect(periodFromKey(k, 0)).toBeNull();
  });

  it("handles cut-off 28 around February (leap and common years)", () => {
    expect(span(key("2024-03", 28))).toBe("2024-03 2024-02-29..2024-03-28");
    expect(span(key("2025-03", 28))).toBe("2025-03 2025-03-01..2025-03-28");
    expect(span(key("2025-02", 28))).toBe("2025-02 2025-01-29..2025-02-28");
  });

  it("throws on a misconfigured cut-off", () => {
    expect(() => periodFromKey("2025-02", 29)).toThrow(RangeError);
    expect(() => periodFromKey("2025-02", -1)).toThrow(RangeError);
  });
});

describe("parsePeriod", () => {
  const today = "2025-02-26";
  it.each([
    ["tháng 2/2025", "2025-02"],
    ["thang 2/2025", "2025-02"],
    ["THÁNG 2/2025", "2025-02"],
    ["t2/2025", "2025-02"],
    ["T2/2025", "2025-02"],
    ["tháng 02 năm 2025", "2025-02"],
    ["thang 02 nam 2025", "2025-02"],
    ["tháng 2-2025", "2025-02"],
    ["tháng 11", "2024-11"], // latest November that has started
    ["tháng 2", "2025-02"],
    ["tháng này", "2025-02"],
    ["thang nay", "2025-02"],
    ["tháng trước", "2025-01"],
    ["thang truoc", "2025-01"],
    ["quý 1/2025", "2025-Q1"],
    ["quy 1/2025", "2025-Q1"],
    ["quý I/2025", "2025-Q1"],
    ["quy I/2025", "2025-Q1"],
    ["quý IV/2024", "2024-Q4"],
    ["quý iii năm 2025", "2025-Q3"],
    ["q1/2025", "2025-Q1"],
    ["Q2/2025", "2025-Q2"],
    ["quý này", "2025-Q1"],
    ["quy nay", "2025-Q1"],
    ["quý trước", "2024-Q4"],
    ["6 tháng đầu năm 2025", "2025-H1"],
    ["6 thang dau nam 2025", "2025-H1"],
    ["6 tháng cuối năm 2025", "2025-H2"],
    ["6 thang cuoi nam 2025", "2025-H2"],
    ["6 tháng cuối năm", "2024-H2"],
    ["năm 2024", "2024"],
    ["nam 2024", "2024"],
    ["Năm nay", "2025"],
    ["năm nay", "2025"],
    ["nam nay", "2025"],
    ["năm trước", "2024"],
    ["nam truoc", "2024"],
    ["năm ngoái", "2024"],
    ["từ 01/01/2015 đến 26/02/2025", "2015-01-01..2025-02-26"],
    ["tu 1/1/2015 den 26/2/2025", "2015-01-01..2025-02-26"],
    ["từ ngày 01/01/2015 đến ngày 26/02/2025", "2015-01-01..2025-02-26"],
    ["từ 1/1/2025 đến hôm nay", "2025-01-01..2025-02-26"],
    ["từ 1/1/2025 đến 31/3/2025", "2025-01-01..2025-03-31"], // a range may end after today
    ["2025-02", "2025-02"],
    ["2025-Q1", "2025-Q1"],
    ["2025-q1", "2025-Q1"],
    ["2025-H1", "2025-H1"],
    ["2025", "2025"],
    ["2015-01-01..2025-02-26", "2015-01-01..2025-02-26"],
  ])("%j → %s", (text, expected) => {
    const r = parsePeriod(text, 0, today);
    expect(r.ok && r.period.key).toBe(expected);
  });

  it("returns the same periods as periodFromKey", () => {
    const r = parsePeriod("quy I/2025", 14, today);
    expect(r).toEqual({ ok: true, period: key("2025-Q1", 14) });
  });

  it.each([
    // today, cutoff, text, key
    ["2025-01-20", 14, "tháng này", "2025-02"],
    ["2025-01-14", 14, "tháng này", "2025-01"],
    ["2025-01-20", 14, "tháng trước", "2025-01"],
    ["2024-12-20", 14, "năm nay", "2025"],
    ["2024-12-20", 14, "quý này", "2025-Q1"],
    ["2024-12-20", 0, "năm nay", "2024"],
    ["2025-01-05", 0, "tháng trước", "2024-12"],
    ["2025-01-05", 0, "quý trước", "2024-Q4"],
  ])("relative words on %s with cutoff %d: %j → %s", (t, cutoff, text, expected) => {
    const r = parsePeriod(text, cutoff, t);
    expect(r.ok && r.period.key).toBe(expected);
  });

  const examples =
    "Ví dụ: tháng 2/2025, quý 1/2025, 6 tháng đầu năm 2025, 9 tháng đầu năm 2025, năm 2024, hoặc từ 01/01/2025 đến 15/02/2025.";

  it("explains what it did not understand", () => {
    expect(parsePeriod("  hôm  nào đó ", 0, today)).toEqual({
      ok: false,
      message: `Chưa hiểu kỳ báo cáo "hôm nào đó". ${examples}`,
    });
  });

  it.each([
    ["", "Xin nhập kỳ báo cáo."],
    ["tháng 13/2025", "Tháng phải từ 1 đến 12."],
    ["2025-13", "Tháng phải từ 1 đến 12."],
    ["tháng 0/2025", "Tháng phải từ 1 đến 12."],
    ["quý 5/2025", "Quý phải từ I đến IV"],
    ["2025-Q5", "Quý phải từ I đến IV"],
    ["2025-H3", "6 tháng đầu năm (H1)"],
    ["năm 1800", "Năm không hợp lệ."],
    ["từ 26/02/2025 đến 01/01/2015", "Ngày kết thúc (01/01/2015) không được trước ngày bắt đầu (26/02/2025)."],
    ["2025-02-26..2015-01-01", "không được trước ngày bắt đầu"],
    ["từ 31/2/2025 đến 1/3/2025", "Ngày bắt đầu không hợp lệ."],
    ["từ 1/3/2025 đến 32/3/2025", "Ngày kết thúc không hợp lệ."],
    ["2025-02-30..2025-03-01", "Ngày không hợp lệ"],
    ["quý", "Chưa hiểu kỳ báo cáo"],
    ["abc", "Chưa hiểu kỳ báo cáo"],
  ])("%j fails: %s", (text, fragment) => {
    const r = parsePeriod(text, 0, today);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message).toContain(fragment);
      expect(r.message).toBe(r.message.normalize("NFC"));
    }
  });
});

describe("monthOf / periodContaining", () => {
  it.each([
    ["2025-01-20", 14, "2025-02"],
    ["2025-01-14", 14, "2025-01"],
    ["2025-01-15", 14, "2025-02"],
    ["2025-02-14", 14, "2025-02"],
    ["2024-12-20", 14, "2025-01"],
    ["2024-12-14", 14, "2024-12"],
    ["2024-12-31", 0, "2024-12"],
    ["2025-01-01", 0, "2025-01"],
    ["2024-02-29", 0, "2024-02"],
    ["2024-02-29", 28, "2024-03"],
  ])("monthOf(%s, %d) → %s", (date, cutoff, expected) => {
    expect(monthOf(date, cutoff).key).toBe(expected);
  });

  it.each([
    ["2024-12-20", "year", 14, "2025"],
    ["2024-12-20", "quarter", 14, "2025-Q1"],
    ["2024-12-20", "half", 14, "2025-H1"],
    ["2024-12-20", "month", 14, "2025-01"],
    ["2024-12-20", "year", 0, "2024"],
    ["2025-06-14", "half", 14, "2025-H1"],
    ["2025-06-15", "half", 14, "2025-H2"],
    ["2025-03-31", "quarter", 0, "2025-Q1"],
    ["2025-04-01", "quarter", 0, "2025-Q2"],
    ["2025-03-15", "quarter", 14, "2025-Q2"],
  ] as const)("periodContaining(%s, %s, %d) → %s", (date, kind, cutoff, expected) => {
    const p = periodContaining(date, kind, cutoff);
    expect(p.key).toBe(expected);
    expect(p.start <= date && date <= p.end).toBe(true);
  });
});

describe("previousPeriod / samePeriodYearAgo", () => {
  it.each([
    ["2025-01", 0, "2024-12 2024-12-01..2024-12-31", "2024-01 2024-01-01..2024-01-31"],
    ["2025-02", 14, "2025-01 2024-12-15..2025-01-14", "2024-02 2024-01-15..2024-02-14"],
    ["2025-03", 0, "2025-02 2025-02-01..2025-02-28", "2024-03 2024-03-01..2024-03-31"],
    ["2024-03", 0, "2024-02 2024-02-01..2024-02-29", "2023-03 2023-03-01..2023-03-31"],
    ["2025-Q1", 0, "2024-Q4 2024-10-01..2024-12-31", "2024-Q1 2024-01-01..2024-03-31"],
    ["2025-Q1", 14, "2024-Q4 2024-09-15..2024-12-14", "2024-Q1 2023-12-15..2024-03-14"],
    ["2025-Q3", 0, "2025-Q2 2025-04-01..2025-06-30", "2024-Q3 2024-07-01..2024-09-30"],
    ["2025-H1", 0, "2024-H2 2024-07-01..2024-12-31", "2024-H1 2024-01-01..2024-06-30"],
    ["2025-H2", 14, "2025-H1 2024-12-15..2025-06-14", "2024-H2 2024-06-15..2024-12-14"],
    ["2025", 14, "2024 2023-12-15..2024-12-14", "2024 2023-12-15..2024-12-14"],
  ])("%s (cutoff %d): previous %s, year ago %s", (k, cutoff, prev, yearAgo) => {
    const p = key(k, cutoff);
    expect(span(previousPeriod(p, cutoff))).toBe(prev);
    expect(span(samePeriodYearAgo(p, cutoff))).toBe(yearAgo);
  });

  it("has no previous period for a range", () => {
    const r = key("2025-01-01..2025-01-31", 0);
    expect(previousPeriod(r, 0)).toBeNull();
    expect(samePeriodYearAgo(r, 0)).toBeNull();
  });
});

describe("monthsIn", () => {
  it("lists the months of a quarter", () => {
    expect(monthsIn(key("2025-Q1", 14), 14).map(span)).toEqual([
      "2025-01 2024-12-15..2025-01-14",
      "2025-02 2025-01-15..2025-02-14",
      "2025-03 2025-02-15..2025-03-14",
    ]);
    expect(monthsIn(key("2025-Q4", 0), 0).map((p) => p.key)).toEqual(["2025-10", "2025-11", "2025-12"]);
  });

  it("lists the twelve months of a year, back to back", () => {
    for (const cutoff of [0, 14, 28]) {
      const year = key("2024", cutoff);
      const months = monthsIn(year, cutoff);
      expect(months.map((p) => p.key)).toEqual(
        Array.from({ length: 12 }, (_, i) => `2024-${String(i + 1).padStart(2, "0")}`),
      );
      expect(months[0]?.start).toBe(year.start);
      expect(months[11]?.end).toBe(year.end);
    }
  });

  it("covers a leap February", () => {
    const [feb] = monthsIn(key("2024-02", 0), 0);
    expect(span(feb ?? null)).toBe("2024-02 2024-02-01..2024-02-29");
    expect(monthsIn(key("2024-H1", 0), 0).map((p) => p.label)).toContain("tháng 02/2024");
  });

  it("lists months fully or partly inside a range, unclipped", () => {
    expect(monthsIn(key("2025-01-20..2025-03-10", 14), 14).map(span)).toEqual([
      "2025-02 2025-01-15..2025-02-14",
      "2025-03 2025-02-15..2025-03-14",
    ]);
    expect(monthsIn(key("2024-12-31..2025-01-01", 0), 0).map((p) => p.key)).toEqual(["2024-12", "2025-01"]);
    expect(monthsIn(key("2025-02-10..2025-02-10", 0), 0).map((p) => p.key)).toEqual(["2025-02"]);
  });

  it("is the month itself for a month", () => {
    expect(monthsIn(key("2025-02", 14), 14)).toEqual([key("2025-02", 14)]);
  });
});

describe("ND 09/2019 windows with PERIOD_CUTOFF_DAY=14 (issue 15, item 9)", () => {
  it.each([
    // a quarter: the 15th of the month before it to the 14th of its last month
    ["2025-Q1", "2024-12-15", "2025-03-14", "quý I/2025"],
    ["2025-Q2", "2025-03-15", "2025-06-14", "quý II/2025"],
    ["2025-Q3", "2025-06-15", "2025-09-14", "quý III/2025"],
    ["2025-Q4", "2025-09-15", "2025-12-14", "quý IV/2025"],
    // six months: 15/12–14/6 and 15/6–14/12
    ["2025-H1", "2024-12-15", "2025-06-14", "6 tháng đầu năm 2025"],
    ["2025-H2", "2025-06-15", "2025-12-14", "6 tháng cuối năm 2025"],
    // nine months: 15/12–14/9
    ["2025-9M", "2024-12-15", "2025-09-14", "9 tháng đầu năm 2025"],
    // a year: 15/12–14/12
    ["2025", "2024-12-15", "2025-12-14", "năm 2025"],
  ])("%s runs %s..%s (%s)", (k, start, end, label) => {
    expect(periodFromKey(k, 14)).toMatchObject({ key: k, start, end, label });
  });

  it("nine months without a cut-off are January to September", () => {
    expect(periodFromKey("2025-9M", 0)).toMatchObject({ kind: "nine", start: "2025-01-01", end: "2025-09-30", label: "9 tháng đầu năm 2025" });
  });

  it.each(["9 tháng đầu năm 2025", "9 tháng năm 2025", "9 thang 2025", "2025-9m", "2025-9M", "chín tháng đầu năm 2025"])("reads %j as 2025-9M", (typed) => {
    const r = parsePeriod(typed, 14, "2025-10-20");
    expect(r.ok && r.period.key).toBe("2025-9M");
  });

  it("reads '9 tháng đầu năm' without a year as this year's", () => {
    const r = parsePeriod("9 tháng đầu năm", 0, "2025-10-20");
    expect(r.ok && r.period.key).toBe("2025-9M");
  });

  it("compares nine months with the nine months a year earlier, both ways", () => {
    const p = key("2025-9M", 14);
    expect(span(previousPeriod(p, 14))).toBe("2024-9M 2023-12-15..2024-09-14");
    expect(span(samePeriodYearAgo(p, 14))).toBe("2024-9M 2023-12-15..2024-09-14");
  });

  it("lists the nine months of nine months", () => {
    expect(monthsIn(key("2025-9M", 14), 14).map((m) => m.key)).toEqual(
      ["2025-01", "2025-02", "2025-03", "2025-04", "2025-05", "2025-06", "2025-07", "2025-08", "2025-09"]);
  });
});

describe("periodThenWords", () => {
  const today = "2025-02-20";
  it("splits a good period from the words after it, the longest period first", () => {
    expect(periodThenWords("quý 1/2025 số abc", 0, today)).toMatchObject({ period: { key: "2025-Q1" }, words: "số abc" });
    expect(periodThenWords("tháng 1/2025 abc", 0, today)).toMatchObject({ period: { key: "2025-01" }, words: "abc" });
  });
  it("finds nothing when no start is a period, or the whole is one", () => {
    expect(periodThenWords("abc quý 1/2025", 0, today)).toBeUndefined();
    expect(periodThenWords("quý 1/2025", 0, today)).toBeUndefined();
  });
});
