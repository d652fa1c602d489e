// Conditions of the template language: "[[neu …]]", "[[khac]]", "[[het]]" around block lines,
// so a sentence is printed only when the data makes it true. Parsed at start-up with every
// error on its line; evaluated against ReportData at render time. Pure.
import { compare } from "../../domain/compare.js";
import { metricKeys } from "../../domain/catalogue.js";
import { fold } from "../../domain/vn.js";
import type { ReportData } from "../model.js";
import { ROUND_FACTS } from "../round-facts.js";
import { suggest } from "./suggest.js";
import type { CompareOp, Cond, Report } from "./types.js";

export type { CompareOp, Cond } from "./types.js";

/** Named facts a condition may test, with what they mean (templates/README.md lists them). */
export const CONDITION_FACTS: Readonly<Record<string, string>> = {
  "co so_lieu": "kỳ báo cáo có số liệu (ít nhất một phiếu được tính)",
  du_bao_cao: "tất cả đơn vị đã báo cáo tháng được tính (không in ra, chỉ để chọn câu)",
  "co nhan_dinh": "lãnh đạo đã nhập câu nhận định tình hình",
  "co nhiem_vu": "lãnh đạo đã nhập nhiệm vụ kỳ tới",
  ...Object.fromEntries(Object.entries(ROUND_FACTS).map(([k, v]) => [`co dot.${k}`, `đã nhập sự kiện của đợt: ${v}`])),
};

/** What a "[[…]]" line is when it belongs to a condition; null when it is another command. */
export type CondCommand = { c: "if"; cond: Cond | null } | { c: "else" } | { c: "end" };

const EXAMPLE = "ví dụ: [[neu vi_pham.xnc_vu + vi_pham.buon_lau_vu > 0]]";

export function conditionCommand(src: string, line: number, report: Report): CondCommand | null {
  const m = /^\s*(\S+)\s*([\s\S]*)$/.exec(src);
  const head = fold(m?.[1] ?? "");
  const rest = (m?.[2] ?? "").trim();
  if (head === "khac" || head === "het") {
    if (rest) report(line, `Lệnh [[${head}]] không có gì đi kèm; điều kiện chỉ viết sau [[neu …]].`);
    return { c: head === "khac" ? "else" : "end" };
  }
  if (head !== "neu") return null;
  if (!rest) {
    report(line, `Lệnh [[neu]] cần một điều kiện, ${EXAMPLE}.`);
    return { c: "if", cond: null };
  }
  return { c: "if", cond: parseCondition(rest, line, report) };
}

// --- parsing ------------------------------------------------------------------------------

type Tok = { k: "word"; s: string; raw: string } | { k: "num"; v: number } | { k: "op"; s: string };

function tokenize(src: string, line: number, report: Report): Tok[] | null {
  const toks: Tok[] = [];
  const re = /\s*(?:(>=|<=|!=|<>|≥|≤|≠|=|>|<|\+|\(|\))|(\d[\d.]*(?:,\d+)?)|([\p{L}\p{M}_][\p{L}\p{M}\d_.]*))/uy;
  let i = 0;
  while (i < src.length) {
    re.lastIndex = i;
    const m = re.exec(src);
    if (!m) {
      if (src.slice(i).trim() === "") break;
      report(line, `Điều kiện có ký tự không hiểu được: “${src.slice(i).trim().slice(0, 20)}”. ${upper1(EXAMPLE)}.`);
      return null;
    }
    i = re.lastIndex;
    if (m[1]) toks.push({ k: "op", s: ({ "≥": ">=", "≤": "<=", "≠": "!=", "<>": "!=" } as Record<string, string>)[m[1]] ?? m[1] });
    else if (m[2]) toks.push({ k: "num", v: Number(m[2].replace(/\./g, "").replace(",", ".")) });
    else if (m[3]) toks.push({ k: "word", s: fold(m[3]).replace(/ /g, "_"), raw: m[3] });
  }
  return toks;
}

const upper1 = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const COMPARE_OPS = new Set([">", ">=", "<", "<=", "=", "!="]);
const FACT_NAMES = Object.keys(CONDITION_FACTS);

/** or := and ("hoac" and)* ; and := unary ("va" unary)* ; unary := "khong" unary | "(" or ")" | fact | sum op number */
export function parseCondition(src: string, line: number, report: Report): Cond | null {
  const toks = tokenize(src.normalize("NFC"), line, report);
  if (!toks) return null;
  let pos = 0;
  let failed = false;
  const fail = (msg: string): null => {
    if (!failed) report(line, msg);
    failed = true;
    return null;
  };
  const peek = () => toks[pos];
  const isWord = (t: Tok | undefined, w: string) => t?.k === "word" && t.s === w;

  const metric = (): string | null => {
    const t = peek();
    if (t?.k !== "word") return fail(`Sau “+” cần tên chỉ tiêu, ${EXAMPLE}.`);
    pos++;
    if (metricKeys().has(t.s)) return t.s;
    const s = suggest(t.s, [...metricKeys(), ...FACT_NAMES.filter((f) => !f.includes(" ")), "co", "khong"]);
    return fail(`Không có chỉ tiêu “${t.raw}” trong điều kiện.${s ? ` Có phải “${s}”?` : ""}`);
  };

  const unary = (): Cond | null => {
    const t = peek();
    if (!t) return fail(`Điều kiện bị thiếu phần cuối, ${EXAMPLE}.`);
    if (isWord(t, "khong")) {
      pos++;
      const c = unary();
      return c && { t: "not", c };
    }
    if (t.k === "op" && t.s === "(") {
      pos++;
      const c = or();
      if (!(peek()?.k === "op" && (peek() as { s: string }).s === ")")) return fail("Thiếu dấu “)” đóng trong điều kiện.");
      pos++;
      return c;
    }
    if (isWord(t, "co")) {
      pos++;
      const n = peek();
      const name = n?.k === "word" ? `co ${n.s}` : "co";
      if (!(name in CONDITION_FACTS)) {
        const s = suggest(name, FACT_NAMES);
        return fail(`Không có điều kiện “${n?.k === "word" ? `có ${n.raw}` : "có"}”.${s ? ` Có phải “${s}”?` : ""} Các điều kiện: ${FACT_NAMES.join(", ")}.`);
      }
      pos++;
      return { t: "fact", name };
    }
    if (t.k === "word" && t.s in CONDITION_FACTS) {
      pos++;
      return { t: "fact", name: t.s };
    }
    if (t.k !== "word") return fail(`Điều kiện phải bắt đầu bằng tên chỉ tiêu hoặc “có …”, ${EXAMPLE}.`);
    const falls = isWord(t, "giam");
    if (falls) pos++;
    const metrics: string[] = [];
    for (;;) {
      const k = metric();
      if (!k) return null;
      metrics.push(k);
      const n = peek();
      if (n?.k === "op" && n.s === "+") pos++;
      else break;
    }
    if (falls) return { t: "fall", metrics };
    const op = peek();
    if (op?.k !== "op" || !COMPARE_OPS.has(op.s)) {
      return fail(`Sau chỉ tiêu cần phép so sánh (>, >=, <, <=, =, !=) và một số, ${EXAMPLE}.`);
    }
    pos++;
    const v = peek();
    if (v?.k !== "num") return fail(`Sau “${op.s}” cần một số, ví dụ “> 0”.`);
    pos++;
    return { t: "cmp", metrics, op: op.s as CompareOp, value: v.v };
  };

  const chain = (word: "va" | "hoac", next: () => Cond | null): Cond | null => {
    const first = next();
    if (!first) return null;
    const cs = [first];
    while (isWord(peek(), word)) {
      pos++;
      const c = next();
      if (!c) return null;
      cs.push(c);
    }
    return cs.length === 1 ? first : { t: word === "va" ? "and" : "or", cs };
  };
  const and = () => chain("va", unary);
  const or = (): Cond | null => chain("hoac", and);

  const cond = or();
  if (cond && pos < toks.length) {
    const t = toks[pos]!;
    const what = t.k === "word" ? t.raw : t.k === "num" ? String(t.v) : t.s;
    return fail(`Điều kiện thừa “${what}”: nối hai điều kiện bằng “và” hoặc “hoặc”.`);
  }
  return failed ? null : cond;
}

// --- evaluation ---------------------------------------------------------------------------

function fact(name: string, d: ReportData): boolean {
  switch (name) {
    case "co so_lieu":
      return d.entryCount > 0;
    case "du_bao_cao":
      // Every unit answered its month (the caption's count) and every ended month of the period.
      return d.completeness !== null && d.completeness.total > 0 && d.completeness.reported === d.completeness.total
        && (d.gaps?.current.months.length ?? 0) === 0;
    case "co nhan_dinh":
      return Boolean(d.words.situation?.trim());
    case "co nhiem_vu":
      return d.words.tasks.some((t) => t.trim() !== "");
  }
  const dot = /^co dot\.(.+)$/.exec(name);
  return dot ? Boolean(d.words.facts[dot[1]!]?.trim()) : false;
}

export function evaluateCondition(c: Cond, d: ReportData): boolean {
  switch (c.t) {
    case "not":
      return !evaluateCondition(c.c, d);
    case "and":
      return c.cs.every((x) => evaluateCondition(x, d));
    case "or":
      return c.cs.some((x) => evaluateCondition(x, d));
    case "fact":
      return fact(c.name, d);
    case "cmp":
      return compare(sumOf(c.metrics, d.totals), c.op, c.value);
    case "fall":
      return fellOverPeriod(c.metrics, d);
  }
}

/**
 * Whether the sum was lower in the period's last calendar year than in its first, from the rows
 * over time (months "2025-02", years "2015", a year's import "year:2024"); false within one year,
 * so "giảm" is never written of a period that cannot show it.
 */
function fellOverPeriod(metrics: readonly string[], d: ReportData): boolean {
  const byYear = new Map<string, number>();
  for (const row of d.byMonth) {
    const year = /\d{4}/.exec(row.key)?.[0];
    if (year) byYear.set(year, (byYear.get(year) ?? 0) + sumOf(metrics, row.values));
  }
  const years = [...byYear.keys()].sort();
  if (years.length < 2) return false;
  return byYear.get(years[years.length - 1]!)! < byYear.get(years[0]!)!;
}

/** "a + b" of a condition over some figures (a metric without one counts 0). */
function sumOf(metrics: readonly string[], values: Readonly<Record<string, number>>): number {
  return metrics.reduce((s, k) => s + (values[k] ?? 0), 0);
}
