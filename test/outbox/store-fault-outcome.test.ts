// A message delivered while the database is locked by another process: its outcome is recorded
// once the lock goes, in this run. Left "sending" until the next start, it would be sent again.
import { afterEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../helpers/harness.js";
import { holdWriteLock, releaseWriteLocks } from "../helpers/store-lock.js";

const KHOM = 1001;
let h: Harness | undefined;
afterEach(async () => {
  releaseWriteLocks();
  await h?.stop();
  h = undefined;
});

describe("the outcome of a send while the database is locked", () => {
  it("is recorded once the lock goes; the message is not sent again", async () => {
    h = await startHarness();
    await h.register(KHOM, "bao_cao", "dong-hung");
    const before = h.standin.sentTo(KHOM).length;
    const held = h.standin.holdNext("sendMessage", (p) => String(p.chat_id) === String(KHOM));
    h.standin.pushUpdates([h.standin.textMessage(KHOM, "/nhap tuyen_truyen")]);
    await held.arrived;
    const lock = holdWriteLock(h);
    held.release(); // delivered, but "sent" cannot be written yet
    await new Promise((r) => setTimeout(r, 1500));
    const db = h.bot.db.$client;
    lock.release();
    await h.standin.waitFor(() => (db.prepare("select count(*) n from outbox where status in ('pending', 'sending')").get() as { n: number }).n === 0, 5000, 5);
    await new Promise((r) => setTimeout(r, 300));
    expect(h.standin.sentTo(KHOM).slice(before).map((m) => m.text)).toEqual([
      "📋 Tuyên truyền, phổ biến. Trả lời từng câu; gõ /huy để hủy bất cứ lúc nào.", "(1/6) Số buổi tuyên truyền đã tổ chức?",
    ]);
  }, 20_000);

  // The delivery time is what tells an answer typed after the question from one typed before it
  // (src/conversation/stale.ts). Stamped when the lock let it be recorded, every answer typed
  // during the lock was refused as "sent before the question reached you" (the crash suite's fault
  // mode saw people asked again and again).
  it("is stamped with when it was delivered, not when the lock let it be written: an answer typed meanwhile is taken", async () => {
    const hh = await startHarness();
    h = hh;
    await hh.register(KHOM, "bao_cao", "dong-hung");
    const held = hh.standin.holdNext("sendMessage", (p) => String(p.chat_id) === String(KHOM) && String(p.text).startsWith("(1/6)"));
    hh.standin.pushUpdates([hh.standin.textMessage(KHOM, "/nhap tuyen_truyen")]);
    await held.arrived;
    const lock = holdWriteLock(hh);
    const deliveredAt = hh.clock.now.getTime();
    held.release(); // the question reaches the phone now; "sent" cannot be written yet
    await new Promise((r) => setTimeout(r, 500));
    // The person answers two seconds after it arrived; the lock goes three seconds later still.
    hh.clock.advance(2000);
    const typedAt = Math.floor(hh.clock.now.getTime() / 1000);
    hh.clock.advance(3000);
    lock.release();
    const db = hh.bot.db.$client;
    const sentAt = () => (db.prepare("select sent_at as at from outbox where status = 'sent' and payload_json like '%(1/6)%'").get() as { at: number } | undefined)?.at;
    expect(await hh.standin.waitFor(sentAt, 10_000, 5)).toBe(deliveredAt);
    // The answer, typed during the lock, reaches the bot after the delivery was recorded.
    const before = hh.standin.sentTo(KHOM).length;
    hh.standin.pushUpdates([hh.standin.textMessage(KHOM, "2", { date: typedAt })]);
    const next = await hh.standin.waitFor(() => hh.standin.sentTo(KHOM).slice(before).map((m) => m.text)[0], 10_000, 5);
    expect(next).toBe("(2/6) Tổng số lượt người dự nghe?");
  }, 30_000);
});
