// Which unit answered which form for which month, as a report's completeness needs it: an entry
// whose span touches the month (a day's activity, the month's figures, a year imported whole), or
// a "không phát sinh" for that month. Any answer counts, whether or not the month's count takes it.
import type { Db } from "../db/client.js";
import { stmt } from "../db/statements.js";
import { addDays } from "../domain/vn.js";
import { LONGEST_SPAN_DAYS, type Span } from "./read.js";

export interface MonthSpan { key: string; start: string; end: string }

/** "unit|form|monthKey" for each form a unit answered in each of `months` (in order, inside `span`). */
export function answeredMonths(db: Db, span: Span, months: readonly MonthSpan[]): Set<string> {
  const out = new Set<string>();
  if (months.length === 0) return out;
  // No entry spans more than LONGEST_SPAN_DAYS: a range on span_start's index, not every earlier entry.
  const entries = stmt<[Span & { back: string }], { unit: string; form: string; start: string; end: string }>(db,
    `select distinct unit_code as unit, form_id as form, span_start as start, span_end as end from entries
     where status <> 'deleted' and span_start between @back and @end and span_end >= @start`)
    .all({ start: span.start, end: span.end, back: addDays(span.start, -LONGEST_SPAN_DAYS) });
  for (const e of entries) {
    for (const m of months) if (e.start <= m.end && e.end >= m.start) out.add(`${e.unit}|${e.form}|${m.key}`);
  }
  const nil = stmt<[{ first: string; last: string }], { unit: string; form: string; period: string }>(db,
    "select unit_code as unit, form_id as form, period from nil_reports where period between @first and @last")
    .all({ first: months[0]!.key, last: months.at(-1)!.key });
  for (const n of nil) out.add(`${n.unit}|${n.form}|${n.period}`);
  return out;
}
