// Chat state and the record of handled platform events (on every event: prepared statements).
import type { Db } from "../db/client.js";
import type { Choice } from "../conversation/types.js";
import { stmt } from "../db/statements.js";
import { parseState, type ChatState } from "../conversation/state.js";

export function loadState(db: Db, channel: string, chatId: string): ChatState {
  const row = stmt<[string, string], { s: string }>(db, "select state_json as s from conversations where channel = ? and chat_id = ?")
    .get(channel, chatId);
  return parseState(row?.s);
}

export function saveState(db: Db, channel: string, chatId: string, state: ChatState, now: Date): void {
  stmt(db, `insert into conversations (channel, chat_id, state_json, updated_at) values (?, ?, ?, ?)
    on conflict (channel, chat_id) do update set state_json = excluded.state_json, updated_at = excluded.updated_at`)
    .run(channel, chatId, JSON.stringify(state), now.getTime());
}

/** Records the event; false when it was already handled (a redelivery). */
export function markProcessed(db: Db, channel: string, eventId: string, now: Date): boolean {
  return stmt(db, "insert into processed_events (channel, event_id, processed_at) values (?, ?, ?) on conflict do nothing")
    .run(channel, eventId, now.getTime()).changes === 1;
}

/**
 * A message sent outside a conversation (a reminder) offers its choices to typed answers, as a
 * reply would; a step in progress keeps its own (a number typed for a form is the form's).
 */
export function offerChoices(db: Db, channel: string, chatId: string, choices: Choice[], now: Date): void {
  if (choices.length === 0) return;
  const state = loadState(db, channel, chatId);
  if (state.pending) return;
  // A new list on screen: a typed answer sent before it is not meant for it (conversation/stale.ts).
  saveState(db, channel, chatId, { ...state, offered: choices, askedAt: now.toISOString() }, now);
}
