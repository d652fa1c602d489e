// Rendering a parsed template with report data into a DocModel. Pure.
import { metricByKey } from "../../domain/catalogue.js";
import type { DocBlock, DocModel } from "../document.js";
import type { Figures, ReportData } from "../model.js";
import { compareWith, formatDateFull, formatNumber, upper } from "../format.js";
import { FIELDS, FILTERS, printValue, type DocRefs, type Value } from "./fields.js";
import { tidy, toSpans } from "./tidy.js";
import { anomalyTable } from "./anomalies.js";
import { chartBlock } from "./chart.js";
import { evaluateCondition } from "./conditions.js";
import { taskParagraphs } from "./tasks.js";
import { countingSentences } from "../window.js";
import type { Inline, Placeholder, TableColumn, Template, TemplateBlock, Term } from "./types.js";

interface Rendered {
  text: string;
  /** Placeholders holding figures. */
  figures: number;
  /** Whether the first figure (the lead, in reading order) is there: not zero, not empty. */
  lead: boolean | null;
}

/** What renderInline needs besides the data: the number and symbol the document carries. */
interface Ctx { data: ReportData; doc: DocRefs }

const sumMetrics = (terms: Term[], f: Figures) =>
  terms.reduce((s, t) => s + (t.kind === "metric" ? (f[t.key] ?? 0) : 0), 0);

function termValue(t: Term, c: Ctx): Value {
  if (t.kind === "metric") return c.data.totals[t.key] ?? 0;
  return FIELDS[t.name]?.get(c.data, c.doc) ?? null;
}

/** The period compared with, named as offices write it: "cùng kỳ năm 2024", "tháng 01/2025". */
function comparedName(which: "yearAgo" | "previous", data: ReportData): string {
  if (which === "previous") return data.previousPeriod?.label ?? "kỳ trước";
  const p = data.yearAgoPeriod;
  if (!p) return "cùng kỳ năm trước";
  return data.period.kind === "year" ? p.label : `cùng kỳ năm ${p.key.slice(0, 4)}`;
}

function comparison(which: "yearAgo" | "previous" | "both", terms: Term[], current: number, data: ReportData): string {
  // A period still in progress holds only some of its days: set against a whole earlier period
  // ("giảm 60%" after seven days of December) it would mislead, so it is not compared.
  if (data.countedUntil) return "";
  const first = terms[0];
  const unit = first?.kind === "metric" ? metricByKey(first.key)?.unit ?? "" : "";
  // A form some unit did not answer, in this period or the one compared with, would set the figures
  // of different units against each other ("tăng 17,4%" from three units against eight): not compared.
  const forms = terms.flatMap((t) => (t.kind === "metric" ? [metricByKey(t.key)?.formId ?? ""] : []));
  const lacking = (list: readonly string[] | undefined) => forms.some((f) => list?.includes(f));
  if (lacking(data.gaps?.current.forms)) return "";
  const one = (w: "yearAgo" | "previous") => {
    if (lacking(w === "yearAgo" ? data.gaps?.yearAgo : data.gaps?.previous)) return "";
    const earlier = w === "yearAgo" ? data.yearAgo : data.previous;
    return compareWith(current, earlier ? sumMetrics(terms, earlier) : null, comparedName(w, data), unit);
  };
  if (which !== "both") return one(which);
  // A year's previous period is the year before: say it once.
  const same = data.previousPeriod && data.yearAgoPeriod && data.previousPeriod.key === data.yearAgoPeriod.key;
  return (same ? [one("previous")] : [one("previous"), one("yearAgo")]).filter(Boolean).join(", ");
}

function evaluate(ph: Placeholder, c: Ctx): { text: string; empty: boolean } {
  let v: Value;
  if (ph.terms.length === 1) v = termValue(ph.terms[0]!, c);
  else {
    const vs = ph.terms.map((t) => termValue(t, c));
    v = vs.some((x) => x === null) ? null : vs.reduce<number>((s, x) => s + (x as number), 0);
  }
  if (v === null) return { text: "", empty: true };
  const raw = v;
  let type = ph.type;
  for (const name of ph.filters) {
    const f = FILTERS[name]!;
    v = f.compare ? comparison(f.compare, ph.terms, v as number, c.data) : f.apply!(v as number | string | readonly string[]);
    type = f.output;
  }
  const text = printValue(v, type);
  const empty = raw === 0 || (Array.isArray(raw) && raw.length === 0) || raw === "" || text === "";
  return { text, empty };
}

/**
 * Renders text; a "[? … ?]" part is kept only when its lead figure (the first one) is there,
 * so "Phát hiện 0 vụ buôn lậu, trị giá hàng hóa 1 đồng" is left out with its dependent figures.
 */
function renderInline(nodes: Inline, c: Ctx): Rendered {
  const out: Rendered = { text: "", figures: 0, lead: null };
  for (const n of nodes) {
    if (n.t === "text") out.text += n.s;
    else if (n.t === "ph") {
      const r = evaluate(n, c);
      out.text += r.text;
      if (n.type === "number") {
        out.figures++;
        out.lead ??= !r.empty;
      }
    } else {
      const r = renderInline(n.children, c);
      out.figures += r.figures;
      if (r.lead !== null) out.lead ??= r.lead;
      if (r.figures === 0 || r.lead) out.text += r.text;
    }
  }
  return out;
}

/** Rendered, tidied text of an inline template part. */
function renderText(nodes: Inline, c: Ctx, capitalize = true): string {
  return tidy(renderInline(nodes, c).text, { capitalize });
}

function metricCell(v: number | undefined): string {
  return formatNumber(v ?? 0);
}

function columnLabel(c: { key: string; label?: string }): string {
  return c.label ?? metricByKey(c.key)?.label ?? c.key;
}

/** byMonth holds year buckets ("2015") rather than months ("2015-01"): long periods. */
const isYearly = (data: ReportData) => data.byMonth.every((m) => /^\d{4}$/.test(m.key));

type TableRow = { label: string; values: Figures; empty?: boolean };

/** Rows of the over-time table: compile gives months (and a row of figures of no month), or years for periods over 24 months. */
function monthRows(data: ReportData): TableRow[] {
  const yearly = isYearly(data);
  return data.byMonth.map((m) => ({ label: yearly ? m.key : m.label, values: m.values, empty: m.empty }));
}

const NO_FIGURES = "Không có số liệu";

/**
 * A table of figures whose "Tổng cộng" is the sum of the rows printed above it (an auditor adds
 * them up). A row without figures says so in one merged cell instead of zeros.
 */
function figuresTable(title: string, first: string, columns: TableColumn[], rows: TableRow[]): DocBlock {
  const keys = columns.map((col) => col.key);
  const nfc = (r: string[]) => r.map((x) => x.normalize("NFC"));
  const total = (k: string) => rows.reduce((s, r) => s + (r.empty ? 0 : (r.values[k] ?? 0)), 0);
  const emptyRows = rows.flatMap((r, i) => (r.empty ? [i] : []));
  return {
    kind: "table",
    ...(title ? { title } : {}),
    header: nfc(["STT", first, ...columns.map(columnLabel)]),
    rows: [
      ...rows.map((r, i) => nfc([String(i + 1), r.label,
        ...(r.empty ? keys.map((_, j) => (j === 0 ? NO_FIGURES : "")) : keys.map((k) => metricCell(r.values[k])))])),
      ["", "Tổng cộng", ...keys.map((k) => metricCell(roundTenths(total(k))))],
    ],
    numeric: [false, false, ...keys.map(() => true)],
    totalRow: true,
    ...(emptyRows.length ? { emptyRows } : {}),
  };
}

/** Sums of hours kept in tenths (0,1 + 0,2 is 0,3). */
const roundTenths = (v: number) => Math.round(v * 10) / 10;

function renderBlock(b: TemplateBlock, c: Ctx): DocBlock[] {
  const { data } = c;
  switch (b.kind) {
    case "heading": {
      const text = renderText(b.content, c, false);
      if (!text) return [];
      return [{ kind: "heading", level: b.level, text: b.level === 1 ? upper(text) : text }];
    }
    case "paragraph": {
      const text = renderText(b.content, c);
      return text ? [{ kind: "paragraph", spans: toSpans(text) }] : [];
    }
    case "basis":
      return basisParagraphs(data.extraBasis);
    case "window": {
      const text = countingSentences(data).join(" ");
      return text ? [{ kind: "paragraph", spans: [{ text: text.normalize("NFC") }] }] : [];
    }
    case "unitChanges":
      return (data.unitNotes ?? []).map((t) => ({ kind: "paragraph" as const, spans: [{ text: t.normalize("NFC") }] }));
    case "anomalies":
      return anomalyTable(data.markerAnomalies, b.title ? renderText(b.title, c) : "");
    case "if":
      return renderBlocks(evaluateCondition(b.cond, data) ? b.then : b.otherwise, c);
    case "tasks":
      return taskParagraphs(data.words.tasks, b.end);
    case "chart":
      return chartBlock(b.target, data, b.title ? renderText(b.title, c) : "");
    case "table": {
      const keys = b.columns.map((col) => col.key);
      let rows: TableRow[];
      if (b.by === "unit") {
        rows = data.byUnit
          .filter((u) => keys.some((k) => (u.values[k] ?? 0) !== 0))
          .map((u) => ({ label: u.shortName || u.name, values: u.values }));
        if (rows.length === 0) return [];
      } else {
        if (data.byMonth.length < 2) return [];
        rows = monthRows(data);
      }
      const byYear = b.by === "month" && isYearly(data);
      const title = b.title ? renderText(b.title, c) : "";
      return [figuresTable(title, b.by === "unit" ? "Đơn vị" : byYear ? "Năm" : "Tháng", b.columns, rows)];
    }
  }
}

/**
 * A leader's round-specific "Căn cứ …" lines, one paragraph each, written like the template's
 * own: starting with "Căn cứ" and ending with ";".
 */
export function basisParagraphs(lines: readonly string[]): DocBlock[] {
  return lines.flatMap((raw) => {
    let t = raw.normalize("NFC").replace(/\s+/g, " ").trim().replace(/[\s;,.]+$/, "");
    if (t === "") return [];
    if (!/^căn cứ(?=\s|$)/iu.test(t)) t = `Căn cứ ${t}`;
    t = t.replace(/^căn cứ/iu, "Căn cứ");
    return [{ kind: "paragraph" as const, spans: [{ text: `${t};` }] }];
  });
}

const startsWithBasis = (b: DocBlock) => b.kind === "paragraph" && /^Căn cứ(?=\s|$)/u.test(b.spans.map((s) => s.text).join(""));

/** Without a [[can_cu]] line in the template, the extra lines go after its own leading "Căn cứ …" paragraphs. */
function withBasis(t: Template, body: DocBlock[], data: ReportData): DocBlock[] {
  if (data.extraBasis.length === 0 || t.body.some((b) => b.kind === "basis")) return body;
  let at = 0;
  while (at < body.length && startsWithBasis(body[at]!)) at++;
  return [...body.slice(0, at), ...basisParagraphs(data.extraBasis), ...body.slice(at)];
}

const TABLE_NUMBER = /^Biểu\s+(?:\d+|#)\s*[.:]?\s*/u;

/** "Biểu 7. …" or "Biểu #. …" → numbered in order of the tables actually printed, without gaps. */
function numberTables(blocks: DocBlock[], first = 1): { blocks: DocBlock[]; next: number } {
  let n = first;
  const out = blocks.map((b) => {
    if ((b.kind !== "table" && b.kind !== "chart") || !b.title || !TABLE_NUMBER.test(b.title)) return b;
    return { ...b, title: b.title.replace(TABLE_NUMBER, `Biểu ${n++}. `).trim() };
  });
  return { blocks: out, next: n };
}

function renderBlocks(blocks: TemplateBlock[], c: Ctx): DocBlock[] {
  return blocks.flatMap((b) => renderBlock(b, c));
}

/** Rendered text without clean-up; line breaks (from YAML) kept. */
const plain = (nodes: Inline, c: Ctx) =>
  renderInline(nodes, c).text.normalize("NFC").split("\n").map((l) => l.replace(/\s+/g, " ").trim()).filter(Boolean).join("\n");

export function renderTemplate(t: Template, data: ReportData): DocModel {
  const { profile } = data;
  const symbol = t.front.symbol ?? profile.ward.reportSymbol;
  let number = (data.number ?? t.front.number ?? "").trim();
  if (/^\d$/.test(number)) number = `0${number}`;
  const c: Ctx = { data, doc: { number, symbol } };
  const place = profile.ward.place;
  const date = formatDateFull(data.issuedOn);
  const body = numberTables(withBasis(t, renderBlocks(t.body, c), data));
  const appendixBlocks = t.appendix ? numberTables(renderBlocks(t.appendix.blocks, c), body.next).blocks : [];
  const subtitle = t.appendix?.subtitle ? renderText(t.appendix.subtitle, c) : "";
  return {
    parentBody: profile.ward.parentBody ? upper(profile.ward.parentBody) : "",
    issuingBody: profile.ward.issuingBody.map(upper),
    type: upper(t.front.type ? plain(t.front.type, c).replace(/\n/g, " ") : "BÁO CÁO"),
    subject: renderText(t.front.subject, c),
    number,
    symbol,
    numberLine: number ? `Số: ${number}/${symbol}` : `Số:      /${symbol}`,
    place,
    date,
    placeDate: `${place}, ${date}`,
    recipients: t.front.recipients ? t.front.recipients.map((r) => plain(r, c)).filter(Boolean) : [...profile.recipients],
    signer: {
      ...(t.front.authority
        ? { authority: plain(t.front.authority, c) }
        : profile.signer.authority ? { authority: profile.signer.authority } : {}),
      title: t.front.title ? plain(t.front.title, c) : profile.signer.title,
      name: profile.signer.name,
    },
    body: body.blocks,
    appendix: t.appendix && appendixBlocks.length > 0
      ? { title: "PHỤ LỤC", ...(subtitle ? { subtitle } : {}), blocks: appendixBlocks }
      : null,
  };
}
