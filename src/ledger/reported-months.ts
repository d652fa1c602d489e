// Which unit answered which form for which month, as a report's completeness needs it: an entry
// whose span touches the month (a day's activity, the month's figures, a year imported whole), or
// a "không phát sinh" for that month. Any answer counts, whether or not the month's count takes it.
import type { Db } from "../db/client.js";
import { stmt } from "../db/statements.js";
import { addDays } from "../domain/vn.js";
import { LONGEST_SPAN_DAYS, type Span } from "./read.js";

export interface MonthSpan { key: string; start: string; end: string }

/**
 * "unit|form|monthKey" for each of `units` × `forms` answered in each of `months` (consecutive,
 * oldest first, inside `span`). Only those units and forms are read: a ten-year range over a
 * million values reads the ward's own entries, not every unit's.
 */
export function answeredMonths(db: Db, span: Span, months: readonly MonthSpan[], units: readonly string[], forms: readonly string[]): Set<string> {
  const out = new Set<string>();
  if (months.length === 0 || units.length === 0 || forms.length === 0) return out;
  const params = { start: span.start, end: span.end, back: addDays(span.start, -LONGEST_SPAN_DAYS), units: JSON.stringify(units), forms: JSON.stringify(forms) };
  // No entry spans more than LONGEST_SPAN_DAYS: a range on span_start's index, not every earlier entry.
  const entries = stmt<[typeof params], { unit: string; form: string; start: string; end: string }>(db,
    `select distinct unit_code as unit, form_id as form, span_start as start, span_end as end from entries
     where status <> 'deleted' and span_start between @back and @end and span_end >= @start
       and unit_code in (select value from json_each(@units)) and form_id in (select value from json_each(@forms))`).all(params);
  for (const e of entries) {
    // The first month ending on or after the entry's start, then each month it reaches.
    let lo = 0;
    let hi = months.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (months[mid]!.end < e.start) lo = mid + 1; else hi = mid; }
    for (let i = lo; i < months.length && months[i]!.start <= e.end; i++) out.add(`${e.unit}|${e.form}|${months[i]!.key}`);
  }
  const nil = stmt<[{ first: string; last: string }], { unit: string; form: string; period: string }>(db,
    "select unit_code as unit, form_id as form, period from nil_reports where period between @first and @last")
    .all({ first: months[0]!.key, last: months.at(-1)!.key });
  for (const n of nil) out.add(`${n.unit}|${n.form}|${n.period}`);
  return out;
}
