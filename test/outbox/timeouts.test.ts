// Issue 17 point 3: every platform call has a timeout. A call the stand-in never answers is
// abandoned after the configured time and the outbox tries again (a timeout is retryable).
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { TelegramChannel } from "../../src/channels/telegram/telegram-channel.js";
import { ZaloChannel } from "../../src/channels/zalo/zalo-channel.js";
import { text } from "../../src/conversation/types.js";
import { closeDb, openDb, type Db } from "../../src/db/client.js";
import { enqueue, OutboxSender } from "../../src/outbox/sender.js";
import { startBotApiStandin, type BotApiStandin } from "../helpers/bot-api-standin.js";
import { startZaloStandin } from "../helpers/zalo-standin.js";
import { silentLog } from "../helpers/harness.js";
import { tempDir } from "../helpers/temp.js";

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(): Promise<{ db: Db; standin: BotApiStandin; telegram: TelegramChannel; out: OutboxSender }> {
  const dir = tempDir("outbox-timeout-");
  const db = openDb(join(dir, "bot.sqlite"));
  const standin = await startBotApiStandin();
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }), () => closeDb(db), () => standin.close());
  const telegram = new TelegramChannel({ token: standin.token, apiRoot: standin.apiRoot, log: silentLog, sendTimeoutMs: 1000, documentTimeoutMs: 1500 });
  const out = new OutboxSender({ db, log: silentLog, channelFor: () => telegram, backoffMs: () => 0 });
  cleanups.push(() => out.stop());
  return { db, standin, telegram, out };
}

const row = (db: Db) => db.$client.prepare("select status, attempts, last_error as err from outbox").get() as { status: string; attempts: number; err: string | null };

describe("platform calls time out", () => {
  it("a sendMessage the platform never answers is abandoned after SEND_TIMEOUT_MS and sent again", async () => {
    const s = await setup();
    const hung = s.standin.holdNext("sendMessage");
    cleanups.push(() => hung.release());
    enqueue(s.db, { channel: "telegram", chatId: "601", message: text("📊 Tiến độ kỳ 02/2025"), kind: "reply", dedupeKey: "t1" }, new Date());
    const started = Date.now();
    await s.out.drain({ timeoutMs: 15_000 }); // telegraf's own timeout is 500 s: without ours this runs out
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000); // not before the configured time
    const calls = s.standin.calls.filter((c) => c.method === "sendMessage");
    expect(calls).toHaveLength(2); // the hung one, then the retry
    expect(calls.filter((c) => c.result !== undefined).map((c) => c.params.text)).toEqual(["📊 Tiến độ kỳ 02/2025"]);
    expect(row(s.db)).toMatchObject({ status: "sent", attempts: 2 });
  }, 20_000);

  it("a sendDocument the platform never answers is abandoned after DOCUMENT_TIMEOUT_MS and sent again", async () => {
    const s = await setup();
    const hung = s.standin.holdNext("sendDocument");
    cleanups.push(() => hung.release());
    enqueue(s.db, { channel: "telegram", chatId: "602", kind: "document", dedupeKey: "d1",
      message: { type: "document", fileName: "so-lieu-2025-02.csv", bytes: Buffer.from("a,b\n1,2\n"), caption: "📤 Số liệu" } }, new Date());
    const started = Date.now();
    await s.out.drain({ timeoutMs: 15_000 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1500);
    expect(s.standin.documents.map((d) => d.filename)).toEqual(["so-lieu-2025-02.csv"]);
    expect(row(s.db)).toMatchObject({ status: "sent", attempts: 2 });
  }, 20_000);
});

describe("Zalo calls time out", () => {
  it("a Zalo sendMessage never answered is abandoned after SEND_TIMEOUT_MS and sent again", async () => {
    const dir = tempDir("outbox-timeout-zalo-");
    const db = openDb(join(dir, "bot.sqlite"));
    const zs = await startZaloStandin();
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }), () => closeDb(db), () => zs.close());
    const zalo = new ZaloChannel({ token: zs.token, apiRoot: zs.apiRoot, log: silentLog, mode: "polling", sendTimeoutMs: 1000 });
    const out = new OutboxSender({ db, log: silentLog, channelFor: () => zalo, backoffMs: () => 0 });
    cleanups.push(() => out.stop());
    zs.hangNextSend("z9");
    enqueue(db, { channel: "zalo", chatId: "z9", message: text("📊 Tiến độ kỳ 02/2025"), kind: "reply", dedupeKey: "z1" }, new Date());
    const started = Date.now();
    await out.drain({ timeoutMs: 12_000 }); // the client's own default is 15 s: ours is shorter
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(zs.calls.filter((c) => c.method === "sendMessage")).toHaveLength(2);
    expect(zs.sentTo("z9").map((m) => m.text)).toEqual(["📊 Tiến độ kỳ 02/2025"]);
    expect(row(db)).toMatchObject({ status: "sent", attempts: 2 });
  }, 20_000);
});
