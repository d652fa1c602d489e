// Issue 17 point 12: an answer's claim costs no write. A reply or document being sent stays
// "pending" in the table (a process that dies mid-send leaves it to be sent again, at-least-once,
// as the recovery of a "sending" reply did); reminders and notices keep their durable claim
// (at-most-once). Each try is still counted, with the outcome. Real stand-in over HTTP, real SQLite.
import { rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { TelegramChannel } from "../../src/channels/telegram/telegram-channel.js";
import { text } from "../../src/conversation/types.js";
import { closeDb, openDb, type Db } from "../../src/db/client.js";
import { enqueue, OutboxSender, type OutboxKind } from "../../src/outbox/sender.js";
import { startBotApiStandin, type BotApiStandin } from "../helpers/bot-api-standin.js";
import { silentLog } from "../helpers/harness.js";
import { tempDir } from "../helpers/temp.js";

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface Setup { db: Db; standin: BotApiStandin; sender(): OutboxSender }

async function setup(): Promise<Setup> {
  const path = join(tempDir("answer-claims-"), "bot.sqlite");
  const db = openDb(path);
  const standin = await startBotApiStandin();
  cleanups.push(() => rmSync(dirname(path), { recursive: true, force: true }), () => closeDb(db), () => standin.close());
  const telegram = new TelegramChannel({ token: standin.token, apiRoot: standin.apiRoot, log: silentLog });
  return {
    db, standin,
    sender() {
      const out = new OutboxSender({ db, log: silentLog, channelFor: (n) => (n === "telegram" ? telegram : undefined), backoffMs: () => 10 });
      cleanups.push(() => out.stop());
      return out;
    },
  };
}

let key = 0;
const put = (db: Db, chatId: number, body: string, kind: OutboxKind) =>
  enqueue(db, { channel: "telegram", chatId: String(chatId), message: text(body), kind, dedupeKey: `k${++key}` }, new Date())!;
const row = (db: Db, id: number) => db.$client.prepare("select status, attempts from outbox where id = ?").get(id) as { status: string; attempts: number };
const texts = (s: Setup, chatId: number) => s.standin.sentTo(chatId).map((m) => m.text);

describe("claims", () => {
  it("a reply being sent is not written 'sending'; it is sent once, later replies of its chat wait, the try is counted", async () => {
    const s = await setup();
    const first = put(s.db, 801, "✅ Đã lưu (số 1)", "reply");
    const second = put(s.db, 801, "✅ Đã lưu (số 2)", "reply");
    const held = s.standin.holdNext("sendMessage", (p) => String(p.chat_id) === "801");
    const sender = s.sender();
    sender.start();
    await held.arrived;
    expect(row(s.db, first)).toEqual({ status: "pending", attempts: 0 });
    // The loop keeps stepping while the reply is held: it must not pick it again, nor the next one.
    await new Promise((r) => setTimeout(r, 50));
    expect(s.standin.calls.filter((c) => c.method === "sendMessage")).toHaveLength(1);
    held.release();
    await sender.drain({ timeoutMs: 5000 });
    expect(texts(s, 801)).toEqual(["✅ Đã lưu (số 1)", "✅ Đã lưu (số 2)"]);
    expect(row(s.db, first)).toEqual({ status: "sent", attempts: 1 });
    expect(row(s.db, second)).toEqual({ status: "sent", attempts: 1 });
  });

  it("a notice keeps its durable claim: 'sending' while it is sent", async () => {
    const s = await setup();
    const id = put(s.db, 802, "📢 Thông báo", "notice");
    const held = s.standin.holdNext("sendMessage", (p) => String(p.chat_id) === "802");
    const sender = s.sender();
    sender.start();
    await held.arrived;
    expect(row(s.db, id)).toEqual({ status: "sending", attempts: 1 });
    held.release();
    await sender.drain({ timeoutMs: 5000 });
    expect(row(s.db, id)).toEqual({ status: "sent", attempts: 1 });
  });

  it("a reply's tries are counted with their outcomes: a 500 counts, a 429 gives its try back", async () => {
    const s = await setup();
    s.standin.failNext("sendMessage", { code: 500 });
    const a = put(s.db, 803, "một", "reply");
    await s.sender().drain({ timeoutMs: 5000 });
    expect(row(s.db, a)).toEqual({ status: "sent", attempts: 2 });
    s.standin.failNext("sendMessage", { code: 429, retryAfter: 0 });
    const b = put(s.db, 803, "hai", "reply");
    await s.sender().drain({ timeoutMs: 5000 });
    expect(row(s.db, b)).toEqual({ status: "sent", attempts: 1 });
  });
});
