// Parsing of one line of template text: literal text, {{ placeholders | filters }} and
// [? optional parts ?]. Errors are collected, never thrown.
import { metricKeys } from "../../domain/catalogue.js";
import { fold } from "../../domain/vn.js";
import { FIELDS, FIELD_NAMESPACES, FILTERS, INTERNAL_FIELDS } from "./fields.js";
import type { Inline, Placeholder, Report, Term, ValueType } from "./types.js";
import { suggest } from "./suggest.js";

export { suggest };

export type { Report } from "./types.js";

const IDENT = /^[a-z0-9_]+(\.[a-z0-9_]+)*$/;

/** Key names are ASCII; folding lets "tuyên_truyền.số_buổi" or "So" still match. */
const normName = (s: string) => fold(s).replace(/ /g, "_");


const hint = (s: string | undefined) => (s ? ` Có phải “${s}”?` : "");

/** Resolves a metric key or field name; reports unknown ones. */
export function resolveTerm(raw: string, line: number, report: Report): { term: Term; type: ValueType } | null {
  const name = normName(raw);
  if (name === "") {
    report(line, "Thiếu tên chỉ tiêu hoặc trường trong “{{ }}”.");
    return null;
  }
  if (metricKeys().has(name)) return { term: { kind: "metric", key: name }, type: "number" };
  const field = FIELDS[name];
  if (field) return { term: { kind: "field", name }, type: field.type };
  if (INTERNAL_FIELDS.has(name)) {
    report(line, `Trường “${raw.trim()}” là thông tin nội bộ (số phiếu, đơn vị đã hay chưa báo cáo), không được in trong văn bản chính thức: bot chỉ ghi nó trong lời nhắn kèm tệp báo cáo. Hãy xóa chỗ điền này.`);
    return null;
  }
  if (!IDENT.test(name)) {
    report(line, `“${raw}” không phải tên chỉ tiêu hay trường (chỉ gồm chữ thường không dấu, số, “_” và “.”).`);
    return null;
  }
  const ns = name.split(".")[0] ?? "";
  if (FIELD_NAMESPACES.has(ns)) {
    const s = suggest(name, Object.keys(FIELDS));
    const list = Object.keys(FIELDS).filter((k) => k.startsWith(`${ns}.`)).join(", ");
    report(line, `Không có trường “${raw}”.${s ? hint(s) : ` Các trường ${ns}.*: ${list}.`}`);
  } else {
    report(line, `Không có chỉ tiêu “${raw}”.${hint(suggest(name, metricKeys()) ?? suggest(name, Object.keys(FIELDS)))}`);
  }
  return null;
}

/** Parses what is between "{{" and "}}". */
function parsePlaceholder(src: string, line: number, report: Report): Placeholder | null {
  const [exprSrc = "", ...filterSrcs] = src.split("|");
  const parts = exprSrc.split("+").map((s) => s.trim());
  if (parts.length === 1 && parts[0] === "") {
    report(line, "Chỗ điền “{{ }}” trống: cần tên chỉ tiêu hoặc trường.");
    return null;
  }
  let ok = true;
  const terms: Term[] = [];
  const types: ValueType[] = [];
  for (const p of parts) {
    const r = resolveTerm(p, line, report);
    if (r) {
      terms.push(r.term);
      types.push(r.type);
    } else ok = false;
  }
  let type: ValueType = types[0] ?? "number";
  if (ok && terms.length > 1) {
    const bad = parts.filter((_, i) => types[i] !== "number");
    if (bad.length > 0) {
      report(line, `Chỉ cộng được các số: “${bad.join("”, “")}” không phải số.`);
      ok = false;
    }
    type = "number";
  }
  const filters: string[] = [];
  let cur = type;
  filterSrcs.forEach((raw, i) => {
    const name = normName(raw);
    const f = FILTERS[name];
    if (!f) {
      const known = Object.keys(FILTERS);
      report(line, name === ""
        ? "Thiếu tên bộ lọc sau dấu “|”."
        : `Không có bộ lọc “${raw.trim()}”.${hint(suggest(name, known))} Các bộ lọc: ${known.join(", ")}.`);
      ok = false;
      return;
    }
    if (f.compare) {
      if (i !== 0) {
        report(line, `Bộ lọc “${name}” phải đứng ngay sau chỉ tiêu (trước các bộ lọc khác).`);
        ok = false;
      } else if (terms.some((t) => t.kind !== "metric")) {
        report(line, `Bộ lọc “${name}” chỉ dùng với chỉ tiêu số liệu, không dùng với trường.`);
        ok = false;
      }
    }
    if (ok && !f.input.includes(cur)) {
      report(line, `Bộ lọc “${name}” không dùng được cho ${TYPE_NAMES[cur]} (cần ${f.input.map((t) => TYPE_NAMES[t]).join(" hoặc ")}).`);
      ok = false;
    }
    filters.push(name);
    cur = f.output;
  });
  return ok ? { t: "ph", terms, filters, type, line } : null;
}

const TYPE_NAMES: Record<ValueType, string> = { number: "số", text: "chữ", date: "ngày", list: "danh sách" };

/** Counts the placeholders holding figures (numbers), nested parts included. */
export function countFigures(nodes: Inline): number {
  let n = 0;
  for (const x of nodes) {
    if (x.t === "ph" && x.type === "number") n++;
    else if (x.t === "opt") n += countFigures(x.children);
  }
  return n;
}

/** Parses one line of text. */
export function parseInline(text: string, line: number, report: Report): Inline {
  const root: Inline = [];
  const stack: { nodes: Inline; line: number }[] = [];
  let nodes = root;
  let literal = "";
  const flush = () => {
    if (literal) nodes.push({ t: "text", s: literal });
    literal = "";
  };
  let i = 0;
  while (i < text.length) {
    const two = text.slice(i, i + 2);
    if (two === "{{") {
      const close = text.indexOf("}}", i + 2);
      const reopen = text.indexOf("{{", i + 2);
      if (close < 0 || (reopen >= 0 && reopen < close)) {
        report(line, `Chỗ điền “${text.slice(i, i + 30).trim()}…” chưa được đóng bằng “}}”.`);
        i = close < 0 ? text.length : reopen;
        continue;
      }
      flush();
      const ph = parsePlaceholder(text.slice(i + 2, close), line, report);
      if (ph) nodes.push(ph);
      i = close + 2;
    } else if (two === "}}") {
      report(line, "Thừa “}}”: không có “{{” mở trước đó.");
      i += 2;
    } else if (two === "[?") {
      flush();
      const opt = { t: "opt" as const, children: [] as Inline, line };
      nodes.push(opt);
      stack.push({ nodes, line });
      nodes = opt.children;
      i += 2;
    } else if (two === "?]") {
      const top = stack.pop();
      if (!top) {
        report(line, "Thừa “?]”: không có “[?” mở trước đó.");
      } else {
        flush();
        const opt = top.nodes[top.nodes.length - 1];
        if (opt?.t === "opt" && countFigures(opt.children) === 0) {
          report(line, "Phần “[? … ?]” không có số liệu nào ({{chỉ tiêu}}) nên không biết khi nào bỏ đi.");
        }
        nodes = top.nodes;
      }
      i += 2;
    } else if (two === "[[" || two === "]]") {
      report(line, `“${two}” chỉ dùng cho lệnh đứng riêng một dòng, ví dụ [[can_cu]].`);
      i += 2;
    } else {
      literal += text[i];
      i++;
    }
  }
  flush();
  if (stack.length > 0) report(line, "Phần “[?” chưa được đóng bằng “?]”.");
  const stars = text.replace(/\{\{.*?\}\}/g, "").replace(/\*\*/g, "").split("*").length - 1;
  const doubles = (text.replace(/\{\{.*?\}\}/g, "").match(/\*\*/g) ?? []).length;
  if (stars % 2 !== 0 || doubles % 2 !== 0) report(line, "Dấu “*” (in nghiêng) hoặc “**” (in đậm) chưa được đóng.");
  return root;
}

export { normName };
