// The conversation core: (state, event) -> (new state, messages, effects).
// It never does I/O itself: it reads and writes through Services inside the caller's
// transaction, and leaves slow work (reports, exports) to the caller as effects.
import { fold } from "../domain/vn.js";
import type { InboundEvent, Outbound, Reply, Choice, Effect, EventBody } from "./types.js";
import { text } from "./types.js";
import { emptyState, type ChatState } from "./state.js";
import type { Services, UserRecord } from "./ports.js";
import { COMMANDS, commandFor, startCommand } from "./commands.js";
import { continueForm } from "./filing.js";
import { continuePending } from "./pending.js";

export interface CoreContext {
  services: Services;
  now: Date;
  /** Today in Asia/Ho_Chi_Minh, ISO. */
  today: string;
}

export interface CoreResult { state: ChatState; reply: Reply }

export const NOT_REGISTERED =
  "Bạn chưa được đăng ký dùng bot báo cáo của phường. Xin liên hệ Văn phòng UBND phường để nhận mã mời, rồi gõ: /start <mã mời>";

/** Typed "2", "Lưu" or "luu" picks the matching offered choice, as a button would. */
function resolveTyped(body: EventBody, offered: Choice[]): EventBody {
  if (body.type !== "text" || offered.length === 0) return body;
  const t = body.text.trim();
  if (/^\d{1,2}$/.test(t)) {
    const hit = offered[Number(t) - 1];
    return hit ? { type: "choice", id: hit.id } : body;
  }
  const typed = fold(t);
  const labels = offered.map((c) => ({ c, label: fold(c.label.replace(/^[^\p{L}\p{N}]+/u, "")) }));
  const exact = labels.find((l) => l.label === typed);
  // "tuyen truyen" picks "Tuyên truyền, phổ biến" when no other choice starts the same way.
  const starts = typed.length >= 3 ? labels.filter((l) => l.label.startsWith(typed)) : [];
  const hit = exact ?? (starts.length === 1 ? starts[0] : undefined);
  return hit ? { type: "choice", id: hit.c.id } : body;
}

function finish(state: ChatState, messages: Outbound[], effects: Effect[] = []): CoreResult {
  const lastWithChoices = [...messages].reverse().find((m) => m.type === "text");
  const offered = lastWithChoices?.type === "text" ? lastWithChoices.choices ?? [] : state.offered;
  return { state: { ...state, offered }, reply: { messages, effects } };
}

export function handleEvent(state: ChatState, event: InboundEvent, ctx: CoreContext): CoreResult {
  const user = ctx.services.findUser(event.channel, event.userId);
  const body = resolveTyped(event.body, state.offered);

  const command = commandFor(body);
  if (!user) {
    if (command?.name === "start" && command.args) {
      const r = startCommand({ ...ctx, event, state, user: undefined, args: command.args });
      return finish(r.state, r.messages, r.effects);
    }
    return finish(emptyState(), [text(NOT_REGISTERED)]);
  }
  if (command) {
    const def = COMMANDS[command.name];
    if (!def.roles.includes(user.role)) {
      return finish(state, [text(def.refusal ?? "Lệnh này không dành cho vai trò của bạn. Gõ /menu để xem việc bạn có thể làm.")]);
    }
    const r = def.run({ ...ctx, event, state, user, args: command.args });
    return finish(r.state, r.messages, r.effects);
  }
  return continueConversation(state, body, ctx, user, event);
}

function continueConversation(state: ChatState, body: EventBody, ctx: CoreContext, user: UserRecord, event: InboundEvent): CoreResult {
  if (body.type === "choice" && !state.offered.some((c) => c.id === body.id)) {
    const resumed = state.pending ? resumePrompt(state, ctx, user, event) : [];
    return finish(state, [text("Nút này đã cũ, không còn dùng được."), ...(resumed.length ? resumed : [menuHint()])]);
  }
  const pending = state.pending;
  if (pending?.kind === "form") {
    const r = continueForm(pending.form, body, { ...ctx, user });
    return finish({ ...state, pending: r.form ? { kind: "form", form: r.form } : null }, r.messages, r.effects);
  }
  if (pending) {
    const r = continuePending(pending, body, { ...ctx, user, event, state, args: "" });
    return finish(r.state, r.messages, r.effects);
  }
  if (body.type === "unsupported" || body.type === "photo") {
    return finish(state, [text("Bot chỉ đọc được chữ. Gõ /menu để xem việc bạn có thể làm.")]);
  }
  return finish(state, [menuHint()]);
}

function resumePrompt(state: ChatState, ctx: CoreContext, user: UserRecord, event: InboundEvent): Outbound[] {
  const r = COMMANDS.menu.run({ ...ctx, event, state, user, args: "" , resumeOnly: true });
  return r.messages;
}

const menuHint = () => text("Chưa hiểu ý bạn. Gõ /menu để xem các việc, /nhap để nhập báo cáo, /trogiup để xem hướng dẫn.");
