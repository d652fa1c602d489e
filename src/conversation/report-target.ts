// What a leader names when changing what a report will print: a kind of report ("tháng",
// "quý", "6 tháng", "tổng kết", … — căn cứ belong to a kind) or a period ("tháng 2/2025" —
// the leader's own words belong to one report). A period also names its kind. Pure.
import { parsePeriod, type Period } from "../domain/periods.js";
import { KIND_LABELS, REPORT_KINDS, reportKindOf, type ReportKind } from "../domain/report-kinds.js";
import { fold } from "../domain/vn.js";

/** The kind's name as a person reads it after "báo cáo": "tháng", "tổng kết nhiều năm". */
export const kindName = (kind: ReportKind): string => `báo cáo ${KIND_LABELS[kind]}`;

/** The kind as typed in examples: "tháng", "tổng kết". */
export const kindWord = (kind: ReportKind): string => KIND_LABELS[kind].replace(/ nhiều năm$/, "");

/** Folded words that name each kind: its label, and "tổng kết" for "tổng kết nhiều năm". */
function kindWords(): [string, ReportKind][] {
  const words: [string, ReportKind][] = [];
  for (const kind of REPORT_KINDS) {
    const label = fold(KIND_LABELS[kind]);
    words.push([label, kind], [`bao cao ${label}`, kind]);
    // "tổng kết nhiều năm" is typed "tổng kết"; "6 tháng" also "sáu tháng".
    // "9 tháng đầu năm", if so labelled, is typed "9 tháng" too.
    const short = label.replace(/ nhieu nam$/, "").replace(/^(\d+ thang) .*$/, "$1");
    if (short !== label) words.push([short, kind], [`bao cao ${short}`, kind]);
    const spelled = short.replace(/^6 /, "sau ").replace(/^9 /, "chin ");
    if (spelled !== short) words.push([spelled, kind]);
  }
  return words;
}

/** The kind a typed word names ("tháng", "tong ket", "6 tháng"), or undefined. */
export function kindFromWord(typed: string): ReportKind | undefined {
  const s = fold(typed);
  return kindWords().find(([w]) => w === s)?.[1];
}

/** Examples of the kinds, for answers that ask for one: "tháng | quý | 6 tháng | năm | tổng kết". */
export function kindExamples(): string {
  return REPORT_KINDS.map(kindWord).join(" | ");
}

export type Target = { ok: true; kind: ReportKind; period?: Period } | { ok: false; message: string };

/** A kind word or a period ("tháng 2/2025", "năm 2024", "2015-01-01..2025-02-26"). */
export function readTarget(typed: string, cutoff: number, today: string): Target {
  const kind = kindFromWord(typed);
  if (kind) return { ok: true, kind };
  const r = parsePeriod(typed, cutoff, today);
  if (!r.ok) return r;
  return { ok: true, kind: reportKindOf(r.period), period: r.period };
}

/** A period as a leader types it back: its label when that reads back the same, else its (shorter) key. */
export function typedPeriod(p: Period, cutoff: number, today: string): string {
  if (p.kind === "range") return p.key;
  const r = parsePeriod(p.label, cutoff, today);
  return r.ok && r.period.key === p.key ? p.label : p.key;
}
