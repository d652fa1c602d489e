// Numbers as people type them in a Vietnamese chat. Pure; failures are values with a message
// that says what to type instead.
//
// The rule for separators (Vietnamese writes "." for thousands and "," for decimals; phones and
// spreadsheets set to English do the opposite):
//  - "1.200", "1.200.000", "1.234,5": Vietnamese thousands, read as such. A lone "1.500" is
//    asked again where a decimal is plausible (a question that allows decimals, or before
//    "triệu"/"k": "1.500 tr" may be 1,5 triệu).
//  - "2,5", "0,500", "1,25", "1234,567": a decimal comma, read as such.
//  - "1,000", "500,000": one comma followed by exactly three digits after 1–3 digits is English
//    thousands (1000) or a Vietnamese decimal (1): always asked again, with both readings.
//  - "1,000,000": two or more comma groups can only be English thousands: read as 1000000.
//  - "2.5", "1.20", "0.200": a dot not followed by a thousands group is asked again (2,5 or 25).
// Words: "không", "khong co", "ko" are 0; "một"/"mot" … "mười"/"muoi" are 1–10; "nghìn"/"ngàn"
// multiply by 1000; "k", "tr", "triệu", "tỷ" and "đ" are money words, refused for counts; other
// words after the number must be the question's unit ("3 buổi"), when the caller names it.
import { fold, formatVnNumber } from "./vn-text.js";

export type NumberParse =
  | { ok: true; value: number }
  | {
      ok: false;
      reason: "empty" | "not_number" | "negative" | "ambiguous" | "too_large" | "wrong_unit";
      message: string;
    };

export interface NumberOptions {
  /** The question's unit words ("buổi", "lượt người"); the first shapes examples. When given, other words after the number are refused. */
  unitWords?: readonly string[];
  /** Money in đồng: "k", "tr", "triệu", "tỷ", "đ" are read; for a count they are refused. */
  money?: boolean;
  /** The question allows decimals ("giờ"): a lone "1.500" may mean 1,5 and is asked. */
  decimals?: boolean;
}

type Read = NumberParse & { readings?: number[] };

const MAX_NUMBER = 1e12;
/** Words that make a phrase more than we read safely ("hai mươi", "5 trăm nghìn"): ask for digits. */
const NUMBER_WORDS = new Set(["tram", "chuc", "van", "ruoi", "le", "linh", "muoi", "mot", "hai", "ba", "bon", "nam", "sau", "bay", "tam", "chin",
  "k", "nghin", "ngan", "tr", "trieu", "ty", "ti"]);
const MULTIPLIERS = new Map<string, number>([
  ["k", 1e3], ["nghin", 1e3], ["ngan", 1e3], ["tr", 1e6], ["trieu", 1e6], ["ty", 1e9], ["ti", 1e9],
]);
/** Multipliers that belong to money ("15k" gifts is a price typed in the wrong place). */
const MONEY_MULTIPLIERS = new Set(["k", "tr", "trieu", "ty", "ti"]);
const MONEY_WORDS = new Set(["dong", "d", "vnd"]);
/** Polite or filler words people add: "3 buổi ạ", "không có vụ nào". */
const FILLERS = new Set(["a", "thoi", "nhe", "nha", "nao"]);
/** 1–10 as words: with correct diacritics, or with none at all ("sau" is 6; "sàu" is nothing). */
const WORD_VALUES = new Map<string, number>([
  ["không", 0], ["một", 1], ["hai", 2], ["ba", 3], ["bốn", 4], ["năm", 5], ["sáu", 6], ["bảy", 7], ["bẩy", 7], ["tám", 8], ["chín", 9], ["mười", 10],
  ["khong", 0], ["ko", 0], ["mot", 1], ["bon", 4], ["nam", 5], ["sau", 6], ["bay", 7], ["tam", 8], ["chin", 9], ["muoi", 10],
]);

/**
 * Reads a number the Vietnamese way (see the rule at the top of this file): "1.200", "2,5",
 * "3 buổi", "hai", "không có", "5 triệu", "15k". A reading that could be two numbers is refused
 * as "ambiguous" (see ambiguousReadings for the two).
 */
export function parseVnNumber(text: string, opts?: NumberOptions): NumberParse {
  const r = read(text, opts ?? {});
  if (r.ok) return r;
  return { ok: false, reason: r.reason, message: r.message };
}

/** The numbers an ambiguous input may mean ("1,000" → [1, 1000]), smallest first; [] otherwise. */
export function ambiguousReadings(text: string, opts?: NumberOptions): number[] {
  const r = read(text, opts ?? {});
  return !r.ok && r.reason === "ambiguous" ? r.readings ?? [] : [];
}

function read(text: string, opts: NumberOptions): Read {
  const unit = opts.unitWords?.[0]?.normalize("NFC").trim();
  const example = opts.money ? "1.500.000 hoặc 1,5 triệu" : unit ? `12 ${unit}` : "12";
  const notNumber: Read = { ok: false, reason: "not_number", message: `Xin nhập một con số, ví dụ: ${example}.` };

  const s = text.normalize("NFC").replace(/\s+/g, " ").trim();
  if (s === "") return { ok: false, reason: "empty", message: `Chưa có số. Xin nhập một con số, ví dụ: ${example}.` };

  const m = /^([-−]?) ?([\d.,]+)(?:( ?)([\p{L}\p{M}]+(?: [\p{L}\p{M}]+)*))?$/u.exec(s);
  const byDigits = m !== null && /\d/.test(m[2] ?? "");
  let rawWords: string[];
  let wordValue: number | undefined;
  if (byDigits) {
    rawWords = (m[4] ?? "").split(" ").filter(Boolean);
  } else {
    if (!/^[\p{L}\p{M} ]+$/u.test(s)) return notNumber;
    const all = s.split(" ");
    const first = all[0]!.toLowerCase();
    wordValue = WORD_VALUES.get(first);
    if (wordValue === undefined) return notNumber;
    const zeroCo = wordValue === 0 && all[1] !== undefined && fold(all[1]) === "co";
    rawWords = all.slice(zeroCo ? 2 : 1);
  }
  const words = rawWords.map(fold);

  // "5 triệu", "300k", "15 nghìn": a multiplier first; "12buổi" (glued) stays unreadable.
  const multiplier = words.length ? MULTIPLIERS.get(words[0]!) : undefined;
  if (byDigits && words.length && m?.[3] === "" && multiplier === undefined && !MONEY_WORDS.has(words[0]!)) return notNumber;
  const strict = opts.unitWords !== undefined;
  if (multiplier !== undefined && strict && !opts.money && MONEY_MULTIPLIERS.has(words[0]!)) {
    return { ok: false, reason: "wrong_unit",
      message: `"${rawWords[0]}" là cách viết số tiền, còn câu này hỏi số ${unit}. Xin gõ số ${unit}, ví dụ: 12 ${unit}.` };
  }
  const rest = multiplier === undefined ? words : words.slice(1);
  if (rest.some((w) => NUMBER_WORDS.has(w))) {
    // The field's own example: a count asked "mười hai" gets "12 buổi", not a sum of money.
    return { ok: false, reason: "not_number", message: `Xin gõ số bằng chữ số, ví dụ: ${example}.` };
  }
  const allowed = new Set([...FILLERS, ...(opts.money || !strict ? MONEY_WORDS : []),
    ...(opts.unitWords ?? []).flatMap((u) => fold(u).split(/[\s,]+/).filter(Boolean))]);
  const stray = rest.filter((w) => !allowed.has(w));
  if (stray.length && (!byDigits || strict)) {
    if (!byDigits) return notNumber;
    const typed = rawWords.slice(multiplier === undefined ? 0 : 1).join(" ");
    const what = opts.money ? "số tiền (đồng)" : `số ${unit}`;
    return { ok: false, reason: "wrong_unit", message: `Câu này hỏi ${what}, không phải "${typed}". Xin gõ ${what}, ví dụ: ${example}.` };
  }

  const sign = byDigits ? m[1] : "";
  let read: Digits;
  if (wordValue !== undefined) read = { value: String(wordValue) };
  else {
    const r = readDigits(m![2]!, opts.decimals === true || multiplier !== undefined);
    if (!r) return notNumber;
    read = r;
  }
  // Scaled on the decimal text, not by a float product: "8192,2 triệu" is 8192200000 exactly.
  const scale = (v: string) => shiftDecimal(v, multiplier ? Math.round(Math.log10(multiplier)) : 0);
  const values = "value" in read ? [scale(read.value)] : read.readings.map(scale);
  if (sign && values.some((v) => v !== 0)) return negative();
  const fit = values.filter((v) => v <= MAX_NUMBER);
  if (fit.length === 0) return { ok: false, reason: "too_large", message: "Số quá lớn. Xin kiểm tra lại rồi gõ lại con số, ví dụ: 12." };
  if ("value" in read) return { ok: true, value: values[0]! };
  return { ok: false, reason: "ambiguous", message: read.message, readings: fit.sort((a, b) => a - b) };
}

/** A number as plain decimal text ("1234.5"), or the two it may be. */
type Digits = { value: string } | { readings: [string, string]; message: string };

/** "8192.2" shifted by 6 places → 8192200000: exact, as the person wrote it. */
function shiftDecimal(dec: string, places: number): number {
  const [int = "", frac = ""] = dec.split(".");
  const padded = frac.padEnd(places, "0");
  return Number(`${int}${padded.slice(0, places)}.${padded.slice(places) || "0"}`);
}

/** The digits part alone, by the separator rule above; undefined when it is not a number. */
function readDigits(d: string, decimalLikely: boolean): Digits | undefined {
  if (/^\d+$/.test(d)) return { value: d };
  let g: RegExpExecArray | null;
  if ((g = /^(\d+),(\d+)$/.exec(d))) {
    const [int, frac] = [g[1]!, g[2]!];
    if (frac.length === 3 && /^[1-9]\d{0,2}$/.test(int)) {
      return { readings: [`${int}.${frac}`, int + frac], message: commaMessage(d, int, frac) };
    }
    return { value: `${int}.${frac}` };
  }
  if (/^[1-9]\d{0,2}(,\d{3}){2,}$/.test(d)) return { value: d.replace(/,/g, "") };
  if (/^[1-9]\d{0,2}(\.\d{3})+(,\d+)?$/.test(d)) {
    if (decimalLikely && /^\d+\.\d{3}$/.test(d)) return { readings: [d, d.replace(".", "")], message: ambiguousMessage(d) };
    return { value: d.replace(/\./g, "").replace(",", ".") };
  }
  if (/^\d+\.\d+$/.test(d)) return { readings: [d, d.replace(".", "")], message: ambiguousMessage(d) };
  return undefined;
}

function negative(): Read {
  return { ok: false, reason: "negative", message: "Số không được âm. Xin nhập lại, ví dụ: 3." };
}

const RETYPE = "Xin gõ lại: số lẻ dùng dấu phẩy (2,5), hàng nghìn dùng dấu chấm (1.200).";

/** "2.5" → explains the two readings 2,5 and 25. */
function ambiguousMessage(typed: string): string {
  const [intPart = "", fracRaw = ""] = typed.split(".");
  const asDecimal = decimalWithSpoken(intPart, fracRaw);
  const asThousands = formatVnNumber(Number(intPart + fracRaw), 0);
  return `"${typed}" có thể hiểu là ${asDecimal} hoặc ${asThousands}. ${RETYPE}`;
}

/** "1,000" → 1.000 (một nghìn) or 1 (một); "2,500" → 2.500 or 2,5. */
function commaMessage(typed: string, int: string, frac: string): string {
  const thousands = Number(int + frac);
  return `"${typed}" có thể hiểu là ${formatVnNumber(thousands, 0)} (${spokenBelowMillion(thousands)}) hoặc ${decimalWithSpoken(int, frac)}. ${RETYPE}`;
}

/** "2", "50" → "2,5 (hai phẩy năm)"; "1", "000" → "1 (một)". */
function decimalWithSpoken(intPart: string, fracRaw: string): string {
  const frac = fracRaw.replace(/0+$/, "");
  const intValue = Number(intPart);
  const shown = formatVnNumber(intValue, 0) + (frac ? `,${frac}` : "");
  const spoken = intValue < 1000
    ? ` (${readVnInteger(intValue)}${frac ? ` phẩy ${[...frac].map((c) => DIGIT_WORDS[Number(c)]).join(" ")}` : ""})`
    : "";
  return shown + spoken;
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

/** Spoken form of 0..999.999: 1500 → "một nghìn năm trăm", 1005 → "một nghìn không trăm linh năm". */
function spokenBelowMillion(n: number): string {
  if (n < 1000) return readVnInteger(n);
  const rest = n % 1000;
  const head = `${readVnInteger(Math.floor(n / 1000))} nghìn`;
  if (rest === 0) return head;
  return `${head} ${rest < 100 ? `không trăm ${rest < 10 ? `linh ${readVnInteger(rest)}` : readVnInteger(rest)}` : readVnInteger(rest)}`;
}
