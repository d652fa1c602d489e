// Compiles the figures of a period from SQLite: flow metrics summed over the period,
// stock metrics as each unit's latest value at the period's end, summed over units.
import type { Db } from "../db/client.js";
import { METRICS, metricByKey } from "../domain/catalogue.js";
import { monthsIn, previousPeriod, samePeriodYearAgo, periodFromKey, type Period } from "../domain/periods.js";
import type { WardProfile } from "../domain/profile.js";
import type { Completeness, CoverageNote, Figures, MonthFigures, ReportData, UnitFigures } from "./model.js";
import { upperFirst } from "./format.js";

const FLOW = new Set(METRICS.filter((m) => m.aggregation === "flow").map((m) => m.key));
const STOCK = METRICS.filter((m) => m.aggregation === "stock").map((m) => m.key);
/** Beyond this many months the "per month" table shows years instead. */
const MAX_MONTH_ROWS = 24;

const zeros = (): Figures => Object.fromEntries(METRICS.map((m) => [m.key, 0]));

interface UnitMetricValue { unit: string; metric: string; value: number }

export class ReportCompiler {
  private readonly flowByUnit;
  private readonly flowByUnitPeriod;
  private readonly stockByUnit;
  private readonly entryCount;

  constructor(db: Db) {
    const c = db.$client;
    // An entry counts when the whole span it covers lies inside the period (an imported yearly
    // figure is not split into months).
    // span_start is bounded on both sides (span_start <= span_end <= end), so this is a range
    // scan on entries_span; values come from the covering index.
    const flows = (groupBy: string) => `
      select e.unit_code as unit, e.period, v.metric, sum(v.value) as value
      from entries e join entry_values v on v.entry_id = e.id
      where e.span_start between ? and ? and e.span_end <= ? and e.status = 'active'
      group by ${groupBy}`;
    this.flowByUnit = c.prepare<[string, string, string], UnitMetricValue & { period: string }>(flows("e.unit_code, v.metric"));
    // Grouped by the entry's own period too: one pass gives both the per-unit figures and the
    // per-month (or per-year) rows of a report, instead of one pass per row.
    this.flowByUnitPeriod = c.prepare<[string, string, string], UnitMetricValue & { period: string }>(flows("e.unit_code, e.period, v.metric"));
    // Stocks: for each unit and stock metric, the value of its latest entry at the date — one
    // short walk back along entries_unit_form_span per pair, not a pass over all history. Units
    // dropped from the profile still count, like their flows, so past reports do not change.
    this.stockByUnit = c.prepare<[string], UnitMetricValue>(`
      with m(metric, form) as (values ${STOCK.map((k) => `('${k}', '${metricByKey(k)!.formId}')`).join(", ")})
      select unit, metric, value from (
        select u.code as unit, m.metric, (
          select v.value from entries e join entry_values v on v.entry_id = e.id and v.metric = m.metric
          where e.unit_code = u.code and e.form_id = m.form and e.span_end <= ? and e.status = 'active'
          order by e.span_end desc, e.id desc limit 1) as value
        from units u cross join m
      ) where value is not null`);
    this.entryCount = c.prepare<[string, string, string], { n: number }>(`
      select count(*) as n from entries e
      where e.span_start between ? and ? and e.span_end <= ? and e.status = 'active'`);
  }

  /** Per-unit figures of a period (flows summed, stocks latest at the end). */
  byUnit(period: Pick<Period, "start" | "end">): Map<string, Figures> {
    return this.compile(period).perUnit;
  }

  totals(period: Pick<Period, "start" | "end">): Figures {
    return sumFigures([...this.byUnit(period).values()]);
  }

  /** Whether anything at all was reported for the period (comparisons need an earlier figure). */
  count(period: Pick<Period, "start" | "end">): number {
    return this.entryCount.get(period.start, period.end, period.end)?.n ?? 0;
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
    const rows = (bucketOf ? this.flowByUnitPeriod : this.flowByUnit).all(period.start, period.end, period.end);
    for (const r of rows) {
      if (!FLOW.has(r.metric)) continue;
      add(perUnit, r.unit, r.metric, r.value);
      const bucket = bucketOf?.(r.period);
      if (bucket !== undefined) add(perBucket, bucket, r.metric, r.value);
    }
    for (const r of this.stockByUnit.all(period.end)) add(perUnit, r.unit, r.metric, r.value);
    return { perUnit, perBucket };
  }

  /** Stock metrics at a date, summed over units (only the stock keys). */
  stocksAt(date: string): Figures {
    const f: Figures = Object.fromEntries(STOCK.map((k) => [k, 0]));
    for (const r of this.stockByUnit.all(date)) f[r.metric] = (f[r.metric] ?? 0) + r.value;
    return f;
  }
}

/** The rows of the "over time" table: months up to two years, years beyond. */
function bucketPlan(period: Period, cutoff: number): { rows: { key: string; label: string; end: string }[]; bucketOf?: (p: string) => string | undefined } {
  const months = monthsIn(period, cutoff);
  if (months.length <= 1) return { rows: [] };
  if (months.length <= MAX_MONTH_ROWS) {
    const keys = new Set(months.map((m) => m.key));
    return {
      rows: months.map((m) => ({ key: m.key, label: upperFirst(m.label), end: m.end < period.end ? m.end : period.end })),
      bucketOf: (p) => (keys.has(p) ? p : undefined),
    };
  }
  const years = [...new Set(months.map((m) => m.key.slice(0, 4)))];
  return {
    rows: years.flatMap((y) => {
      const p = periodFromKey(y, cutoff);
      return p ? [{ key: y, label: `Năm ${y}`, end: p.end < period.end ? p.end : period.end }] : [];
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
  countedUntil?: string | null;
  coverage?: CoverageNote[];
}

export function compileReport(db: Db, period: Period, o: CompileOptions): ReportData {
  const compiler = new ReportCompiler(db);
  const plan = bucketPlan(period, o.cutoffDay);
  const { perUnit, perBucket } = compiler.compile(period, plan.bucketOf);
  const byMonth: MonthFigures[] = plan.rows.map((row) => {
    const values = perBucket.get(row.key) ?? zeros();
    for (const [k, v] of Object.entries(compiler.stocksAt(row.end))) values[k] = v;
    return { key: row.key, label: row.label, values };
  });
  const units = [{ code: o.profile.ward.code, name: o.profile.ward.name, shortName: o.profile.ward.name, kind: "phuong" },
    ...o.profile.units.map((u) => ({ code: u.code, name: u.name, shortName: u.shortName ?? u.name, kind: u.kind as string }))];
  const byUnit: UnitFigures[] = units.map((u) => ({ ...u, values: perUnit.get(u.code) ?? zeros() }));
  const earlier = (p: Period | null) => (p && compiler.count(p) > 0 ? compiler.totals(p) : null);
  const prev = previousPeriod(period, o.cutoffDay);
  const ago = samePeriodYearAgo(period, o.cutoffDay);
  const previous = earlier(prev);
  const yearAgo = earlier(ago);
  return {
    period,
    issuedOn: o.issuedOn,
    number: o.number,
    profile: o.profile,
    totals: sumFigures([...perUnit.values()]),
    previous,
    yearAgo,
    previousPeriod: previous ? prev : null,
    yearAgoPeriod: yearAgo ? ago : null,
    extraBasis: o.extraBasis ?? [],
    countedUntil: o.countedUntil ?? null,
    coverage: o.coverage ?? [],
    byUnit,
    byMonth,
    completeness: o.completeness ?? null,
    entryCount: compiler.count(period),
  };
}
