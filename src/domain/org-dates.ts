// The dated organisation: when a unit is in force, which units are in force on a day or during a
// span, where an ended unit's figures go (mergers and splits), and the checks of those dates.
// Pure: the profile (profile.ts) declares the dates, every caller asks here.
import { addDays, formatDateShort } from "./vn.js";

/** What this module needs of a unit; ISO days, both ends inclusive, absent = open. */
export interface DatedUnit {
  code: string;
  name: string;
  from?: string | undefined;
  until?: string | undefined;
  /** Units that take over from the day after `until`: one for a merger, several for a split. */
  successors?: string[] | undefined;
}

export const inForceOn = (u: Pick<DatedUnit, "from" | "until">, day: string): boolean =>
  (u.from === undefined || u.from <= day) && (u.until === undefined || day <= u.until);

/** In force on at least one day of [start, end]. */
export const inForceDuring = (u: Pick<DatedUnit, "from" | "until">, start: string, end: string): boolean =>
  (u.from === undefined || u.from <= end) && (u.until === undefined || start <= u.until);

export const unitsOn = <U extends DatedUnit>(units: readonly U[], day: string): U[] => units.filter((u) => inForceOn(u, day));

export const unitsDuring = <U extends DatedUnit>(units: readonly U[], start: string, end: string): U[] =>
  units.filter((u) => inForceDuring(u, start, end));

/**
 * The unit whose row carries `code`'s figures in a report of [start, end]: the unit itself while
 * it is in force for part of the span; a unit ended before `start` passes to its one successor
 * (a merger), followed until one is in force. A split (several successors) cannot divide the
 * figures: they stay with the old unit, as a former-unit row.
 */
export function homeOf<U extends DatedUnit>(units: readonly U[], code: string, start: string, end: string): U | undefined {
  const byCode = new Map(units.map((u) => [u.code, u]));
  let u = byCode.get(code);
  const seen = new Set<string>();
  while (u && !inForceDuring(u, start, end) && u.until !== undefined && u.until < start
    && u.successors?.length === 1 && !seen.has(u.code)) {
    seen.add(u.code);
    const next = byCode.get(u.successors[0]!);
    if (!next) break;
    u = next;
  }
  return u;
}

/**
 * Stock rows (each unit's latest count at `day`) without counting a change twice: a unit ended
 * before `day` stops counting a metric once a successor (followed through later changes) has its
 * own count of it; until then its last count stands, carried under the successor by the report
 * (homeOf). A split unit drops out once any successor counts: figures cannot be divided, so the
 * others' share is missing until they count too, rather than counted twice.
 */
export function stocksInForce<R extends { unit: string; metric: string }>(rows: readonly R[], units: readonly DatedUnit[], day: string): R[] {
  const ended = new Map(units.filter((u) => u.until !== undefined && u.until < day).map((u) => [u.code, u]));
  if (ended.size === 0) return [...rows];
  const has = new Set(rows.map((r) => `${r.unit}|${r.metric}`));
  const replaced = (code: string, metric: string, seen: Set<string>): boolean =>
    (ended.get(code)?.successors ?? []).some((s) => !seen.has(s)
      && (has.has(`${s}|${metric}`) || replaced(s, metric, seen.add(s))));
  return rows.filter((r) => !replaced(r.unit, r.metric, new Set([r.unit])));
}

/**
 * Why a unit takes nobody new on `day`, or undefined while it is in force: "Khóm Tây Hưng đã kết
 * thúc ngày 30/06/2025; từ 01/07/2025 nhập vào Khóm Hưng Phú." or "Khóm Hưng Phú bắt đầu hoạt
 * động từ ngày 01/07/2025." (the words a reporter of an ended unit is told, filing.ts).
 */
export function outOfForceLine(u: DatedUnit, units: readonly DatedUnit[], day: string): string | undefined {
  if (u.until !== undefined && day > u.until) {
    const next = (u.successors ?? []).map((c) => units.find((x) => x.code === c)?.name ?? c);
    const after = next.length === 0 ? ""
      : `; từ ${formatDateShort(addDays(u.until, 1))} ${next.length > 1 ? "chia thành" : "nhập vào"} ${namesList(next)}`;
    return `${u.name} đã kết thúc ngày ${formatDateShort(u.until)}${after}.`;
  }
  if (u.from !== undefined && day < u.from) return `${u.name} bắt đầu hoạt động từ ngày ${formatDateShort(u.from)}.`;
  return undefined;
}

/** "Khóm Hưng Phú", "Khóm A và Khóm B", "Khóm A, Khóm B và Khóm C". */
export function namesList(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} và ${names.at(-1)}`;
}

/**
 * The line a report prints for an ended unit that had figures in it: `home` is the unit whose row
 * holds them; `endedBefore`: the unit ended before the report's period began.
 */
export function changeLine(u: DatedUnit, units: readonly DatedUnit[], home: DatedUnit | undefined, endedBefore: boolean): string | undefined {
  if (u.until === undefined) return undefined;
  const next = (u.successors ?? []).map((c) => units.find((x) => x.code === c)?.name ?? c);
  const until = formatDateShort(u.until);
  if (home && home.code !== u.code) return `Số liệu của ${u.name} (đến ${until}) được tính vào ${home.name}.`;
  if (next.length === 0) return undefined;
  if (endedBefore) {
    return `Số liệu của ${u.name} (đến ${until}) để riêng ở dòng ${u.name} (đơn vị cũ), vì không chia được cho ${namesList(next)}.`;
  }
  const from = formatDateShort(addDays(u.until, 1));
  return next.length === 1
    ? `${u.name} hoạt động đến ${until}; từ ${from} nhập vào ${next[0]}.`
    : `${u.name} hoạt động đến ${until}; từ ${from} chia thành ${namesList(next)}.`;
}

export interface DateIssue { path: (string | number)[]; message: string }

/** until ≥ from; successors exist, are not the unit and are in force on the day after until; no cycles. */
export function checkUnitDates(units: readonly DatedUnit[]): DateIssue[] {
  const issues: DateIssue[] = [];
  const byCode = new Map(units.map((u) => [u.code, u]));
  units.forEach((u, i) => {
    if (u.from !== undefined && u.until !== undefined && u.until < u.from) {
      issues.push({ path: ["units", i, "until"], message: `${u.name}: ngày kết thúc (until ${u.until}) trước ngày bắt đầu (from ${u.from})` });
    }
    const next = u.successors ?? [];
    if (next.length > 0 && u.until === undefined) {
      issues.push({ path: ["units", i, "successors"], message: `${u.name} có đơn vị kế tiếp (successors) nên phải có ngày kết thúc (until)` });
      return;
    }
    next.forEach((code, j) => {
      const s = byCode.get(code);
      const at = ["units", i, "successors", j];
      if (!s) issues.push({ path: at, message: `${u.name}: đơn vị kế tiếp “${code}” không có trong danh sách units` });
      else if (s.code === u.code) issues.push({ path: at, message: `${u.name} không thể là đơn vị kế tiếp của chính nó` });
      else if (!inForceOn(s, addDays(u.until!, 1))) {
        issues.push({ path: at, message: `${u.name} kết thúc ngày ${formatDateShort(u.until!)} nhưng đơn vị kế tiếp ${s.name} không hoạt động ngày ${formatDateShort(addDays(u.until!, 1))}` });
      }
    });
  });
  // The day rule above already forbids cycles among dated units; this says one plainly anyway.
  const done = new Set<string>();
  const trail: string[] = [];
  const cycleFrom = (code: string): string[] | undefined => {
    if (trail.includes(code)) return [...trail.slice(trail.indexOf(code)), code];
    if (done.has(code)) return undefined;
    trail.push(code);
    for (const s of byCode.get(code)?.successors ?? []) {
      const cycle = cycleFrom(s);
      if (cycle) return cycle;
    }
    trail.pop();
    done.add(code);
    return undefined;
  };
  for (const [i, u] of units.entries()) {
    const cycle = cycleFrom(u.code);
    if (cycle) {
      issues.push({ path: ["units", i, "successors"], message: `vòng lặp đơn vị kế tiếp: ${cycle.join(" → ")}` });
      break;
    }
  }
  return issues;
}
