// Reminders, digests and notices by interaction window: each person is written to on the linked
// channel that still reaches them (reach.ts), and the office is told, in one notice, who could
// not be reminded and why. A message a channel refuses at send time for its window (windowClosed)
// is queued again on another linked channel, or the office is told: in the same transaction as
// the refusal is recorded (the outbox calls rerouteRefused).
import type { Channel } from "../channels/channel.js";
import type { Db } from "../db/client.js";
import { stmt } from "../db/statements.js";
import { text, type Outbound, type ReminderTemplate } from "../conversation/types.js";
import { offerChoices } from "../store/conversations.js";
import { contacts, type Contact } from "../store/users.js";
import { decodePayload, enqueue, type DueRow, type OutboxKind } from "../outbox/table.js";
import { chooseReach, type ChannelRoute, type Reach, type ReachIdentity } from "./reach.js";

/** The channels running now; without it (an old caller) each person gets their last-seen identity, as before windows. */
export interface Routing {
  routes: readonly ChannelRoute[];
  labelOf?: (name: string) => string;
}

/** The routing of the channels created for this run (the registry's labels name them for the office). */
export function routingFor(channels: readonly Channel[], labelOf: (name: string) => string): Routing {
  return { routes: channels.map((c) => ({ name: c.name, label: labelOf(c.name), capabilities: c.capabilities })), labelOf };
}

export function identitiesOf(db: Db, userId: number): ReachIdentity[] {
  return stmt<[number], ReachIdentity>(db, `select id, channel, chat_id as chatId, last_seen_at as lastSeenAt, created_at as createdAt
    from identities where user_id = ? order by id`).all(userId);
}

/** Where to write to this person now (templates: a reminder that may go as the channel's template). */
export function reachPerson(db: Db, routing: Routing | undefined, person: Contact, now: Date, templates: boolean): Reach {
  if (!routing) return { kind: "text", channel: person.channel, chatId: person.chatId, billable: false };
  return chooseReach(identitiesOf(db, person.id), routing.routes, now.getTime(), { templates, labelOf: routing.labelOf });
}

/** The message as it goes on the chosen way: a template reach marks the reminder's hint as a closed window. */
export function shaped(message: Outbound, reach: Reach): Outbound {
  if (reach.kind !== "template" || message.type !== "text" || !message.template) return message;
  return { ...message, template: { ...message.template, windowClosed: true } };
}

/** Queue a message on the chosen way; the id of the new row, or null when its key was queued before. */
export function queueReached(db: Db, reach: Exclude<Reach, { kind: "none" }>, m: { userId: number; message: Outbound; kind: OutboxKind; dedupeKey: string }, now: Date): number | null {
  const message = shaped(m.message, reach);
  const id = enqueue(db, { channel: reach.channel, chatId: reach.chatId, userId: m.userId, message, kind: m.kind, dedupeKey: m.dedupeKey }, now);
  // Without buttons the choices show as a numbered list: a typed "1" must pick this list's first.
  if (id !== null && message.type === "text" && message.choices) offerChoices(db, reach.channel, reach.chatId, message.choices, now);
  return id;
}

export interface Unreached { userId: number; name: string; unit: string; reason: string }

/** reminder_log's job name for "the office was told this person could not be reminded this period". */
export const OFFICE_TOLD = "khong-nhac-duoc";

/**
 * One notice to each office person listing who could not be reminded for the period and why;
 * a person already listed for the period is not listed again. Returns how many were listed.
 */
export function tellOfficeUnreached(db: Db, routing: Routing | undefined, a: { job: string; periodKey: string; periodLabel: string; people: Unreached[] }, now: Date): number {
  const log = stmt<[string, string, number, number]>(db, "insert into reminder_log (job, period, user_id, created_at) values (?, ?, ?, ?) on conflict do nothing");
  const fresh = a.people.filter((p) => log.run(OFFICE_TOLD, a.periodKey, p.userId, now.getTime()).changes === 1);
  if (fresh.length === 0) return 0;
  const message = text([`⚠️ Không nhắc được ${fresh.length} người báo cáo kỳ ${a.periodLabel}:`,
    ...fresh.map((p) => `• ${p.name} (${p.unit}): ${p.reason}.`),
    "Hãy liên hệ trực tiếp với họ. Họ nhận lại được tin nhắc khi nhắn cho bot, hoặc khi liên kết thêm kênh khác bằng /lienket."].join("\n"));
  for (const admin of contacts(db, "admin")) {
    const reach = reachPerson(db, routing, admin, now, false);
    if (reach.kind === "none") continue;
    queueReached(db, reach, { userId: admin.id, message, kind: "notice", dedupeKey: `unreached:${a.job}:${a.periodKey}:${fresh.map((p) => p.userId).join(",")}:${admin.id}` }, now);
  }
  return fresh.length;
}

/**
 * A channel refused a message for its window (windowClosed): queue it on another way to the
 * same person, or, for a reminder, tell the office. Runs inside the transaction that records the
 * refusal. Replies and documents answer a chat the person just wrote from: nothing to redo.
 */
export function rerouteRefused(db: Db, routing: Routing, row: DueRow, now: Date): void {
  if (row.userId === null || row.kind === "reply" || row.kind === "document") return;
  let message: ReturnType<typeof decodePayload>;
  try { message = decodePayload(row.payloadJson); } catch { return; }
  if (message.type !== "text") return;
  const person = stmt<[number], { name: string; unit: string }>(db,
    "select u.name, n.name as unit from users u join units n on n.code = u.unit_code where u.id = ? and u.active = 1").get(row.userId);
  if (!person) return;
  const templates = row.kind === "reminder" && message.template !== undefined;
  const reach = chooseReach(identitiesOf(db, row.userId), routing.routes, now.getTime(), { templates, refused: row.channel, labelOf: routing.labelOf });
  const logged = stmt<[number], { job: string; period: string }>(db, "select job, period from reminder_log where outbox_id = ?").get(row.id);
  if (reach.kind !== "none") {
    const id = queueReached(db, reach, { userId: row.userId, message, kind: row.kind, dedupeKey: `refused:${row.id}` }, now);
    // The log follows the reminder to its new row (the daily clean-up keeps rows the log points at).
    if (id !== null && logged) stmt<[number, number]>(db, "update reminder_log set outbox_id = ? where outbox_id = ?").run(id, row.id);
    return;
  }
  if (row.kind !== "reminder" || !logged) return;
  const template: ReminderTemplate | undefined = message.template;
  tellOfficeUnreached(db, routing, { job: logged.job, periodKey: logged.period, periodLabel: template?.period ?? logged.period,
    people: [{ userId: row.userId, name: person.name, unit: person.unit, reason: reach.reason }] }, now);
}
