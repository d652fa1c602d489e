// Correcting a saved entry in place: pick one answer (or the date) and answer it again with the
// form's own question and checks, or delete the entry; then a short reason, a confirmation, and
// the ledger keeps the old version as a revision. Opened by "fix:<entry>" from anywhere (the
// /cuatoi list, the "Đã lưu" message, a leader's "returned" notice) and by /sua <số>.
import { formById, metricByKey, metricOf, metricIndex, type Answers, type FormDef } from "../domain/catalogue.js";
import { periodFromKey } from "../domain/periods.js";
import { fold, formatDateShort, formatVnNumber } from "../domain/vn.js";
import { keepForm, reply, withWrites, type StepResult, type UserContext } from "./command-types.js";
import { checkDelete, checkEdit } from "./write-checks.js";
import type { Write } from "./writes.js";
import { outsideUnitDates, resumeForm } from "./filing.js";
import { activeFields, currentPrompt, FORM_CHOICE, fieldLabel, formatAnswer, formValues, stepForm } from "./form-runner.js";
import { confirmQuestion, DATE_KEY, toConfirm, withConfirmed } from "./form-review.js";
import { brokenChecks } from "../domain/figure.js";
import { entryText } from "./my-entries.js";
import type { EntryDetail } from "./ports.js";
import { emptyState, type ChatState, type FixState, type FormState } from "./state.js";
import { text, type Choice, type EventBody, type Outbound } from "./types.js";

const DELETE = "f:del";
const CONFIRM = "f:ok";
const DROP = "f:no";
const NOT_A_CHOICE = text("⚠️ Không có lựa chọn này. Gõ số thứ tự hoặc tên một mục dưới đây, hoặc gõ /huy để thôi.");
const REASON_MIN = 3;
const REASON_MAX = 200;

const periodLabel = (c: UserContext, key: string) => periodFromKey(key, c.services.cutoffDay)?.label ?? key;
const lockedLine = (label: string, id: number) =>
  `🔒 Kỳ ${label} đã khóa sổ nên không sửa hoặc xóa được bản ghi số ${id}. Lãnh đạo phường có thể mở lại cho đơn vị bạn (lệnh /mokhoa).`;

/** The form's answers as the entry holds them (the patrol kind is read off its metric keys). */
function answersOf(form: FormDef, e: EntryDetail): Answers {
  const answers: Answers = {};
  for (const f of form.fields) {
    if (f.kind !== "choice") continue;
    const hit = f.options.find((o) => Object.keys(e.values).some((k) => k.split(".")[1] === o.id));
    if (hit) answers[f.key] = hit.id;
  }
  for (const f of form.fields) if (f.kind === "number") answers[f.key] = e.values[metricOf(f, answers)] ?? 0;
  for (const f of activeFields(form, answers)) {
    if (f.kind === "text") answers[f.key] = e.note;
    if (f.kind === "photo") answers[f.key] = e.photoFileId;
  }
  return answers;
}

/** The date, then the form's figures and choice; notes and photos change only with the figure they belong to. */
function pickChoices(form: FormDef, fs: FormState, source: string): Choice[] {
  const del = { id: DELETE, label: "🗑 Xóa bản ghi này" };
  if (source === "nil") return [del];
  return [
    { id: FORM_CHOICE.date, label: `Ngày hoạt động (${formatDateShort(fs.activityDate)})` },
    ...activeFields(form, fs.answers).filter((f) => f.kind === "number" || f.kind === "choice")
      .map((f) => ({ id: `e:${f.key}`, label: `${fieldLabel(f)}: ${formatAnswer(f, fs.answers[f.key] ?? null)}` })),
    del,
  ];
}

function pickMessage(form: FormDef, fix: FixState, e: EntryDetail, note = ""): Outbound {
  const returned = e.status === "returned" ? `\n↩️ Bị trả lại${e.returnReason ? `: ${e.returnReason}` : ""}.` : "";
  const head = e.source === "nil"
    ? "Bản ghi \"không phát sinh\" chỉ xóa được; muốn báo số liệu thì xóa rồi gõ /nhap."
    : "Chọn mục cần sửa (bấm nút hoặc gõ số thứ tự), hoặc xóa cả bản ghi. Gõ /huy để thôi.";
  return text(`${note}✏️ Bản ghi số ${e.id}: ${entryText(e)}.${returned}\n${head}`, pickChoices(form, fix.form, e.source));
}

/** What stays after the correction ends: the form set aside, if any. */
function after(fix: FixState | undefined, today: string): { state: ChatState; messages: Outbound[] } {
  if (!fix?.resume) return { state: emptyState(), messages: [] };
  return { state: { ...emptyState(), pending: { kind: "form", form: fix.resume } }, messages: resumeForm(fix.resume, today) };
}

function ended(c: UserContext, fix: FixState | undefined, ...messages: Outbound[]): StepResult {
  const a = after(fix, c.today);
  return { state: a.state, messages: [...messages, ...a.messages], effects: [], writes: [] };
}

const withFix = (fix: FixState): ChatState => ({ ...emptyState(), pending: { kind: "fix", fix } });

/** Opens the correction of an entry of the person's unit; `deleting` goes straight to the reason for deleting. */
export function openFix(c: UserContext, entryId: number, deleting = false): StepResult {
  const refuse = (line: string) => reply(keepForm(c.state), text(line));
  const e = Number.isInteger(entryId) && entryId > 0 ? c.services.entryOfUnit(entryId, c.user.unitCode) : undefined;
  if (!e) return refuse(`Không có bản ghi số ${entryId} của ${c.user.unitName}. Gõ /cuatoi để xem danh sách.`);
  if (e.status === "deleted") return refuse(`Bản ghi số ${e.id} đã được xóa trước đây. Gõ /cuatoi để xem danh sách.`);
  const form = formById(e.formId);
  if (e.source === "import" || !form) return refuse(`Bản ghi số ${e.id} được nhập từ tệp số liệu, không sửa qua chat. Xin báo Văn phòng UBND phường.`);
  if (c.services.isLocked(e.period, c.user.unitCode)) return refuse(lockedLine(periodLabel(c, e.period), e.id));
  const p = c.state.pending;
  const resume = p?.kind === "form" ? p.form : p?.kind === "fix" ? p.fix.resume : undefined;
  const fix: FixState = {
    entryId: e.id, revision: e.revision, step: "pick",
    form: { formId: form.id, unitCode: c.user.unitCode, answers: answersOf(form, e), activityDate: e.activityDate, step: { at: "summary" } },
    ...(resume ? { resume } : {}),
  };
  if (deleting) return reply(withFix({ ...fix, step: "reason", action: "delete" }), reasonPrompt(e.id, "delete"));
  return reply(withFix(fix), pickMessage(form, fix, e));
}

/** /sua <số> (or /xoa <số>, `deleting`), or a "fix:<số>" button. Without a number: the list of /cuatoi. */
export function suaCommand(c: UserContext, list: (c: UserContext) => StepResult, deleting = false): StepResult {
  const arg = c.args.trim().replace(/^(số|so)\s*/i, "");
  if (!arg) return list(c);
  const command = deleting ? "/xoa" : "/sua";
  if (!/^\d+$/.test(arg)) return reply(keepForm(c.state), text(`⚠️ Sau ${command} là số của bản ghi, ví dụ: ${command} 5. Gõ /cuatoi để xem số của các bản ghi.`));
  // Digits past any entry's number are named as typed (never "1e+23").
  if (!Number.isSafeInteger(Number(arg))) return reply(keepForm(c.state), text(`Không có bản ghi số ${arg} của ${c.user.unitName}. Gõ /cuatoi để xem danh sách.`));
  return openFix(c, Number(arg), deleting);
}

const reasonPrompt = (id: number, action: "edit" | "delete") =>
  text(`Vì sao ${action === "delete" ? "xóa" : "sửa"} bản ghi số ${id}? Gõ lý do ngắn (ví dụ: nhập nhầm số, nhập trùng), hoặc /huy để thôi.`);

function figureLine(key: string, from: number | undefined, to: number | undefined): string {
  const m = metricByKey(key);
  const show = (v: number | undefined) => `${formatVnNumber(v ?? 0)} ${m?.unit ?? ""}`.trim();
  return `• ${m?.label ?? key}: ${show(from)} → ${show(to)}`;
}

/**
 * An edited figure far above the unit's history, or a date moved long ago, pointed out as filing
 * does at Lưu (form-review.ts), before the "Lưu thay đổi" press that confirms it. Only what changed.
 */
function unusualLine(form: FormDef, fix: FixState, e: EntryDetail, c: UserContext): string | undefined {
  if (fix.action === "delete") return undefined;
  let state: FormState = { ...fix.form, confirmed: [] };
  if (state.activityDate === e.activityDate) state = withConfirmed(state, DATE_KEY);
  const before = answersOf(form, e);
  for (const k of Object.keys(state.answers)) if (state.answers[k] === before[k]) state = withConfirmed(state, k);
  const u = toConfirm(form, state, c.today, {
    largestMonth: (metric) => c.services.largestMonth(fix.form.unitCode, metric),
    kindLargestMonth: (metric) => c.services.largestMonthOfKind(fix.form.unitCode, metric),
  });
  if (!u) return undefined;
  const q = confirmQuestion(form, state, u.key, u.max, u.of);
  return q.type === "text" ? q.text : undefined;
}

function confirmMessage(form: FormDef, fix: FixState, e: EntryDetail, c: UserContext): Outbound {
  const choices = [{ id: CONFIRM, label: fix.action === "delete" ? "🗑 Xóa" : "✅ Lưu thay đổi" }, { id: DROP, label: "❌ Thôi" }];
  const why = `Lý do: ${fix.reason ?? ""}`;
  if (fix.action === "delete") {
    return text(`Xác nhận xóa bản ghi số ${e.id} (${entryText(e)})? Số liệu của bản ghi này sẽ không được tính vào báo cáo.\n${why}`, choices);
  }
  const now = formValues(form, fix.form.answers);
  const keys = [...new Set([...Object.keys(e.values), ...Object.keys(now)])]
    .filter((k) => (e.values[k] ?? 0) !== (now[k] ?? 0))
    .sort((a, b) => (metricIndex(a) ?? 0) - (metricIndex(b) ?? 0));
  const lines = [
    ...(fix.form.activityDate !== e.activityDate ? [`• Ngày hoạt động: ${formatDateShort(e.activityDate)} → ${formatDateShort(fix.form.activityDate)}`] : []),
    ...keys.map((k) => figureLine(k, e.values[k], now[k])),
    ...(noteOf(fix.form) !== e.note ? [`• Ghi chú: ${e.note ?? "(không có)"} → ${noteOf(fix.form) ?? "(không có)"}`] : []),
  ];
  const warning = unusualLine(form, fix, e, c);
  return text(`${warning ? `${warning}\n\n` : ""}Xác nhận sửa bản ghi số ${e.id} (${form.title}):\n${lines.join("\n")}\n${why}`, choices);
}

const noteOf = (fs: FormState): string | null => (typeof fs.answers["ghi_chu"] === "string" ? fs.answers["ghi_chu"] : null);

function unchanged(form: FormDef, fs: FormState, e: EntryDetail): boolean {
  const now = formValues(form, fs.answers);
  const keys = new Set([...Object.keys(e.values), ...Object.keys(now)]);
  return fs.activityDate === e.activityDate && [...keys].every((k) => (e.values[k] ?? 0) === (now[k] ?? 0)) && noteOf(fs) === (e.note ?? null);
}

function save(c: UserContext, form: FormDef, fix: FixState): StepResult {
  const base = { entryId: fix.entryId, unitCode: c.user.unitCode, by: c.user.id, reason: fix.reason ?? "", revision: fix.revision };
  const edit = {
    ...base, formId: form.id, activityDate: fix.form.activityDate, values: formValues(form, fix.form.answers),
    note: noteOf(fix.form),
    photoFileId: typeof fix.form.answers["anh"] === "string" ? fix.form.answers["anh"] : null,
  };
  const r = fix.action === "delete" ? checkDelete(c.services, base) : checkEdit(c.services, edit, c.now);
  if (r.ok) {
    const done = fix.action === "delete"
      ? `✅ Đã xóa bản ghi số ${fix.entryId}. Số liệu của bản ghi này không còn được tính vào báo cáo.`
      : `✅ Đã sửa bản ghi số ${fix.entryId}. Báo cáo dùng số mới; bản cũ và lý do được lưu lại.`;
    const write: Write = fix.action === "delete" ? { type: "delete_entry", ...base } : { type: "edit_entry", edit };
    return withWrites(ended(c, fix, text(done, [{ id: "cmd:cuatoi", label: "📄 Bản ghi của tôi" }, { id: "cmd:menu", label: "🏠 Menu" }])), write);
  }
  if (r.reason === "refused") {
    return ended(c, fix, text(`⚠️ Chưa lưu được bản ghi số ${fix.entryId}: ${r.refusals.map((x) => x.message).join(" ")} Gõ /cuatoi để sửa lại.`));
  }
  if (r.reason === "locked") return ended(c, fix, text(lockedLine(periodLabel(c, r.period ?? ""), fix.entryId)));
  if (r.reason === "changed") return ended(c, fix, text(`⚠️ Bản ghi số ${fix.entryId} vừa được thay đổi ở nơi khác nên chưa lưu. Gõ /cuatoi để xem bản mới nhất rồi sửa lại.`));
  return ended(c, fix, text(`Không còn bản ghi số ${fix.entryId} để sửa. Gõ /cuatoi để xem danh sách.`));
}

export function continueFix(fix: FixState, body: EventBody, c: UserContext): StepResult {
  const e = c.services.entryOfUnit(fix.entryId, c.user.unitCode);
  const form = formById(fix.form.formId);
  if (!e || !form || e.status === "deleted") return ended(c, fix, text(`Không còn bản ghi số ${fix.entryId} để sửa. Gõ /cuatoi để xem danh sách.`));
  const id = body.type === "choice" ? body.id : undefined;
  switch (fix.step) {
    case "pick": {
      if (id === DELETE) return reply(withFix({ ...fix, step: "reason", action: "delete" }), reasonPrompt(e.id, "delete"));
      const offered = pickChoices(form, fix.form, e.source);
      if (!id || !offered.some((o) => o.id === id)) return reply(withFix(fix), NOT_A_CHOICE, pickMessage(form, fix, e));
      const r = stepForm(form, { ...fix.form, step: { at: "pick_edit" } }, body, c.today);
      return reply(withFix({ ...fix, step: "answer", form: r.state }), ...r.messages);
    }
    case "answer": {
      const r = stepForm(form, fix.form, body, c.today);
      if (r.state.step.at !== "summary") return reply(withFix({ ...fix, form: r.state }), ...r.messages);
      // One answer is saved at a time here, so a check it breaks is met now, not left for a Lưu.
      const asked = fix.form.step;
      const problem = asked.at === "edit_field" ? brokenChecks(form, r.state.answers).find((x) => x.fields.includes(asked.key))?.message : undefined;
      if (problem) return reply(withFix(fix), text(`⚠️ ${problem}`), currentPrompt(form, fix.form, c.today));
      // A date outside the unit's dates is refused as filing refuses it; the entry keeps its date.
      const outside = outsideUnitDates(c.user, r.state.activityDate);
      if (outside) {
        const back = { ...fix, step: "pick" as const };
        return reply(withFix(back), text(`${outside} Ngày hoạt động giữ nguyên ${formatDateShort(fix.form.activityDate)}; hãy chọn lại, hoặc gõ /huy.`),
          pickMessage(form, back, e));
      }
      if (unchanged(form, r.state, e)) {
        const back = { ...fix, step: "pick" as const, form: r.state };
        return reply(withFix(back), pickMessage(form, back, e, "Số liệu không đổi so với bản đã lưu.\n"));
      }
      return reply(withFix({ ...fix, step: "reason", action: "edit", form: r.state }), reasonPrompt(e.id, "edit"));
    }
    case "reason": {
      const why = body.type === "text" ? body.text.trim().replace(/\s+/g, " ").normalize("NFC") : "";
      if (fold(why).replace(/[^a-z0-9]/g, "").length < REASON_MIN) {
        return reply(withFix(fix), text(`⚠️ Xin gõ lý do ngắn, ít nhất ${REASON_MIN} chữ (ví dụ: nhập nhầm số), hoặc /huy để thôi.`));
      }
      if (why.length > REASON_MAX) return reply(withFix(fix), text(`⚠️ Lý do dài quá (tối đa ${REASON_MAX} ký tự). Xin viết ngắn lại.`));
      const next = { ...fix, step: "confirm" as const, reason: why };
      return reply(withFix(next), confirmMessage(form, next, e, c));
    }
    case "confirm":
      if (id === CONFIRM) return save(c, form, fix);
      if (id === DROP) return ended(c, fix, text(`Đã thôi, bản ghi số ${fix.entryId} giữ nguyên.`));
      return reply(withFix(fix), NOT_A_CHOICE, confirmMessage(form, fix, e, c));
  }
}

/** /huy during a correction: nothing is changed, and a form set aside comes back. */
export function cancelFix(c: UserContext, fix: FixState): StepResult {
  return ended(c, fix, text(`Đã thôi, bản ghi số ${fix.entryId} giữ nguyên.`));
}

/** The question a correction waits on, again (after /menu or a stale button). */
export function resumeFix(c: UserContext, fix: FixState): StepResult {
  const e = c.services.entryOfUnit(fix.entryId, c.user.unitCode);
  const form = formById(fix.form.formId);
  if (!e || !form || e.status === "deleted") return ended(c, fix, text(`Không còn bản ghi số ${fix.entryId} để sửa. Gõ /cuatoi để xem danh sách.`));
  const head = text(`Bạn đang sửa bản ghi số ${fix.entryId}. Trả lời tiếp, hoặc gõ /huy để thôi.`);
  const question = fix.step === "pick" ? pickMessage(form, fix, e)
    : fix.step === "answer" ? currentPrompt(form, fix.form, c.today)
    : fix.step === "reason" ? reasonPrompt(e.id, fix.action ?? "edit")
    : confirmMessage(form, fix, e, c);
  return reply(c.state, head, question);
}
