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
});
