// Shared shapes of command handlers.
import type { Role, Services, UserRecord } from "./ports.js";
import { emptyState, type ChatState } from "./state.js";
import type { Effect, InboundEvent, Outbound } from "./types.js";
import type { Write } from "./writes.js";

/** What the core is given besides the state and the event (here, not in router.ts, so handlers need not import the router). */
export interface CoreContext {
  services: Services;
  now: Date;
  /** Today in Asia/Ho_Chi_Minh, ISO. */
  today: string;
}

export interface CommandContext extends CoreContext {
  event: InboundEvent;
  state: ChatState;
  user: UserRecord | undefined;
  args: string;
}
export type UserContext = CommandContext & { user: UserRecord };
/** `writes`: the changes the replies report, carried out by the app before it queues them. */
export interface StepResult { state: ChatState; messages: Outbound[]; effects: Effect[]; writes: Write[] }

export interface CommandDef {
  roles: readonly Role[];
  refusal?: string;
  /**
   * Answers without taking the conversation over (with these arguments): typed while a step waits,
   * the step stays and its question is asked again after the answer (router.ts).
   */
  aside?: (args: string) => boolean;
  run(c: UserContext): StepResult;
}

export const NOT_REGISTERED =
  "Bạn chưa được đăng ký dùng bot báo cáo của phường. Xin liên hệ Văn phòng UBND phường để nhận mã mời, rồi gõ: /start <mã mời>\nĐã dùng bot trên ứng dụng khác? Gõ /lienket ở đó để lấy mã liên kết.";

export const reply = (state: ChatState, ...messages: Outbound[]): StepResult => ({ state, messages, effects: [], writes: [] });

/** A step that also asks for changes (carried out before its replies are queued). */
export const withWrites = (step: StepResult, ...writes: Write[]): StepResult => ({ ...step, writes: [...step.writes, ...writes] });

/** The state after a command that does not take the conversation over: a form in progress stays. */
export const keepForm = (s: ChatState): ChatState => ({ ...emptyState(), pending: s.pending?.kind === "form" ? s.pending : null });
