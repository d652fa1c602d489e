// What can be charted, from the catalogue: the key figures (number fields marked `chart: true`)
// of each form, and any single metric by its key. A figure of a field that writes one metric per
// choice ("tuan_tra.{kind}.luot_to") is the sum over the choices ("tuan_tra.*.luot_to"): a
// chairman asks how patrols went, not how each kind of patrol went. Pure.
import { fold } from "./vn.js";
import { forms, metricByKey, metrics, metricsMatching, type FormDef } from "./catalogue.js";

export interface ChartFigure {
  /** The field's metric with "*" for the choice ("tuan_tra.*.luot_to"), or a metric key. */
  key: string;
  label: string;
  unit: string;
  /** The metrics summed for it. */
  metrics: readonly string[];
}

/** One chart: a title and the figures drawn on it (one series each). */
export interface ChartTarget {
  title: string;
  /** A form's id, or the metric key charted alone. */
  id: string;
  figures: readonly ChartFigure[];
}

/** The form's key figures, in question order. */
export function keyFigures(form: FormDef): ChartFigure[] {
  return form.fields.flatMap((f) => {
    if (f.kind !== "number" || !f.chart) return [];
    const key = f.metric.replace(/\{[^}]*\}/, "*");
    const keys = metricsMatching(key, metrics());
    return keys.length ? [{ key, label: f.label, unit: f.unit, metrics: keys }] : [];
  });
}

/** Every form that has key figures, as a chart. */
export function chartTargets(): ChartTarget[] {
  return forms().map((f) => ({ title: f.title, id: f.id, figures: keyFigures(f) })).filter((t) => t.figures.length > 0);
}

/** A chart by id: a form's id (its key figures) or one metric key. */
export function chartTargetById(id: string): ChartTarget | undefined {
  const form = chartTargets().find((t) => t.id === id);
  if (form) return form;
  const metric = metricByKey(id);
  return metric ? { title: metric.label, id: metric.key, figures: [{ key: metric.key, label: metric.label, unit: metric.unit, metrics: [metric.key] }] } : undefined;
}

/**
 * The chart named at the start of a typed text, and the rest of it (the period, a unit): a metric
 * key, or a form's quick-entry words or title ("tuan tra", "vi phạm"), with or without diacritics.
 */
export function chartTargetFromText(typed: string): { target: ChartTarget; rest: string } | undefined {
  const words = typed.normalize("NFC").trim().split(/\s+/).filter(Boolean);
  const first = words[0] ?? "";
  const byKey = first.includes(".") || first.includes("_") ? chartTargetById(first) : undefined;
  if (byKey) return { target: byKey, rest: words.slice(1).join(" ") };
  const folded = fold(words.join(" "));
  // The longest name that the text starts with, whole words only.
  const names = chartTargets().flatMap((t) => {
    const form = forms().find((f) => f.id === t.id);
    return [...(form?.words ?? []), fold(t.title), fold(t.title.split(",")[0]!)].map((name) => ({ t, name }));
  }).filter(({ name }) => folded === name || folded.startsWith(`${name} `)).sort((a, b) => b.name.length - a.name.length);
  const hit = names[0];
  if (!hit) return undefined;
  const used = hit.name.split(" ").length;
  return { target: hit.t, rest: words.slice(used).join(" ") };
}

/** What to type, one line per chart: "• /bieudo tuan tra — Tuần tra, kiểm soát (lượt tổ)". */
export function chartChoicesText(): string {
  return chartTargets().map((t) => {
    const word = forms().find((f) => f.id === t.id)?.words[0] ?? t.id;
    return `• /bieudo ${word} — ${t.title} (${t.figures.map((f) => f.label.toLowerCase()).join(", ")})`;
  }).join("\n");
}
