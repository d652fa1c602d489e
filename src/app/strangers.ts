// A chat without a registered person gets at most one answer an hour: a flood from thousands of
// unknown chats must not fill the outbox ahead of the ward's own people. Answers to a
// registration attempt are always queued — "/start <mã>", "/lienket …", or a text that looks
// like an invite code (10 letters/digits of the invite alphabet, spaces or dashes allowed) —
// so a person registering learns whether the code worked. Limiting wrong codes is another guard.
import type { Db } from "../db/client.js";
import { stmt } from "../db/statements.js";
import { commandFor } from "../conversation/commands.js";
import type { InboundEvent } from "../conversation/types.js";

export const STRANGER_ANSWER_EVERY_MS = 3_600_000;
const CODE_LIKE = /^[A-HJKMNP-Z2-9]{10}$/;

export function isRegistrationAttempt(event: InboundEvent): boolean {
  const command = commandFor(event.body);
  if (command?.name === "start" && command.args.trim() !== "") return true;
  if (command?.name === "lienket") return true;
  return event.body.type === "text" && CODE_LIKE.test(event.body.text.replace(/[\s-]/g, "").toUpperCase());
}

/** True when this stranger's chat was answered within the last hour (so this answer is not queued). */
export function strangerAnsweredRecently(db: Db, event: InboundEvent, now: Date): boolean {
  return stmt<[string, string, number], { one: number }>(db,
    `select 1 as one from outbox where channel = ? and chat_id = ? and user_id is null and kind = 'reply' and created_at > ? limit 1`)
    .get(event.channel, event.chatId, now.getTime() - STRANGER_ANSWER_EVERY_MS) !== undefined;
}
