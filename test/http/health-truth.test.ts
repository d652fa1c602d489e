// Issue 17 point 7: /healthz answers 503 while replies wait in the outbox longer than five
// minutes, and the office is told once when writing has failed for a minute and once when it works again.
import { afterEach, describe, expect, it } from "vitest";
import { startHarness, testClock, type Harness } from "../helpers/harness.js";
import { holdWriteLock, releaseWriteLocks } from "../helpers/store-lock.js";

let h: Harness | undefined;
afterEach(async () => {
  releaseWriteLocks();
  await h?.stop();
  h = undefined;
});

const KHOM = 1001, ADMIN = 9001;
const MINUTE = 60_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function healthz(h: Harness): Promise<{ status: number; body: Record<string, unknown> }> {
  const r = await fetch(`${h.bot.web!.url}/healthz`);
  return { status: r.status, body: await r.json() as Record<string, unknown> };
}

describe("/healthz and replies waiting", () => {
  it("is 200 while a reply waits four minutes, 503 past five, 200 again once it is sent", async () => {
    h = await startHarness();
    await h.register(KHOM, "bao_cao", "dong-hung");
    // Telegram fails every send to this chat with a server error: the reply stays queued.
    h.standin.onCall = (method, params) => (method === "sendMessage" && String(params.chat_id) === String(KHOM) ? { code: 502 } : undefined);
    const [id] = h.standin.pushUpdates([h.standin.textMessage(KHOM, "/nhap tuyen_truyen")]);
    const db = h.bot.db.$client;
    await h.standin.waitFor(() => db.prepare("select 1 from processed_events where event_id = ?").get(String(id)) !== undefined, 5000, 5);
    expect((await healthz(h)).status).toBe(200);

    h.clock.advance(4 * MINUTE);
    expect((await healthz(h)).status).toBe(200);
    h.clock.advance(1 * MINUTE + 1000);
    const late = await healthz(h);
    expect(late.status).toBe(503);
    expect(late.body).toMatchObject({ ok: false, database: "ok", reasons: ["replies_waiting"] });
    expect(late.body.outbox).toBe("error: 2 câu trả lời chờ gửi quá 5 phút");

    h.standin.onCall = undefined;
    h.bot.outbox.wake();
    const bot = h.bot;
    await h.standin.waitFor(() => (db.prepare("select count(*) n from outbox where status in ('pending', 'sending')").get() as { n: number }).n === 0 && bot.app.idle(), 10_000, 5);
    expect(h.standin.sentTo(KHOM).at(-1)?.text).toBe("(1/6) Số buổi tuyên truyền đã tổ chức?");
    expect((await healthz(h)).status).toBe(200);
  }, 30_000);
});

describe("the office and a database that cannot be written", () => {
  it("is told once after a minute of failed writes, and once when writing works again", async () => {
    h = await startHarness();
    await h.register(KHOM, "bao_cao", "dong-hung");
    await h.register(ADMIN, "admin", "nhon-hung");
    const adminBefore = h.standin.sentTo(ADMIN).length;
    const lock = holdWriteLock(h);
    const [id] = h.standin.pushUpdates([h.standin.textMessage(KHOM, "/nhap tuyen_truyen")]);
    // The bot retries every second at most; under a minute of failing, the office hears nothing.
    await sleep(1500);
    expect(h.standin.sentTo(ADMIN).length).toBe(adminBefore);

    h.clock.advance(MINUTE + 1000); // 10:01:01 in Vietnam; the failures began at 10:00
    await h.standin.waitFor(() => h!.standin.sentTo(ADMIN).length > adminBefore, 5000, 5);
    await sleep(2500); // more failed tries: still one notice
    const during = h.standin.sentTo(ADMIN).slice(adminBefore).map((m) => m.text);
    expect(during).toEqual([
      "⚠️ Từ 10:00 bot không ghi được vào cơ sở dữ liệu: cơ sở dữ liệu đang bị một tiến trình khác khóa (nhập dữ liệu, sao lưu…). Tin nhắn mới được giữ lại và sẽ được xử lý khi ghi được; xin kiểm tra máy chủ (dung lượng ổ đĩa, việc sao lưu hoặc nhập dữ liệu đang chạy).",
    ]);

    lock.release();
    const db = h.bot.db.$client;
    await h.standin.waitFor(() => h!.standin.sentTo(ADMIN).length > adminBefore + 1
      && db.prepare("select 1 from processed_events where event_id = ?").get(String(id)) !== undefined, 10_000, 5);
    await sleep(1500);
    expect(h.standin.sentTo(ADMIN).slice(adminBefore + 1).map((m) => m.text)).toEqual([
      "✅ Bot đã ghi được vào cơ sở dữ liệu trở lại lúc 10:01 (gián đoạn từ 10:00). Tin nhắn nhận trong lúc đó đang được xử lý theo thứ tự.",
    ]);
    expect(h.standin.sentTo(KHOM).at(-1)?.text).toBe("(1/6) Số buổi tuyên truyền đã tổ chức?");
  }, 30_000);

  it("is told of the recovery at once in the quiet hours too (it is news the office waits for, not a reminder)", async () => {
    h = await startHarness({ clock: testClock("2025-02-20T15:00:00Z") }); // 22:00 in Vietnam: quiet hours (21:00-06:30)
    await h.register(ADMIN, "admin", "nhon-hung");
    const adminBefore = h.standin.sentTo(ADMIN).length;
    const lock = holdWriteLock(h);
    h.standin.pushUpdates([h.standin.textMessage(KHOM, "/start")]);
    await sleep(1500);
    h.clock.advance(MINUTE + 1000);
    await h.standin.waitFor(() => h!.standin.sentTo(ADMIN).length > adminBefore, 5000, 5);
    lock.release();
    await h.standin.waitFor(() => h!.standin.sentTo(ADMIN).length > adminBefore + 1, 10_000, 5);
    expect(h.standin.sentTo(ADMIN).slice(adminBefore + 1).map((m) => m.text)).toEqual([
      "✅ Bot đã ghi được vào cơ sở dữ liệu trở lại lúc 22:01 (gián đoạn từ 22:00). Tin nhắn nhận trong lúc đó đang được xử lý theo thứ tự.",
    ]);
  }, 30_000);
});
