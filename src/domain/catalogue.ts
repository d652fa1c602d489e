// The catalogue of unit kinds, forms and metrics: the model and its accessors. The catalogue itself
// is data (templates/catalogue.yaml, read by app/catalogue-file.ts, built by catalogue-schema.ts) and
// is installed once at start-up with useCatalogue: one ward per process. Metric keys are a contract
// shared with imports, templates and exports: never rename one.
import { compare, type CompareOp } from "./compare.js";

export type UnitKind = string;
export type FormId = string;
export type PatrolKind = string;
export type Aggregation = "flow" | "stock";

export interface UnitKindDef {
  id: UnitKind;
  label: string;
  /** Roles a person at such a unit may have (admin, lanh_dao, bao_cao). */
  roles: readonly string[];
  /** The quick-entry line shown to such a person, when not the first form's example. */
  example?: string;
  /**
   * The ward's residential subdivision (khóm in a phường, ấp in a xã): the kind {{phuong.so_khom}},
   * {{phuong.ds_khom}} and {{phuong.loai_khom}} count and name. At most one kind has it.
   */
  residential?: boolean;
}

export interface MetricDef {
  key: string;
  label: string;
  /** Unit of measure as people say it: "buổi", "lượt người", "đồng". */
  unit: string;
  aggregation: Aggregation;
  /** Money in đồng: formatted as money in reports. */
  money?: boolean;
  /** Decimals allowed, stored in tenths. */
  decimals?: boolean;
  /** The largest figure accepted (its field's max): the database refuses a larger one too. */
  max: number;
  formId: FormId;
  /** Of a choice option marked `total: false`: told apart, never in a "*" sum (a caption's, a chart's). */
  outsideTotal?: true;
}

export interface ChoiceOption {
  id: string;
  label: string;
  /** Folded quick-entry words naming it. */
  words?: readonly string[];
  /** The catalogue's `total: false`: its figures are not summed into the field's total. */
  outsideTotal?: true;
}

/** `a > 0 và b = 1 hoặc c != 2`: any group of which every comparison holds. */
export interface Comparison { field: string; op: CompareOp; value: number }
export interface Condition { text: string; any: readonly (readonly Comparison[])[] }

interface FieldBase {
  key: string;
  prompt: string;
  /** Asked only when this holds for the answers so far. */
  shownIf?: Condition;
}
export interface NumberField extends FieldBase {
  kind: "number";
  /** Metric key; "{x}" is replaced by the answer of the choice field named x. */
  metric: string;
  /** Short label for summaries and tables ("Buổi tuyên truyền"). */
  label: string;
  unit: string;
  /** Other words that may follow the number ("3 tiếng" for giờ); the unit's own words always may. */
  unitWords?: readonly string[];
  /** Folded quick-entry words naming this field, beyond its unit and label. */
  words: readonly string[];
  decimals: boolean;
  money: boolean;
  max: number;
  /** A key figure of the form, charted by month (the catalogue's `chart: true`). */
  chart?: true;
}
export interface ChoiceField extends FieldBase { kind: "choice"; label: string; list: string; options: readonly ChoiceOption[] }
export interface TextField extends FieldBase { kind: "text"; optional: true; maxLength: number }
export interface PhotoField extends FieldBase { kind: "photo"; optional: true }
export type FieldDef = NumberField | ChoiceField | TextField | PhotoField;

export type AnswerValue = number | string | null;
export type Answers = Record<string, AnswerValue>;

/**
 * A check over two answers; a failure re-asks the field just answered. atLeast: the first is at
 * least the second; needs: a non-zero first needs a second above zero.
 */
export interface CrossCheck { rule: "atLeast" | "needs"; fields: readonly [string, string]; message: string }

export interface FormDef {
  id: FormId;
  title: string;
  unitKinds: readonly UnitKind[];
  aggregation: Aggregation;
  fields: readonly FieldDef[];
  checks: readonly CrossCheck[];
  /** Folded quick-entry words naming the form. */
  words: readonly string[];
  example?: string;
}

export interface Catalogue {
  unitKinds: readonly UnitKindDef[];
  choiceLists: Readonly<Record<string, readonly ChoiceOption[]>>;
  forms: readonly FormDef[];
  /** Caption lines with {metric} / {a + b} / {x.*.y} sums. */
  captions: readonly string[];
  /** Every concrete metric, in catalogue order (placeholders expanded). */
  metrics: readonly MetricDef[];
}

interface Installed {
  catalogue: Catalogue;
  formById: Map<string, FormDef>;
  metricByKey: Map<string, MetricDef>;
  metricKeys: ReadonlySet<string>;
  metricIndex: Map<string, number>;
  kindById: Map<string, UnitKindDef>;
}
let installed: Installed | undefined;

/** Installs the ward's catalogue; every accessor below reads it. */
export function useCatalogue(c: Catalogue): void {
  const metricByKey = new Map(c.metrics.map((m) => [m.key, m]));
  installed = {
    catalogue: c,
    formById: new Map(c.forms.map((f) => [f.id, f])),
    metricByKey,
    metricKeys: new Set(metricByKey.keys()),
    metricIndex: new Map(c.metrics.map((m, i) => [m.key, i])),
    kindById: new Map(c.unitKinds.map((k) => [k.id, k])),
  };
}

function current(): Installed {
  if (!installed) throw new Error("no catalogue installed: call useCatalogue at start-up");
  return installed;
}

export function catalogue(): Catalogue { return current().catalogue; }
export function forms(): readonly FormDef[] { return current().catalogue.forms; }
export function metrics(): readonly MetricDef[] { return current().catalogue.metrics; }
export function metricKeys(): ReadonlySet<string> { return current().metricKeys; }
/** A metric's place in catalogue order (tables and lists follow it). */
export function metricIndex(key: string): number | undefined { return current().metricIndex.get(key); }
export function formById(id: string): FormDef | undefined { return current().formById.get(id); }
export function metricByKey(key: string): MetricDef | undefined { return current().metricByKey.get(key); }
export function formsForUnitKind(kind: UnitKind): FormDef[] { return forms().filter((f) => f.unitKinds.includes(kind)); }
export function unitKinds(): readonly UnitKindDef[] { return current().catalogue.unitKinds; }
export function unitKindLabel(kind: UnitKind): string { return current().kindById.get(kind)?.label ?? kind; }
export function rolesOfKind(kind: UnitKind): readonly string[] { return current().kindById.get(kind)?.roles ?? []; }
/**
 * The kind of the ward's own unit, where leaders and the office belong: the catalogue's first kind
 * with the admin role ("phuong" in the default catalogue, "xa" in a commune's).
 */
export function wardKind(): UnitKind {
  return unitKinds().find((k) => k.roles.includes("admin"))?.id ?? "phuong";
}

/**
 * The kind of the ward's residential units: the catalogue's kind marked `residential`; in a
 * catalogue that marks none (written before the flag), "khom".
 */
export function residentialKind(): UnitKind {
  return unitKinds().find((k) => k.residential)?.id ?? "khom";
}

/** That kind's name in running text, lower-cased: "khóm", "ấp". */
export function residentialWord(): string {
  return unitKindLabel(residentialKind()).toLocaleLowerCase("vi");
}

/** The metric a number field writes to, given the answers so far (the patrol kind). */
export function metricOf(field: NumberField, answers: Answers): string {
  return field.metric.replace(/\{([a-z0-9_]+)\}/g, (_, name: string) => String(answers[name] ?? ""));
}

/**
 * A figure as the database stores it: a whole number and its scale (tenths for a metric with
 * decimals). Only float noise is rounded (2,3 × 10 = 23,000000000000004); a figure finer than its
 * scale is a bug upstream, refused here.
 */
export function storedFigure(metric: string, value: number): { amount: number; scale: 1 | 10 } {
  const scale = metricByKey(metric)?.decimals ? 10 : 1;
  const amount = Math.round(value * scale);
  if (Math.abs(amount - value * scale) > 1e-6) throw new RangeError(`${metric}: ${value} is finer than 1/${scale}`);
  return { amount, scale };
}

/** Decimals are read (and a lone "1.500" is asked) only where the metric allows them. */
export function allowsDecimals(field: NumberField): boolean { return field.decimals; }

/** Hours are kept in tenths (the database stores whole numbers): 2,5 giờ, not 2,25. */
const inTenths = (n: number) => Math.abs(n * 10 - Math.round(n * 10)) < 1e-9;

/** Why a figure is refused for a field (Vietnamese, as the chat says it), or null when it fits. */
export function checkFigure(field: NumberField, value: number): string | null {
  if (field.money) {
    if (!Number.isInteger(value)) return "Xin nhập số tiền tròn đồng, ví dụ: 1.500.000.";
    if (value < 0) return "Số tiền không được âm.";
    if (value > field.max) return "Số tiền quá lớn. Xin kiểm tra lại.";
    return null;
  }
  if (field.decimals) {
    if (!Number.isFinite(value)) return `Xin nhập số ${field.unit}, ví dụ: 2,5.`;
    if (value < 0) return `Số ${field.unit} không được âm.`;
    if (value > field.max) return `Số ${field.unit} quá lớn. Xin kiểm tra lại.`;
    if (!inTenths(value)) return `Số ${field.unit} chỉ lấy một chữ số lẻ, ví dụ: 2,5.`;
    return null;
  }
  if (!Number.isInteger(value)) return `Xin nhập số nguyên (số ${field.unit}), ví dụ: 12.`;
  if (value < 0) return "Số không được âm.";
  if (value > field.max) return `Số quá lớn (tối đa ${field.max.toLocaleString("vi-VN")}). Xin kiểm tra lại.`;
  return null;
}

function holds(c: Comparison, answers: Answers): boolean {
  return compare(Number(answers[c.field] ?? 0), c.op, c.value);
}

/** Is the field asked, given the answers so far? */
export function isShown(field: FieldDef, answers: Answers): boolean {
  return !field.shownIf || field.shownIf.any.some((group) => group.every((c) => holds(c, answers)));
}

/** Does the check hold for these answers (a missing answer counts as 0)? */
export function checkHolds(check: CrossCheck, answers: Answers): boolean {
  const a = Number(answers[check.fields[0]] ?? 0);
  const b = Number(answers[check.fields[1]] ?? 0);
  return check.rule === "atLeast" ? a >= b : a === 0 || b > 0;
}

/** The form's checks that fail for these answers, in catalogue order. */
export function failedChecks(form: FormDef, answers: Answers): CrossCheck[] {
  return form.checks.filter((c) => !checkHolds(c, answers));
}

/**
 * The metric keys a caption term names: one key, or a pattern with "*" standing for one part. A
 * pattern is a total, so it leaves out the options marked `total: false` (the joint patrols with
 * Cambodia are not in the report's "Tổng số lượt tổ tuần tra, kiểm soát"); a key names any metric.
 */
export function metricsMatching(term: string, metrics: readonly { key: string; outsideTotal?: true }[]): string[] {
  if (!term.includes("*")) return metrics.some((m) => m.key === term) ? [term] : [];
  const re = new RegExp(`^${term.split("*").map((p) => p.replace(/[.]/g, "\\.")).join("[a-z0-9_]+")}$`);
  return metrics.filter((m) => !m.outsideTotal && re.test(m.key)).map((m) => m.key);
}
