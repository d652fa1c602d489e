// Vietnamese text helpers: folding for lenient matching, numbers as people type them
// ("1.200", "2,5"), and calendar dates in Asia/Ho_Chi_Minh as ISO "YYYY-MM-DD" strings.
// Pure functions, no I/O. Expected failures are returned as values.

import { fold } from "./vn-text.js";

export { fold, formatVnNumber } from "./vn-text.js";
export { ambiguousReadings, parseVnNumber, type NumberOptions, type NumberParse } from "./vn-number.js";

export function pad2(n: number): string {
  return String(n).padStart(2, "0");
}

// ---------------------------------------------------------------------------------------
// Dates: plain local dates in Asia/Ho_Chi_Minh (UTC+7, no DST) as "YYYY-MM-DD".

export type DateParse = { ok: true; date: string } | { ok: false; message: string };

/** Asia/Ho_Chi_Minh is UTC+7 all year (no daylight saving). */
export const VN_OFFSET_MS = 7 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Years accepted anywhere a date or period is typed. */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2999;

export function todayInVietnam(now: Date): string {
  return new Date(now.getTime() + VN_OFFSET_MS).toISOString().slice(0, 10);
}

/** The first instant of the calendar month containing `now`, in Vietnam (00:00 on the 1st, UTC+7). */
export function vnMonthStart(now: Date): Date {
  const v = new Date(now.getTime() + VN_OFFSET_MS);
  return new Date(Date.UTC(v.getUTCFullYear(), v.getUTCMonth(), 1) - VN_OFFSET_MS);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Builds "YYYY-MM-DD" (no validation). */
export function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, "0")}-${pad2(month)}-${pad2(day)}`;
}

/** "2025-02-26" → [2025, 2, 26]. Assumes a well-formed ISO date. */
export function isoParts(iso: string): [year: number, month: number, day: number] {
  return [Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10))];
}

function isValidDate(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) && year >= MIN_YEAR && year <= MAX_YEAR &&
    Number.isInteger(month) && month >= 1 && month <= 12 &&
    Number.isInteger(day) && day >= 1 && day <= daysInMonth(year, month)
  );
}

/** True for an existing calendar date written exactly as "YYYY-MM-DD". */
export function isIsoDate(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(s) && isValidDate(...isoParts(s));
}

export function addDays(iso: string, n: number): string {
  const [y, m, d] = isoParts(iso);
  return new Date(Date.UTC(y, m - 1, d) + n * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The year of a day typed without one: the current year when that day is not after today; a later
 * day of the current month is this year's too (a slip or a day still to come, refused where dates
 * may not be in the future, never read as eleven months back); any other later day is last year's
 * ("15/11" typed in February is last November).
 */
export function yearOfDayMonth(day: number, month: number, today: string): number {
  const [ty, tm, td] = isoParts(today);
  if (month < tm || (month === tm && day <= td)) return ty;
  return month === tm ? ty : ty - 1;
}

const INVALID_DATE = 'Ngày không hợp lệ. Xin gõ dạng ngày/tháng, ví dụ 15/2, hoặc "hôm qua".';

/**
 * Reads a date as people type it, without the "not after today" rule (for period ranges):
 * "hôm nay", "hôm qua", "hôm kia", "15/2" (the year read by yearOfDayMonth),
 * "15/02/2025", "15-2-2025", "15.2.2025", "2025-02-15", optionally after "ngày".
 */
export function readVnDate(text: string, today: string): DateParse {
  const s = fold(text).replace(/^ngay /, "");
  const relative: Record<string, number> = { "hom nay": 0, "hom qua": -1, "hom kia": -2 };
  const shift = Object.hasOwn(relative, s) ? relative[s] : undefined; // not "constructor" of Object.prototype
  if (shift !== undefined) return { ok: true, date: addDays(today, shift) };

  let y: number, m: number, d: number;
  let match: RegExpExecArray | null;
  if ((match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s))) {
    [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else if ((match = /^(\d{1,2}) ?[/.-] ?(\d{1,2}) ?[/.-] ?(\d{4})$/.exec(s))) {
    [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else if ((match = /^(\d{1,2}) ?[/.-] ?(\d{1,2})$/.exec(s))) {
    [d, m] = [Number(match[1]), Number(match[2])];
    y = yearOfDayMonth(d, m, today);
  } else {
    return { ok: false, message: INVALID_DATE };
  }
  if (!isValidDate(y, m, d)) return { ok: false, message: INVALID_DATE };
  return { ok: true, date: isoDate(y, m, d) };
}

/** Activity dates before this year are typing slips (the ledger starts decades later). */
export const MIN_ACTIVITY_YEAR = 2000;

/** Why an activity date is refused (after today, or before 2000), or undefined: typed or on a button alike. */
export function activityDateProblem(iso: string, today: string): string | undefined {
  if (iso > today) return `Ngày hoạt động ${formatDateShort(iso)} chưa tới: không được sau hôm nay (${formatDateShort(today)}). Xin gõ ngày đã qua, ví dụ 15/2, hoặc "hôm qua".`;
  if (isoParts(iso)[0] < MIN_ACTIVITY_YEAR) {
    return `Năm ${isoParts(iso)[0]} quá xa, chắc là gõ nhầm. Xin gõ lại ngày hoạt động, ví dụ 15/2/${isoParts(today)[0]}, hoặc "hôm qua".`;
  }
  return undefined;
}

/** An activity date: like readVnDate, but a date after today or before 2000 is refused. */
export function parseVnDate(text: string, today: string): DateParse {
  const r = readVnDate(text, today);
  const problem = r.ok ? activityDateProblem(r.date, today) : undefined;
  return problem ? { ok: false, message: problem } : r;
}

/** How far back an activity date is taken without asking: two calendar months. */
export const LONG_AGO_MONTHS = 2;

/** The same day `months` calendar months earlier (31/3 → 29/2 or 28/2: clamped). */
export function monthsBefore(iso: string, months: number): string {
  const [y, m, d] = isoParts(iso);
  const index = y * 12 + (m - 1) - months;
  const [ny, nm] = [Math.floor(index / 12), (index % 12) + 1];
  return isoDate(ny, nm, Math.min(d, daysInMonth(ny, nm)));
}

/** True when an activity date lies more than two months before today: it is confirmed before saving. */
export function isLongAgo(date: string, today: string): boolean {
  return date < monthsBefore(today, LONG_AGO_MONTHS);
}

/** "2015-01-09" → "09/01/2015". */
export function formatDateShort(iso: string): string {
  const [y, m, d] = isoParts(iso);
  return `${pad2(d)}/${pad2(m)}/${y}`;
}

/** Official long form (Nghị định 30/2020): "ngày 26 tháng 02 năm 2025", "ngày 05 tháng 3 năm 2025". */
export function formatDateLong(iso: string): string {
  const [y, m, d] = isoParts(iso);
  return `ngày ${pad2(d)} tháng ${m <= 2 ? pad2(m) : String(m)} năm ${y}`;
}
