// The one rule for which period counts an entry. Pure, no I/O.
//
// Every entry has a span: one day for a chat entry, the whole month or year of an imported
// figure, the month of a "không phát sinh". A span cannot be split (an imported monthly figure
// says nothing about its days), so an entry is counted whole or not at all. A period counts an
// entry when:
// - the entry's whole span lies inside the period; or
// - the span is at most one month (MAX_CUT_SPAN_DAYS) and the period holds its middle day
//   (rounded down: a chat entry's own date; February 2025: 14/02/2025) and at least half its days.
// So:
// - no two periods that do not overlap ever count the same entry (only one holds the middle day);
// - a range that cuts a month counts that month's whole-month figures when it holds most of
//   it (01/01/2015–26/02/2025 counts February 2025), and the document says so;
// - a figure filed for a longer span (a year) counts only in periods that hold all of it: never
//   in a half-year, quarter or month, whose report would otherwise carry a whole year's work.
// The leader is told about every month or year a period cuts (cutPeriods in read.ts), counted or
// not, and offered the whole months instead. The SQL form of the rule is COUNTED_IN in read.ts.
import { addDays, isoParts } from "../domain/vn.js";
import { latestMonthIn, monthOf, type Period } from "../domain/periods.js";

const DAY_MS = 86_400_000;
/** The longest span an edge may cut and still count (the longest month, by the cut-off). */
export const MAX_CUT_SPAN_DAYS = 31;

function dayNumber(iso: string): number {
  const [y, m, d] = isoParts(iso);
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

/** The day by which an entry spanning [spanStart, spanEnd] is counted. */
export function countedOn(spanStart: string, spanEnd: string): string {
  return addDays(spanStart, Math.floor((dayNumber(spanEnd) - dayNumber(spanStart)) / 2));
}

/** Whether a period counts an entry of this span. */
export function counts(period: Pick<Period, "start" | "end">, spanStart: string, spanEnd: string): boolean {
  if (spanStart >= period.start && spanEnd <= period.end) return true;
  if (dayNumber(spanEnd) - dayNumber(spanStart) + 1 > MAX_CUT_SPAN_DAYS) return false;
  const day = countedOn(spanStart, spanEnd);
  if (day < period.start || day > period.end) return false;
  const from = spanStart > period.start ? spanStart : period.start;
  const to = spanEnd < period.end ? spanEnd : period.end;
  const inside = dayNumber(to) - dayNumber(from) + 1;
  return inside * 2 >= dayNumber(spanEnd) - dayNumber(spanStart) + 1;
}

/** A range widened to whole months (the choice offered when a range cuts a month). */
export function wholeMonthsOf(period: Pick<Period, "start" | "end">, cutoff: number): { start: string; end: string } {
  return { start: monthOf(period.start, cutoff).start, end: monthOf(period.end, cutoff).end };
}

/**
 * The month whose reporting a report speaks of (completeness in the caption): for a calendar
 * period, its latest month so far; for a range, the latest month the range counts as a whole
 * month (its middle day is inside), so the figures and the completeness line speak of the same
 * months.
 */
export function countedMonthIn(period: Period, today: string, cutoff: number): Period {
  if (period.kind !== "range") return latestMonthIn(period, today, cutoff);
  const last = period.end < today ? period.end : today;
  const month = monthOf(last, cutoff);
  if (countedOn(month.start, month.end) <= last) return month;
  const before = monthOf(addDays(month.start, -1), cutoff);
  return before.end >= period.start ? before : month;
}
