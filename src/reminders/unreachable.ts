// When a person turns out unreachable (they blocked the bot), the office is told once.
import type { Db } from "../db/client.js";
import { text } from "../conversation/types.js";
import { contacts } from "../store/users.js";
import { enqueue } from "../outbox/table.js";

/** Tell the admins (through the outbox) that a person cannot be reached any more. */
export function notifyAdminsUnreachable(db: Db, info: { userId: number | null; chatId: string; channel: string }, now: Date): void {
  const who = info.userId === null ? undefined
    : db.$client.prepare("select u.name, n.name as unit from users u join units n on n.code = u.unit_code where u.id = ?").get(info.userId) as { name: string; unit: string } | undefined;
  const admins = contacts(db, "admin");
  const message = text(`⚠️ Không gửi được tin nhắn cho ${who ? `${who.name} (${who.unit})` : `chat ${info.chatId}`}: người này đã chặn bot hoặc xóa tài khoản. Bot sẽ không nhắc người này nữa; mời lại bằng /moi nếu cần.`);
  for (const a of admins) enqueue(db, { channel: a.channel, chatId: a.chatId, userId: a.id, message, kind: "notice", dedupeKey: `unreachable:${info.channel}:${info.chatId}:${a.id}` }, now);
}

