// Compiles the figures of a period from the ledger's counted values: flow metrics summed over
// the period, stock metrics as each unit's latest value at the period's end, summed over units.
import type { Db } from "../db/client.js";
import { stmt } from "../db/statements.js";
import { metrics } from "../domain/catalogue.js";
import { CountedValues } from "../ledger/read.js";
import type { DatedUnit } from "../domain/org-dates.js";
import { markerAnomalies } from "../ledger/photos.js";
import { monthsIn, previousPeriod, samePeriodYearAgo, periodFromKey, type Period } from "../domain/periods.js";
import { profileOn, type WardProfile } from "../domain/profile.js";
import type { Completeness, CoverageNote, Figures, MonthFigures, ReportData } from "./model.js";
import { upperFirst } from "./format.js";
import { emptyWords, type ReportWords } from "./round-facts.js";
import { unitRows } from "./unit-rows.js";
import { answeredMonths } from "../ledger/reported-months.js";
import { gapsOf, NO_GAPS, type Gaps } from "./gaps.js";

const stockKeys = () => metrics().filter((m) => m.aggregation === "stock").map((m) => m.key);
/** Beyond this many months the "per month" table shows years instead. */
const MAX_MONTH_ROWS = 24;

const zeros = (): Figures => Object.fromEntries(metrics().map((m) => [m.key, 0]));

/** Report figures over the ledger's counted values (src/ledger/read.ts). */
export class ReportCompiler {
  private readonly counted: CountedValues;

  /** `units`: the profile's units with their dates, so an ended unit's stock gives way to its successor's. */
  constructor(db: Db, private readonly units: readonly DatedUnit[] = []) {
    this.counted = new CountedValues(db);
  }

  /** Per-unit figures of a period (flows summed, stocks latest at the end). */
  byUnit(period: Pick<Period, "start" | "end">): Map<string, Figures> {
    return this.compile(period).perUnit;
  }

  /** The ward's figures of a period: the same counted values as byUnit, summed over units. */
  totals(period: Pick<Period, "start" | "end">): Figures {
    const total = zeros();
    for (const r of this.counted.flowTotals(period)) total[r.metric] = r.value;
    for (const r of this.counted.stocksAt(period.end, this.units)) total[r.metric] = (total[r.metric] ?? 0) + r.value;
    return total;
  }

  /** Entries counted in the period (comparisons need an earlier figure). */
  count(period: Pick<Period, "start" | "end">): number {
    return this.counted.count(period);
  }

  /**
   * Per-unit figures and, in the same pass, flows per bucket: `bucketOf` maps an entry's period
   * key ("2025-02", or "2024" for a yearly import) to its row, or undefined to leave it out.
   */
  compile(period: Pick<Period, "start" | "end">, bucketOf?: (entryPeriod: string) => string | undefined) {
    const perUnit = new Map<string, Figures>();
    const perBucket = new Map<string, Figures>();
    const add = (into: Map<string, Figures>, key: string, metric: string, value: number) => {
      const f = into.get(key) ?? zeros();
      f[metric] = (f[metric] ?? 0) + value;
      into.set(key, f);
    };
    for (const r of this.counted.flows(period, Boolean(bucketOf))) {
      add(perUnit, r.unit, r.metric, r.value);
      const bucket = bucketOf?.(r.period);
      if (bucket !== undefined) add(perBucket, bucket, r.metric, r.value);
    }
    for (const r of this.counted.stocksAt(period.end, this.units)) add(perUnit, r.unit, r.metric, r.value);
    return { perUnit, perBucket };
  }

  /** Stock metrics at a date, summed over units (only the stock keys). */
  stocksAt(date: string): Figures {
    const f: Figures = Object.fromEntries(stockKeys().map((k) => [k, 0]));
    for (const r of this.counted.stocksAt(date, this.units)) f[r.metric] = (f[r.metric] ?? 0) + r.value;
    return f;
  }
}

type Row = { key: string; label: string; end: string };

/**
 * The rows of the "over time" table: months up to two years, years beyond. Every counted flow
 * falls in one row, so the rows add up to the totals: a figure filed for a whole year (counted
 * only in periods holding all of it) gets its own row after the months, "Cả năm 2024, không
 * chia theo tháng".
 */
function bucketPlan(period: Period, cutoff: number): { rows: Row[]; bucketOf?: (p: string) => string | undefined } {
  const months = monthsIn(period, cutoff);
  if (months.length <= 1) return { rows: [] };
  const clip = (end: string) => (end < period.end ? end : period.end);
  if (months.length <= MAX_MONTH_ROWS) {
    const keys = new Set(months.map((m) => m.key));
    const rows: Row[] = months.map((m) => ({ key: m.key, label: upperFirst(m.label), end: clip(m.end) }));
    for (const y of new Set(months.map((m) => m.key.slice(0, 4)))) {
      const year = periodFromKey(y, cutoff);
      if (year && year.start >= period.start && year.end <= period.end) {
        rows.push({ key: `year:${y}`, label: `Cả năm ${y}, không chia theo tháng`, end: year.end });
      }
    }
    return { rows, bucketOf: (p) => (keys.has(p) ? p : /^\d{4}$/.test(p) ? `year:${p}` : undefined) };
  }
  const years = [...new Set(months.map((m) => m.key.slice(0, 4)))];
  return {
    rows: years.flatMap((y) => {
      const p = periodFromKey(y, cutoff);
      return p ? [{ key: y, label: `Năm ${y}`, end: clip(p.end) }] : [];
    }),
    bucketOf: (p) => p.slice(0, 4),
  };
}

export function sumFigures(list: Figures[]): Figures {
  const total = zeros();
  for (const f of list) for (const [k, v] of Object.entries(f)) total[k] = (total[k] ?? 0) + v;
  return total;
}


export interface CompileOptions {
  profile: WardProfile;
  cutoffDay: number;
  issuedOn: string;
  number?: string;
  completeness?: Completeness | null;
  extraBasis?: string[];
  words?: ReportWords;
  countedUntil?: string | null;
  coverage?: CoverageNote[];
  typedPeriod?: Period | null;
}

export function compileReport(db: Db, period: Period, o: CompileOptions): ReportData {
  // The ward's name, header, signer and recipients in force on the document's date, for every field.
  const profile = profileOn(o.profile, o.issuedOn);
  const compiler = new ReportCompiler(db, o.profile.units);
  const plan = bucketPlan(period, o.cutoffDay);
  const { perUnit, perBucket } = compiler.compile(period, plan.bucketOf);
  const byMonth: MonthFigures[] = plan.rows.flatMap((row) => {
    const flows = perBucket.get(row.key);
    // The "whole year" row exists only when such figures were counted.
    if (!flows && row.key.startsWith("year:")) return [];
    const values = flows ?? zeros();
    for (const [k, v] of Object.entries(compiler.stocksAt(row.end))) values[k] = v;
    return [{ key: row.key, label: row.label, values, empty: !flows }];
  });
  // Units in force during the period, then the ones whose figures keep their own row (units
  // dropped from the profile are named as the units table last knew them), so the table adds up.
  const { rows: byUnit, notes: unitNotes } = unitRows({ ...o.profile, ward: profile.ward }, period, perUnit, zeros, (code) => {
    const row = stmt<[string], { name: string; shortName: string; kind: string }>(db, "select name, short_name as shortName, kind from units where code = ?").get(code);
    return { code, name: row?.name ?? code, shortName: row?.shortName || row?.name || code, kind: row?.kind ?? "" };
  });
  const shortNames = new Map([{ code: profile.ward.code, shortName: profile.ward.name }, ...o.profile.units.map((u) => ({ code: u.code, shortName: u.shortName ?? u.name }))]
    .map((u) => [u.code, u.shortName]));
  const anomalies = markerAnomalies(db, period).map((a) => ({
    date: a.activityDate, unit: shortNames.get(a.unitCode) ?? a.unitCode, markers: a.markers, note: a.note ?? "", photos: a.photos,
  }));
  const earlier = (p: Period | null) => (p && compiler.count(p) > 0 ? compiler.totals(p) : null);
  const prev = previousPeriod(period, o.cutoffDay);
  const ago = samePeriodYearAgo(period, o.cutoffDay);
  const previous = earlier(prev);
  const yearAgo = earlier(ago);
  // The months that have ended by the day counted to: a month still running may lack answers rightly.
  const gapsIn = (p: Period | null, until: string): Gaps => {
    if (!p) return NO_GAPS;
    const months = monthsIn(p, o.cutoffDay).filter((m) => m.end <= until).map((m) => ({ key: m.key, label: m.label, start: m.start, end: m.end }));
    const owed = [...new Set(Object.values(o.profile.obligations).flat())];
    const answered = answeredMonths(db, p, months, o.profile.units.map((u) => u.code), owed);
    return gapsOf({ units: o.profile.units, obligations: o.profile.obligations, months, answered });
  };
  const gaps = {
    current: gapsIn(period, o.countedUntil ?? period.end),
    previous: previous ? gapsIn(prev, prev!.end).forms : [],
    yearAgo: yearAgo ? gapsIn(ago, ago!.end).forms : [],
  };
  return {
    period,
    issuedOn: o.issuedOn,
    number: o.number,
    profile,
    totals: sumFigures([...perUnit.values()]),
    previous,
    yearAgo,
    previousPeriod: previous ? prev : null,
    yearAgoPeriod: yearAgo ? ago : null,
    extraBasis: o.extraBasis ?? [],
    words: o.words ?? emptyWords(),
    countedUntil: o.countedUntil ?? null,
    coverage: o.coverage ?? [],
    typedPeriod: o.typedPeriod ?? null,
    byUnit,
    ...(unitNotes.length ? { unitNotes } : {}),
    byMonth,
    completeness: o.completeness ?? null,
    entryCount: compiler.count(period),
    markerAnomalies: anomalies,
    gaps,
  };
}
