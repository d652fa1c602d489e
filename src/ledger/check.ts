// What the ledger holds for a period a report is asked of: for refusing periods without data
// and telling the leader about months the period cuts (chat and command line alike).
import type { Db } from "../db/client.js";
import type { ReportCheck } from "../conversation/ports.js";
import { monthOf, periodFromKey, type Period } from "../domain/periods.js";
import { wholeMonthsOf } from "./counting.js";
import { CountedValues, cutPeriods, firstCountedDay } from "./read.js";

/** The months a span only partly holds, at its start and its end. */
export function edgeMonths(period: Pick<Period, "start" | "end">, cutoffDay: number): string[] {
  const first = monthOf(period.start, cutoffDay);
  const last = monthOf(period.end, cutoffDay);
  return [...new Set([first.start !== period.start ? first.key : null, last.end !== period.end ? last.key : null]
    .filter((k): k is string => k !== null))];
}

const counters = new WeakMap<object, CountedValues>();

export function reportCheck(db: Db, period: Pick<Period, "start" | "end">, cutoffDay: number): ReportCheck {
  let counted = counters.get(db.$client);
  if (!counted) counters.set(db.$client, (counted = new CountedValues(db)));
  const whole = wholeMonthsOf(period, cutoffDay);
  const widened = whole.start !== period.start || whole.end !== period.end ? periodFromKey(`${whole.start}..${whole.end}`, cutoffDay) : null;
  return {
    entries: counted.count(period),
    firstDay: firstCountedDay(db),
    cuts: cutPeriods(db, period, edgeMonths(period, cutoffDay)).map((c) => ({ label: periodFromKey(c.periodKey, cutoffDay)?.label ?? c.periodKey, entries: c.entries, counted: c.counted })),
    wholeMonths: widened ? { key: widened.key, label: widened.label, end: widened.end } : null,
  };
}
