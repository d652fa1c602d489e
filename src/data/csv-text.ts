// Text for a CSV cell that stays text in any spreadsheet, whichever list separator it splits on.
//
// A spreadsheet runs a cell as a formula when it starts with = + - @ (Excel and Numbers also
// with their full-width forms). Opened with ";" as the list separator (Vietnamese Windows) or
// as tab-separated, a note "a;=1+1" is two cells, the second a formula, quoted or not; a line
// break ends the record wherever the quotes are not honoured. So, in every text cell:
//   - line breaks become " / " and tabs a space (no piece can begin a new record or cell),
//   - other control characters (C0, DEL, C1), the BOM and the bidirectional overrides are removed,
//   - at the start, and after every "," or ";", a piece whose first visible character (past
//     spaces and quotes) is a formula character gets a "'" in front: the mark spreadsheets
//     read as "this is text" (OWASP's advice; some show it, the lesser evil next to running it).
// Numbers are never passed here: they stay numbers.

const FORMULA_START = "=+\\-@\uFF1D\uFF0B\uFF0D\uFF20";
const LINE_BREAKS = /[ \t]*(?:\r\n|[\n\r\v\f\u0085\u2028\u2029])+[ \t]*/g;
// C0 but the line breaks and tab handled above, DEL, C1; the BOM; bidi embeddings, overrides, isolates and marks.
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u0008\u000e-\u001f\u007f-\u0084\u0086-\u009f\ufeff\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;
/** A piece's start: the field's start or a separator, then spaces and quotes, then a formula character. */
const PIECE = new RegExp(`(^|[,;])([\\s"]*)(?=[${FORMULA_START}])`, "gu");

/** `s` made safe for a CSV text cell (see the head of this file). */
export function csvText(s: string): string {
  return s.replace(LINE_BREAKS, " / ").replace(/\t/g, " ").replace(INVISIBLE, "").replace(PIECE, "$1'$2");
}
