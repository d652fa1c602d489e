// Reporting periods (Asia/Ho_Chi_Minh): month, quarter, half-year, nine months, year and free
// date range. With a monthly cut-off day c (1..28) month M covers day c+1 of month M-1 through
// day c of month M; c = 0 means calendar months. Quarters, halves, nine months and years are
// unions of months, so with c = 14 (ND 09/2019) a quarter runs 15/12–14/03, nine months
// 15/12–14/09, a year 15/12–14/12.
// Pure functions, no I/O.
import { quoted } from "./vn-text.js";
import {
  MAX_YEAR,
  MIN_YEAR,
  addDays,
  daysInMonth,
  fold,
  formatDateShort,
  isIsoDate,
  isoDate,
  isoParts,
  pad2,
  readVnDate,
} from "./vn.js";

export type PeriodKind = "month" | "quarter" | "half" | "nine" | "year" | "range";

export interface Period {
  kind: PeriodKind;
  /** Machine form: "2025-02", "2025-Q1", "2025-H1", "2025-9M", "2025", "2015-01-01..2025-02-26". */
  key: string;
  /** First day covered, ISO "YYYY-MM-DD" (inclusive). */
  start: string;
  /** Last day covered, ISO (inclusive). */
  end: string;
  /** "tháng 02/2025", "quý I/2025", "6 tháng đầu năm 2025", "9 tháng đầu năm 2025", "năm 2024", "từ ngày … đến ngày …". */
  label: string;
}

export type PeriodParse = { ok: true; period: Period } | { ok: false; message: string };

type CalendarKind = Exclude<PeriodKind, "range">;

// Nine months are the first nine of a year only: one per year, so the period "before" them is
// the nine months a year earlier (there is no adjacent nine months).
const PER_YEAR: Record<CalendarKind, number> = { month: 12, quarter: 4, half: 2, nine: 1, year: 1 };
const MONTHS_PER: Record<CalendarKind, number> = { month: 1, quarter: 3, half: 6, nine: 9, year: 12 };
const ROMAN = ["I", "II", "III", "IV"] as const;
const ROMAN_VALUE: Record<string, number> = { i: 1, ii: 2, iii: 3, iv: 4 };

export const PERIOD_EXAMPLES =
  "Ví dụ: tháng 2/2025, quý 1/2025, 6 tháng đầu năm 2025, 9 tháng đầu năm 2025, năm 2024, hoặc từ 01/01/2025 đến 15/02/2025.";
const OUT_OF_RANGE: Record<CalendarKind, string> = {
  month: "Tháng phải từ 1 đến 12. Ví dụ: tháng 2/2025.",
  quarter: "Quý phải từ I đến IV (1 đến 4). Ví dụ: quý 1/2025.",
  half: "Chỉ có 6 tháng đầu năm (H1) và 6 tháng cuối năm (H2). Ví dụ: 6 tháng đầu năm 2025.",
  nine: "Chỉ có 9 tháng đầu năm. Ví dụ: 9 tháng đầu năm 2025.",
  year: "Năm không hợp lệ. Ví dụ: năm 2024.",
};

// --- Building blocks ------------------------------------------------------------------------
// Months are handled as an index: year * 12 + (month - 1).

function checkCutoff(cutoff: number): void {
  if (!Number.isInteger(cutoff) || cutoff < 0 || cutoff > 28) {
    throw new RangeError(`cutoff must be an integer in 0..28, got ${cutoff}`);
  }
}

function lastDayOfMonth(index: number, cutoff: number): string {
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return isoDate(year, month, cutoff === 0 ? daysInMonth(year, month) : cutoff);
}

function firstDayOfMonth(index: number, cutoff: number): string {
  return addDays(lastDayOfMonth(index - 1, cutoff), 1);
}

function monthIndexOf(date: string, cutoff: number): number {
  checkCutoff(cutoff);
  const [y, m, d] = isoParts(date);
  return y * 12 + (m - 1) + (cutoff > 0 && d > cutoff ? 1 : 0);
}

/** The n-th (1-based) month/quarter/half of `year`, or the year itself (n = 1). */
function build(kind: CalendarKind, year: number, n: number, cutoff: number): Period {
  checkCutoff(cutoff);
  const first = year * 12 + (n - 1) * MONTHS_PER[kind];
  const last = first + MONTHS_PER[kind] - 1;
  const labels: Record<CalendarKind, [key: string, label: string]> = {
    month: [`${year}-${pad2(n)}`, `tháng ${pad2(n)}/${year}`],
    quarter: [`${year}-Q${n}`, `quý ${ROMAN[n - 1]}/${year}`],
    half: [`${year}-H${n}`, `6 tháng ${n === 1 ? "đầu" : "cuối"} năm ${year}`],
    nine: [`${year}-9M`, `9 tháng đầu năm ${year}`],
    year: [`${year}`, `năm ${year}`],
  };
  const [key, label] = labels[kind];
  return { kind, key, label, start: firstDayOfMonth(first, cutoff), end: lastDayOfMonth(last, cutoff) };
}

/** Year and 1-based number of a calendar period, read back from its key. */
function slotOf(p: Period): [year: number, n: number] {
  if (p.kind === "nine") return [Number(p.key.slice(0, 4)), 1];
  const [year = "", n = "1"] = p.key.split(/-[QH]?/); // "2025", "2025-02", "2025-Q1", "2025-H2"
  return [Number(year), Number(n)];
}

/** The period `delta` steps of the same kind away from the n-th period of `year`. */
function step(kind: CalendarKind, year: number, n: number, delta: number, cutoff: number): Period {
  const flat = year * PER_YEAR[kind] + (n - 1) + delta;
  return build(kind, Math.floor(flat / PER_YEAR[kind]), (flat % PER_YEAR[kind]) + 1, cutoff);
}

function shift(p: Period, delta: number, cutoff: number): Period | null {
  return p.kind === "range" ? null : step(p.kind, ...slotOf(p), delta, cutoff);
}

function rangePeriod(start: string, end: string): Period {
  return {
    kind: "range",
    key: `${start}..${end}`,
    start,
    end,
    label: `từ ngày ${formatDateShort(start)} đến ngày ${formatDateShort(end)}`,
  };
}

function ok(period: Period): PeriodParse {
  return { ok: true, period };
}

function fail(message: string): PeriodParse {
  return { ok: false, message };
}

function checked(kind: CalendarKind, year: number, n: number, cutoff: number): PeriodParse {
  if (!Number.isInteger(n) || n < 1 || n > PER_YEAR[kind]) return fail(OUT_OF_RANGE[kind]);
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) return fail(OUT_OF_RANGE.year);
  return ok(build(kind, year, n, cutoff));
}

function checkedRange(start: string, end: string): PeriodParse {
  if (end < start) {
    return fail(
      `Ngày kết thúc (${formatDateShort(end)}) không được trước ngày bắt đầu (${formatDateShort(start)}).`,
    );
  }
  return ok(rangePeriod(start, end));
}

// --- Public API ---------------------------------------------------------------------------

/** The month period an activity date belongs to. */
export function monthOf(date: string, cutoff: number): Period {
  const index = monthIndexOf(date, cutoff);
  return build("month", Math.floor(index / 12), (index % 12) + 1, cutoff);
}

export function periodContaining(date: string, kind: CalendarKind, cutoff: number): Period {
  const index = monthIndexOf(date, cutoff);
  const year = Math.floor(index / 12);
  // October to December lie in no nine months: the year's nine months are the nearest.
  if (kind === "nine") return build(kind, year, 1, cutoff);
  return build(kind, year, Math.floor((index % 12) / MONTHS_PER[kind]) + 1, cutoff);
}

/** Month → previous month, quarter → previous quarter, …, nine months → a year earlier; null for a range. */
export function previousPeriod(p: Period, cutoff: number): Period | null {
  return shift(p, -1, cutoff);
}

/** The same month/quarter/half/year one year earlier; null for a range. */
export function samePeriodYearAgo(p: Period, cutoff: number): Period | null {
  return p.kind === "range" ? null : shift(p, -PER_YEAR[p.kind], cutoff);
}

/** The month periods making up p; for a range, every month at least partly inside it (unclipped). */
export function monthsIn(p: Period, cutoff: number): Period[] {
  const months: Period[] = [];
  for (let i = monthIndexOf(p.start, cutoff); i <= monthIndexOf(p.end, cutoff); i++) {
    months.push(build("month", Math.floor(i / 12), (i % 12) + 1, cutoff));
  }
  return months;
}


/** Machine forms only, exactly as written in Period.key; null otherwise. */
export function periodFromKey(key: string, cutoff: number): Period | null {
  const r = fromKey(fold(key), cutoff);
  return r?.ok && r.period.key === key ? r.period : null;
}

/** People's words ("tháng 2/2025", "quy I/2025", "năm nay", "từ 1/1/2025 đến 15/2/2025") or a key. */
export function parsePeriod(text: string, cutoff: number, today: string): PeriodParse {
  checkCutoff(cutoff);
  const s = fold(text);
  if (s === "") return fail(`Xin nhập kỳ báo cáo. ${PERIOD_EXAMPLES}`);
  const typed = text.normalize("NFC").replace(/\s+/g, " ").trim();
  return fromKey(s, cutoff) ?? fromWords(s, cutoff, today) ?? fail(`Chưa hiểu kỳ báo cáo "${quoted(typed)}". ${PERIOD_EXAMPLES}`);
}

/**
 * When what was typed is no period but its first words are one ("quý 1/2025 số abc"): that period
 * and the words after it as typed, so an answer can name the word not understood, not the period.
 */
export function periodThenWords(text: string, cutoff: number, today: string): { period: Period; words: string } | undefined {
  const words = text.normalize("NFC").trim().split(/\s+/);
  // The longest start first: "tháng 1/2025 abc" is January 2025, not "tháng 1". No period is
  // longer than ten words ("từ ngày 01/01/2025 đến ngày 15/02/2025" is six): a long paste costs little.
  for (let n = Math.min(words.length - 1, 10); n > 0; n--) {
    const r = parsePeriod(words.slice(0, n).join(" "), cutoff, today);
    if (r.ok) return { period: r.period, words: words.slice(n).join(" ") };
  }
  return undefined;
}

// --- Parsing (input already folded: lowercase, no diacritics, single spaces) ---------------

function fromKey(s: string, cutoff: number): PeriodParse | undefined {
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})-(\d{1,2})$/.exec(s))) return checked("month", Number(m[1]), Number(m[2]), cutoff);
  if ((m = /^(\d{4})-q(\d)$/.exec(s))) return checked("quarter", Number(m[1]), Number(m[2]), cutoff);
  if ((m = /^(\d{4})-h(\d)$/.exec(s))) return checked("half", Number(m[1]), Number(m[2]), cutoff);
  if ((m = /^(\d{4})-9m$/.exec(s))) return checked("nine", Number(m[1]), 1, cutoff);
  if ((m = /^(\d{4})$/.exec(s))) return checked("year", Number(m[1]), 1, cutoff);
  if ((m = /^(\S+)\.\.(\S+)$/.exec(s))) {
    const [start = "", end = ""] = [m[1], m[2]];
    if (!isIsoDate(start) || !isIsoDate(end)) return fail(`Ngày không hợp lệ trong kỳ "${quoted(s)}". ${PERIOD_EXAMPLES}`);
    return checkedRange(start, end);
  }
  return undefined;
}

const YEAR_WORD = "(\\d{4}|nay|truoc|ngoai|roi)";
const YEAR_TAIL = `(?:(?: ?[/-] ?| nam | )${YEAR_WORD})?`;
const MONTH_RE = new RegExp(`^(?:thang|t) ?(\\d{1,2})${YEAR_TAIL}$`);
const QUARTER_RE = new RegExp(`^(?:quy|q) ?(iv|i{1,3}|\\d{1,2})${YEAR_TAIL}$`);
const HALF_RE = new RegExp(`^(?:6|sau) thang (dau|cuoi)(?: nam)?(?: ${YEAR_WORD})?$`);
const NINE_RE = new RegExp(`^(?:9|chin) thang(?: dau)?(?: nam)?(?: ${YEAR_WORD})?$`);
const YEAR_RE = new RegExp(`^nam ${YEAR_WORD}$`);
const RELATIVE_RE = /^(thang|quy) (nay|truoc|roi)$/;
const RANGE_RE = /^(?:tu )?(?:ngay )?(.+?) den (?:ngay )?(.+)$/;

function fromWords(s: string, cutoff: number, today: string): PeriodParse | undefined {
  let m: RegExpExecArray | null;
  if ((m = RELATIVE_RE.exec(s))) {
    const kind = m[1] === "thang" ? "month" : "quarter";
    const [year, n] = slotOf(periodContaining(today, kind, cutoff));
    return ok(step(kind, year, n, m[2] === "nay" ? 0 : -1, cutoff));
  }
  if ((m = MONTH_RE.exec(s))) return inYear("month", Number(m[1]), m[2], cutoff, today);
  if ((m = QUARTER_RE.exec(s))) {
    const n = ROMAN_VALUE[m[1] ?? ""] ?? Number(m[1]);
    return inYear("quarter", n, m[2], cutoff, today);
  }
  if ((m = HALF_RE.exec(s))) return inYear("half", m[1] === "dau" ? 1 : 2, m[2], cutoff, today);
  if ((m = NINE_RE.exec(s))) return inYear("nine", 1, m[1], cutoff, today);
  if ((m = YEAR_RE.exec(s))) return inYear("year", 1, m[1], cutoff, today);
  if ((m = RANGE_RE.exec(s))) {
    const start = readVnDate(m[1] ?? "", today);
    const end = readVnDate(m[2] ?? "", today);
    if (!start.ok) return fail(`Ngày bắt đầu không hợp lệ. ${PERIOD_EXAMPLES}`);
    if (!end.ok) return fail(`Ngày kết thúc không hợp lệ. ${PERIOD_EXAMPLES}`);
    return checkedRange(start.date, end.date);
  }
  return undefined;
}

/**
 * Resolves the year word: digits, "nay" (this year), "trước"/"ngoái"/"rồi" (last year).
 * Without a year, the latest such period that has already started ("tháng 11" typed in
 * February means November of last year).
 */
function inYear(
  kind: CalendarKind,
  n: number,
  yearWord: string | undefined,
  cutoff: number,
  today: string,
): PeriodParse {
  const [thisYear, thisN] = slotOf(periodContaining(today, kind, cutoff));
  let year: number;
  if (yearWord === undefined) year = n > thisN ? thisYear - 1 : thisYear;
  else if (yearWord === "nay") year = thisYear;
  else if (/^\d+$/.test(yearWord)) year = Number(yearWord);
  else year = thisYear - 1;
  return checked(kind, year, n, cutoff);
}

/** The month whose reporting a period's report counts: the period itself, or its latest month so far. */
export function latestMonthIn(period: Period, today: string, cutoff: number): Period {
  if (period.kind === "month") return period;
  return monthOf(period.end < today ? period.end : today, cutoff);
}
