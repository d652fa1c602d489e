// Chat state and the record of handled platform events.
import { and, eq } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { conversations, processedEvents } from "../db/schema.js";
import { parseState, type ChatState } from "../conversation/state.js";

export function loadState(db: Db, channel: string, chatId: string): ChatState {
  const row = db.select({ s: conversations.stateJson }).from(conversations)
    .where(and(eq(conversations.channel, channel), eq(conversations.chatId, chatId))).get();
  return parseState(row?.s);
}

export function saveState(db: Db, channel: string, chatId: string, state: ChatState, now: Date): void {
  const stateJson = JSON.stringify(state);
  db.insert(conversations).values({ channel, chatId, stateJson, updatedAt: now })
    .onConflictDoUpdate({ target: [conversations.channel, conversations.chatId], set: { stateJson, updatedAt: now } }).run();
}

/** Records the event; false when it was already handled (a redelivery). */
export function markProcessed(db: Db, channel: string, eventId: string, now: Date): boolean {
  const r = db.insert(processedEvents).values({ channel, eventId, processedAt: now }).onConflictDoNothing().run();
  return r.changes === 1;
}
