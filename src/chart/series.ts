// The figures of a chart, month by month, read through the ledger's one counting rule (so a bar
// equals the month's report): flows summed over the month, stocks as the latest value at its
// end. A month is a point; a span of more than three years is drawn by year (monthly bars would
// be too thin to read, and a figure imported for a whole year counts only in a year).
import type { Db } from "../db/client.js";
import { metricByKey } from "../domain/catalogue.js";
import type { ChartTarget } from "../domain/chart-figures.js";
import { monthsIn, previousPeriod, type Period } from "../domain/periods.js";
import { profileOn, type WardProfile } from "../domain/profile.js";
import { CountedValues } from "../ledger/read.js";
import { flowSumsBySpan } from "../ledger/point-sums.js";
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
  /** The ward's name, for the subtitle when no unit is given: chartWardName's. */
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

/**
 * The ward's name in force on the chart's last day, picked as a report picks it (profileOn): a
 * chart of 2026 names Phường Thới Sơn, one wholly before 01/07/2025 Phường Nhơn Hưng.
 */
export function chartWardName(profile: WardProfile, period: Period, cutoffDay: number): string {
  return profileOn(profile, chartPoints(period, cutoffDay).at(-1)?.end ?? period.end).ward.name;
}

/** The chart's title, subtitle, labels and one series per figure. */
export function chartData(db: Db, q: ChartQuery): ChartData {
  const { target, ...rest } = q;
  return chartsData(db, { ...rest, targets: [target] })[0]!;
}

/**
 * Several charts over the same points (the board's four), their figures read together: one
 * grouped query for every flow of every point, and each point's stocks once.
 */
export function chartsData(db: Db, q: Omit<ChartQuery, "target"> & { targets: readonly ChartTarget[] }): ChartData[] {
  const points = chartPoints(q.period, q.cutoffDay);
  const begun = points.filter((p) => p.start <= q.today);
  const wanted = [...new Set(q.targets.flatMap((t) => t.figures.flatMap((f) => f.metrics)))];
  const flows = flowSumsBySpan(db, begun, wanted.filter((m) => metricByKey(m)?.aggregation === "flow"), q.unit?.code);
  const stocks = wanted.some((m) => metricByKey(m)?.aggregation === "stock");
  const counted = stocks ? new CountedValues(db) : undefined;
  const values = points.map((p, i): Map<string, number> | null => {
    if (i >= begun.length) return null;
    const sums = flows[i]!;
    // The latest value of each stock at the point's end, summed over the units (or the one unit).
    for (const r of counted?.stocksAt(p.end) ?? []) if (!q.unit || r.unit === q.unit.code) sums.set(r.metric, (sums.get(r.metric) ?? 0) + r.value);
    return sums;
  });
  return q.targets.map((target) => chartOf(target, q, points, values));
}

function chartOf(target: ChartTarget, q: Omit<ChartQuery, "target">, points: Point[], values: (Map<string, number> | null)[]): ChartData {
  const units = [...new Set(target.figures.map((f) => f.unit))];
  const first = points[0];
  const last = points[points.length - 1];
  const span = first && last ? (first === last ? first.label : `${first.label} – ${last.label}`) : q.period.label;
  return {
    title: target.title,
    subtitle: [units.length === 1 ? units[0] : "", q.unit?.name ?? q.wardName, span].filter(Boolean).join(" · "),
    labels: points.map((p) => p.label),
    // Tenths (hours) are summed as stored; the sum of several metrics is rounded back to tenths.
    series: target.figures.map((f) => ({
      name: f.label,
      values: values.map((sums) => (sums ? Math.round(f.metrics.reduce((s, m) => s + (sums.get(m) ?? 0), 0) * 10) / 10 : null)),
    })),
  };
}
