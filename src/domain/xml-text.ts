// Text bound for a DOCX must be XML 1.0: a single forbidden character makes Word and LibreOffice
// refuse the whole file. Pure; used where the DOCX writer emits text and where people's text is kept.

// C0 controls but tab, LF, CR; U+FFFE, U+FFFF; with the u flag, [\uD800-\uDFFF] matches only
// surrogates that are not part of a pair.
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDFFF]/gu;

/** The text without the characters XML 1.0 forbids. */
export function xmlSafe(s: string): string {
  return s.replace(FORBIDDEN, "");
}

/** Whether the text holds a character XML 1.0 forbids (an archived part that Word would refuse). */
export function hasXmlForbidden(s: string): boolean {
  return s !== xmlSafe(s);
}
