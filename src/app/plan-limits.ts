// A channel's plan, watched for the office: people and messages this month counted against the
// limits its plug-in declares (warned once at 80 %, told at 100 %, each month), a spent quota
// (the platform's own 429) told once per period, and a risky mode (polling) told at start-up.
// Every notice goes through the outbox to the office (admins), on a channel other than the one
// concerned where an admin has one, since that one may be out of quota.
import type { PlanLimits } from "../channels/channel.js";
import type { Db } from "../db/client.js";
import { text } from "../conversation/types.js";
import { pad2, todayInVietnam, VN_OFFSET_MS, vnMonthStart } from "../domain/vn.js";
import type { Logger } from "../log.js";
import { enqueue } from "../outbox/table.js";
import { messagesThisMonth, usersOn } from "../store/plan-usage.js";

export interface PlanWatchOptions {
  db: Db;
  log: Logger;
  clock: () => Date;
  /** By channel name: what each plan allows (registry planLimitsOf). */
  limits: ReadonlyMap<string, PlanLimits>;
  /** How people call a channel ("Zalo"). */
  label(channel: string): string;
  wakeOutbox(): void;
}

/** "03/2026": the Vietnamese month of `at`. */
function monthWords(at: Date): string {
  const v = new Date(at.getTime() + VN_OFFSET_MS);
  return `${pad2(v.getUTCMonth() + 1)}/${v.getUTCFullYear()}`;
}

/** "00:00 ngày 01/03/2026" in Vietnam. */
function vnTimeWords(at: Date): string {
  const v = new Date(at.getTime() + VN_OFFSET_MS);
  return `${pad2(v.getUTCHours())}:${pad2(v.getUTCMinutes())} ngày ${pad2(v.getUTCDate())}/${pad2(v.getUTCMonth() + 1)}/${v.getUTCFullYear()}`;
}

/** Queue one notice to each active admin, on a channel other than `avoid` where they have one; once per key. */
export function tellOffice(db: Db, a: { message: string; key: string; now: Date; avoid?: string }): number {
  const admins = db.$client.prepare(`select u.id, (select i.channel || char(0) || i.chat_id from identities i where i.user_id = u.id
      order by (i.channel = ?) asc, coalesce(i.last_seen_at, 0) desc, i.created_at desc, i.id desc limit 1) as target
    from users u where u.role = 'admin' and u.active = 1 and u.unreachable_at is null order by u.id`)
    .all(a.avoid ?? "") as Array<{ id: number; target: string | null }>;
  let queued = 0;
  for (const admin of admins) {
    if (!admin.target) continue;
    const [channel, chatId] = admin.target.split("\u0000") as [string, string];
    if (enqueue(db, { channel, chatId, userId: admin.id, message: text(a.message), kind: "notice", dedupeKey: `${a.key}:${admin.id}` }, a.now) !== null) queued++;
  }
  return queued;
}

export class PlanWatch {
  /** Messages delivered this month, by channel, counted from the outbox once and then kept up. */
  private readonly sentThisMonth = new Map<string, { month: number; count: number }>();

  constructor(private readonly o: PlanWatchOptions) {}

  /**
   * A row was delivered on `channel` in `messages` messages (the outbox's onSent); `marked`: the
   * outbox already holds it as sent (an answer's mark may wait for its turn's commit).
   */
  sent(channel: string, messages: number, marked = true): void {
    const limits = this.o.limits.get(channel);
    if (!limits) return;
    const now = this.o.clock();
    try {
      if (limits.monthlyMessages !== undefined) this.checkMessages(channel, limits.monthlyMessages, messages, marked, now);
      if (limits.maxUsers !== undefined) this.checkUsers(channel, limits.maxUsers, now);
    } catch (err) {
      this.o.log.error({ err, channel }, "could not count the channel's use of its plan");
    }
  }

  private checkMessages(channel: string, max: number, messages: number, marked: boolean, now: Date): void {
    const month = vnMonthStart(now).getTime();
    const known = this.sentThisMonth.get(channel);
    // Read from the outbox the first time in a month, with the row just delivered unless it holds it already.
    const count = known && known.month === month ? known.count + messages : messagesThisMonth(this.o.db, channel, now) + (marked ? 0 : messages);
    this.sentThisMonth.set(channel, { month, count });
    const label = this.o.label(channel);
    const when = monthWords(now);
    if (count >= max) {
      this.notice(`plan:${channel}:messages:100:${month}`, now, channel,
        `⛔ ${label}: bot đã gửi ${count} tin nhắn trong tháng ${when}, hết ${max} tin gói dịch vụ cho phép. ${label} có thể ngừng nhận tin của bot đến hết tháng; tin cho người có liên kết kênh khác sẽ đi qua kênh đó. Muốn gửi tiếp, hãy nâng gói hoặc nhờ mọi người liên kết thêm kênh khác (/lienket).`);
    } else if (count * 5 >= max * 4) {
      this.notice(`plan:${channel}:messages:80:${month}`, now, channel,
        `⚠️ ${label}: bot đã gửi ${count}/${max} tin nhắn trong tháng ${when} (từ 80% hạn mức của gói). Khi hết hạn mức, ${label} ngừng gửi đến hết tháng; nên nhờ mọi người liên kết thêm kênh khác (/lienket) hoặc nâng gói.`);
    }
  }

  /** Checked after a delivery too: a registration's reply is the first message to a new person. */
  private checkUsers(channel: string, max: number, now: Date): void {
    const n = usersOn(this.o.db, channel);
    const label = this.o.label(channel);
    const month = vnMonthStart(now).getTime();
    if (n >= max) {
      this.notice(`plan:${channel}:users:100:${month}`, now, channel,
        `⛔ ${label}: đã có ${n} người dùng, đủ ${max} người gói dịch vụ cho phép. Mã mời dùng qua ${label} sẽ bị từ chối; hãy mời người mới qua kênh khác, hoặc nâng gói rồi đặt lại giới hạn.`);
    } else if (n * 5 >= max * 4) {
      this.notice(`plan:${channel}:users:80:${month}`, now, channel,
        `⚠️ ${label}: đã có ${n}/${max} người dùng (từ 80% số người gói dịch vụ cho phép). Khi đủ ${max} người, bot không nhận thêm người qua ${label}.`);
    }
  }

  /** The platform says the quota is spent (outbox onQuotaSpent): told once per period. */
  quotaSpent(channel: string, resumeAt: Date): void {
    const label = this.o.label(channel);
    this.notice(`quota:${channel}:${resumeAt.getTime()}`, this.o.clock(), channel,
      `⛔ ${label} báo bot đã hết hạn mức tin nhắn của gói. Bot ngừng gửi qua ${label} đến ${vnTimeWords(resumeAt)}. Tin cho người có liên kết kênh khác được gửi qua kênh đó; tin cho người chỉ dùng ${label} chờ đến lúc ấy. Muốn gửi tiếp, hãy nâng gói hoặc nhờ mọi người liên kết thêm kênh khác (/lienket).`);
  }

  /** A risk of the settings (the plug-in logs it), told to the office once a day at most, however often the bot restarts. */
  startupWarning(channel: string, message: string): void {
    const now = this.o.clock();
    this.notice(`startup:${channel}:${todayInVietnam(now)}`, now, channel, message);
  }

  private notice(key: string, now: Date, channel: string, message: string): void {
    try {
      if (tellOffice(this.o.db, { message, key, now, avoid: channel }) > 0) this.o.wakeOutbox();
    } catch (err) {
      this.o.log.error({ err, channel }, "could not queue the office's notice about the channel's plan");
    }
  }
}
