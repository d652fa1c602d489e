// The generic form runner: (form definition, form state, input) -> (new state, messages, outcome).
// Pure: no I/O, no clock (today is passed in). Bad input keeps the form where it was.
import {
  checkHolds, isShown, metricOf, type Answers, type AnswerValue, type ChoiceField, type FieldDef, type FormDef, type NumberField,
} from "../domain/catalogue.js";
import { checkValue, readFigure } from "../domain/figure.js";
import { fold, formatDateShort, formatVnNumber, parseVnDate } from "../domain/vn.js";
import { confirmQuestion, DATE_KEY, formProblem, readYesNo, toConfirm, withConfirmed, type FormContext } from "./form-review.js";
import type { FormState } from "./state.js";
import { text, type Choice, type EventBody, type Outbound } from "./types.js";

export type FormOutcome = "continue" | "save" | "cancel";
export interface FormResult { state: FormState; messages: Outbound[]; outcome: FormOutcome }

const SKIP_WORDS = new Set(["bo qua", "khong", "khong co", "skip", "-"]);
export const FORM_CHOICE = { save: "save", edit: "edit", cancel: "cancel", date: "e:@date" } as const;

/** Fields that apply given the answers so far, in order. */
export function activeFields(form: FormDef, answers: Answers): FieldDef[] {
  return form.fields.filter((f) => isShown(f, answers));
}

function nextUnanswered(form: FormDef, answers: Answers): FieldDef | undefined {
  return activeFields(form, answers).find((f) => !(f.key in answers));
}

export function formatAnswer(field: FieldDef, value: AnswerValue): string {
  if (value === null || value === undefined) return "(không có)";
  if (field.kind === "number") return `${formatVnNumber(Number(value))} ${field.unit}`;
  if (field.kind === "choice") return field.options.find((o) => o.id === value)?.label ?? String(value);
  if (field.kind === "photo") return "đã gửi ảnh";
  return String(value);
}

function prompt(form: FormDef, state: FormState, field: FieldDef): Outbound {
  const fields = activeFields(form, state.answers);
  const pos = fields.indexOf(field) + 1;
  const progress = pos > 0 ? `(${pos}/${fields.length}) ` : "";
  if (field.kind === "choice") {
    return text(`${progress}${field.prompt}`, field.options.map((o) => ({ id: `o:${o.id}`, label: o.label })));
  }
  const step = state.step;
  const readings = (step.at === "field" || step.at === "edit_field") && step.key === field.key ? step.readings ?? [] : [];
  if (field.kind === "number" && readings.length) {
    return text(`${progress}${field.prompt} Bấm chọn số đúng, hoặc gõ lại.`,
      readings.map((v) => ({ id: `n:${v}`, label: `${formatVnNumber(v, decimalsOf(v))} ${field.unit}` })));
  }
  return text(`${progress}${field.prompt}`);
}

/** Decimals to show a reading exactly (formatVnNumber rounds to two by default). */
const decimalsOf = (v: number) => (String(v).split(".")[1] ?? "").length;

const yearWord = (date: string, today: string): string =>
  Number(date.slice(0, 4)) === Number(today.slice(0, 4)) - 1 ? "năm ngoái" : `năm ${date.slice(0, 4)}`;

export function summary(form: FormDef, state: FormState, today: string): Outbound {
  // A day typed without a year may be read as last year's (vn.ts yearOfDayMonth): said, so a slip shows.
  const dateNote = state.activityDate === today ? " (hôm nay)" : state.activityDate.slice(0, 4) < today.slice(0, 4) ? ` (${yearWord(state.activityDate, today)})` : "";
  // A changed answer that broke a cross-field check waits here: Lưu refuses with the same words.
  const problem = formProblem(form, state.answers);
  const lines = [
    `📋 ${form.title}`,
    `Ngày hoạt động: ${formatDateShort(state.activityDate)}${dateNote}`,
    ...activeFields(form, state.answers).map((f) => `• ${fieldLabel(f)}: ${formatAnswer(f, state.answers[f.key] ?? null)}`),
    ...(state.location ? [`• Vị trí: ${formatPlace(state.location)}`] : []),
    "",
    problem ? `⚠️ ${problem} Bấm Sửa để sửa cho khớp.` : "Kiểm tra lại rồi bấm Lưu.",
  ];
  return text(lines.join("\n"), [
    { id: FORM_CHOICE.save, label: "✅ Lưu" },
    { id: FORM_CHOICE.edit, label: "✏️ Sửa" },
    { id: FORM_CHOICE.cancel, label: "❌ Hủy" },
  ]);
}

export function fieldLabel(f: FieldDef): string {
  if (f.kind === "number") return f.label;
  if (f.kind === "choice") return f.label;
  return f.kind === "photo" ? "Ảnh" : "Ghi chú";
}

function editChoices(form: FormDef, state: FormState): Choice[] {
  return [
    { id: FORM_CHOICE.date, label: `Ngày hoạt động (${formatDateShort(state.activityDate)})` },
    ...activeFields(form, state.answers).map((f) => ({ id: `e:${f.key}`, label: `${fieldLabel(f)}: ${formatAnswer(f, state.answers[f.key] ?? null)}` })),
  ];
}

export function startForm(form: FormDef, unitCode: string, today: string): FormResult {
  const first = form.fields[0]!;
  const state: FormState = { formId: form.id, unitCode, answers: {}, activityDate: today, step: { at: "field", key: first.key } };
  return {
    state,
    messages: [text(`📋 ${form.title}. Trả lời từng câu; gõ /huy để hủy bất cứ lúc nào.`), prompt(form, state, first)],
    outcome: "continue",
  };
}

/** What to say when a message cannot be read as an answer. */
export function unsupportedMessage(what: string, photoWanted = false): string {
  if (what === "edited") return "Bot không đọc lại tin nhắn đã sửa. Xin gõ lại câu trả lời (hoặc dùng nút Sửa trước khi Lưu).";
  if (photoWanted) return "Xin gửi ảnh chụp (không gửi dạng tệp), hoặc gõ \"bỏ qua\".";
  return "Bot chỉ đọc được chữ và số. Xin trả lời câu hỏi dưới đây.";
}

type Parsed = { ok: true; value: AnswerValue } | { ok: false; message: string; readings?: number[] };

function readNumber(field: NumberField, body: EventBody, offered: readonly number[]): Parsed {
  // A reading offered after an ambiguous answer ("1,000" → 1.000 or 1), pressed or typed as its label.
  const picked = body.type === "choice" && body.id.startsWith("n:") ? Number(body.id.slice(2)) : undefined;
  if (picked !== undefined && !offered.includes(picked)) return { ok: false, message: "Xin gõ một con số." };
  if (picked === undefined && body.type !== "text") return { ok: false, message: "Xin gõ một con số." };
  const r = picked !== undefined ? checkValue(field, picked) : readFigure(field, (body as { text: string }).text);
  return r.ok ? { ok: true, value: r.value } : { ok: false, message: r.message, readings: r.readings };
}

function readChoice(field: ChoiceField, body: EventBody): Parsed {
  if (body.type === "choice" && body.id.startsWith("o:")) {
    const id = body.id.slice(2);
    if (field.options.some((o) => o.id === id)) return { ok: true, value: id };
  }
  if (body.type === "text") {
    const typed = fold(body.text);
    const hit = field.options.find((o) => fold(o.label) === typed || o.id === typed.replace(/ /g, "_"));
    if (hit) return { ok: true, value: hit.id };
  }
  return { ok: false, message: "Xin chọn một trong các mục bên dưới (bấm nút hoặc gõ số thứ tự)." };
}

function readField(field: FieldDef, body: EventBody, offered: readonly number[]): Parsed {
  if (body.type === "unsupported") return { ok: false, message: unsupportedMessage(body.what, field.kind === "photo") };
  switch (field.kind) {
    case "number": return readNumber(field, body, offered);
    case "choice": return readChoice(field, body);
    case "text":
      if (body.type !== "text" || body.text.trim() === "") return { ok: false, message: "Xin gõ ghi chú, hoặc gõ \"bỏ qua\"." };
      if (SKIP_WORDS.has(fold(body.text))) return { ok: true, value: null };
      if (body.text.length > field.maxLength) return { ok: false, message: `Ghi chú dài quá (tối đa ${field.maxLength} ký tự). Xin viết ngắn lại.` };
      return { ok: true, value: body.text.trim().normalize("NFC") };
    case "photo":
      if (body.type === "photo") return { ok: true, value: body.fileId };
      if (body.type === "text" && SKIP_WORDS.has(fold(body.text))) return { ok: true, value: null };
      return { ok: false, message: "Xin gửi một ảnh, hoặc gõ \"bỏ qua\"." };
  }
}

/** Cross-field checks that now fail and involve the field just answered. */
function failedCheck(form: FormDef, answers: Answers, key: string): string | undefined {
  return form.checks.find((c) => c.fields.includes(key) && c.fields.every((f) => f in answers) && !checkHolds(c, answers))?.message;
}

function again(form: FormDef, state: FormState, field: FieldDef, message: string): FormResult {
  return { state, messages: [text(`⚠️ ${message}`), prompt(form, state, field)], outcome: "continue" };
}

function afterAnswer(form: FormDef, state: FormState, today: string): FormResult {
  const next = nextUnanswered(form, state.answers);
  if (next) {
    const s = { ...state, step: { at: "field" as const, key: next.key } };
    return { state: s, messages: [prompt(form, s, next)], outcome: "continue" };
  }
  const s = { ...state, step: { at: "summary" as const } };
  return { state: s, messages: [summary(form, s, today)], outcome: "continue" };
}

/** Drop answers of fields that no longer apply (e.g. the note once "0 mốc bất thường"). */
function prune(form: FormDef, answers: Answers): Answers {
  const keys = new Set(activeFields(form, answers).map((f) => f.key));
  return Object.fromEntries(Object.entries(answers).filter(([k]) => keys.has(k)));
}

function answerField(form: FormDef, state: FormState, key: string, body: EventBody, today: string): FormResult {
  const field = form.fields.find((f) => f.key === key);
  if (!field) return afterAnswer(form, state, today);
  const step = state.step;
  const offered = (step.at === "field" || step.at === "edit_field") ? step.readings ?? [] : [];
  const parsed = readField(field, body, offered);
  if (!parsed.ok) {
    // Offer the readings of an ambiguous answer as choices; any other refusal withdraws them.
    const readings = parsed.readings?.length ? parsed.readings : undefined;
    const s = step.at === "field" || step.at === "edit_field" ? { ...state, step: { at: step.at, key: step.key, ...(readings ? { readings } : {}) } } : state;
    return again(form, s, field, parsed.message);
  }
  const answers = prune(form, { ...state.answers, [key]: parsed.value });
  // A first answer that breaks a check is refused at once; a changed one (edit_field) is kept and
  // the check waits for Lưu, as for a typed line: the other answer of the pair may be next to change.
  const problem = step.at === "edit_field" ? undefined : failedCheck(form, answers, key);
  if (problem) {
    // The earlier answer may be the slip (30 buổi for 3): the same answer typed again is kept, and the
    // check waits for Lưu, where the summary shows it and the other answer can be changed. Without
    // this, only /huy got out (found by exploratory testing).
    const typed = JSON.stringify(parsed.value);
    if (step.at === "field" && step.insisted === typed) return afterAnswer(form, { ...state, answers }, today);
    const shown = body.type === "text" ? body.text.trim() : formatAnswer(field, parsed.value);
    const s: FormState = { ...state, step: { at: "field", key, insisted: typed } };
    return again(form, s, field, `${problem}\nNếu ${shown} là đúng, gõ lại ${shown}: bot giữ số này, bạn sửa câu trước ở bảng tóm tắt rồi mới Lưu.`);
  }
  return afterAnswer(form, { ...state, answers }, today);
}

/**
 * Lưu: the form's cross-field checks (naming what to fix), then an old date and figures far
 * above the unit's history, each confirmed once; "save" only when nothing is left to ask.
 */
function review(form: FormDef, state: FormState, today: string, ctx: FormContext): FormResult {
  const problem = formProblem(form, state.answers);
  if (problem) {
    const s: FormState = { ...state, step: { at: "pick_edit" } };
    return { state: s, messages: [text(`⚠️ Chưa lưu được: ${problem}`), text("Muốn sửa mục nào?", editChoices(form, s))], outcome: "continue" };
  }
  const ask = toConfirm(form, state, today, ctx);
  if (ask) {
    const s: FormState = { ...state, step: { at: "confirm", key: ask.key, ...(ask.max !== undefined ? { max: ask.max } : {}), ...(ask.of ? { of: ask.of } : {}) } };
    return { state: s, messages: [confirmQuestion(form, s, ask.key, ask.max, ask.of)], outcome: "continue" };
  }
  return { state: { ...state, step: { at: "summary" } }, messages: [], outcome: "save" };
}

function answerConfirm(form: FormDef, state: FormState, key: string, max: number | undefined, of: "kind" | undefined, body: EventBody, today: string, ctx: FormContext): FormResult {
  const yes = readYesNo(body);
  if (yes === undefined) {
    return { state, messages: [text("⚠️ Xin bấm \"Đúng, lưu\" hoặc \"Sửa\" (hoặc gõ số 1, 2)."), confirmQuestion(form, state, key, max, of)], outcome: "continue" };
  }
  if (yes) return review(form, withConfirmed(state, key), today, ctx);
  if (key === DATE_KEY) return { state: { ...state, step: { at: "edit_date" } }, messages: [text(DATE_QUESTION)], outcome: "continue" };
  const field = form.fields.find((f) => f.key === key);
  if (!field) return afterAnswer(form, state, today);
  const without = Object.fromEntries(Object.entries(state.answers).filter(([k]) => k !== key));
  const s: FormState = { ...state, answers: without, step: { at: "edit_field", key } };
  return { state: s, messages: [prompt(form, s, field)], outcome: "continue" };
}

const DATE_QUESTION = "Ngày hoạt động? Gõ ngày/tháng (ví dụ 15/2) hoặc \"hôm qua\".";

/** "10.61234, 105.12345": coordinates are written with dots everywhere, maps included. */
export const formatPlace = (p: { latitude: number; longitude: number }) => `${p.latitude.toFixed(5)}, ${p.longitude.toFixed(5)}`;

export function stepForm(form: FormDef, state: FormState, body: EventBody, today: string, ctx: FormContext = {}): FormResult {
  // A place shared at any step belongs to the entry being filed; the question stays where it was.
  if (body.type === "location") {
    const s: FormState = { ...state, location: { latitude: body.latitude, longitude: body.longitude } };
    return { state: s, messages: [text(`📍 Đã ghi vị trí ${formatPlace(s.location!)} cho báo cáo này.`), currentPrompt(form, s, today)], outcome: "continue" };
  }
  const step = state.step;
  switch (step.at) {
    case "field":
    case "edit_field":
      return answerField(form, state, step.key, body, today);
    case "confirm":
      return answerConfirm(form, state, step.key, step.max, step.of, body, today, ctx);
    case "summary": {
      const id = body.type === "choice" ? body.id : undefined;
      if (id === FORM_CHOICE.save) return review(form, state, today, ctx);
      if (id === FORM_CHOICE.cancel) return { state, messages: [], outcome: "cancel" };
      if (id === FORM_CHOICE.edit) {
        const s = { ...state, step: { at: "pick_edit" as const } };
        return { state: s, messages: [text("Muốn sửa mục nào?", editChoices(form, s))], outcome: "continue" };
      }
      return { state, messages: [text("⚠️ Xin bấm Lưu, Sửa hoặc Hủy (hoặc gõ số 1, 2, 3)."), summary(form, state, today)], outcome: "continue" };
    }
    case "pick_edit": {
      const id = body.type === "choice" ? body.id : "";
      if (id === FORM_CHOICE.date) {
        return { state: { ...state, step: { at: "edit_date" } },
          messages: [text("Ngày hoạt động? Gõ ngày/tháng (ví dụ 15/2) hoặc \"hôm qua\".")], outcome: "continue" };
      }
      const field = id.startsWith("e:") ? activeFields(form, state.answers).find((f) => f.key === id.slice(2)) : undefined;
      if (!field) return { state, messages: [text("⚠️ Xin chọn mục cần sửa.", editChoices(form, state))], outcome: "continue" };
      const without = Object.fromEntries(Object.entries(state.answers).filter(([k]) => k !== field.key));
      const s: FormState = { ...state, answers: without, step: { at: "edit_field", key: field.key } };
      return { state: s, messages: [prompt(form, s, field)], outcome: "continue" };
    }
    case "edit_date": {
      if (body.type !== "text") return { state, messages: [text("⚠️ Xin gõ ngày, ví dụ 15/2 hoặc \"hôm qua\".")], outcome: "continue" };
      const d = parseVnDate(body.text, today);
      if (!d.ok) return { state, messages: [text(`⚠️ ${d.message}`)], outcome: "continue" };
      return afterAnswer(form, { ...state, activityDate: d.date }, today);
    }
  }
}

/** The prompt to show again for the current step (after a restart, /menu, or a stale button). */
export function currentPrompt(form: FormDef, state: FormState, today: string): Outbound {
  const step = state.step;
  if (step.at === "summary") return summary(form, state, today);
  if (step.at === "confirm") return confirmQuestion(form, state, step.key, step.max, step.of);
  if (step.at === "pick_edit") return text("Muốn sửa mục nào?", editChoices(form, state));
  if (step.at === "edit_date") return text("Ngày hoạt động? Gõ ngày/tháng (ví dụ 15/2) hoặc \"hôm qua\".");
  const field = form.fields.find((f) => f.key === step.key) ?? form.fields[0]!;
  return prompt(form, state, field);
}

/** metric -> value for the saved entry. */
export function formValues(form: FormDef, answers: Answers): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of activeFields(form, answers)) {
    if (f.kind === "number" && typeof answers[f.key] === "number") out[metricOf(f, answers)] = answers[f.key] as number;
  }
  return out;
}
