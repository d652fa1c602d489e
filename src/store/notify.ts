// Notices to people outside the chat in progress (a returned entry to the person who filed it):
// one identity each, the one used last (contacts() in users.ts). The core picks whom (write-checks
// reach()); the app queues them here in the outbox within the event's transaction, so the notice
// commits with the change it reports.
import type { Db } from "../db/client.js";
import type { Outbound } from "../conversation/types.js";
import type { Recipient } from "../conversation/writes.js";
import { enqueue } from "../outbox/table.js";
import { offerChoices } from "./conversations.js";
import { contacts, findUserById, type Contact } from "./users.js";

/** Makes the keys of notices queued in one millisecond distinct. */
let sequence = 0;

/** How a person is reached: the identity they used last, or undefined (unreachable, inactive, gone). */
export function contactOf(db: Db, userId: number): Contact | undefined {
  const u = findUserById(db, userId);
  return u && contacts(db, u.role, u.unitCode).find((c) => c.id === userId);
}

export function queueNotice(db: Db, a: { to: Recipient[]; message: Outbound; now: Date }): void {
  for (const person of a.to) {
    enqueue(db, { channel: person.channel, chatId: person.chatId, userId: person.userId, message: a.message, kind: "notice",
      dedupeKey: `notice:${person.channel}:${person.chatId}:${a.now.getTime()}:${++sequence}` }, a.now);
    // Without buttons (Zalo) the choices show as a numbered list: a typed "1" picks this notice's first.
    if (a.message.type === "text" && a.message.choices) offerChoices(db, person.channel, person.chatId, a.message.choices, a.now);
  }
}
