// Clean-up of a rendered paragraph after "[? … ?]" parts were left out: spaces, orphaned
// punctuation, empty parentheses, capital first letter; then *italic* / **bold** spans.
import { upperFirst } from "../format.js";
import type { Span } from "../document.js";

export function tidy(raw: string, opts: { capitalize?: boolean } = {}): string {
  let s = raw.normalize("NFC").replace(/\s+/g, " ").trim();
  const bullet = /^([-+])(?: |$)/.exec(s)?.[1] ?? "";
  if (bullet) s = s.slice(1).trim();
  let prev: string;
  do {
    prev = s;
    s = s
      .replace(/\(\s*\)/g, "") // "()" left by an omitted part
      .replace(/([(“])\s+/g, "$1")
      .replace(/\(\s*[,;]\s*/g, "(") // "(; 01 vụ buôn lậu)" when the part before it was left out
      .replace(/\s+([,.;:!?)”])/g, "$1")
      .replace(/([,;:])\s*([,;.])/g, "$2") // "tham gia; ." → "tham gia."
      .replace(/\.{4,}/g, "...")
      .replace(/\s{2,}/g, " ")
      .trim();
  } while (s !== prev);
  s = s.replace(/^[,;:.]+(?=\s|$)\s*/, "");
  // "a) …" list items keep their lower-case letter
  if (opts.capitalize !== false && !/^\p{Ll}[).] /u.test(s)) s = upperFirst(s);
  if (s === "") return "";
  s = s.replace(/\uE000/g, "     "); // the blank document number left for the records office
  return bullet ? `${bullet} ${s}` : s;
}

/** "a *b* **c**" → spans; unbalanced markers are dropped and the text kept plain. */
export function toSpans(text: string): Span[] {
  const parts = text.split(/(\*\*|\*)/);
  const spans: Span[] = [];
  let bold = false;
  let italic = false;
  for (const p of parts) {
    if (p === "**") bold = !bold;
    else if (p === "*") italic = !italic;
    else if (p !== "") spans.push({ text: p, ...(bold ? { bold } : {}), ...(italic ? { italic } : {}) });
  }
  if (bold || italic) return [{ text: text.replace(/\*/g, "") }];
  return merge(spans);
}

function merge(spans: Span[]): Span[] {
  const out: Span[] = [];
  for (const s of spans) {
    const last = out[out.length - 1];
    if (last && !!last.bold === !!s.bold && !!last.italic === !!s.italic) last.text += s.text;
    else out.push({ ...s });
  }
  return out;
}
