// Notices to people outside the chat in progress (a returned entry to the person who filed it):
// one identity each, the one used last (contacts() in users.ts), queued in the outbox within the
// caller's transaction, so the notice commits with the change it reports.
import type { Db } from "../db/client.js";
import type { Outbound } from "../conversation/types.js";
import { enqueue } from "../outbox/table.js";
import { offerChoices } from "./conversations.js";
import { contacts, findUserById, type Contact } from "./users.js";

/** Makes the keys of notices queued in one millisecond distinct. */
let sequence = 0;

function contactOf(db: Db, userId: number): Contact | undefined {
  const u = findUserById(db, userId);
  return u && contacts(db, u.role, u.unitCode).find((c) => c.id === userId);
}

export function notifyPeople(db: Db, a: { userIds: number[]; message: Outbound; here: { channel: string; chatId: string }; now: Date }):
  { told: string[]; here: boolean; unreachable: number } {
  const out = { told: [] as string[], here: false, unreachable: 0 };
  for (const id of [...new Set(a.userIds)]) {
    const person = contactOf(db, id);
    if (!person) { out.unreachable++; continue; }
    if (person.channel === a.here.channel && person.chatId === a.here.chatId) { out.here = true; continue; }
    enqueue(db, { channel: person.channel, chatId: person.chatId, userId: person.id, message: a.message, kind: "notice",
      dedupeKey: `notice:${person.channel}:${person.chatId}:${a.now.getTime()}:${++sequence}` }, a.now);
    // Without buttons (Zalo) the choices show as a numbered list: a typed "1" picks this notice's first.
    if (a.message.type === "text" && a.message.choices) offerChoices(db, person.channel, person.chatId, a.message.choices, a.now);
    out.told.push(person.name);
  }
  return out;
}
