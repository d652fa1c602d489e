// What a channel has used of its plan (channel.ts PlanLimits), read from the tables that already
// record it: people by their identities, messages by the outbox's delivered rows (a text sent in
// parts counts each part; the daily prune keeps the current month's rows, reminders/jobs.ts).
import type { Db } from "../db/client.js";
import { stmt } from "../db/statements.js";
import { vnMonthStart } from "../domain/vn.js";

/** Active people with an identity on the channel. */
export function usersOn(db: Db, channel: string): number {
  return stmt<[string], { n: number }>(db, `select count(distinct i.user_id) as n from identities i join users u on u.id = i.user_id
    where i.channel = ? and u.active = 1`).get(channel)?.n ?? 0;
}

/** Whether this chat already has an identity on the channel (it takes no new place in the plan). */
export function knownOn(db: Db, channel: string, chatId: string): boolean {
  return stmt<[string, string], { n: number }>(db, "select count(*) as n from identities where channel = ? and chat_id = ?").get(channel, chatId)!.n > 0;
}

/** Whether this person already has an identity on the channel (a second account takes no new place). */
export function userOn(db: Db, channel: string, userId: number): boolean {
  return stmt<[string, number], { n: number }>(db, "select count(*) as n from identities where channel = ? and user_id = ?").get(channel, userId)!.n > 0;
}

/** Messages delivered on the channel since the start of `now`'s calendar month in Vietnam. */
export function messagesThisMonth(db: Db, channel: string, now: Date): number {
  return stmt<[string, number], { n: number | null }>(db, `select sum(case when parts_sent > 1 then parts_sent else 1 end) as n
    from outbox where channel = ? and status = 'sent' and sent_at >= ?`).get(channel, vnMonthStart(now).getTime())?.n ?? 0;
}
