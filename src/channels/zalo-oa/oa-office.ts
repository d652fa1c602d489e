// What the OA channel records itself, in the database, and tells the office: a person who
// unfollowed the OA, and a refresh token Zalo refused as dead. Notices go through the outbox
// (store/notify.ts), preferably to each admin on another channel than this one, which may be the
// one that cannot send.
import type { Db } from "../../db/client.js";
import { text } from "../../conversation/types.js";
import { queueNotice } from "../../store/notify.js";

/** How the office authorises the bot again: the steps, in one message. */
export const REAUTHORISE_NOTICE = [
  "⚠️ Kênh Zalo OA của phường đã mất quyền gửi tin: mã làm mới (Refresh Token) không còn dùng được (Zalo báo lỗi -14014).",
  "Để cấp quyền lại:",
  "1. Quản trị viên OA đăng nhập developers.zalo.me, mở ứng dụng của bot, vào Official Account và cấp quyền cho ứng dụng quản lý OA (hoặc dùng API Explorer) để nhận Refresh Token mới.",
  "2. Ghi mã đó vào biến ZALO_OA_REFRESH_TOKEN trong tệp cấu hình (.env) của bot.",
  "3. Khởi động lại bot.",
  "Trong lúc chờ, tin nhắn Zalo OA được giữ lại và gửi khi có quyền; các kênh khác vẫn chạy bình thường.",
].join("\n");

interface Person { userId: number; channel: string; chatId: string }

/** Each active admin once, on their identity of another channel when they have one (seen last first). */
export function officeRecipients(db: Db, avoidChannel: string): Person[] {
  return db.$client.prepare<[string], Person>(`select u.id as userId, i.channel, i.chat_id as chatId from users u
    join identities i on i.id = (select j.id from identities j where j.user_id = u.id
      order by (j.channel = ?) asc, coalesce(j.last_seen_at, 0) desc, j.id desc limit 1)
    where u.role = 'admin' and u.active = 1 and u.unreachable_at is null order by u.id`).all(avoidChannel);
}

/** Queue the re-authorisation steps for the office (inside the caller's transaction). */
export function tellOfficeReauthorise(db: Db, channel: string, now: Date): void {
  queueNotice(db, { to: officeRecipients(db, channel), message: text(REAUTHORISE_NOTICE), now });
}

/**
 * The person unfollowed the OA: this identity is no longer where they are reached (others are
 * preferred); with no other, they are unreachable until they follow or write again (any event
 * marks them reachable), and the office is told once. One transaction.
 */
export function recordUnfollow(db: Db, channel: string, platformUserId: string, now: Date): "unknown" | "other-channel" | "unreachable" | "already" {
  return db.$client.transaction(() => {
    const who = db.$client.prepare<[string, string], { id: number; userId: number; name: string; unit: string }>(`select i.id, i.user_id as userId, u.name, n.name as unit
      from identities i join users u on u.id = i.user_id join units n on n.code = u.unit_code where i.channel = ? and i.platform_user_id = ?`).get(channel, platformUserId);
    if (!who) return "unknown";
    db.$client.prepare("update identities set last_seen_at = null where id = ?").run(who.id);
    const others = db.$client.prepare<[number, number], { n: number }>("select count(*) as n from identities where user_id = ? and id <> ?").get(who.userId, who.id)!.n;
    if (others > 0) return "other-channel";
    const changed = db.$client.prepare("update users set unreachable_at = ? where id = ? and unreachable_at is null").run(now.getTime(), who.userId).changes;
    if (changed === 0) return "already";
    const office = officeRecipients(db, channel).filter((p) => p.userId !== who.userId);
    queueNotice(db, { to: office, now, message: text(`⚠️ ${who.name} (${who.unit}) đã bỏ quan tâm Official Account của phường trên Zalo: bot không nhắn được cho người này nữa và sẽ không nhắc nữa. Khi người này quan tâm lại OA hoặc nhắn tin, bot nhắn lại được như thường.`) });
    return "unreachable";
  })();
}
