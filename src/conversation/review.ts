// /xem <đơn vị> [kỳ]: a leader (or the office) sees any unit's entries counted in a period, with
// who filed them, and can return one for correction with a reason. The person who filed it is
// told, on the channel they used last, with a "✏️ Sửa" button (choice "fix:<entryId>"); until it
// is corrected the unit shows as returned in /tiendo, the reminders and the digest.
import { formById, metricByKey, metricIndex } from "../domain/catalogue.js";
import { monthOf, parsePeriod, periodFromKey, PERIOD_EXAMPLES, type Period } from "../domain/periods.js";
import { fold, formatDateShort, formatVnNumber } from "../domain/vn.js";
import { quoted } from "../domain/vn-text.js";
import { keepForm, reply, withWrites, type StepResult, type UserContext } from "./command-types.js";
import { checkReturn, reach } from "./write-checks.js";
import type { Write } from "./writes.js";
import { resumeForm } from "./filing.js";
import type { ReturnedForm, ReviewLine, UnitRecord } from "./ports.js";
import { emptyState, type Pending } from "./state.js";
import { text, type Choice, type EventBody, type Outbound } from "./types.js";

const SHOWN = 15;
const MIN_REASON = 3;
/** A return's reason is read by the reporter in a notice: a few sentences at most. */
export const MAX_REASON = 300;

/** "05/02/2025, Tuyên truyền, phổ biến: 2 buổi, 50 lượt người" (figures in the form's order). */
export function entrySummary(e: Pick<ReviewLine, "formId" | "activityDate" | "source" | "values">): string {
  const title = formById(e.formId)?.title ?? e.formId;
  if (e.source === "nil") return `${title}: không phát sinh`;
  const figures = Object.entries(e.values).filter(([, v]) => v !== 0)
    .sort(([a], [b]) => (metricIndex(a) ?? 0) - (metricIndex(b) ?? 0))
    .map(([k, v]) => `${formatVnNumber(v)} ${metricByKey(k)?.unit ?? ""}`.trim());
  return `${formatDateShort(e.activityDate)}, ${title}: ${figures.length ? figures.join(", ") : "toàn số 0"}`;
}

/** "Tuyên truyền, phổ biến ngày 05/02/2025 — lý do: …" (for /tiendo, reminders, the digest). */
export function describeReturned(r: Pick<ReturnedForm, "formId" | "activityDate" | "reason">): string {
  return `${formById(r.formId)?.title ?? r.formId} ngày ${formatDateShort(r.activityDate)} — lý do: ${r.reason}`;
}

/** The "✏️ Sửa" choices of returned entries: the correction flow answers "fix:<entryId>". */
export function fixChoices(returned: readonly Pick<ReturnedForm, "entryId" | "formId" | "activityDate">[]): Choice[] {
  return returned.map((r) => ({ id: `fix:${r.entryId}`, label: `✏️ Sửa ${formById(r.formId)?.title ?? r.formId} ${formatDateShort(r.activityDate).slice(0, 5)}` }));
}

/**
 * The unit named at the start or the end of what was typed — by code, name or short name, with
 * or without diacritics ("dong hung") — and the rest (a period). The longest name wins, so
 * "to antt dong hung" is the team, not the khóm.
 */
export function findUnit(units: readonly UnitRecord[], typed: string): { unit: UnitRecord; rest: string } | undefined {
  const t = fold(typed);
  const hits = units
    .flatMap((u) => [...new Set([u.code, fold(u.code.replace(/-/g, " ")), fold(u.shortName), fold(u.name)])].map((name) => ({ u, name })))
    .flatMap(({ u, name }) => {
      if (t === name) return [{ unit: u, name, rest: "" }];
      if (t.startsWith(`${name} `)) return [{ unit: u, name, rest: t.slice(name.length).trim() }];
      if (t.endsWith(` ${name}`)) return [{ unit: u, name, rest: t.slice(0, t.length - name.length).trim() }];
      return [];
    })
    .sort((a, b) => b.name.length - a.name.length);
  return hits[0] && { unit: hits[0].unit, rest: hits[0].rest };
}

function unitChoices(c: UserContext, period: Period | undefined): Choice[] {
  return c.services.units().map((u) => ({ id: `cmd:xem:u:${u.code}${period ? `:${period.key}` : ""}`, label: u.name }));
}

const unitQuestion = (c: UserContext, intro: string, period?: Period): Outbound =>
  text(`${intro} Bấm hoặc gõ số thứ tự, hay tên đơn vị (có dấu hay không đều được), ví dụ: dong hung.`, unitChoices(c, period));

function askUnit(c: UserContext, intro: string, period?: Period): StepResult {
  const message = unitQuestion(c, intro, period);
  // A form in progress keeps typed answers; the buttons still work.
  if (c.state.pending?.kind === "form") return reply(keepForm(c.state), message);
  const pending: Pending = { kind: "review_unit", ...(period ? { periodKey: period.key } : {}) };
  return reply({ ...emptyState(), pending }, message);
}

function readPeriod(c: UserContext, typed: string): { ok: true; period: Period } | { ok: false; message: string } {
  if (!typed.trim()) return { ok: true, period: monthOf(c.today, c.services.cutoffDay) };
  const r = parsePeriod(typed, c.services.cutoffDay, c.today);
  if (!r.ok) return r;
  if (r.period.start > c.today) return { ok: false, message: `Kỳ ${r.period.label} chưa bắt đầu. ${PERIOD_EXAMPLES}` };
  return r;
}

const filer = (e: ReviewLine) => (e.source === "import" ? "nhập từ tệp" : e.reporterName ?? "không rõ người nhập");

function listEntries(c: UserContext, unit: UnitRecord, period: Period): StepResult {
  const { lines, total } = c.services.reviewEntries(unit.code, period, SHOWN);
  const state = keepForm(c.state);
  if (lines.length === 0) {
    return reply(state, text(`${unit.name} chưa có bản ghi nào trong kỳ ${period.label}. Gõ /xem ${unit.shortName} <kỳ> để xem kỳ khác, ví dụ: /xem ${unit.shortName} tháng trước.`));
  }
  const body = [
    `📋 Bản ghi của ${unit.name}, kỳ ${period.label} (mới nhất trước):`,
    ...lines.map(entryLine),
    ...(total > lines.length ? [`… và ${total - lines.length} bản ghi cũ hơn: gõ kỳ ngắn hơn để xem, ví dụ /xem ${unit.shortName} tháng 1/2025.`] : []),
    "Cần đơn vị sửa bản ghi nào thì bấm nút trả lại bản ghi đó.",
  ];
  return reply(state, text(body.join("\n"), lines.map(returnChoice)));
}

const entryLine = (e: ReviewLine) => `• Số ${e.id}: ${entrySummary(e)} — ${filer(e)}${e.status === "returned" ? ` (↩️ đã trả lại: ${e.returnReason ?? ""})` : ""}`;
const returnChoice = (e: ReviewLine): Choice => ({ id: `cmd:xem:tra:${e.id}`, label: `↩️ Trả lại số ${e.id}` });

/** "/xem 12": the entry numbered as /sua and /cuatoi number it, if its unit is one /xem lists. */
function showEntry(c: UserContext, typed: string): StepResult {
  const id = Number(typed);
  const e = Number.isSafeInteger(id) ? c.services.reviewEntry(id) : undefined;
  const unit = e && c.services.units().find((u) => u.code === e.unitCode);
  if (!e || !unit) return reply(keepForm(c.state), outsideWard(typed));
  const label = periodFromKey(e.period, c.services.cutoffDay)?.label ?? e.period;
  return reply(keepForm(c.state), text([`📋 Bản ghi số ${e.id} của ${unit.name}, kỳ ${label}:`, entryLine(e),
    "Cần đơn vị sửa bản ghi này thì bấm nút trả lại."].join("\n"), [returnChoice(e)]));
}

function refusedReturn(c: Pick<UserContext, "services">, e: ReviewLine, why: "already_returned" | "not_returnable" | "locked"): Outbound {
  if (why === "already_returned") return text(`Bản ghi này đã được trả lại (lý do: ${e.returnReason ?? ""}) và đang chờ đơn vị sửa.`);
  if (why === "not_returnable") return text("Số liệu này nhập từ tệp, không có người báo cáo để trả lại. Gõ /xem để xem lại danh sách.");
  const unit = c.services.unit(e.unitCode);
  const label = periodFromKey(e.period, c.services.cutoffDay)?.label ?? e.period;
  return text(`🔒 Kỳ ${label} đã khóa sổ nên đơn vị không sửa được. Mở lại cho đơn vị trước (ví dụ: /mokhoa ${label} ${unit?.shortName ?? e.unitCode}), rồi trả lại.`);
}

/** An entry of a unit /xem does not list (one dropped from the ward's profile) is out of reach, as that unit is. */
const outsideWard = (id: number | string): Outbound =>
  text(`⚠️ Không có bản ghi số ${id} trong các đơn vị của phường. Gõ /xem để chọn đơn vị và xem danh sách.`);

function askReason(c: UserContext, entryId: number): StepResult {
  const e = c.services.reviewEntry(entryId);
  if (!e) return reply(keepForm(c.state), text("Không còn bản ghi này (có thể đã bị rút lại). Gõ /xem để xem lại danh sách."));
  if (!c.services.units().some((u) => u.code === e.unitCode)) return reply(keepForm(c.state), outsideWard(entryId));
  const why = e.status === "returned" ? "already_returned" : e.source === "import" ? "not_returnable"
    : c.services.isLocked(e.period, e.unitCode) ? "locked" : undefined;
  if (why) return reply(keepForm(c.state), refusedReturn(c, e, why));
  if (c.state.pending?.kind === "form") {
    return reply(c.state, text("Bạn đang nhập dở một biểu mẫu: lưu xong hoặc gõ /huy, rồi chọn trả lại."), ...resumeForm(c.state.pending.form, c.today));
  }
  return reply({ ...emptyState(), pending: { kind: "review_reason", entryId: e.id } }, reasonQuestion(e));
}

const reasonQuestion = (e: ReviewLine): Outbound =>
  text(`Trả lại bản ghi: ${entrySummary(e)} — ${filer(e)}.\nLý do trả lại? Gõ ngắn gọn, ví dụ: số người chưa đúng. Gõ /huy để thôi.`);

/** The question a review step waits on, asked again (after a command typed in between). */
export function reviewQuestion(c: UserContext, pending: ReviewPending): Outbound | undefined {
  if (pending.kind === "review_unit") {
    const period = pending.periodKey ? periodFromKey(pending.periodKey, c.services.cutoffDay) ?? undefined : undefined;
    return unitQuestion(c, period ? `Xem bản ghi kỳ ${period.label} của đơn vị nào?` : "Xem bản ghi của đơn vị nào?", period);
  }
  const e = c.services.reviewEntry(pending.entryId);
  return e ? reasonQuestion(e) : undefined;
}

/** "/xem", "/xem dong hung", "/xem Đông Hưng tháng 1/2025", "/xem 12"; buttons: "u:<unit>[:<period>]", "tra:<entry>". */
export function xemCommand(c: UserContext): StepResult {
  const args = c.args.trim();
  const [action = "", code = "", key = ""] = args.split(":");
  if (action === "tra" && /^\d+$/.test(code)) return askReason(c, Number(code));
  // A number (or "số 12") is an entry's, as after /sua and /xoa; a unit whose code is those very
  // digits (the profile allows it) keeps its /xem <đơn vị>.
  const number = /^(so\s*)?(\d+)$/.exec(fold(args));
  if (number && (number[1] || !c.services.units().some((u) => u.code === args))) return showEntry(c, number[2]!);
  if (action === "u") {
    const unit = c.services.units().find((u) => u.code === code);
    const period = key ? periodFromKey(key, c.services.cutoffDay) : monthOf(c.today, c.services.cutoffDay);
    // The button's period passes the typed period's check (none still to come).
    const checked = unit && period ? readPeriod(c, period.key) : undefined;
    if (checked && !checked.ok) return reply(keepForm(c.state), text(`⚠️ ${checked.message}`));
    if (unit && period) return listEntries(c, unit, period);
    return askUnit(c, "Đơn vị này không còn trong danh sách. Xem bản ghi của đơn vị nào?");
  }
  if (!args) return askUnit(c, "Xem bản ghi của đơn vị nào?");
  return fromTyped(c, args);
}

function fromTyped(c: UserContext, typed: string, periodKey?: string): StepResult {
  const hit = findUnit(c.services.units(), typed);
  if (!hit) {
    // Only a period was typed ("/xem tháng 1/2025"): ask the unit, keeping the period.
    const asPeriod = periodKey ? undefined : readPeriod(c, typed);
    if (asPeriod?.ok) return askUnit(c, `Xem bản ghi kỳ ${asPeriod.period.label} của đơn vị nào?`, asPeriod.period);
    const period = periodKey ? periodFromKey(periodKey, c.services.cutoffDay) ?? undefined : undefined;
    return askUnit(c, `⚠️ Không thấy đơn vị "${quoted(typed)}". Xem bản ghi của đơn vị nào?`, period);
  }
  const fixed = periodKey && !hit.rest ? periodFromKey(periodKey, c.services.cutoffDay) : null;
  const period = fixed ? { ok: true as const, period: fixed } : readPeriod(c, hit.rest);
  if (!period.ok) return reply(keepForm(c.state), text(`⚠️ ${period.message} Ví dụ: /xem ${hit.unit.shortName} tháng 1/2025`));
  return listEntries(c, hit.unit, period.period);
}

type ReviewPending = Extract<Pending, { kind: "review_unit" | "review_reason" }>;

/** Who returns, and where from: a chat, or the office's page (a place no chat matches). */
type ReturnContext = Pick<UserContext, "services" | "user" | "today"> & { event: { channel: string; chatId: string } };

/** Why a typed reason cannot be a return's reason (too short, too long), or null. */
function reasonProblem(reason: string): string | null {
  if (fold(reason).replace(/[^a-z0-9]/g, "").length < MIN_REASON) return "Xin gõ lý do trả lại (ít nhất 3 chữ), ví dụ: số người chưa đúng. Gõ /huy để thôi.";
  if (reason.length > MAX_REASON) return `Lý do dài quá (tối đa ${MAX_REASON} ký tự, bạn gõ ${reason.length}). Xin viết ngắn lại, hoặc gõ /huy để thôi.`;
  return null;
}

/**
 * A return made on the office's page, under /xem's rules: the same checks, the same revision
 * (write return_entry) and the same notice to whoever filed the entry (write notify, through the
 * outbox). Returns the sentence the page shows; nothing is written when it is refused.
 */
export function returnFromPage(c: Pick<UserContext, "services" | "user" | "today">, entryId: number, typedReason: string): { ok: boolean; message: string; writes: Write[] } {
  const reason = typedReason.normalize("NFC").replace(/\s+/g, " ").trim();
  const bad = reasonProblem(reason);
  if (bad) return { ok: false, message: bad.replace(" Gõ /huy để thôi.", "").replace(", hoặc gõ /huy để thôi.", "."), writes: [] };
  const r = checkReturn(c.services, { entryId, by: c.user, reason });
  if (!r.ok) {
    const message = "entry" in r ? messageOf(refusedReturn(c, r.entry, r.reason))
      : r.reason === "forbidden" ? "Chỉ lãnh đạo và văn phòng phường mới trả lại được bản ghi."
      : `Không có bản ghi số ${entryId} trong các đơn vị của phường (có thể đã bị rút lại).`;
    return { ok: false, message, writes: [] };
  }
  const told = announceReturn({ ...c, event: { channel: "", chatId: "" } }, r.entry, reason);
  return { ok: true, message: messageOf(told.messages[0]!), writes: [{ type: "return_entry", entryId, by: c.user.id, reason }, ...told.writes] };
}

const messageOf = (o: Outbound): string => (o.type === "text" ? o.text : "");

/** The answers of the review steps: the unit typed by name, then the reason of a return. */
export function continueReview(pending: ReviewPending, body: EventBody, c: UserContext): StepResult {
  if (pending.kind === "review_unit") {
    if (body.type !== "text") return reply(c.state, text("⚠️ Xin chọn đơn vị trong danh sách, hoặc gõ /huy.", c.state.offered));
    return fromTyped(c, body.text, pending.periodKey);
  }
  const reason = body.type === "text" ? body.text.normalize("NFC").replace(/\s+/g, " ").trim() : "";
  const bad = reasonProblem(reason);
  if (bad) return reply(c.state, text(`⚠️ ${bad}`));
  const r = checkReturn(c.services, { entryId: pending.entryId, by: c.user, reason });
  if (!r.ok && r.reason === "outside") return reply(emptyState(), outsideWard(pending.entryId));
  if (!r.ok) {
    if ("entry" in r) return reply(emptyState(), refusedReturn(c, r.entry, r.reason));
    if (r.reason === "forbidden") return reply(emptyState(), text("Chỉ lãnh đạo và văn phòng phường mới trả lại được bản ghi."));
    return reply(emptyState(), text("Không còn bản ghi này (có thể đã bị rút lại). Gõ /xem để xem lại danh sách."));
  }
  const told = announceReturn(c, r.entry, reason);
  return withWrites(reply(emptyState(), ...told.messages), { type: "return_entry", entryId: pending.entryId, by: c.user.id, reason }, ...told.writes);
}

/** Tells the person who filed the entry (else the unit's reporters), and the leader whom it told. */
function announceReturn(c: ReturnContext, e: ReviewLine, reason: string): { messages: Outbound[]; writes: Write[] } {
  const unit = c.services.unit(e.unitCode);
  const by = c.user.role === "admin" ? `Văn phòng phường (${c.user.name})` : `Lãnh đạo ${c.user.name}`;
  const notice = text(`↩️ ${by} đã trả lại bản ghi ${entrySummary(e)} của ${unit?.name ?? e.unitCode}.\nLý do: ${reason}\n`
    + "Bấm ✏️ Sửa để sửa lại; sửa xong, đơn vị được tính là đã báo cáo.", [{ id: `fix:${e.id}`, label: "✏️ Sửa" }]);
  const here = { channel: c.event.channel, chatId: c.event.chatId };
  let told = reach(c.services, e.reporterId ? [e.reporterId] : [], here);
  if (told.told.length === 0 && !told.here) told = reach(c.services, c.services.unitReporterIds(e.unitCode), here);
  const whom = told.told.length ? `Đã báo cho ${told.told.join(", ")} để sửa.`
    : told.here ? "" : `⚠️ Chưa báo được cho ai của ${unit?.name ?? e.unitCode} (chưa có người báo cáo liên lạc được); đơn vị vẫn thấy việc này trong /tiendo và lời nhắc.`;
  const done = text(`✅ Đã trả lại bản ghi ${entrySummary(e)} của ${unit?.name ?? e.unitCode}. ${whom}`.trim(),
    [{ id: `cmd:xem:u:${e.unitCode}:${e.period}`, label: "📋 Xem lại danh sách" }]);
  return { messages: told.here ? [done, notice] : [done], writes: told.to.length ? [{ type: "notify", to: told.to, message: notice }] : [] };
}
