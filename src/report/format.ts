// Format filters for report text: Vietnamese numbers, money, percentages, comparisons and
// dates as official documents write them (Nghị định 30/2020/NĐ-CP). Pure functions.
import { formatDateLong, formatDateShort, formatVnNumber } from "../domain/vn.js";

const groupFormats = new Map<number, Intl.NumberFormat>();
function fmt(maxDecimals: number): Intl.NumberFormat {
  let f = groupFormats.get(maxDecimals);
  if (!f) {
    f = new Intl.NumberFormat("vi-VN", { minimumFractionDigits: 0, maximumFractionDigits: maxDecimals });
    groupFormats.set(maxDecimals, f);
  }
  return f;
}

/** Thousands with '.', decimals with ',' (up to 2): 14209 → "14.209", 1234.5 → "1.234,5". */
export function formatNumber(n: number): string {
  return formatVnNumber(n);
}

/** Small counts with two digits, as offices write them in running text: 3 → "03", 10 → "10", 0 → "0", 2,5 → "2,5". */
export function formatCount2(n: number): string {
  if (Number.isInteger(n) && n > 0 && n < 10) return `0${n}`;
  return formatNumber(n);
}

/** Money in full: 327900000 → "327.900.000 đồng". */
export function formatMoney(n: number): string {
  return `${fmt(0).format(Math.round(n))} đồng`;
}

/**
 * Money in millions when the amount is whole millions: 356000000 → "356 triệu đồng";
 * any other amount in full đồng (550000 → "550.000 đồng"), never a fraction of a million.
 */
export function formatMillions(n: number): string {
  const rounded = Math.round(n);
  if (rounded === 0 || rounded % 1_000_000 !== 0) return formatMoney(rounded);
  return `${fmt(0).format(rounded / 1_000_000)} triệu đồng`;
}

/** A percentage value (12.5 means 12,5 %): "12,5%". Small values keep two decimals. */
export function formatPercent(p: number): string {
  const digits = Math.abs(p) < 1 ? 2 : 1;
  return `${fmt(digits).format(p)}%`;
}

/**
 * An earlier figure below this is a small base: a percentage of it misleads ("tăng 200%" from
 * 1 to 3), so the difference is written in the metric's unit instead ("tăng 02 buổi").
 */
export const SMALL_BASE = 10;

interface Change {
  /** "tăng 12,5%", "giảm 3%", "gấp 13 lần", "tăng 02 buổi", "bằng". */
  phrase: string;
  /** "(tăng 48 buổi)": the absolute difference after a "gấp N lần" on a small base. */
  note: string;
}

function change(current: number, earlier: number | null | undefined, unit: string): Change | null {
  if (earlier === null || earlier === undefined || !Number.isFinite(earlier)) return null;
  // From none to some: no percentage exists, but the rise is a fact (“tăng 02 vụ”), with the unit only.
  if (earlier === 0) return current > 0 && unit !== "" ? { phrase: `tăng ${formatCount2(current)} ${unit}`, note: "" } : null;
  if (current === earlier) return { phrase: "bằng", note: "" };
  const diff = current - earlier;
  const small = unit !== "" && Math.abs(earlier) < SMALL_BASE;
  const absolute = `${diff > 0 ? "tăng" : "giảm"} ${formatCount2(Math.abs(diff))} ${unit}`;
  // Growth over 100% reads as a multiple, as offices write it: "gấp 2,5 lần".
  if (earlier > 0 && current > 2 * earlier) {
    return { phrase: `gấp ${formatNumber(Math.round((current / earlier) * 10) / 10)} lần`, note: small ? `(${absolute})` : "" };
  }
  if (small) return { phrase: absolute, note: "" };
  return { phrase: `${diff > 0 ? "tăng" : "giảm"} ${formatPercent(Math.abs((diff / Math.abs(earlier)) * 100))}`, note: "" };
}

/**
 * Change from `earlier` to `current`: "tăng 12,5%", "giảm 3%", "gấp 2,5 lần", "bằng"; with the
 * metric's unit a small base reads "tăng 02 buổi". "" when the earlier value is missing or zero.
 */
export function comparePhrase(current: number, earlier: number | null | undefined, unit = ""): string {
  const c = change(current, earlier, unit);
  return c ? [c.phrase, c.note].filter(Boolean).join(" ") : "";
}

/**
 * comparePhrase followed by "so với <what>": "gấp 13 lần so với tháng 01/2025 (tăng 48 buổi)";
 * "bằng" reads "bằng <what>".
 */
export function compareWith(current: number, earlier: number | null | undefined, what: string, unit = ""): string {
  const c = change(current, earlier, unit);
  if (!c) return "";
  if (c.phrase === "bằng") return `bằng ${what}`;
  return [`${c.phrase} so với ${what}`, c.note].filter(Boolean).join(" ");
}

/** "2025-02-26" → "ngày 26 tháng 02 năm 2025" (leading zero on day < 10 and months 1–2). */
export function formatDateFull(iso: string): string {
  return formatDateLong(iso);
}

/** "2015-01-09" → "09/01/2015". */
export function formatDate(iso: string): string {
  return formatDateShort(iso);
}


/** List joined with ", ": ["Kinh", "Khmer", "Hoa"] → "Kinh, Khmer, Hoa". */
export function formatList(items: readonly string[]): string {
  return items.join(", ");
}

/** First letter lower case: "Phường Nhơn Hưng" → "phường Nhơn Hưng". */
export function lowerFirst(s: string): string {
  return s.replace(/^\p{L}/u, (c) => c.toLocaleLowerCase("vi-VN"));
}

/** First letter upper case. */
export function upperFirst(s: string): string {
  return s.replace(/^\p{L}/u, (c) => c.toLocaleUpperCase("vi-VN"));
}

/** Upper case (for level-1 headings). */
export function upper(s: string): string {
  return s.toLocaleUpperCase("vi-VN");
}
