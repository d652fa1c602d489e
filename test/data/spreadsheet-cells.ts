// How a spreadsheet may cut a CSV into cells, written independently of the export: the list
// separator "," ";" or tab, line breaks ending records, quotes honoured (across line breaks or
// only within a line) or ignored. Used to check that no cell of an export is a formula.

export type Separator = "," | ";" | "\t";
export type QuoteMode = "ignored" | "honoured" | "honoured-per-line";
export const SEPARATORS: Separator[] = [",", ";", "\t"];
export const QUOTE_MODES: QuoteMode[] = ["ignored", "honoured", "honoured-per-line"];

const LINE = /\r\n|\r|\n/;

/** Every cell's value, as that spreadsheet would read the file. */
export function cellsOf(csv: string, sep: Separator, quotes: QuoteMode): string[] {
  const text = csv.replace(/^\uFEFF/, "");
  if (quotes === "ignored") return text.split(LINE).flatMap((l) => l.split(sep));
  if (quotes === "honoured-per-line") return text.split(LINE).flatMap((l) => quoted(l, sep));
  return quoted(text, sep);
}

/** A lenient RFC 4180 reader: a quote opens only at a cell's start; text after a closing quote is kept. */
function quoted(text: string, sep: Separator): string[] {
  const cells: string[] = [];
  let cell = "";
  let i = 0;
  let atStart = true;
  while (i < text.length) {
    const c = text[i]!;
    if (atStart && c === "\"") {
      i++;
      while (i < text.length) {
        if (text[i] === "\"" && text[i + 1] === "\"") { cell += "\""; i += 2; continue; }
        if (text[i] === "\"") { i++; break; }
        cell += text[i++];
      }
      atStart = false;
      continue;
    }
    atStart = false;
    if (c === sep) { cells.push(cell); cell = ""; atStart = true; i++; continue; }
    if (c === "\r" || c === "\n") {
      cells.push(cell); cell = ""; atStart = true;
      i += c === "\r" && text[i + 1] === "\n" ? 2 : 1;
      continue;
    }
    cell += c;
    i++;
  }
  cells.push(cell);
  return cells;
}

// Written out here, not imported from src/: = + - @ and their full-width forms.
const FORMULA = /^[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/;
const PLAIN_NUMBER = /^-?\d[\d.,]*$/;
// C0, DEL, C1, the BOM, bidirectional controls, Unicode line breaks.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\ufeff\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u2028\u2029]/;

/**
 * The control characters of the file other than its CRLF record ends (and the leading BOM). Checked
 * on the file, not on cells: a parse that honours a quote opened mid-row may take a record end into a cell.
 */
export function controlCharacters(csv: string): string[] {
  return [...csv.replace(/^\uFEFF/, "").replace(/\r\n/g, "")].filter((c) => CONTROL.test(c))
    .map((c) => `U+${c.codePointAt(0)!.toString(16).padStart(4, "0")}`);
}

/** Why a cell could run as a formula, or null: strict, it looks past leading spaces and quotes. */
export function unsafeCell(cell: string): string | null {
  const start = cell.replace(/^[\s"]+/, "");
  if (FORMULA.test(start) && !PLAIN_NUMBER.test(cell.trim())) return `formula cell ${JSON.stringify(cell)}`;
  return null;
}

/** Every cell of the file that could run as a formula under any separator and quote mode. */
export function unsafeCells(csv: string): string[] {
  const found: string[] = [];
  for (const sep of SEPARATORS) {
    for (const q of QUOTE_MODES) {
      for (const cell of cellsOf(csv, sep, q)) {
        const why = unsafeCell(cell);
        if (why) found.push(`${JSON.stringify(sep)} ${q}: ${why}`);
      }
    }
  }
  return found;
}
