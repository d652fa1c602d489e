// Each channel paces itself: Zalo's spent monthly quota (429) or a Zalo outage never slows
// Telegram. The real bot with both stand-ins (Telegram's Bot API and Zalo's Bot Platform).
import { afterEach, describe, expect, it } from "vitest";
import { startZaloHarness, type ZaloHarness } from "../helpers/zalo-harness.js";

let z: ZaloHarness | undefined;
afterEach(async () => { await z?.close(); z = undefined; });

const ADMIN = 9001;
// The harness clock starts at 2025-02-20T03:00:00Z (10:00 on 20 February in Vietnam): the quota
// comes back at 00:00 on 1 March in Vietnam, which is 2025-02-28T17:00:00Z.
const NEXT_PERIOD = Date.parse("2025-02-28T17:00:00Z");

/** Links a registered Telegram person's Zalo chat with /lienket (as people do). */
async function linkZalo(zh: ZaloHarness, telegramId: number, zaloId: string): Promise<void> {
  const code = /Mã liên kết của [^:]+: ([A-Z0-9]{6})/.exec((await zh.h.say(telegramId, "/lienket")).map((m) => m.text).join("\n"))?.[1];
  expect(code).toBeDefined();
  expect((await zh.say(zaloId, `/lienket ${code}`))[0]!.text).toContain("Đã liên kết");
}

describe("a spent Zalo quota (429)", () => {
  it("pauses Zalo alone until the next month: Telegram keeps answering, the row is not retried each second, the linked person gets it on Telegram, the office is told once", async () => {
    z = await startZaloHarness();
    const { h, zalo } = z;
    await h.register(ADMIN, "admin", "nhon-hung", "Văn phòng");
    await z.register("z-only", "bao_cao", "dong-hung", "Chỉ Zalo");
    await h.register(9102, "bao_cao", "tay-hung", "Hai kênh");
    await linkZalo(z, 9102, "z-both");
    const zaloCallsBefore = zalo.calls.filter((c) => c.method === "sendMessage").length;

    // The month's quota runs out: every send answers 429 from now on.
    zalo.failNext("sendMessage", { code: 429 }, 1000);
    await z.say("z-only", "/trogiup");
    const row = h.bot.db.$client.prepare("select status, attempts, next_attempt_at as at, channel from outbox where chat_id = 'z-only' order by id desc limit 1")
      .get() as { status: string; attempts: number; at: number; channel: string };
    expect(row).toEqual({ status: "pending", attempts: 1, at: NEXT_PERIOD, channel: "zalo" });

    // The person on both channels writes on Zalo: the answer comes on Telegram, at once.
    const before = h.standin.sentTo(9102).length;
    await z.say("z-both", "/trogiup");
    await h.standin.waitFor(() => h.standin.sentTo(9102).length > before);
    // Telegram is not slowed: the office's own command is answered as usual.
    expect((await h.say(ADMIN, "/trogiup")).length).toBeGreaterThan(0);

    // One 429 only: no second try of the spent channel (the row waits for the period).
    expect(zalo.calls.filter((c) => c.method === "sendMessage").length - zaloCallsBefore).toBe(1);
    const told = () => h.standin.sentTo(ADMIN).filter((m) => m.text.includes("hết hạn mức tin nhắn"));
    await h.standin.waitFor(() => told().length === 1);
    expect(told()[0]!.text).toContain("đến 00:00 ngày 01/03/2025");

    // After a restart the first Zalo send earns the 429 again (the state is in memory); the office is not told twice.
    await h.restart();
    await z.say("z-new", "xin chào");
    expect(zalo.calls.filter((c) => c.failed === 429).length).toBe(2);
    await h.bot.settle();
    expect(told()).toHaveLength(1);

    // On 1 March (Vietnam) the quota is back: the held message goes out on Zalo.
    zalo.clearFaults();
    const registered = zalo.sentTo("z-only").length;
    h.clock.set(new Date(NEXT_PERIOD + 1000).toISOString());
    h.bot.outbox.wake();
    // The help asked for on 20 February, now that the quota is back.
    await zalo.waitFor(() => zalo.sentTo("z-only").slice(registered).some((m) => m.text.includes("/nhap")), 15_000);
  }, 60_000);
});

describe("a Zalo outage", () => {
  it("sends hung on Zalo (as many as the outbox runs at once) never hold a Telegram reply", async () => {
    // A long send timeout: the hung calls stay hung for the whole test.
    z = await startZaloHarness({ env: { SEND_TIMEOUT_MS: "600000" } });
    const { h, zalo } = z;
    await h.register(ADMIN, "admin", "nhon-hung", "Văn phòng");
    const people = ["h1", "h2", "h3", "h4", "h5"];
    for (const id of people) await z.register(id, "bao_cao", "dong-hung", `Người ${id}`);
    // Every one of them writes, and every answer hangs on Zalo: more than the 4 sends the outbox runs at once.
    const hung = people.map((id) => { zalo.hangNextSend(id); return id; });
    for (const id of hung) zalo.push(zalo.textMessage(id, "/trogiup"));
    await zalo.waitFor(() => zalo.calls.filter((c) => c.failed === 0 && c.abandonedAt === undefined).length >= 4, 15_000);
    // Telegram answers while four Zalo sends are still hung (the fifth Zalo answer waits its turn).
    const before = h.standin.sentTo(ADMIN).length;
    h.standin.pushUpdates([h.standin.textMessage(ADMIN, "/trogiup")]);
    await h.standin.waitFor(() => h.standin.sentTo(ADMIN).length > before, 15_000);
    expect(zalo.calls.filter((c) => c.failed === 0 && c.abandonedAt === undefined).length).toBeGreaterThanOrEqual(4);
    // The hung calls end with the stand-in, so the bot can stop.
    await zalo.close();
  }, 60_000);
});
