// Widths of a figures table's columns and the size of its header, from estimated text widths
// (no font metrics at hand): numbers on one line, headers in two lines, names on one line when
// there is room. Used by docx.ts; twips throughout.
import type { DocBlock } from "./document.js";

/** Rough width of a text in twips (Times: ~0.63 em capitals, 0.45 em others; wider in bold). */
export const estTw = (s: string, pt: number, bold = false) =>
  [...s].reduce((w, c) => w + (c !== c.toLowerCase() ? (bold ? 0.74 : 0.63) : bold ? 0.53 : 0.45) * pt * 20, 0);

/** Lines a text takes in a column `w` twips wide (greedy word wrap on estimated widths). */
function linesIn(t: string, w: number, pt: number, bold: boolean): number {
  const space = estTw(" ", pt, bold);
  let lines = 1;
  let used = 0;
  for (const word of t.split(/\s+/).filter(Boolean)) {
    const ww = estTw(word, pt, bold);
    if (used > 0 && used + space + ww > w) { lines++; used = ww; } else used += (used > 0 ? space : 0) + ww;
  }
  return lines;
}

/** Header font sizes tried in turn: the largest at which every header fits its column in two lines. */
const HEAD_PTS = [11, 10, 9];
// Estimates are rough (Times widths vary): headers are measured 10 % wider than estimated.
const HEAD_SAFETY = 1.1;

/** The narrowest text width (twips) at which a header takes at most two lines. */
function twoLineWidth(h: string, pt: number): number {
  const longest = Math.max(...h.split(/\s+/).map((w) => estTw(w, pt, true)));
  let lo = Math.ceil(longest);
  let hi = Math.max(lo, Math.ceil(estTw(h, pt, true)));
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (linesIn(h, mid, pt, true) <= 2) hi = mid; else lo = mid + 1;
  }
  return Math.ceil(lo * HEAD_SAFETY);
}

/**
 * Column widths summing to textWidth, figures at tablePt: numbers fit on one line, headers in two
 * lines (issue 15: headers wrapped to 4–5 lines in narrow columns), the name column takes what is
 * left (at least 1800 twips). The header font is the largest of HEAD_PTS at which the figure
 * columns leave the names room for one line (at 10 pt or more; else 1800 twips).
 */
export function columnWidths(
  b: Extract<DocBlock, { kind: "table" }>, textWidth: number, tablePt: number,
): { widths: number[]; headPt: number } {
  const pad = 200;
  const textCols = b.header.map((_, k) => k > 0 && !b.numeric[k]);
  const nText = textCols.filter(Boolean).length;
  const needAt = (pt: number) => b.header.map((h, k) => {
    const cells = b.rows.map((r) => estTw(r[k] ?? "", tablePt, true));
    const numeric = b.numeric[k] || k === 0;
    return Math.ceil(Math.max(twoLineWidth(h, pt), ...(numeric ? cells : [])) + pad);
  });
  const fixedOf = (need: number[]) => need.reduce((s, w, k) => s + (textCols[k] ? 0 : w), 0);
  // Names on one line when there is room: estimates run short on capitals ("Tổ ANTT …"), hence HEAD_SAFETY.
  const wanted = Math.max(0, ...b.rows.map((r) => Math.max(...r.map((c, k) => (textCols[k] ? estTw(c, tablePt) * HEAD_SAFETY + pad : 0)))));
  let textW = Math.max(1800, Math.min(3400, Math.ceil(wanted)));
  // The largest header font (not under 10 pt for this) that leaves the names their width; else
  // the largest that leaves 1800.
  const fits = (min: number, pts: number[]) => pts.find((pt) => fixedOf(needAt(pt)) + min * nText <= textWidth);
  const headPt = fits(textW, HEAD_PTS.filter((pt) => pt >= 10)) ?? fits(1800, HEAD_PTS) ?? HEAD_PTS[HEAD_PTS.length - 1]!;
  const need = needAt(headPt);
  const fixed = fixedOf(need);
  if (nText === 0) return { widths: need.map((w) => Math.floor((w * textWidth) / fixed)), headPt };
  // shrink the name column, then everything, when the figures need more room
  if (fixed + textW * nText > textWidth) textW = Math.max(1800, Math.floor((textWidth - fixed) / nText));
  const slack = textWidth - fixed - textW * nText;
  let widths: number[];
  if (slack >= 0) {
    // spare room goes to the figure columns (not STT, not the names)
    const figW = fixed - (need[0] ?? 0);
    widths = need.map((w, k) => (textCols[k] ? textW : k === 0 ? w : Math.floor(w + (slack * w) / figW)));
  } else {
    const scale = textWidth / (fixed + textW * nText);
    widths = need.map((w, k) => Math.floor((textCols[k] ? textW : w) * scale));
  }
  widths[widths.length - 1]! += textWidth - widths.reduce((s, w) => s + w, 0);
  return { widths, headPt };
}
