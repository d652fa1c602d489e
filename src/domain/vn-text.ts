// Folding and number formatting shared by the Vietnamese readers (vn.ts, vn-number.ts).

/** NFC, lowercase, no diacritics (đ → d), single spaces, trimmed: "Tháng  Này" → "thang nay". */
export function fold(s: string): string {
  return s
    .normalize("NFC")
    .toLowerCase()
    .replace(/đ/g, "d")
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/\s+/g, " ")
    .trim();
}

/** 14209 → "14.209", 1234.5 → "1.234,5". Without `decimals`, up to 2 decimals when needed. */
export function formatVnNumber(n: number, decimals?: number): string {
  return numberFormat(decimals).format(n);
}

// Building an Intl.NumberFormat costs more than formatting: keep one per precision.
const NUMBER_FORMATS = new Map<number | undefined, Intl.NumberFormat>();
function numberFormat(decimals: number | undefined): Intl.NumberFormat {
  let fmt = NUMBER_FORMATS.get(decimals);
  if (!fmt) {
    fmt = new Intl.NumberFormat("vi-VN", { minimumFractionDigits: decimals ?? 0, maximumFractionDigits: decimals ?? 2 });
    NUMBER_FORMATS.set(decimals, fmt);
  }
  return fmt;
}

/** The longest name kept for a person (from their platform profile). */
export const MAX_NAME_LENGTH = 100;

/**
 * A person's name as kept: NFC, no control characters, single spaces, at most MAX_NAME_LENGTH
 * characters. Cut, not refused: it comes from the platform's profile, not typed to the bot.
 */
export function personName(raw: string): string {
  const clean = raw.normalize("NFC").replace(/[\p{Cc}\p{Cf}]/gu, " ").replace(/\s+/g, " ").trim();
  return [...clean].slice(0, MAX_NAME_LENGTH).join("").trim() || "Người dùng";
}

/** What someone typed, quoted back in a reply: at most 40 characters, never a pasted page. */
export function quoted(typed: string): string {
  const t = typed.normalize("NFC").replace(/\s+/g, " ").trim();
  return t.length > 40 ? `${[...t].slice(0, 40).join("")}…` : t;
}
