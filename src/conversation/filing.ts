// Filing a form: opening it for the person's unit, running it, saving the entry.
import { formById, formsForUnitKind, unitKindLabel, type FormDef } from "../domain/catalogue.js";
import { monthOf, periodFromKey } from "../domain/periods.js";
import { activityDateProblem, addDays, formatDateShort } from "../domain/vn.js";
import { namesList } from "../domain/org-dates.js";
import { currentPrompt, formValues, startForm, stepForm } from "./form-runner.js";
import type { Services, UserRecord } from "./ports.js";
import type { FormState } from "./state.js";
import { text, type Effect, type EventBody, type Outbound } from "./types.js";
import { refToken, type Write } from "./writes.js";
import { checkDelete, checkSave } from "./write-checks.js";

export interface FilingContext { services: Services; today: string; now: Date; user: UserRecord; /** The event's channel: a photo is downloaded through it, and the entry records it. */ channel: string }
export interface FilingResult { form: FormState | null; messages: Outbound[]; effects: Effect[]; writes: Write[] }

export function formListChoices(user: UserRecord) {
  return formsForUnitKind(user.unitKind).map((f) => ({ id: `cmd:form:${f.id}`, label: f.title }));
}

/** Why a person may not file a form, or undefined when they may. */
export function refuseForm(form: FormDef, user: UserRecord): string | undefined {
  if (form.unitKinds.includes(user.unitKind)) return undefined;
  const who = form.unitKinds.map(unitKindLabel).join(", ");
  return `Biểu mẫu "${form.title}" chỉ dành cho: ${who}. ${user.unitName} không nhập biểu mẫu này. Gõ /nhap để xem các biểu mẫu của đơn vị bạn.`;
}

/** A unit dropped from the ward profile takes no new figures; undefined while it is active. */
export const unitClosed = (user: UserRecord): string | undefined => user.unitActive === false
  ? `${user.unitName} không còn trong danh sách đơn vị của phường nên không nhận số liệu mới. Xin liên hệ Văn phòng UBND phường để được chuyển đơn vị.`
  : undefined;

const ASK_OFFICE = "Muốn báo cáo cho đơn vị mới, xin Văn phòng UBND phường chuyển bạn sang đơn vị đó.";

/** "Khóm Tây Hưng đã kết thúc ngày 30/06/2025; từ 01/07/2025 nhập vào Khóm Hưng Phú." */
export function unitEndedLine(user: UserRecord): string {
  const until = user.unitUntil!;
  const next = user.unitNext ?? [];
  const after = next.length === 0 ? ""
    : `; từ ${formatDateShort(addDays(until, 1))} ${next.length > 1 ? "chia thành" : "nhập vào"} ${namesList(next)}`;
  return `${user.unitName} đã kết thúc ngày ${formatDateShort(until)}${after}.`;
}

/** The unit has ended before `today` (ward profile: until). */
export const unitEnded = (user: UserRecord, today: string): boolean => user.unitUntil !== undefined && today > user.unitUntil;

/** Why nothing can be filed for a day outside the unit's dates, or undefined when it can. */
export function outsideUnitDates(user: UserRecord, day: string): string | undefined {
  if (user.unitUntil !== undefined && day > user.unitUntil) {
    return `${unitEndedLine(user)} Không nhập được số liệu cho ngày ${formatDateShort(day)}: chỉ nhập được cho các ngày đến hết ${formatDateShort(user.unitUntil)}. ${ASK_OFFICE}`;
  }
  if (user.unitFrom !== undefined && day < user.unitFrom) {
    return `${user.unitName} bắt đầu hoạt động từ ngày ${formatDateShort(user.unitFrom)}: không nhập được số liệu cho ngày ${formatDateShort(day)}.`;
  }
  return undefined;
}

/** Said when a reporter of an ended unit opens a form: the date is set to the unit's last day. */
export const endedNotice = (user: UserRecord) =>
  `⚠️ ${unitEndedLine(user)} Bạn chỉ nhập được số liệu cho các ngày đến hết ${formatDateShort(user.unitUntil!)} (ngày hoạt động để sẵn là ngày đó). ${ASK_OFFICE}`;

/** Opens a form; with a month key (from a reminder) the activity date defaults into that month. */
export const lockedMessage = (label: string) =>
  `🔒 Kỳ ${label} đã khóa sổ nên chưa lưu được. Lãnh đạo phường có thể mở lại cho đơn vị bạn (lệnh /mokhoa).`;

export function openForm(formId: string, ctx: Omit<FilingContext, "channel">, monthKey?: string): FilingResult {
  const form = formById(formId);
  if (!form) return { form: null, messages: [text("Không có biểu mẫu này. Gõ /nhap để chọn.")], effects: [], writes: [] };
  const ended = unitEnded(ctx.user, ctx.today);
  // A unit not yet begun has no day to file for; an ended one only its days up to the end.
  const refusal = refuseForm(form, ctx.user) ?? unitClosed(ctx.user) ?? (ended ? undefined : outsideUnitDates(ctx.user, ctx.today));
  if (refusal) return { form: null, messages: [text(refusal)], effects: [], writes: [] };
  const month = monthKey ? periodFromKey(monthKey, ctx.services.cutoffDay) : null;
  // A reminder's button carries a month key; a forged one gets only what a typed date would.
  if (monthKey !== undefined && month?.kind !== "month") {
    return { form: null, messages: [text("⚠️ Nút này không hợp lệ. Gõ /nhap để chọn biểu mẫu.")], effects: [], writes: [] };
  }
  let date = month && month.end < ctx.today ? month.end : ctx.today;
  if (ended && date > ctx.user.unitUntil!) date = ctx.user.unitUntil!;
  const badDate = activityDateProblem(date, ctx.today) ?? (month ? outsideUnitDates(ctx.user, date) : undefined);
  if (badDate) return { form: null, messages: [text(`⚠️ ${badDate} Gõ /nhap để mở biểu mẫu.`)], effects: [], writes: [] };
  // Say so before the questions, not after the last answer: a reminder's month that is locked
  // is refused; a locked current month is a warning (the date can still be moved, with Sửa).
  const dateMonth = monthOf(date, ctx.services.cutoffDay);
  const locked = ctx.services.isLocked(dateMonth.key, ctx.user.unitCode);
  if (locked && month) return { form: null, messages: [text(lockedMessage(dateMonth.label))], effects: [], writes: [] };
  const r = startForm(form, ctx.user.unitCode, date);
  const warning = [
    ...(ended ? [text(endedNotice(ctx.user))] : []),
    ...(locked ? [text(`⚠️ Kỳ ${dateMonth.label} đã khóa sổ: trước khi Lưu, hãy sửa ngày hoạt động sang kỳ còn mở.`)] : []),
  ];
  return { form: r.state, messages: [...warning, ...r.messages], effects: [], writes: [] };
}

export function continueForm(state: FormState, body: EventBody, ctx: FilingContext): FilingResult {
  const form = formById(state.formId);
  if (!form) return { form: null, messages: [text("Biểu mẫu này không còn. Gõ /nhap để chọn lại.")], effects: [], writes: [] };
  const r = stepForm(form, state, body, ctx.today, {
    largestMonth: (metric) => ctx.services.largestMonth(state.unitCode, metric),
    kindLargestMonth: (metric) => ctx.services.largestMonthOfKind(state.unitCode, metric),
  });
  if (r.outcome === "cancel") return { form: null, messages: [text("Đã hủy, không lưu gì. Gõ /nhap khi muốn nhập lại.")], effects: [], writes: [] };
  if (r.outcome === "continue") return { form: r.state, messages: r.messages, effects: [], writes: [] };
  state = r.state; // with what was confirmed at Lưu
  const outside = outsideUnitDates(ctx.user, state.activityDate);
  if (outside) {
    return { form: state, messages: [text(`${outside} Hãy sửa ngày hoạt động, hoặc gõ /huy.`), currentPrompt(form, state, ctx.today)], effects: [], writes: [] };
  }

  const entry = {
    unitCode: state.unitCode,
    reporterId: ctx.user.id,
    formId: form.id,
    activityDate: state.activityDate,
    values: formValues(form, state.answers),
    note: typeof state.answers["ghi_chu"] === "string" ? state.answers["ghi_chu"] : null,
    photoFileId: typeof state.answers["anh"] === "string" ? state.answers["anh"] : null,
    latitude: state.location?.latitude ?? null,
    longitude: state.location?.longitude ?? null,
    channel: ctx.channel,
  };
  const period = monthOf(state.activityDate, ctx.services.cutoffDay);
  const saved = checkSave(ctx.services, entry, ctx.now);
  if (!saved.ok && saved.reason === "refused") {
    // The ledger's checks are the form's own, so this is rare (a catalogue changed mid-form): the form stays where it was.
    return { form: state, messages: [text(`⚠️ Chưa lưu được: ${saved.refusals.map((x) => x.message).join(" ")}`), currentPrompt(form, state, ctx.today)], effects: [], writes: [] };
  }
  if (!saved.ok) {
    return {
      form: state,
      messages: [
        text(`${lockedMessage(period.label)} Bạn có thể sửa ngày hoạt động, hoặc gõ /huy.`),
        currentPrompt(form, state, ctx.today),
      ],
      effects: [],
      writes: [],
    };
  }
  // The entry's number exists only once it is saved: the app fills it in (writes.ts).
  const ref = "entry";
  const id = refToken(ref);
  const replaced = replaceNil(ctx, state.unitCode, form.id, period);
  return {
    form: null,
    messages: [...replaced.messages, text(
      `✅ Đã lưu: ${form.title}, ngày ${formatDateShort(state.activityDate)}, kỳ ${period.label} (số ${id}).`,
      [{ id: "cmd:nhap", label: "📝 Nhập tiếp" }, { id: "cmd:menu", label: "🏠 Menu" }, { id: `fix:${id}`, label: "✏️ Sửa / xóa" }],
    )],
    // The photo is kept by the app after the commit (downloading is I/O): src/app/photos.ts.
    effects: typeof state.answers["anh"] === "string"
      ? [{ type: "photo", entryId: { ref }, channel: ctx.channel, fileId: state.answers["anh"] }]
      : [],
    writes: [{ type: "save_entry", ref, entry }, ...replaced.writes],
  };
}

/**
 * Figures filed for a form the unit had reported as "không phát sinh" that month replace the
 * nil (otherwise both would stand); the person is told so.
 */
function replaceNil(ctx: FilingContext, unitCode: string, formId: string, period: { key: string; label: string }): { messages: Outbound[]; writes: Write[] } {
  // One indexed lookup: this runs at every save, so it must not read the unit's whole month.
  const nils = ctx.services.nilEntries(unitCode, formId, period.key).filter((id) => checkDelete(ctx.services, { entryId: id, unitCode }).ok);
  return {
    messages: nils.length ? [text(`Báo cáo "không phát sinh" trước đó của biểu mẫu này trong kỳ ${period.label} đã được thay bằng số liệu vừa lưu.`)] : [],
    writes: nils.map((id) => ({ type: "delete_entry", entryId: id, unitCode, by: ctx.user.id })),
  };
}

export function resumeForm(state: FormState, today: string): Outbound[] {
  const form = formById(state.formId);
  if (!form) return [];
  return [text(`Bạn đang nhập dở "${form.title}". Trả lời tiếp, hoặc gõ /huy để hủy.`), currentPrompt(form, state, today)];
}
