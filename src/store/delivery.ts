// Whether a question the bot asked has reached the person (the conversation core's
// Services.questionDelivery, see src/conversation/stale.ts): read from the outbox rows the
// question's transaction queued. Replies of a chat are delivered in order, so an older reply
// still unsent also means the question is not on the phone yet.
import type { Db } from "../db/client.js";
import { stmt } from "../db/statements.js";
import type { QuestionDelivery } from "../conversation/ports.js";

/** Only answers (replies, documents): reminders and notices are sent in a queue of their own. */
const ANSWER = "kind in ('reply', 'document')";

export function questionDelivery(db: Db, channel: string, chatId: string, askedAt: Date): QuestionDelivery {
  const at = askedAt.getTime();
  // The outbox_unsent index (unsent rows by chat): only the chat's few unsent rows are read (named:
  // without statistics SQLite takes outbox_chat as well, and would walk the chat's sent rows too).
  const waiting = stmt<[string, string, number], { w: number }>(db, `select exists(select 1 from outbox indexed by outbox_unsent
    where channel = ? and chat_id = ? and status in ('pending', 'sending') and ${ANSWER} and created_at <= ?) as w`)
    .get(channel, chatId, at)!.w === 1;
  if (waiting) return { waiting, sentAt: null };
  // The question's rows are the chat's newest: walk the latest sent ones (index order, no sort),
  // at most 50, and stop at the first answer queued before the question (ids follow queue times):
  // reading all 50 rows on every answer was most of this check's cost.
  let first: number | null = null;
  let read = 0;
  for (const r of stmt<[string, string], { sentAt: number | null; createdAt: number }>(db, `select sent_at as sentAt, created_at as createdAt
    from outbox where channel = ? and chat_id = ? and status = 'sent' and ${ANSWER} order by id desc`).iterate(channel, chatId)) {
    if (r.createdAt < at || ++read > 50) break;
    if (r.sentAt !== null && (first === null || r.sentAt < first)) first = r.sentAt;
  }
  return { waiting, sentAt: first === null ? null : new Date(first) };
}
