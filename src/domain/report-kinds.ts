// Report kinds: a period's length picks the kind of report (month, quarter, six months, nine
// months, year, several years — "tổng kết"), and each kind has its own default template file. Pure.
//
// Calendar periods have their kind. A free date range is classed by its length in days:
//   up to 45 days              → month      (about one month, e.g. 15/01–14/02)
//   46 to 120 days             → quarter    (about three months)
//   121 to 240 days            → half       (about six months)
//   241 to 320 days            → nine       (about nine months)
//   321 to 400 days (≈13 months) → year
//   more than 400 days         → multiYear  (tổng kết, e.g. 01/01/2015–26/02/2025)
import type { Period } from "./periods.js";
import { isoParts } from "./vn.js";

export const REPORT_KINDS = ["month", "quarter", "half", "nine", "year", "multiYear"] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/** Default template file name of each kind; REPORT_TEMPLATE_DIR may hold files of the same names. */
export const TEMPLATE_FILES: Readonly<Record<ReportKind, string>> = {
  month: "bao-cao-thang.md",
  quarter: "bao-cao-quy.md",
  half: "bao-cao-6-thang.md",
  nine: "bao-cao-9-thang.md",
  year: "bao-cao-nam.md",
  multiYear: "bao-cao-tong-ket.md",
};

/** What a person reads: "tháng", "quý", … */
export const KIND_LABELS: Readonly<Record<ReportKind, string>> = {
  month: "tháng",
  quarter: "quý",
  half: "6 tháng",
  nine: "9 tháng",
  year: "năm",
  multiYear: "tổng kết nhiều năm",
};

/** Upper bounds (days, inclusive) of a free range for each kind but the last. */
const RANGE_LIMITS: readonly [ReportKind, number][] = [
  ["month", 45],
  ["quarter", 120],
  ["half", 240],
  ["nine", 320],
  ["year", 400],
];

/** Days from start to end, both included. */
export function periodDays(p: Pick<Period, "start" | "end">): number {
  const day = (iso: string) => {
    const [y, m, d] = isoParts(iso);
    return Date.UTC(y, m - 1, d) / 86_400_000;
  };
  return day(p.end) - day(p.start) + 1;
}

export function reportKindOf(p: Period): ReportKind {
  if (p.kind !== "range") return p.kind;
  const days = periodDays(p);
  for (const [kind, limit] of RANGE_LIMITS) if (days <= limit) return kind;
  return "multiYear";
}

/** Whole years covered, to the nearest year ("Tổng kết 10 năm"); at least 1. */
export function yearsCovered(p: Pick<Period, "start" | "end">): number {
  return Math.max(1, Math.round(periodDays(p) / 365.25));
}

/** "2015 – 2025": first and last year of the period. */
export function yearSpan(p: Pick<Period, "start" | "end">): string {
  const a = p.start.slice(0, 4);
  const b = p.end.slice(0, 4);
  return a === b ? a : `${a} – ${b}`;
}

/** The leader's words of one report, as the chat core and the report both hold them. */
export interface WordsLike { situation: string | null; tasks: readonly string[]; facts: Readonly<Record<string, string>> }

/** Whether the leader gave any words for a report. */
export function wordsGiven(w: WordsLike): boolean {
  return Boolean(w.situation) || w.tasks.length > 0 || Object.values(w.facts).some(Boolean);
}

/**
 * Which period's words (the leader's sentence, tasks, round facts) a report prints: its own
 * period's; but when the leader chose whole months for a typed range and gave words for the
 * range only, the range's, so what was written for the report is not dropped by that choice.
 */
export function wordsKeyOf(periodKey: string, typedKey: string | undefined, read: (key: string) => WordsLike): string {
  return typedKey && !wordsGiven(read(periodKey)) && wordsGiven(read(typedKey)) ? typedKey : periodKey;
}
