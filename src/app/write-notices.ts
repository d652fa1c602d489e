// The office (admins) is told once when the bot has not been able to write its database for a
// minute, and once when it can again. The first notice cannot wait in the outbox (the outbox is
// in the database that cannot be written): it is the one message sent to chats directly, once,
// best effort. The second goes through the outbox like any notice.
import type { Channel } from "../channels/channel.js";
import type { Db } from "../db/client.js";
import { text } from "../conversation/types.js";
import type { Logger } from "../log.js";
import { enqueue } from "../outbox/table.js";
import { contacts } from "../store/users.js";
import { faultWords, vnClock, type WriteFault, type WriteHealthOptions } from "./write-health.js";

export function failureNotice(fault: WriteFault): string {
  return `⚠️ Từ ${vnClock(fault.since)} bot không ghi được vào cơ sở dữ liệu: ${faultWords(fault.code)}. Tin nhắn mới được giữ lại và sẽ được xử lý khi ghi được; xin kiểm tra máy chủ (dung lượng ổ đĩa, việc sao lưu hoặc nhập dữ liệu đang chạy).`;
}

export function recoveryNotice(fault: WriteFault, at: Date): string {
  return `✅ Bot đã ghi được vào cơ sở dữ liệu trở lại lúc ${vnClock(at)} (gián đoạn từ ${vnClock(fault.since)}). Tin nhắn nhận trong lúc đó đang được xử lý theo thứ tự.`;
}

/** The recovery notice's outbox key; the key says what the row is (see isRecoveryNotice). */
const RECOVERY_KEY = "db-writable:";

/**
 * The office's notice that writing works again is not held by the quiet hours: it ends the alarm
 * the failure notice (sent at once, whatever the hour) raised, so it must not arrive hours later.
 */
export const isRecoveryNotice = (row: { dedupeKey: string | null }): boolean => row.dedupeKey?.startsWith(RECOVERY_KEY) ?? false;

export function officeNotices(o: { db: Db; log: Logger; channelFor(name: string): Channel | undefined; wakeOutbox(): void }):
  Pick<WriteHealthOptions, "onLongFailure" | "onRecovered"> {
  return {
    onLongFailure(fault) {
      o.log.error({ code: fault.code, since: fault.since }, "the database has not been writable for a minute; telling the office");
      let admins: ReturnType<typeof contacts> = [];
      try { admins = contacts(o.db, "admin"); } catch (err) { o.log.error({ err }, "could not read the office's chats"); }
      const message = text(failureNotice(fault));
      for (const a of admins) {
        const channel = o.channelFor(a.channel);
        channel?.send(a.chatId, message).catch((err: unknown) => o.log.warn({ err, userId: a.id }, "could not tell the office the database cannot be written"));
      }
    },
    onRecovered(fault, at) {
      o.log.info({ code: fault.code, since: fault.since }, "the database is writable again");
      try {
        const message = text(recoveryNotice(fault, at));
        for (const a of contacts(o.db, "admin")) {
          enqueue(o.db, { channel: a.channel, chatId: a.chatId, userId: a.id, message, kind: "notice", dedupeKey: `${RECOVERY_KEY}${fault.since.getTime()}:${a.id}` }, at);
        }
        o.wakeOutbox();
      } catch (err) {
        o.log.error({ err }, "could not queue the notice that the database is writable again");
      }
    },
  };
}
