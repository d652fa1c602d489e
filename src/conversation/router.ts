// The conversation core: (state, event) -> (new state, messages, effects, writes).
// It never does I/O itself: it reads through Services inside the caller's transaction, returns
// the changes it wants as writes (writes.ts) for the caller to carry out in that transaction,
// and leaves slow work (reports, exports) to the caller as effects.
import { inLevel } from "../domain/ward-level.js";
import type { InboundEvent, Outbound, Reply, Choice, Effect, EventBody } from "./types.js";
import { text } from "./types.js";
import { emptyState, type ChatState } from "./state.js";
import type { UserRecord } from "./ports.js";
import type { Write } from "./writes.js";
import { COMMANDS, commandFor, menuMessage, startCommand } from "./commands.js";
import { lienketCommand } from "./link-command.js";
import { NOT_REGISTERED, type CoreContext, type StepResult, type UserContext } from "./command-types.js";
import { continueForm } from "./filing.js";
import { currentPrompt, unsupportedMessage } from "./form-runner.js";
import { formById } from "../domain/catalogue.js";
import { continuePending } from "./pending.js";
import { resumePending } from "./resume.js";
import { quickEntry, quickHint } from "./quick-filing.js";
import { staleness, stampState, type Staleness } from "./stale.js";
import { matchLabel } from "./label-match.js";


/** `writes` are carried out by the caller, in the event's transaction, before the replies are queued. */
export interface CoreResult { state: ChatState; reply: Reply; writes: Write[] }

export { NOT_REGISTERED, type CoreContext } from "./command-types.js";

/**
 * Typed "2", "Lưu" or "luu" picks the matching offered choice, as a button would. Where the
 * question asks for a number (a document number), a typed number is the answer, not a position.
 */
function resolveTyped(body: EventBody, offered: Choice[], numbersAreAnswers = false): EventBody {
  if (body.type !== "text" || offered.length === 0) return body;
  const t = body.text.trim();
  if (/^\d{1,2}$/.test(t)) {
    if (numbersAreAnswers) return body;
    const hit = offered[Number(t) - 1];
    return hit ? { type: "choice", id: hit.id } : body;
  }
  // A label copied as Zalo and the console print it ("✅ Lưu"), typed with a full stop ("lưu."), or
  // by its start ("tuyen truyen"): the rule /khongphatsinh names a form by, too.
  const hit = matchLabel(t, offered, (c) => c.label);
  return hit ? { type: "choice", id: hit.id } : body;
}

/** The buttons of the form step in progress: they stay valid whatever was said in between. */
function formChoices(state: ChatState, today: string): Choice[] {
  if (state.pending?.kind !== "form") return [];
  const form = formById(state.pending.form.formId);
  const prompt = form ? currentPrompt(form, state.pending.form, today) : undefined;
  return prompt?.type === "text" ? prompt.choices ?? [] : [];
}

/** The core writes "phường"; a commune's chat says its own level word (the profile's, passed in Services). */
const inWardLevel = (messages: Outbound[], level: string): Outbound[] => messages.map((m) => m.type !== "text" ? m : {
  ...m, text: inLevel(m.text, level), ...(m.choices ? { choices: m.choices.map((c) => ({ ...c, label: inLevel(c.label, level) })) } : {}),
});

function finish(state: ChatState, messages: Outbound[], effects: Effect[], writes: Write[], today: string): CoreResult {
  const last = [...messages].reverse().find((m) => m.type === "text");
  const shown = last?.type === "text" ? last.choices ?? [] : [];
  // While a form is open, typed answers belong to it: a number typed for "Số buổi?" must never
  // pick a button of another list (a report, a withdrawal). Those buttons work when pressed.
  const offered = state.pending?.kind === "form" ? formChoices(state, today) : shown;
  return { state: { ...state, offered }, reply: { messages, effects }, writes };
}

export function handleEvent(state: ChatState, event: InboundEvent, ctx: CoreContext): CoreResult {
  const { stale, ...r } = respond(state, event, ctx);
  return { ...r, state: stampState(state, r.state, event, ctx.now, stale) };
}

function respond(state: ChatState, event: InboundEvent, ctx: CoreContext): CoreResult & { stale?: Staleness } {
  const user = ctx.services.findUser(event.channel, event.userId);
  const body = resolveTyped(event.body, state.offered, state.pending?.kind === "report_number");
  // Commands see what was chosen: a typed "2" is the button it names (e.g. /baocao then asks the number and date).
  const chosen: InboundEvent = body === event.body ? event : { ...event, body };

  const command = commandFor(body);
  const level = ctx.services.wardLevel?.(ctx.today) ?? "phường";
  const done = (r: Step) => finish(r.state, inWardLevel(r.messages, level), r.effects, r.writes, ctx.today);
  if (!user) {
    if (command?.name === "start" && command.args) return done(startCommand({ ...ctx, event: chosen, state, user: undefined, args: command.args }));
    if (command?.name === "lienket") return done(lienketCommand({ ...ctx, event: chosen, state, user: undefined, args: command.args }, menuMessage));
    return done({ state: emptyState(), messages: [text(NOT_REGISTERED)], effects: [], writes: [] });
  }
  // A deactivated person is told once, briefly, whatever they send (their past entries stay).
  if (user.active === false) return done({ state: emptyState(), messages: [text(DEACTIVATED)], effects: [], writes: [] });
  // A typed answer sent before the question on screen reached the person is not its answer (stale.ts).
  const stale = command || outgrown(state, user) ? undefined : staleness(state, event, ctx.services);
  // A resend: the reply it waited for is already on its way, so nothing is said (and the choices stay).
  if (stale === "resend") return { state, reply: { messages: [], effects: [] }, writes: [], stale };
  if (stale === "early") return { ...done(askAgain({ ...ctx, event, state, user, args: "" }, event.body)), stale };
  if (command) {
    const def = COMMANDS[command.name];
    if (!def.roles.includes(user.role)) {
      return done({ state, messages: [text(def.refusal ?? "Lệnh này không dành cho vai trò của bạn. Gõ /menu để xem việc bạn có thể làm.")], effects: [], writes: [] });
    }
    const c = { ...ctx, event: chosen, state, user, args: command.args };
    const r = def.run(c);
    // An aside typed while a step waits: answered, then the step's question again (nothing lost).
    if (state.pending && def.aside?.(command.args)) {
      const dropped = outgrown(state, user);
      if (dropped) return done({ state: emptyState(), messages: [...r.messages, text(dropped)], effects: r.effects, writes: r.writes });
      const again = resumePending({ ...c, state: { ...emptyState(), pending: state.pending, offered: state.offered } });
      return done({ state: again.state, messages: [...r.messages, ...again.messages], effects: r.effects, writes: [...r.writes, ...again.writes] });
    }
    return done(r);
  }
  return done(continueConversation(state, body, ctx, user, chosen));
}

/** A typed text that came before the question it would answer: not applied, the question asked again. */
function askAgain(c: UserContext, body: EventBody): Step {
  const typed = body.type === "text" ? body.text.trim() : "";
  const shown = typed.length > 40 ? `${typed.slice(0, 40)}…` : typed;
  const note = `⚠️ Tin "${shown}" gửi trước khi bạn nhận được câu hỏi dưới đây nên chưa được dùng. Nếu đó là câu trả lời cho câu hỏi này, xin gõ lại.`;
  const pending = c.state.pending;
  if (pending?.kind === "form") {
    const form = formById(pending.form.formId);
    if (form) return { state: c.state, messages: [text(note), currentPrompt(form, pending.form, c.today)], effects: [], writes: [] };
  }
  if (pending) {
    const again = resumePending(c);
    return { ...again, messages: [text(note), ...again.messages] };
  }
  return { state: c.state, messages: [text(note, c.state.offered)], effects: [], writes: [] };
}

/** A step begun under a role or unit the person no longer has is dropped, not continued. */
function outgrown(state: ChatState, user: UserRecord): string | undefined {
  const p = state.pending;
  if (!p) return undefined;
  if (p.kind === "form" && p.form.unitCode !== user.unitCode) return "Đơn vị của bạn đã thay đổi nên biểu mẫu đang nhập dở đã được hủy. Gõ /nhap để nhập lại.";
  if (p.kind === "fix" && p.fix.form.unitCode !== user.unitCode) return "Đơn vị của bạn đã thay đổi nên việc sửa bản ghi đã được hủy. Gõ /cuatoi để xem bản ghi của đơn vị mới.";
  const report = COMMANDS.baocao.roles;
  const roles = { invite_role: COMMANDS.moi.roles, invite_unit: COMMANDS.moi.roles, form: COMMANDS.nhap.roles,
    report_period: report, report_confirm: report, report_number: report, report_date: report, fix: COMMANDS.sua.roles,
    review_unit: COMMANDS.xem.roles, review_reason: COMMANDS.xem.roles }[p.kind];
  return (roles ?? []).includes(user.role) ? undefined : "Vai trò của bạn đã thay đổi nên việc đang làm dở đã được hủy. Gõ /menu để xem việc bạn có thể làm.";
}

type Step = StepResult;

function continueConversation(state: ChatState, body: EventBody, ctx: CoreContext, user: UserRecord, event: InboundEvent): Step {
  const reply = (s: ChatState, ...messages: Outbound[]): Step => ({ state: s, messages, effects: [], writes: [] });
  const dropped = outgrown(state, user);
  if (dropped) return reply(emptyState(), text(dropped));
  const valid = [...state.offered, ...formChoices(state, ctx.today)];
  if (body.type === "choice" && !valid.some((c) => c.id === body.id)) {
    const resumed = state.pending ? resumePending({ ...ctx, event, state, user, args: "" }) : undefined;
    return reply(resumed?.state ?? state, text("Nút này đã cũ, không còn dùng được."), ...(resumed?.messages.length ? resumed.messages : [menuHint()]));
  }
  const pending = state.pending;
  if (pending?.kind === "form") {
    const r = continueForm(pending.form, body, { ...ctx, user, channel: event.channel });
    return { state: { ...state, pending: r.form ? { kind: "form", form: r.form } : null }, messages: r.messages, effects: r.effects, writes: r.writes };
  }
  if (pending) return continuePending(pending, body, { ...ctx, user, event, state, args: "" });
  if (body.type === "location") return reply(state, text("📍 Vị trí chỉ được lưu khi đang nhập một báo cáo: gõ /nhap, rồi gửi vị trí trước khi bấm Lưu."));
  if (body.type === "unsupported" || body.type === "photo") {
    const why = body.type === "unsupported" && body.what === "edited" ? unsupportedMessage("edited") : "Bot chỉ đọc được chữ.";
    return reply(state, text(`${why} Gõ /menu để xem việc bạn có thể làm.`));
  }
  // A line naming a form is a quick entry; one that names nothing gets an example of it.
  const c = { ...ctx, user, event, state, args: "" };
  const quick = body.type === "text" ? quickEntry(body.text, c) : undefined;
  if (quick) return quick;
  const example = quickHint(c);
  // A list is on screen and nothing in it was typed: show it again (numbered where there are no buttons).
  if (body.type === "text" && state.offered.length > 0) return reply(state, text(example ? `${NOT_A_CHOICE}\n${example}` : NOT_A_CHOICE, state.offered));
  return reply(state, example ? text(`Chưa hiểu ý bạn. ${example}\nHoặc gõ /nhap để nhập từng câu, /menu để xem các việc.`) : menuHint());
}

export const DEACTIVATED = "Tài khoản của bạn đã ngừng sử dụng bot báo cáo của phường. Nếu cần dùng lại, xin liên hệ Văn phòng UBND phường.";

export const NOT_A_CHOICE = "⚠️ Không có lựa chọn này. Gõ số thứ tự hoặc tên một mục dưới đây, hoặc gõ /menu để xem các việc.";

const menuHint = () => text("Chưa hiểu ý bạn. Gõ /menu để xem các việc, /nhap để nhập báo cáo, /trogiup để xem hướng dẫn.");
