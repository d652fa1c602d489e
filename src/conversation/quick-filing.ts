// Quick entry in the chat: a typed line opens its form with the answers filled in, at the first
// unanswered question or at the summary (Lưu / Sửa / Hủy), so saving, editing and the locked-period
// check are the form's own. "không phát sinh <biểu mẫu>" goes through /khongphatsinh.
import { formById, formsForUnitKind, isShown, type FormDef } from "../domain/catalogue.js";
import { monthOf } from "../domain/periods.js";
import { quoted } from "../domain/vn-text.js";
import { parseQuickEntry, quickExample } from "../domain/quick-entry.js";
import type { StepResult, UserContext } from "./command-types.js";
import { currentPrompt } from "./form-runner.js";
import { khongPhatSinhCommand } from "./period-commands.js";
import { endedNotice, outsideUnitDates, unitEnded } from "./filing.js";
import { emptyState, type FormState } from "./state.js";
import { text, type Outbound } from "./types.js";

/** Only reporters file by a typed line; leaders keep /nhap. */
export function mayQuickEnter(c: UserContext): boolean {
  return c.user.role === "bao_cao" && formsForUnitKind(c.user.unitKind).length > 0;
}

/** The one example shown when a line cannot be read, for a form the person's unit files. */
export function quickHint(c: UserContext): string | undefined {
  if (!mayQuickEnter(c)) return undefined;
  const example = quickExample(c.user.unitKind);
  return example ? `Muốn nhập nhanh, gõ một dòng như: ${example}` : undefined;
}

function foreign(form: FormDef, c: UserContext): string {
  const mine = formsForUnitKind(c.user.unitKind).map((f) => f.title).join("; ");
  return `"${form.title}" không phải biểu mẫu của ${c.user.unitName}. Đơn vị bạn nhập: ${mine}. Gõ /nhap để chọn.`;
}

function firstUnanswered(form: FormDef, state: FormState): string | undefined {
  return form.fields.find((f) => isShown(f, state.answers) && !(f.key in state.answers))?.key;
}

/** The reply to a typed line, or undefined when the line names no form (the caller answers). */
export function quickEntry(line: string, c: UserContext): StepResult | undefined {
  if (!mayQuickEnter(c)) return undefined;
  const parsed = parseQuickEntry(line, c.user.unitKind);
  if (parsed.kind === "unknown") return undefined;
  if (parsed.kind === "foreign") return { state: emptyState(), messages: [text(foreign(formById(parsed.formId)!, c))], effects: [], writes: [] };
  if (parsed.kind === "nil") {
    const form = parsed.formId ? formById(parsed.formId) : undefined;
    if (form?.aggregation === "stock") {
      // /khongphatsinh would only list the other forms: say why this one is not among them.
      return { state: emptyState(), messages: [text(`"${form.title}" là số liệu hiện có, không tính theo hoạt động trong tháng, nên không báo "không phát sinh". Gõ /nhap ${form.title.toLowerCase()} để nhập số hiện có.`)], effects: [], writes: [] };
    }
    return khongPhatSinhCommand({ ...c, state: emptyState(), args: parsed.formId ?? "" });
  }

  const form = formById(parsed.formId)!;
  // An ended unit files only for its days up to the end: the date is set to its last day.
  const ended = unitEnded(c.user, c.today);
  const notBegun = ended ? undefined : outsideUnitDates(c.user, c.today);
  if (notBegun) return { state: emptyState(), messages: [text(notBegun)], effects: [], writes: [] };
  const draft: FormState = {
    formId: form.id, unitCode: c.user.unitCode, answers: parsed.answers, activityDate: ended ? c.user.unitUntil! : c.today, step: { at: "summary" },
  };
  // A figure typed two ways ("1.500" giờ) is asked first, with the form's own choices.
  const missing = parsed.ask?.key ?? firstUnanswered(form, draft);
  const state: FormState = missing ? { ...draft, step: { at: "field", key: missing, ...(parsed.ask ? { readings: parsed.ask.readings } : {}) } } : draft;
  const notes: Outbound[] = ended ? [text(endedNotice(c.user))] : [];
  // Said before anything is asked, as when the form is opened from /nhap.
  const month = monthOf(c.today, c.services.cutoffDay);
  if (c.services.isLocked(month.key, c.user.unitCode)) {
    notes.push(text(`⚠️ Kỳ ${month.label} đã khóa sổ: trước khi Lưu, hãy sửa ngày hoạt động sang kỳ còn mở.`));
  }
  const said = [
    `⚡ Nhập nhanh: ${form.title}.`,
    ...(parsed.unread.length ? [`Chưa rõ: ${parsed.unread.map((p) => `“${quoted(p)}”`).join(", ")} — bot sẽ hỏi lại.`] : []),
    ...parsed.notes.map((n) => `⚠️ ${n}`),
    ...(parsed.ask ? [`⚠️ ${parsed.ask.message}`] : []),
    ...(missing ? ["Trả lời các câu còn thiếu; gõ /huy để hủy."] : []),
  ];
  notes.push(text(said.join("\n")));
  return { state: { ...emptyState(), pending: { kind: "form", form: state } }, messages: [...notes, currentPrompt(form, state, c.today)], effects: [], writes: [] };
}
