// The counting rule, worked out by hand, and its SQL form agreeing with it on every case.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { countedMonthIn, countedOn, counts, wholeMonthsOf } from "../../src/ledger/counting.js";
import { COUNTED_IN } from "../../src/ledger/read.js";
import { openDb, closeDb } from "../../src/db/client.js";
import { periodFromKey } from "../../src/domain/periods.js";
import { tempDir } from "../helpers/temp.js";

describe("countedOn: the middle day of the span, rounded down", () => {
  it.each([
    ["2025-02-05", "2025-02-05", "2025-02-05"], // a chat entry: its own day
    ["2025-02-01", "2025-02-28", "2025-02-14"], // 28 days: 13 after the first
    ["2025-01-01", "2025-01-31", "2025-01-16"], // 31 days: 15 after the first
    ["2024-01-01", "2024-12-31", "2024-07-01"], // a leap year: 182 days after 1 January
    ["2025-01-15", "2025-02-14", "2025-01-30"], // a month with cut-off day 14
  ])("%s..%s → %s", (a, b, day) => expect(countedOn(a, b)).toBe(day));
});

describe("counts: the whole span inside, or a month at most with its middle day and half its days", () => {
  const feb = ["2025-02-01", "2025-02-28"] as const;
  it.each([
    [{ start: "2015-01-01", end: "2025-02-26" }, feb, true], // the model's range: 26 of 28 days
    [{ start: "2025-01-01", end: "2025-02-13" }, feb, false], // 13 days, not the 14th
    [{ start: "2025-01-01", end: "2025-02-14" }, feb, true], // exactly half, with the middle day
    [{ start: "2025-02-15", end: "2025-03-31" }, feb, false], // the other half: never both
    [{ start: "2024-07-01", end: "2024-07-31" }, ["2024-01-01", "2024-12-31"] as const, false], // a month never takes a year
    // A yearly import counts only where all of it lies (issue 15: H2 2024 took the whole year).
    [{ start: "2024-03-01", end: "2024-12-31" }, ["2024-01-01", "2024-12-31"] as const, false],
    [{ start: "2024-07-01", end: "2024-12-31" }, ["2024-01-01", "2024-12-31"] as const, false],
    [{ start: "2024-01-01", end: "2024-12-31" }, ["2024-01-01", "2024-12-31"] as const, true],
    [{ start: "2023-12-15", end: "2024-12-14" }, ["2023-12-15", "2024-12-14"] as const, true], // cut-off 14
    [{ start: "2024-06-15", end: "2024-12-14" }, ["2023-12-15", "2024-12-14"] as const, false],
    // 31 days may be cut; 32 may not.
    [{ start: "2025-01-10", end: "2025-03-31" }, ["2025-01-01", "2025-01-31"] as const, true],
    [{ start: "2025-01-10", end: "2025-03-31" }, ["2025-01-01", "2025-02-01"] as const, false],
    [{ start: "2025-02-05", end: "2025-02-05" }, ["2025-02-05", "2025-02-05"] as const, true],
  ])("%o counts %o: %s", (period, span, expected) => expect(counts(period, span[0], span[1])).toBe(expected));

  it("never counts one entry in two periods that do not overlap", () => {
    const spans: [string, string][] = [["2025-02-01", "2025-02-28"], ["2024-01-01", "2024-12-31"], ["2025-01-01", "2025-01-31"]];
    for (const [a, b] of spans) {
      for (let cut = 0; cut < 400; cut += 7) {
        const edge = new Date(Date.UTC(2024, 0, 1) + cut * 86_400_000).toISOString().slice(0, 10);
        const next = new Date(Date.UTC(2024, 0, 1) + (cut + 1) * 86_400_000).toISOString().slice(0, 10);
        const left = counts({ start: "2000-01-01", end: edge }, a, b);
        const right = counts({ start: next, end: "2099-12-31" }, a, b);
        expect(left && right).toBe(false);
        // two halves of all time count a month once; a year only where it is whole
        expect(left || right).toBe(a === "2024-01-01" ? edge >= b || next <= a : true);
      }
    }
  });
});

describe("COUNTED_IN, the SQL form of the rule", () => {
  const dir = tempDir("bienbot-counting-");
  const db = openDb(join(dir, "bot.sqlite"));
  afterAll(() => { closeDb(db); rmSync(dir, { recursive: true, force: true }); });

  it("agrees with counts() on spans and periods around month and year edges", () => {
    const q = db.$client.prepare(`select ${COUNTED_IN} as c from (select @spanStart as span_start, @spanEnd as span_end, @countedOn as counted_on) e`);
    const spans: [string, string][] = [["2025-02-01", "2025-02-28"], ["2024-01-01", "2024-12-31"], ["2025-01-31", "2025-01-31"], ["2025-01-15", "2025-02-14"],
      ["2025-01-01", "2025-01-31"], ["2025-01-01", "2025-02-01"], ["2023-12-15", "2024-12-14"]];
    const days = Array.from({ length: 60 }, (_, i) => new Date(Date.UTC(2025, 0, 1) + i * 86_400_000 * 3 - 200 * 86_400_000).toISOString().slice(0, 10));
    let checked = 0;
    for (const [a, b] of spans) {
      for (const start of days) {
        for (const end of days) {
          if (end < start) continue;
          const sql = (q.get({ spanStart: a, spanEnd: b, countedOn: countedOn(a, b), start, end }) as { c: number }).c === 1;
          expect(sql, `${a}..${b} in ${start}..${end}`).toBe(counts({ start, end }, a, b));
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(5000);
  });

  it("agrees with counts() on random spans and periods", () => {
    const q = db.$client.prepare(`select ${COUNTED_IN} as c from (select @spanStart as span_start, @spanEnd as span_end, @countedOn as counted_on) e`);
    let seed = 15;
    const rand = (n: number) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
    const day = (i: number) => new Date(Date.UTC(2024, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
    for (let i = 0; i < 3000; i++) {
      const a = rand(500);
      const b = a + [0, 27, 29, 30, 31, 45, 90, 181, 365][rand(9)]!;
      const s = rand(900) - 200;
      const e = s + rand(400);
      const [spanStart, spanEnd, start, end] = [day(a), day(b), day(s), day(e)];
      const sql = (q.get({ spanStart, spanEnd, countedOn: countedOn(spanStart, spanEnd), start, end }) as { c: number }).c === 1;
      expect(sql, `${spanStart}..${spanEnd} in ${start}..${end}`).toBe(counts({ start, end }, spanStart, spanEnd));
    }
  });
});

describe("the months a report speaks of", () => {
  it("widens a range to whole months", () => {
    expect(wholeMonthsOf({ start: "2015-01-01", end: "2025-02-26" }, 0)).toEqual({ start: "2015-01-01", end: "2025-02-28" });
    expect(wholeMonthsOf({ start: "2025-01-20", end: "2025-02-10" }, 14)).toEqual({ start: "2025-01-15", end: "2025-02-14" });
  });
  it("takes the completeness month the range counts as a whole", () => {
    const range = (key: string) => periodFromKey(key, 0)!;
    expect(countedMonthIn(range("2015-01-01..2025-02-26"), "2025-03-10", 0).key).toBe("2025-02");
    expect(countedMonthIn(range("2015-01-01..2025-02-10"), "2025-03-10", 0).key).toBe("2025-01");
    expect(countedMonthIn(range("2025-02"), "2025-02-10", 0).key).toBe("2025-02");
  });
});
