// What the ledger holds for a period a report is asked of: for refusing periods without data
// and telling the leader about months the period cuts (chat and command line alike).
import type { Db } from "../db/client.js";
import type { ReportCheck } from "../conversation/ports.js";
import { periodFromKey, type Period } from "../domain/periods.js";
import { wholeMonthsOf } from "./counting.js";
import { CountedValues, cutPeriods, firstEntry } from "./read.js";

const counters = new WeakMap<object, CountedValues>();

export function reportCheck(db: Db, period: Pick<Period, "start" | "end">, cutoffDay: number): ReportCheck {
  let counted = counters.get(db.$client);
  if (!counted) counters.set(db.$client, (counted = new CountedValues(db)));
  const whole = wholeMonthsOf(period, cutoffDay);
  const widened = whole.start !== period.start || whole.end !== period.end ? periodFromKey(`${whole.start}..${whole.end}`, cutoffDay) : null;
  const first = firstEntry(db);
  const label = (key: string) => periodFromKey(key, cutoffDay)?.label ?? key;
  return {
    entries: counted.count(period),
    firstDay: first?.day ?? null,
    firstPeriod: first ? label(first.periodKey) : null,
    cuts: cutPeriods(db, period).map((c) => ({ periodKey: c.periodKey, label: label(c.periodKey), entries: c.entries, counted: c.counted, longer: c.longer })),
    wholeMonths: widened ? { key: widened.key, label: widened.label, end: widened.end } : null,
  };
}
