// Replies go out through the outbox: a slow chat holds no other, 429s and 403s on replies are
// handled like any outbox message, a split message never resends a delivered part, and the
// inbox handles each platform event once, even across a restart.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { SendError, type Channel } from "../../src/channels/channel.js";
import { text, type InboundEvent, type Outbound } from "../../src/conversation/types.js";
import { closeDb, openDb, type Db } from "../../src/db/client.js";
import { decodeEvent, encodeEvent, recordEvent } from "../../src/app/inbox.js";
import { enqueue, OutboxSender, repliesDue } from "../../src/outbox/sender.js";
import { silentLog, startHarness, type Harness } from "../helpers/harness.js";
import type { RecordedCall } from "../helpers/bot-api-standin.js";
import { tempDir } from "../helpers/temp.js";
// Expected texts written out here (not imported from src/), so a changed message fails the test.
const CHOICE_HINT = "(Trả lời bằng số thứ tự hoặc gõ tên mục.)";

let h: Harness | undefined;
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  if (h) {
    await h.stop();
    rmSync(h.dir, { recursive: true, force: true });
  }
  h = undefined;
});

const A = 1001;
const B = 1002;
const ADMIN = 4001;

const okSends = (hh: Harness, chat: number, after = 0): RecordedCall[] =>
  hh.standin.calls.filter((c) => c.method === "sendMessage" && c.failed === undefined && String(c.params.chat_id) === String(chat) && c.at >= after);
const outboxRow = (hh: Harness, where: string) => hh.bot.db.$client.prepare(`select * from outbox where ${where} order by id desc`).get();

describe("replies through the outbox", () => {
  it("a slow sendMessage to one chat does not delay another chat's answer", async () => {
    h = await startHarness();
    await h.register(A, "bao_cao", "dong-hung");
    await h.register(B, "bao_cao", "tay-hung");
    h.standin.delayChat(A, 4000);
    const t0 = Date.now();
    h.standin.pushUpdates([h.standin.textMessage(A, "/menu")]);
    await h.standin.waitFor(() => h!.standin.calls.some((c) => c.method === "sendMessage" && String(c.params.chat_id) === String(A) && c.at >= t0));
    const tB = Date.now();
    h.standin.pushUpdates([h.standin.textMessage(B, "/menu")]);
    const answer = await h.standin.waitFor(() => okSends(h!, B, tB)[0], 3000);
    expect(answer.at - tB).toBeLessThan(1000);
    // A's answer is still on its way meanwhile, and arrives too.
    expect(Date.now() - t0).toBeLessThan(4000);
    await h.standin.waitFor(() => repliesDue(h!.bot.db, h!.clock.now) === 0, 8000);
  }, 20_000);

  it("a 429 on a reply is not retried before retry_after, and the reply arrives after it", async () => {
    h = await startHarness();
    await h.register(A, "bao_cao", "dong-hung");
    h.standin.failNext("sendMessage", { code: 429, retryAfter: 1 });
    h.standin.pushUpdates([h.standin.textMessage(A, "/menu")]);
    const throttled = await h.standin.waitFor(() => h!.standin.calls.find((c) => c.method === "sendMessage" && c.failed === 429));
    await h.standin.waitFor(() => outboxRow(h!, "status = 'pending' and last_error like 'throttled%'"));
    // The row is due again on the bot's clock; the pause itself runs on real time.
    h.clock.advance(1000);
    h.bot.outbox.wake();
    const ok = await h.standin.waitFor(() => okSends(h!, A, throttled.at)[0], 5000);
    expect(ok.at - throttled.at).toBeGreaterThanOrEqual(1000);
    expect(h.standin.calls.filter((c) => c.method === "sendMessage" && c.at > throttled.at && c.at < throttled.at + 1000)).toEqual([]);
    expect(okSends(h, A, throttled.at)).toHaveLength(1);
  }, 20_000);

  it("a 403 on a reply marks the person unreachable and the admin's notice names them", async () => {
    h = await startHarness();
    await h.register(ADMIN, "admin", "nhon-hung", "Văn phòng");
    await h.register(A, "bao_cao", "dong-hung", "Thắng");
    h.standin.blockChat(A);
    h.standin.pushUpdates([h.standin.textMessage(A, "/menu")]);
    const notice = await h.standin.waitFor(() => h!.standin.sentTo(ADMIN).find((m) => m.text.includes("Không gửi được")), 5000);
    expect(notice.text).toContain("Thắng (Khóm Đông Hưng)");
    expect(notice.text).not.toContain(String(A));
    const user = h.bot.db.$client.prepare("select u.unreachable_at as at from users u join identities i on i.user_id = u.id where i.platform_user_id = ?").get(String(A)) as { at: number | null };
    expect(user.at).toBeGreaterThan(0);
  }, 20_000);

  it("a 429 on part 2 of a reply longer than Telegram's limit never sends part 1 again", async () => {
    h = await startHarness();
    await h.register(A, "bao_cao", "dong-hung");
    const lines = Array.from({ length: 120 }, (_, i) => `Dòng ${i + 1}: ${"số liệu ".repeat(6)}`);
    enqueue(h.bot.db, { channel: "telegram", chatId: String(A), message: text(lines.join("\n")), kind: "reply", dedupeKey: "reply:test:long" }, h.clock.now);
    const t0 = Date.now();
    h.standin.failNth("sendMessage", 2, { code: 429, retryAfter: 1 });
    h.bot.outbox.wake();
    await h.standin.waitFor(() => outboxRow(h!, "status = 'pending' and parts_sent = 1 and last_error like 'throttled%'"));
    h.clock.advance(1000);
    h.bot.outbox.wake();
    await h.standin.waitFor(() => outboxRow(h!, "dedupe_key = 'reply:test:long' and status = 'sent'"), 5000);
    const parts = okSends(h, A, t0).map((c) => String(c.params.text));
    expect(parts).toHaveLength(2);
    expect(parts[0]!.startsWith("Dòng 1:")).toBe(true);
    expect(parts[1]).not.toContain("Dòng 1:");
    expect(parts.join("\n")).toBe(lines.join("\n"));
  }, 20_000);
});

/** A channel without buttons and with a tiny limit, failing the sends it is told to. */
function tinyChannel(fail: (n: number) => SendError | undefined): Channel & { sent: Outbound[] } {
  let n = 0;
  const sent: Outbound[] = [];
  return {
    name: "tiny", sent, capabilities: { buttons: false, documents: true, editing: false, maxTextLength: 60 },
    async start() {}, async stop() {}, state: () => "ready",
    async send(_chat, m) {
      const e = fail(++n);
      if (e) throw e;
      sent.push(m);
    },
  };
}

describe("OutboxSender on a channel without buttons", () => {
  it("numbers the choices, puts them on the last part, and resumes after a 429 at the undelivered part", async () => {
    const dir = tempDir("outbox-tiny-");
    const db: Db = openDb(join(dir, "bot.sqlite"));
    cleanups.push(() => { closeDb(db); rmSync(dir, { recursive: true, force: true }); });
    const ch = tinyChannel((n) => (n === 2 ? new SendError({ kind: "throttled", retryAfterMs: 50 }, "429") : undefined));
    const long = ["Một", "Hai", "Ba"].map((n) => `${n}: bốn năm sáu bảy tám chín mười.`).join("\n");
    enqueue(db, { channel: "tiny", chatId: "c1", message: text(long, [{ id: "save", label: "✅ Lưu" }, { id: "edit", label: "✏️ Sửa" }]), kind: "reply", dedupeKey: "reply:tiny:1" }, new Date());
    const sender = new OutboxSender({ db, log: silentLog, channelFor: () => ch });
    await sender.drain({ timeoutMs: 5000 });
    const texts = ch.sent.map((m) => (m.type === "text" ? m.text : ""));
    expect(ch.sent.every((m) => m.type === "text" && !m.choices)).toBe(true);
    expect(texts.every((t) => t.length <= 60)).toBe(true);
    expect(texts.join("\n")).toBe(`${long}\n\n1. ✅ Lưu\n2. ✏️ Sửa\n${CHOICE_HINT}`);
    expect(new Set(texts).size).toBe(texts.length); // no part twice
    expect(db.$client.prepare("select status, parts_sent as p from outbox").get()).toEqual({ status: "sent", p: texts.length });
  });
});

describe("per-chat order in the outbox", () => {
  async function tinyDb(): Promise<Db> {
    const dir = tempDir("outbox-order-");
    const db = openDb(join(dir, "bot.sqlite"));
    cleanups.push(() => { closeDb(db); rmSync(dir, { recursive: true, force: true }); });
    return db;
  }
  const sentTexts = (ch: { sent: Outbound[] }) => ch.sent.map((m) => (m.type === "text" ? m.text : ""));

  it("a reply waits for an older reply of its chat that is being retried, and never overtakes it", async () => {
    const db = await tinyDb();
    const ch = tinyChannel((n) => (n === 1 ? new SendError({ kind: "retryable" }, "500") : undefined));
    for (const [i, t] of ["một", "hai", "ba"].entries()) enqueue(db, { channel: "tiny", chatId: "c1", message: text(t), kind: "reply", dedupeKey: `reply:o:${i}` }, new Date());
    const sender = new OutboxSender({ db, log: silentLog, channelFor: () => ch, backoffMs: () => 30 });
    await sender.drain({ timeoutMs: 5000 });
    expect(sentTexts(ch)).toEqual(["một", "hai", "ba"]);
  });

  it("a notice held by the quiet hours does not hold a reply to the same chat", async () => {
    const db = await tinyDb();
    const ch = tinyChannel(() => undefined);
    enqueue(db, { channel: "tiny", chatId: "c1", message: text("⏰ nhắc"), kind: "notice", dedupeKey: "nhac:1" }, new Date());
    enqueue(db, { channel: "tiny", chatId: "c1", message: text("trả lời"), kind: "reply", dedupeKey: "q:1" }, new Date());
    const sender = new OutboxSender({ db, log: silentLog, channelFor: () => ch,
      holdFor: (row) => (row.kind === "reply" ? 0 : 3_600_000) });
    cleanups.push(() => sender.stop());
    sender.start();
    const started = Date.now();
    while (ch.sent.length === 0 && Date.now() - started < 3000) await new Promise((r) => setTimeout(r, 5));
    expect(sentTexts(ch)).toEqual(["trả lời"]);
    expect(Date.now() - started).toBeLessThan(500);
  });
});

describe("the inbox", () => {
  const event = (eventId: string, t: string, at: Date): InboundEvent =>
    ({ channel: "telegram", chatId: String(A), userId: String(A), userName: "Người 1001", eventId, at, body: { type: "text", text: t } });

  it("keeps the event's time through JSON", () => {
    const e = event("x", "/menu", new Date("2025-02-20T03:00:00.123Z"));
    expect(decodeEvent(encodeEvent(e))).toEqual(e);
  });

  it("handles the same event accepted twice once", async () => {
    h = await startHarness();
    await h.register(A, "bao_cao", "dong-hung");
    const t0 = Date.now();
    const e = event("inbox-1", "/menu", h.clock.now);
    expect(await h.bot.app.accept(h.bot.channels[0]!, e)).toBe("new");
    expect(await h.bot.app.accept(h.bot.channels[0]!, { ...e })).toBe("duplicate");
    await h.standin.waitFor(() => h!.bot.app.idle() && repliesDue(h!.bot.db, h!.clock.now) === 0);
    expect(okSends(h, A, t0)).toHaveLength(1);
    expect(h.bot.db.$client.prepare("select handled_at as at from inbound_events where event_id = 'inbox-1'").get()).toEqual({ at: h.clock.now.getTime() });
  });

  it("handles after a restart an event recorded but not handled before it", async () => {
    h = await startHarness();
    await h.register(A, "bao_cao", "dong-hung");
    await h.halt();
    // What a crash right after recording leaves: the event in the inbox, nothing else.
    const db = openDb(join(h.dir, "bot.sqlite"));
    recordEvent(db, event("inbox-2", "/nhap tuyen_truyen", h.clock.now), h.clock.now);
    // A command, not an answer: "4" typed before the first question reached the phone would not
    // answer it (conversation/stale.ts, issue 17 item 6).
    recordEvent(db, event("inbox-3", "/huy", h.clock.now), h.clock.now);
    closeDb(db);
    const t0 = Date.now();
    await h.boot();
    // Oldest first: the form opens, then /huy cancels it (the other way round, /huy finds nothing to cancel).
    await h.standin.waitFor(() => okSends(h!, A, t0).some((c) => String(c.params.text).startsWith("Đã hủy")), 5000);
    const texts = okSends(h, A, t0).map((c) => String(c.params.text));
    expect(texts.findIndex((t) => t.includes("(1/6)"))).toBeLessThan(texts.findIndex((t) => t.startsWith("Đã hủy")));
    await h.standin.waitFor(() => h!.bot.db.$client.prepare("select 1 from inbound_events where event_id = 'inbox-2' and handled_at is not null").get());
    expect(h.bot.db.$client.prepare("select count(*) n from processed_events where event_id = 'inbox-2'").get()).toEqual({ n: 1 });
  });
});
