// The figures of a chart, month by month, read through the ledger's one counting rule (so a bar
// equals the month's report): flows summed over the month, stocks as the latest value at its
// end. A month is a point; a span of more than three years is drawn by year (monthly bars would
// be too thin to read, and a figure imported for a whole year counts only in a year).
import type { Db } from "../db/client.js";
import { metricByKey } from "../domain/catalogue.js";
import type { ChartTarget } from "../domain/chart-figures.js";
import { monthsIn, previousPeriod, type Period } from "../domain/periods.js";
import { CountedValues } from "../ledger/read.js";
import type { ChartData } from "./svg.js";

/** Past this many months, points are years. */
export const MAX_MONTH_POINTS = 36;

export interface ChartQuery {
  target: ChartTarget;
  /** A month means the twelve months up to it; any other period its own months. */
  period: Period;
  cutoffDay: number;
  /** Today in Vietnam: months starting later have no point. */
  today: string;
  /** One unit (its code and name); the whole ward without. */
  unit?: { code: string; name: string };
  /** The ward's name, for the subtitle when no unit is given. */
  wardName: string;
}

interface Point { label: string; start: string; end: string }

/** The points of the chart: months ("02/25"), or years ("2025") over a long span. */
export function chartPoints(period: Period, cutoffDay: number): Point[] {
  let months = monthsIn(period, cutoffDay);
  if (period.kind === "month") {
    months = [period];
    for (let p = previousPeriod(period, cutoffDay); p && months.length < 12; p = previousPeriod(p, cutoffDay)) months.unshift(p);
  }
  if (months.length <= MAX_MONTH_POINTS) {
    return months.map((m) => ({ label: `${m.key.slice(5, 7)}/${m.key.slice(2, 4)}`, start: m.start, end: m.end }));
  }
  const years = new Map<string, Point>();
  for (const m of months) {
    const y = m.key.slice(0, 4);
    const p = years.get(y);
    if (p) p.end = m.end;
    else years.set(y, { label: y, start: m.start, end: m.end });
  }
  return [...years.values()];
}

/** The chart's title, subtitle, labels and one series per figure. */
export function chartData(db: Db, q: ChartQuery): ChartData {
  const counted = new CountedValues(db);
  const points = chartPoints(q.period, q.cutoffDay);
  const mine = (unit: string) => !q.unit || unit === q.unit.code;
  const values = points.map((p) => {
    if (p.start > q.today) return null;
    const sums = new Map<string, number>();
    const add = (metric: string, v: number) => sums.set(metric, (sums.get(metric) ?? 0) + v);
    for (const r of counted.flows(p)) if (mine(r.unit)) add(r.metric, r.value);
    const stocks = q.target.figures.some((f) => f.metrics.some((m) => metricByKey(m)?.aggregation === "stock"));
    if (stocks) for (const r of counted.stocksAt(p.end)) if (mine(r.unit)) add(r.metric, r.value);
    return sums;
  });
  const units = [...new Set(q.target.figures.map((f) => f.unit))];
  const first = points[0];
  const last = points[points.length - 1];
  const span = first && last ? (first === last ? first.label : `${first.label} – ${last.label}`) : q.period.label;
  return {
    title: q.target.title,
    subtitle: [units.length === 1 ? units[0] : "", q.unit?.name ?? q.wardName, span].filter(Boolean).join(" · "),
    labels: points.map((p) => p.label),
    // Tenths (hours) are summed as stored; the sum of several metrics is rounded back to tenths.
    series: q.target.figures.map((f) => ({
      name: f.label,
      values: values.map((sums) => (sums ? Math.round(f.metrics.reduce((s, m) => s + (sums.get(m) ?? 0), 0) * 10) / 10 : null)),
    })),
  };
}
