// The one reader of a typed figure for a number field: the chat form, quick entry and the CSV
// import all read with the field's own rules (its unit words, money, decimals), then its limits.
// Pure. A refusal is a value with the Vietnamese message, and for an ambiguous "1.500" the two
// readings, so each caller can ask (chat) or refuse the row (import).
import { allowsDecimals, checkFigure, checkHolds, formById, metricByKey, type Answers, type FormDef, type NumberField } from "./catalogue.js";
import { ambiguousReadings, parseVnNumber, type NumberOptions, type NumberParse } from "./vn-number.js";

export type FigureRead =
  | { ok: true; value: number }
  | {
      ok: false;
      /** The reader's reasons, or the field's: not a whole number, finer than tenths, over a limit. */
      reason: Exclude<NumberParse, { ok: true }>["reason"] | "not_integer" | "tenths" | "limit";
      message: string;
      /** For "ambiguous": the readings the field accepts, smallest first. */
      readings?: number[];
    };

export function numberOptions(field: NumberField): NumberOptions {
  return { unitWords: [field.unit, ...(field.unitWords ?? [])], money: field.money, decimals: allowsDecimals(field) };
}

/** Why the field refuses a figure (the catalogue's own rule), or null when it takes it. */
const figureRefusal = checkFigure;

const inTenths = (n: number) => Math.abs(n * 10 - Math.round(n * 10)) < 1e-9;

/** The field's verdict on a number already read (a pressed reading, a value from a file). */
export function checkValue(field: NumberField, value: number): FigureRead {
  const message = figureRefusal(field, value);
  if (message === null) return { ok: true, value };
  const decimals = allowsDecimals(field);
  const reason = !decimals && !Number.isInteger(value) ? "not_integer" : decimals && !inTenths(value) ? "tenths" : "limit";
  return { ok: false, reason, message };
}

/** Reads what was typed for a number field: "12", "1.200", "2,5 tiếng", "5 triệu", "không". */
export function readFigure(field: NumberField, typed: string): FigureRead {
  const opts = numberOptions(field);
  const n = parseVnNumber(typed, opts);
  if (!n.ok) {
    if (n.reason !== "ambiguous") return n;
    return { ...n, readings: ambiguousReadings(typed, opts).filter((v) => figureRefusal(field, v) === null) };
  }
  return checkValue(field, n.value);
}

/**
 * The number field of the form that writes a metric, and the choice the metric implies
 * ("tuan_tra.doc_lap.luot_to": the field luot_to, with kind = doc_lap); undefined when none does.
 */
export function fieldOfMetric(form: FormDef, metric: string): { field: NumberField; choice?: [key: string, value: string] } | undefined {
  for (const f of form.fields) {
    if (f.kind !== "number") continue;
    if (f.metric === metric) return { field: f };
    const m = /\{(\w+)\}/.exec(f.metric);
    if (!m) continue;
    const [head, tail] = f.metric.split(m[0]) as [string, string];
    if (metric.startsWith(head) && metric.endsWith(tail) && metric.length > head.length + tail.length) {
      return { field: f, choice: [m[1]!, metric.slice(head.length, metric.length - tail.length)] };
    }
  }
  return undefined;
}

/** The number field a metric key of the catalogue is written by (a file names metrics, not fields). */
export function fieldOfMetricKey(metric: string): NumberField | undefined {
  const form = formById(metricByKey(metric)?.formId ?? "");
  return form ? fieldOfMetric(form, metric)?.field : undefined;
}

/** A cross-check of a form that the answers break: its fields (the first is the one to change) and message. */
export interface FailedCheck { fields: readonly string[]; message: string }

/**
 * The form's cross-checks (atLeast, needs) that fail over the answers present: a check is
 * judged only once all its fields are answered.
 */
export function brokenChecks(form: FormDef, answers: Answers): FailedCheck[] {
  return form.checks.filter((c) => c.fields.every((f) => f in answers) && !checkHolds(c, answers)).map((c) => ({ fields: c.fields, message: c.message }));
}
