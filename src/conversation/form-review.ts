// What is looked at once more when Lưu is pressed, whatever way the answers came (asked one by
// one, edited, or filled from a typed line): the form's cross-field checks, an activity date
// long ago, and figures far above the unit's own largest month. Pure; the history comes in.
import { checkHolds, isShown, metricOf, type Answers, type FieldDef, type FormDef, type NumberField } from "../domain/catalogue.js";
import { fold, formatDateShort, formatVnNumber, isLongAgo, LONG_AGO_MONTHS } from "../domain/vn.js";
import type { FormState } from "./state.js";
import { text, type EventBody, type Outbound } from "./types.js";

/** What the runner may ask the rest of the system while reviewing a form. */
export interface FormContext {
  /** The unit's largest month of a metric (null when it never filed it): see Services.largestMonth. */
  largestMonth?: (metric: string) => number | null;
  /**
   * The largest month of the other units of the same kind, asked only when the unit has no
   * history of the metric: a first figure is not a free pass for an absurd one.
   */
  kindLargestMonth?: (metric: string) => number | null;
}

/** A figure is "far outside" the unit's history above this many times its largest month… */
export const OUTLIER_FACTOR = 10;
/** …and only from these sizes on, so 3 buổi after a largest month of 0 is not asked. */
export const OUTLIER_FLOOR = { count: 20, money: 1_000_000 } as const;
export const DATE_KEY = "@date";

export const CONFIRM_CHOICE = { yes: "c:yes", no: "c:no" } as const;

function activeFields(form: FormDef, answers: Answers): FieldDef[] {
  return form.fields.filter((f) => isShown(f, answers));
}

/** The first cross-field check that fails over the answered fields that apply, as its message. */
export function formProblem(form: FormDef, answers: Answers): string | undefined {
  const active = new Set(activeFields(form, answers).map((f) => f.key));
  return form.checks.find((c) => c.fields.every((f) => active.has(f) && f in answers) && !checkHolds(c, answers))?.message;
}

/** The key a confirmation is remembered by: changing the answer asks again. */
function confirmKey(key: string, state: FormState): string {
  return key === DATE_KEY ? `${DATE_KEY}=${state.activityDate}` : `${key}=${String(state.answers[key])}`;
}

export function isConfirmed(state: FormState, key: string): boolean {
  return (state.confirmed ?? []).includes(confirmKey(key, state));
}

export function withConfirmed(state: FormState, key: string): FormState {
  return { ...state, confirmed: [...(state.confirmed ?? []), confirmKey(key, state)] };
}

/** The next unusual answer to confirm before saving, if any: the date first, then figures in form order. */
export function toConfirm(form: FormDef, state: FormState, today: string, ctx: FormContext = {}): { key: string; max?: number; of?: "kind" } | undefined {
  if (isLongAgo(state.activityDate, today) && !isConfirmed(state, DATE_KEY)) return { key: DATE_KEY };
  if (!ctx.largestMonth) return undefined;
  for (const f of activeFields(form, state.answers)) {
    const value = state.answers[f.key];
    if (f.kind !== "number" || typeof value !== "number" || isConfirmed(state, f.key)) continue;
    const floor = f.money ? OUTLIER_FLOOR.money : OUTLIER_FLOOR.count;
    if (value < floor) continue;
    const metric = metricOf(f, state.answers);
    const own = ctx.largestMonth(metric);
    const max = own ?? ctx.kindLargestMonth?.(metric) ?? null;
    if (max !== null && value > OUTLIER_FACTOR * max) return { key: f.key, max, ...(own === null ? { of: "kind" as const } : {}) };
  }
  return undefined;
}

/** The yes/no question for a confirm step. */
export function confirmQuestion(form: FormDef, state: FormState, key: string, max?: number, of?: "kind"): Outbound {
  if (key === DATE_KEY) {
    return text(
      `⚠️ Ngày hoạt động ${formatDateShort(state.activityDate)} đã cách đây hơn ${LONG_AGO_MONTHS} tháng. Đúng ngày này không?`,
      [{ id: CONFIRM_CHOICE.yes, label: "✅ Đúng, lưu" }, { id: CONFIRM_CHOICE.no, label: "✏️ Sửa ngày" }]);
  }
  const field = form.fields.find((f): f is NumberField => f.kind === "number" && f.key === key);
  const value = Number(state.answers[key]);
  const unit = field?.unit ?? "";
  const compared = of === "kind"
    ? `tháng cao nhất của các đơn vị cùng loại (${formatVnNumber(max ?? 0)} ${unit}); đơn vị bạn chưa có số liệu này trước đây`
    : `tháng cao nhất trước đây của đơn vị (${formatVnNumber(max ?? 0)} ${unit})`;
  return text(
    `⚠️ ${field?.label ?? key}: ${formatVnNumber(value)} ${unit}, gấp hơn ${OUTLIER_FACTOR} lần ${compared}. Số này có đúng không?`,
    [{ id: CONFIRM_CHOICE.yes, label: "✅ Đúng, lưu" }, { id: CONFIRM_CHOICE.no, label: "✏️ Sửa số này" }]);
}

const YES = new Set(["dung", "co", "ok", "dong y", "vang", "u", "yes"]);
const NO = new Set(["sai", "khong", "ko", "sua", "no"]);

/** A yes or no to a confirm question: a button, or typed words ("đúng", "sai"). */
export function readYesNo(body: EventBody): boolean | undefined {
  if (body.type === "choice") return body.id === CONFIRM_CHOICE.yes ? true : body.id === CONFIRM_CHOICE.no ? false : undefined;
  if (body.type !== "text") return undefined;
  const t = fold(body.text);
  return YES.has(t) ? true : NO.has(t) ? false : undefined;
}
