// What a report's figures lack: the months of a period in which a unit that owes a form neither
// filed it nor said "không phát sinh". A document must not read as complete, or set a figure
// against an earlier one, when units are missing from either side (issue 15's rule: every
// sentence follows from the data). Pure: the answered months come from ledger/reported-months.ts.
import { namesList as joinVi, unitsDuring, type DatedUnit } from "../domain/org-dates.js";
import { formatCount2 } from "./format.js";
import type { MonthSpan } from "../ledger/reported-months.js";

export interface MonthGap {
  monthKey: string;
  /** "tháng 04/2025" */
  monthLabel: string;
  /** Names of the units that owe something for the month and did not answer all of it. */
  units: string[];
  /** No unit that owes a form answered anything for the month. */
  none: boolean;
}

export interface Gaps {
  months: MonthGap[];
  /** Forms some owing unit did not answer in some month. */
  forms: string[];
}

export const NO_GAPS: Gaps = { months: [], forms: [] };

export interface GapInputs {
  units: readonly (DatedUnit & { name: string; kind: string })[];
  obligations: Readonly<Record<string, readonly string[]>>;
  months: readonly (MonthSpan & { label: string })[];
  /** "unit|form|monthKey" answered (ledger/reported-months.ts answeredMonths). */
  answered: ReadonlySet<string>;
}

export function gapsOf(i: GapInputs): Gaps {
  const months: MonthGap[] = [];
  const forms = new Set<string>();
  for (const m of i.months) {
    const owing = unitsDuring(i.units, m.start, m.end).map((u) => ({ u, owed: i.obligations[u.kind] ?? [] })).filter((x) => x.owed.length > 0);
    const missing = owing.filter(({ u, owed }) => {
      const lacking = owed.filter((f) => !i.answered.has(`${u.code}|${f}|${m.key}`));
      for (const f of lacking) forms.add(f);
      return lacking.length > 0;
    });
    if (missing.length === 0) continue;
    const none = owing.every(({ u, owed }) => owed.every((f) => !i.answered.has(`${u.code}|${f}|${m.key}`)));
    months.push({ monthKey: m.key, monthLabel: m.label, units: missing.map(({ u }) => u.name), none });
  }
  return { months, forms: [...forms].sort() };
}

/** Consecutive months as one span: "tháng 04/2025", "từ tháng 01/2016 đến tháng 11/2016". */
function spans(gaps: readonly MonthGap[], monthIndex: (key: string) => number): string[] {
  const out: string[] = [];
  let run: MonthGap[] = [];
  const close = () => {
    if (run.length === 1) out.push(run[0]!.monthLabel);
    else if (run.length > 1) out.push(`từ ${run[0]!.monthLabel} đến ${run.at(-1)!.monthLabel}`);
    run = [];
  };
  for (const g of gaps) {
    const last = run.at(-1);
    if (last && monthIndex(g.monthKey) !== monthIndex(last.monthKey) + 1) close();
    run.push(g);
  }
  close();
  return out;
}

const indexOfMonth = (key: string) => Number(key.slice(0, 4)) * 12 + Number(key.slice(5, 7)) - 1;
/** Beyond this many groups of units, the rest is counted, not named. */
const MAX_GROUPS = 5;

/**
 * The document's sentence on what is missing ([[cach_tinh]]), or "" when nothing is: months with
 * no answer at all, then each set of units with the months it did not answer.
 */
export function gapSentence(g: Gaps): string {
  if (g.months.length === 0) return "";
  const parts: string[] = [];
  const empty = g.months.filter((m) => m.none);
  if (empty.length) parts.push(`chưa có đơn vị nào báo cáo ${joinVi(spans(empty, indexOfMonth))}`);
  const groups = new Map<string, MonthGap[]>();
  for (const m of g.months.filter((x) => !x.none)) {
    const key = m.units.join("\u0000");
    groups.set(key, [...(groups.get(key) ?? []), m]);
  }
  const named = [...groups.values()];
  for (const months of named.slice(0, MAX_GROUPS)) {
    parts.push(`${joinVi(months[0]!.units)} chưa báo cáo đủ ${joinVi(spans(months, indexOfMonth))}`);
  }
  if (named.length > MAX_GROUPS) {
    const rest = named.slice(MAX_GROUPS).reduce((n, ms) => n + ms.length, 0);
    parts.push(`còn ${formatCount2(rest)} tháng khác có đơn vị chưa báo cáo đủ`);
  }
  return `Số liệu trong báo cáo chưa đầy đủ: ${parts.join("; ")}.`;
}
