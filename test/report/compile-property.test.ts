// Issue 15, items 1 and 2 over random ledgers: for every kind of period, every figure equals a
// sum worked out here, independently, under the counting rule as the issue states it (the whole
// span inside; or at most 31 days, the middle day inside and at least half of the days), and
// every table's "Tổng cộng" is the sum of the rows printed above it.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openDb, closeDb } from "../../src/db/client.js";
import { loadProfile } from "../../src/app/profile-file.js";
import { syncProfile } from "../../src/store/profile-sync.js";
import { compileReport, ReportCompiler } from "../../src/report/compile.js";
import { monthOf, periodFromKey, type Period } from "../../src/domain/periods.js";
import { parseTemplate, renderTemplate } from "../../src/report/template.js";
import type { DocBlock } from "../../src/report/document.js";
import { addEntry } from "../helpers/entries.js";
import { tempDir } from "../helpers/temp.js";

const profile = loadProfile("templates/ward-profile.yaml");
const UNITS = ["dong-hung", "tay-hung", "don-bp-nhon-hung"];
const DAY = 86_400_000;
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
const num = (s: string) => Date.parse(`${s}T00:00:00Z`) / DAY;

type E = { unit: string; start: string; end: string; buoi: number; ho?: number };

/** The rule as the issue writes it, apart from the code under test. */
function countsHere(p: { start: string; end: string }, e: E): boolean {
  if (e.start >= p.start && e.end <= p.end) return true;
  const days = num(e.end) - num(e.start) + 1;
  if (days > 31) return false;
  const middle = iso((num(e.start) + Math.floor((days - 1) / 2)) * DAY);
  if (middle < p.start || middle > p.end) return false;
  const from = e.start > p.start ? e.start : p.start;
  const to = e.end < p.end ? e.end : p.end;
  return (num(to) - num(from) + 1) * 2 >= days;
}

const template = (() => {
  const t = parseTemplate(["---", "trich_yeu: Thử", "---", "Buổi {{tuyen_truyen.so_buoi}}.",
    "[[bang thang: tuyen_truyen.so_buoi | Biểu #. Theo tháng]]",
    "[[bang don_vi: tuyen_truyen.so_buoi, dan_so.ho | Biểu #. Theo đơn vị]]"].join("\n"), "p.md");
  if (!t.ok) throw new Error(t.errors.join("\n"));
  return t.template;
})();

const cellNumber = (s: string) => Number(s.replace(/\./g, "").replace(",", "."));

describe("random ledgers, every kind of period", () => {
  it.each([0, 14])("figures equal independent sums; every table's total is the sum of its rows (cut-off %d)", (cutoff) => {
    let seed = 2025 + cutoff;
    const rand = (n: number) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
    for (let round = 0; round < 6; round++) {
      const dir = tempDir("bienbot-prop-");
      const db = openDb(join(dir, "bot.sqlite"));
      syncProfile(db, profile, new Date());
      const entries: E[] = [];
      for (let i = 0; i < 80; i++) {
        const unit = UNITS[rand(UNITS.length)]!;
        const y = 2023 + rand(3);
        const m = 1 + rand(12);
        const mm = String(m).padStart(2, "0");
        const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
        const kind = rand(4);
        const buoi = 1 + rand(20);
        let e: E;
        // Spans as the import writes them: the year's and month's own days under the cut-off.
        if (kind === 0) { // a yearly import
          const p = periodFromKey(String(y), cutoff)!;
          e = { unit, start: p.start, end: p.end, buoi };
          addEntry(db, { unit, form: "tuyen_truyen", date: e.end, period: String(y), spanStart: e.start, spanEnd: e.end, values: { "tuyen_truyen.so_buoi": buoi } });
        } else if (kind === 1) { // a whole-month import
          const p = periodFromKey(`${y}-${mm}`, cutoff)!;
          e = { unit, start: p.start, end: p.end, buoi };
          addEntry(db, { unit, form: "tuyen_truyen", date: e.end, period: p.key, spanStart: e.start, spanEnd: e.end, values: { "tuyen_truyen.so_buoi": buoi } });
        } else if (kind === 2) { // a single day
          const d = `${y}-${mm}-${String(1 + rand(last)).padStart(2, "0")}`;
          e = { unit, start: d, end: d, buoi };
          addEntry(db, { unit, form: "tuyen_truyen", date: d, period: monthOf(d, cutoff).key, values: { "tuyen_truyen.so_buoi": buoi } });
        } else { // a stock: households on a day
          const d = `${y}-${mm}-${String(1 + rand(last)).padStart(2, "0")}`;
          e = { unit, start: d, end: d, buoi: 0, ho: 100 + rand(900) };
          addEntry(db, { unit, form: "dan_so", date: d, period: monthOf(d, cutoff).key, values: { "dan_so.ho": e.ho! } });
        }
        entries.push(e);
      }
      const a = iso(Date.UTC(2023, 0, 1) + rand(900) * DAY);
      const b = iso(Date.UTC(2023, 0, 1) + (rand(900) + 1) * DAY);
      const keys = ["2024-02", "2024-12", "2024-Q3", "2024-H1", "2024-H2", "2024-9M", "2024", "2023", "2023-01-01..2025-12-31",
        a < b ? `${a}..${b}` : `${b}..${a}`];
      for (const key of keys) {
        const period = periodFromKey(key, cutoff) as Period;
        const data = compileReport(db, period, { profile, cutoffDay: cutoff, issuedOn: "2026-01-31" });
        const buoi = entries.filter((e) => !e.ho && countsHere(period, e)).reduce((s, e) => s + e.buoi, 0);
        expect(data.totals["tuyen_truyen.so_buoi"], key).toBe(buoi);
        // stocks: each unit's latest value on or before the period's end (by the day it was filed), summed
        const ho = UNITS.reduce((s, u) => {
          const latest = entries.filter((e) => e.ho && e.unit === u && e.start <= period.end).sort((x, y) => (x.start < y.start ? -1 : 1)).at(-1);
          return s + (latest?.ho ?? 0);
        }, 0);
        // Two stock entries of one unit on one day: the later one written wins; the test avoids guessing.
        const sameDay = UNITS.some((u) => {
          const days = entries.filter((e) => e.ho && e.unit === u && e.start <= period.end).map((e) => e.start);
          return days.length > 0 && days.filter((d) => d === days.sort().at(-1)).length > 1;
        });
        if (!sameDay) expect(data.totals["dan_so.ho"], key).toBe(ho);
        // The ward's totals alone (the comparisons' figures) come from their own statement: the same sums.
        const totals = new ReportCompiler(db).totals(period);
        expect(totals["tuyen_truyen.so_buoi"], key).toBe(buoi);
        if (!sameDay) expect(totals["dan_so.ho"], key).toBe(ho);
        const tables = renderTemplate(template, data).body.filter((x): x is Extract<DocBlock, { kind: "table" }> => x.kind === "table");
        for (const t of tables) {
          const body = t.rows.slice(0, -1);
          const total = t.rows.at(-1)!;
          expect(total[1]).toBe("Tổng cộng");
          for (let c = 2; c < t.header.length; c++) {
            const sum = body.reduce((s, r, i) => s + (t.emptyRows?.includes(i) ? 0 : cellNumber(r[c]!)), 0);
            expect(cellNumber(total[c]!), `${key} ${t.title} column ${t.header[c]}`).toBe(sum);
          }
          if (t.header[1] !== "Đơn vị") expect(cellNumber(total[2]!), `${key} ${t.title}`).toBe(buoi);
        }
      }
      closeDb(db);
    }
  });
});
