// Answers typed before the question they would answer was seen (issue 17, item 6). A person who
// got no reply in time sends their answer again; by then the bot has taken the first copy and
// asked the next question, so the copy would answer that one, and every later answer would
// shift one question ahead until a late "1" picks "✅ Lưu" on a summary nobody read. A typed
// answer therefore counts only if it was sent after the question now on screen reached the
// person. Platforms stamp messages in whole seconds (Telegram), so times are compared by the
// second; within the same second only an exact repeat of the last text is taken as a resend.
import { fold } from "../domain/vn.js";
import type { Services } from "./ports.js";
import type { ChatState } from "./state.js";
import type { InboundEvent } from "./types.js";

export type Staleness =
  /** A repeat of the last text, sent before the question was seen: dropped without a word. */
  | "resend"
  /** Another text sent before the question was seen: not applied; the question is asked again. */
  | "early"
  | undefined;

const second = (ms: number) => Math.floor(ms / 1000);
/** Enough of a text to tell a repeat, without keeping a long note twice in the state. */
const KEPT = 200;
const same = (kept: string, typed: string) => fold(kept) === fold(typed.trim().slice(0, KEPT));

/**
 * Whether a typed answer (not a command, not a button: a button is pressed on a message the
 * person sees) came before the person could see the question waiting in `state`.
 */
export function staleness(state: ChatState, event: InboundEvent, services: Services): Staleness {
  if (event.body.type !== "text" || event.arrived || !state.askedAt) return undefined;
  const asked = Date.parse(state.askedAt);
  if (Number.isNaN(asked) || Number.isNaN(event.at.getTime())) return undefined;
  const delivery = services.questionDelivery(event.channel, event.chatId, new Date(asked));
  const repeat = state.lastText !== undefined && same(state.lastText.text, event.body.text);
  // The question has not reached the phone yet: nothing typed now can be meant for it.
  if (delivery.waiting) return repeat ? "resend" : "early";
  // The earliest moment it could be read: when it was delivered, or asked when that is unknown.
  const seen = second(Math.max(asked, delivery.sentAt?.getTime() ?? asked));
  const sent = second(event.at.getTime());
  if (sent < seen) return repeat ? "resend" : "early";
  // Same second: a repeat of an applied text is a resend; of one not applied (the note asked to
  // retype it), the answer now, else it would get no reply at all.
  if (sent === seen && repeat && !state.lastText?.unused) return "resend";
  return undefined;
}

/**
 * The question-on-screen bookkeeping after an event: `askedAt` moves only when the screen changes.
 * `stale` is how the event was judged: a resend leaves the last text as it was (applied or not),
 * an early text is kept as not applied.
 */
export function stampState(before: ChatState, after: ChatState, event: InboundEvent, now: Date, stale?: Staleness): ChatState {
  const { askedAt: _a, lastText: _l, ...rest } = after;
  const waits = after.pending !== null || after.offered.length > 0;
  const unchanged = before.askedAt !== undefined && screenOf(before) === screenOf(after);
  const askedAt = !waits ? undefined : unchanged ? before.askedAt : now.toISOString();
  const dated = !Number.isNaN(event.at.getTime());
  const lastText = event.body.type === "text" && dated && stale !== "resend"
    ? { text: event.body.text.trim().slice(0, KEPT), at: event.at.toISOString(), ...(stale === "early" ? { unused: true as const } : {}) }
    : before.lastText;
  return { ...rest, ...(askedAt ? { askedAt } : {}), ...(lastText ? { lastText } : {}) };
}

/** The question on screen, as a comparable string (keys sorted, so the same step reads the same). */
function screenOf(s: ChatState): string {
  return JSON.stringify({ pending: s.pending, offered: s.offered }, (_k, v: unknown) => (v && typeof v === "object" && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) : v));
}
