// Rendering a parsed template with report data into a DocModel. Pure.
import { metricByKey } from "../../domain/catalogue.js";
import type { DocBlock, DocModel } from "../document.js";
import type { Figures, ReportData } from "../model.js";
import { compareWith, formatDateFull, formatNumber, upper } from "../format.js";
import { FIELDS, FILTERS, formName, printValue, type Value } from "./fields.js";
import { tidy, toSpans } from "./tidy.js";
import type { Inline, Placeholder, Template, TemplateBlock, Term } from "./types.js";

interface Rendered {
  text: string;
  /** Placeholders holding figures. */
  figures: number;
  /** Of those, the ones that are not zero/empty. */
  filled: number;
}

const sumMetrics = (terms: Term[], f: Figures) =>
  terms.reduce((s, t) => s + (t.kind === "metric" ? (f[t.key] ?? 0) : 0), 0);

function termValue(t: Term, data: ReportData): Value {
  if (t.kind === "metric") return data.totals[t.key] ?? 0;
  return FIELDS[t.name]?.get(data) ?? null;
}

function evaluate(ph: Placeholder, data: ReportData): { text: string; empty: boolean } {
  let v: Value;
  if (ph.terms.length === 1) v = termValue(ph.terms[0]!, data);
  else {
    const vs = ph.terms.map((t) => termValue(t, data));
    v = vs.some((x) => x === null) ? null : vs.reduce<number>((s, x) => s + (x as number), 0);
  }
  if (v === null) return { text: "", empty: true };
  const raw = v;
  let type = ph.type;
  for (const name of ph.filters) {
    const f = FILTERS[name]!;
    if (f.compare) {
      const earlier = f.compare === "yearAgo" ? data.yearAgo : data.previous;
      v = compareWith(v as number, earlier ? sumMetrics(ph.terms, earlier) : null, f.compare === "yearAgo" ? "cùng kỳ" : "kỳ trước");
    } else {
      v = f.apply!(v as number | string | readonly string[]);
    }
    type = f.output;
  }
  const text = printValue(v, type);
  const empty = raw === 0 || (Array.isArray(raw) && raw.length === 0) || raw === "" || text === "";
  return { text, empty };
}

function renderInline(nodes: Inline, data: ReportData): Rendered {
  const out: Rendered = { text: "", figures: 0, filled: 0 };
  for (const n of nodes) {
    if (n.t === "text") out.text += n.s;
    else if (n.t === "ph") {
      const r = evaluate(n, data);
      out.text += r.text;
      if (n.type === "number") {
        out.figures++;
        if (!r.empty) out.filled++;
      }
    } else {
      const r = renderInline(n.children, data);
      out.figures += r.figures;
      out.filled += r.filled;
      if (r.figures === 0 || r.filled > 0) out.text += r.text;
    }
  }
  return out;
}

/** Rendered, tidied text of an inline template part. */
export function renderText(nodes: Inline, data: ReportData, capitalize = true): string {
  return tidy(renderInline(nodes, data).text, { capitalize });
}

function metricCell(v: number | undefined): string {
  return formatNumber(v ?? 0);
}

function columnLabel(c: { key: string; label?: string }): string {
  return c.label ?? metricByKey(c.key)?.label ?? c.key;
}

/** byMonth holds year buckets ("2015") rather than months ("2015-01"): long periods. */
const isYearly = (data: ReportData) => data.byMonth.every((m) => /^\d{4}$/.test(m.key));

/** Rows of the over-time table: compile gives months, or years for periods over 24 months. */
function monthRows(data: ReportData): { label: string; values: Figures }[] {
  const yearly = isYearly(data);
  return data.byMonth.map((m) => ({ label: yearly ? m.key : m.label, values: m.values }));
}

function renderBlock(b: TemplateBlock, data: ReportData): DocBlock | null {
  switch (b.kind) {
    case "heading": {
      const text = renderText(b.content, data, false);
      if (!text) return null;
      return { kind: "heading", level: b.level, text: b.level === 1 ? upper(text) : text };
    }
    case "paragraph": {
      const text = renderText(b.content, data);
      return text ? { kind: "paragraph", spans: toSpans(text) } : null;
    }
    case "completeness": {
      const c = data.completeness;
      if (!c) return null;
      // Form titles hold commas ("đường biên, mốc quốc giới"): forms are parted by " / ".
      const missing = c.missing.map((m) => (m.forms.length ? `${m.unit} (${m.forms.map(formName).join(" / ")})` : m.unit));
      const text = `Kỳ ${c.monthLabel}: đã có ${c.reported}/${c.total} đơn vị báo cáo${missing.length ? `; chưa báo cáo: ${missing.join("; ")}` : ""}.`;
      return { kind: "paragraph", spans: [{ text }], italic: true };
    }
    case "table": {
      const keys = b.columns.map((c) => c.key);
      let rows: { label: string; values: Figures }[];
      if (b.by === "unit") {
        rows = data.byUnit
          .filter((u) => keys.some((k) => (u.values[k] ?? 0) !== 0))
          .map((u) => ({ label: u.shortName || u.name, values: u.values }));
        if (rows.length === 0) return null;
      } else {
        if (data.byMonth.length < 2) return null;
        rows = monthRows(data);
      }
      const byYear = b.by === "month" && isYearly(data);
      const title = b.title ? renderText(b.title, data) : "";
      const nfc = (r: string[]) => r.map((c) => c.normalize("NFC"));
      return {
        kind: "table",
        ...(title ? { title } : {}),
        header: nfc(["STT", b.by === "unit" ? "Đơn vị" : byYear ? "Năm" : "Tháng", ...b.columns.map(columnLabel)]),
        rows: [
          ...rows.map((r, i) => nfc([String(i + 1), r.label, ...keys.map((k) => metricCell(r.values[k]))])),
          ["", "Tổng cộng", ...keys.map((k) => metricCell(data.totals[k]))],
        ],
        numeric: [false, false, ...keys.map(() => true)],
        totalRow: true,
      };
    }
  }
}

function renderBlocks(blocks: TemplateBlock[], data: ReportData): DocBlock[] {
  return blocks.flatMap((b) => {
    const r = renderBlock(b, data);
    return r ? [r] : [];
  });
}

/** Rendered text without clean-up; line breaks (from YAML) kept. */
const plain = (nodes: Inline, data: ReportData) =>
  renderInline(nodes, data).text.normalize("NFC").split("\n").map((l) => l.replace(/\s+/g, " ").trim()).filter(Boolean).join("\n");

export function renderTemplate(t: Template, data: ReportData): DocModel {
  const { profile } = data;
  const symbol = t.front.symbol ?? profile.ward.reportSymbol;
  let number = (data.number ?? t.front.number ?? "").trim();
  if (/^\d$/.test(number)) number = `0${number}`;
  const place = profile.ward.place;
  const date = formatDateFull(data.issuedOn);
  const appendixBlocks = t.appendix ? renderBlocks(t.appendix.blocks, data) : [];
  const subtitle = t.appendix?.subtitle ? renderText(t.appendix.subtitle, data) : "";
  return {
    parentBody: upper(profile.ward.parentBody),
    issuingBody: profile.ward.issuingBody.map(upper),
    type: upper(t.front.type ? plain(t.front.type, data).replace(/\n/g, " ") : "BÁO CÁO"),
    subject: renderText(t.front.subject, data),
    number,
    symbol,
    numberLine: number ? `Số: ${number}/${symbol}` : `Số:      /${symbol}`,
    place,
    date,
    placeDate: `${place}, ${date}`,
    recipients: t.front.recipients ? t.front.recipients.map((r) => plain(r, data)).filter(Boolean) : [...profile.recipients],
    signer: {
      ...(t.front.authority
        ? { authority: plain(t.front.authority, data) }
        : profile.signer.authority ? { authority: profile.signer.authority } : {}),
      title: t.front.title ? plain(t.front.title, data) : profile.signer.title,
      name: profile.signer.name,
    },
    body: renderBlocks(t.body, data),
    appendix: t.appendix && appendixBlocks.length > 0
      ? { title: "PHỤ LỤC", ...(subtitle ? { subtitle } : {}), blocks: appendixBlocks }
      : null,
  };
}
