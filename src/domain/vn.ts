// Vietnamese text helpers: folding for lenient matching, numbers as people type them
// ("1.200", "2,5"), and calendar dates in Asia/Ho_Chi_Minh as ISO "YYYY-MM-DD" strings.
// Pure functions, no I/O. Expected failures are returned as values.

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

// ---------------------------------------------------------------------------------------
// Numbers

export type NumberParse =
  | { ok: true; value: number }
  | {
      ok: false;
      reason: "empty" | "not_number" | "negative" | "ambiguous" | "too_large";
      message: string;
    };

const MAX_NUMBER = 1e12;
const NUMBER_WORDS = new Set(["tram", "chuc", "van", "ruoi", "le", "linh", "muoi", "mot", "hai", "ba", "bon", "nam", "sau", "bay", "tam", "chin",
  "k", "nghin", "ngan", "tr", "trieu", "ty", "ti"]);
const MULTIPLIERS = new Map<string, number>([
  ["k", 1e3], ["nghin", 1e3], ["ngan", 1e3], ["tr", 1e6], ["trieu", 1e6], ["ty", 1e9], ["ti", 1e9],
]);

/**
 * Reads a number the Vietnamese way: "." groups thousands ("1.200"), "," marks decimals
 * ("2,5"). Trailing words of letters are allowed ("3 buổi", "5 lượt người") and ignored, except
 * multipliers: "5 triệu" is 5.000.000, "15 nghìn" and "15k" are 15.000, "2 tỷ" is 2.000.000.000.
 * A single "." that cannot be a thousands separator ("2.5") is rejected as ambiguous.
 * `unitWords` only shapes the example in error messages ("ví dụ: 12 buổi").
 */
export function parseVnNumber(text: string, opts?: { unitWords?: string[] }): NumberParse {
  const unit = opts?.unitWords?.[0]?.normalize("NFC").trim();
  const example = unit ? `12 ${unit}` : "12";
  const notNumber = {
    ok: false,
    reason: "not_number",
    message: `Xin nhập một con số, ví dụ: ${example}.`,
  } as const;

  const s = text.normalize("NFC").replace(/\s+/g, " ").trim();
  if (s === "") {
    return { ok: false, reason: "empty", message: `Chưa có số. Xin nhập một con số, ví dụ: ${example}.` };
  }
  const m = /^([-−]?) ?([\d.,]+)(?:( ?)([\p{L}\p{M}]+(?: [\p{L}\p{M}]+)*))?$/u.exec(s);
  const sign = m?.[1];
  const digits = m?.[2];
  if (sign === undefined || digits === undefined || !/\d/.test(digits)) return notNumber;
  // "5 triệu", "2,5 tr", "15 nghìn", "300k": how people write money. Other words are units
  // ("3 buổi") and need a space: "12buổi" stays unreadable.
  const words = fold(m?.[4] ?? "").split(" ").filter(Boolean);
  const multiplier = words.length ? MULTIPLIERS.get(words[0]!) : undefined;
  if (words.length && m?.[3] === "" && multiplier === undefined) return notNumber;
  // "2 triệu rưỡi", "5 trăm nghìn": more number words than we read safely. Ask for digits.
  const rest = multiplier === undefined ? words : words.slice(1);
  if (rest.some((w) => NUMBER_WORDS.has(w))) {
    return { ok: false, reason: "not_number", message: "Xin gõ số bằng chữ số, ví dụ 2.500.000 hoặc 2,5 triệu." };
  }

  let value: number;
  if (/^\d+$/.test(digits)) {
    value = Number(digits);
  } else if (/^\d+,\d+$/.test(digits)) {
    value = Number(digits.replace(",", "."));
  } else if (/^[1-9]\d{0,2}(\.\d{3})+(,\d+)?$/.test(digits)) {
    value = Number(digits.replace(/\./g, "").replace(",", "."));
  } else if (/^\d+\.\d+$/.test(digits)) {
    if (sign) return negative();
    return { ok: false, reason: "ambiguous", message: ambiguousMessage(digits) };
  } else {
    return notNumber;
  }

  if (multiplier) value = Math.round(value * multiplier * 1e6) / 1e6;
  if (sign && value !== 0) return negative();
  if (value > MAX_NUMBER) {
    return { ok: false, reason: "too_large", message: "Số quá lớn. Xin kiểm tra lại con số." };
  }
  return { ok: true, value };
}

function negative(): NumberParse {
  return { ok: false, reason: "negative", message: "Số không được âm. Xin nhập lại, ví dụ: 3." };
}

/** "2.5" → explains the two readings 2,5 and 25. */
function ambiguousMessage(typed: string): string {
  const [intPart = "", fracRaw = ""] = typed.split(".");
  const frac = fracRaw.replace(/0+$/, "");
  const intValue = Number(intPart);
  const asDecimal = formatVnNumber(intValue, 0) + (frac ? `,${frac}` : "");
  const spoken =
    intValue < 1000
      ? ` (${readVnInteger(intValue)}${frac ? ` phẩy ${[...frac].map((d) => DIGIT_WORDS[Number(d)]).join(" ")}` : ""})`
      : "";
  const asThousands = formatVnNumber(Number(intPart + fracRaw), 0);
  return (
    `"${typed}" có thể hiểu là ${asDecimal}${spoken} hoặc ${asThousands}. ` +
    "Xin gõ lại: số lẻ dùng dấu phẩy (2,5), hàng nghìn dùng dấu chấm (1.200)."
  );
}

const DIGIT_WORDS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"] as const;

/** Spoken form of 0..999: 25 → "hai mươi lăm", 105 → "một trăm linh năm". */
function readVnInteger(n: number): string {
  const word = (d: number): string => DIGIT_WORDS[d] ?? "";
  if (n < 10) return word(n);
  if (n < 100) {
    const tens = Math.floor(n / 10);
    const ones = n % 10;
    const head = tens === 1 ? "mười" : `${word(tens)} mươi`;
    if (ones === 0) return head;
    if (ones === 5) return `${head} lăm`;
    if (ones === 1 && tens > 1) return `${head} mốt`;
    return `${head} ${word(ones)}`;
  }
  const rest = n % 100;
  const head = `${word(Math.floor(n / 100))} trăm`;
  if (rest === 0) return head;
  return rest < 10 ? `${head} linh ${word(rest)}` : `${head} ${readVnInteger(rest)}`;
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

export function pad2(n: number): string {
  return String(n).padStart(2, "0");
}

// ---------------------------------------------------------------------------------------
// Dates: plain local dates in Asia/Ho_Chi_Minh (UTC+7, no DST) as "YYYY-MM-DD".

export type DateParse = { ok: true; date: string } | { ok: false; message: string };

/** Asia/Ho_Chi_Minh is UTC+7 all year (no daylight saving). */
export const VN_OFFSET_MS = 7 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Years accepted anywhere a date or period is typed. */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2999;

export function todayInVietnam(now: Date): string {
  return new Date(now.getTime() + VN_OFFSET_MS).toISOString().slice(0, 10);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Builds "YYYY-MM-DD" (no validation). */
export function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, "0")}-${pad2(month)}-${pad2(day)}`;
}

/** "2025-02-26" → [2025, 2, 26]. Assumes a well-formed ISO date. */
export function isoParts(iso: string): [year: number, month: number, day: number] {
  return [Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10))];
}

function isValidDate(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) && year >= MIN_YEAR && year <= MAX_YEAR &&
    Number.isInteger(month) && month >= 1 && month <= 12 &&
    Number.isInteger(day) && day >= 1 && day <= daysInMonth(year, month)
  );
}

/** True for an existing calendar date written exactly as "YYYY-MM-DD". */
export function isIsoDate(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(s) && isValidDate(...isoParts(s));
}

export function addDays(iso: string, n: number): string {
  const [y, m, d] = isoParts(iso);
  return new Date(Date.UTC(y, m - 1, d) + n * DAY_MS).toISOString().slice(0, 10);
}

const INVALID_DATE = 'Ngày không hợp lệ. Xin gõ dạng ngày/tháng, ví dụ 15/2, hoặc "hôm qua".';

/**
 * Reads a date as people type it, without the "not after today" rule (for period ranges):
 * "hôm nay", "hôm qua", "hôm kia", "15/2" (the latest such date not after today),
 * "15/02/2025", "15-2-2025", "15.2.2025", "2025-02-15", optionally after "ngày".
 */
export function readVnDate(text: string, today: string): DateParse {
  const s = fold(text).replace(/^ngay /, "");
  const relative: Record<string, number> = { "hom nay": 0, "hom qua": -1, "hom kia": -2 };
  const shift = relative[s];
  if (shift !== undefined) return { ok: true, date: addDays(today, shift) };

  let y: number, m: number, d: number;
  let match: RegExpExecArray | null;
  if ((match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s))) {
    [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else if ((match = /^(\d{1,2}) ?[/.-] ?(\d{1,2}) ?[/.-] ?(\d{4})$/.exec(s))) {
    [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else if ((match = /^(\d{1,2}) ?[/.-] ?(\d{1,2})$/.exec(s))) {
    [d, m] = [Number(match[1]), Number(match[2])];
    const [ty, tm, td] = isoParts(today);
    y = m > tm || (m === tm && d > td) ? ty - 1 : ty;
  } else {
    return { ok: false, message: INVALID_DATE };
  }
  if (!isValidDate(y, m, d)) return { ok: false, message: INVALID_DATE };
  return { ok: true, date: isoDate(y, m, d) };
}

/** An activity date: like readVnDate, but a date after today is refused. */
export function parseVnDate(text: string, today: string): DateParse {
  const r = readVnDate(text, today);
  if (r.ok && r.date > today) return { ok: false, message: "Ngày hoạt động không được sau hôm nay." };
  return r;
}

/** "2015-01-09" → "09/01/2015". */
export function formatDateShort(iso: string): string {
  const [y, m, d] = isoParts(iso);
  return `${pad2(d)}/${pad2(m)}/${y}`;
}

/** Official long form (Nghị định 30/2020): "ngày 26 tháng 02 năm 2025", "ngày 05 tháng 3 năm 2025". */
export function formatDateLong(iso: string): string {
  const [y, m, d] = isoParts(iso);
  return `ngày ${pad2(d)} tháng ${m <= 2 ? pad2(m) : String(m)} năm ${y}`;
}
