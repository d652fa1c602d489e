// Shared shapes of command handlers.
import type { Role, UserRecord } from "./ports.js";
import type { ChatState } from "./state.js";
import type { Effect, InboundEvent, Outbound } from "./types.js";
import type { CoreContext } from "./router.js";

export interface CommandContext extends CoreContext {
  event: InboundEvent;
  state: ChatState;
  user: UserRecord | undefined;
  args: string;
  /** Only re-show what is in progress (a stale button was pressed). */
  resumeOnly?: boolean;
}
export type UserContext = CommandContext & { user: UserRecord };
export interface StepResult { state: ChatState; messages: Outbound[]; effects: Effect[] }

export interface CommandDef {
  roles: readonly Role[];
  refusal?: string;
  run(c: UserContext): StepResult;
}

export const reply = (state: ChatState, ...messages: Outbound[]): StepResult => ({ state, messages, effects: [] });
