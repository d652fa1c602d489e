// Issue 17 point 12: the sender picks from an in-memory copy of the unsent rows (due-index.ts),
// not a query per send. The copy must still see every row the table holds: rows queued by this
// process, rows queued or changed by another connection (the CLI, another process), and never a
// row whose transaction rolled back. Real stand-in over HTTP, real SQLite file.
import { rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { TelegramChannel } from "../../src/channels/telegram/telegram-channel.js";
import { text } from "../../src/conversation/types.js";
import { closeDb, openDb, type Db } from "../../src/db/client.js";
import { DueIndex } from "../../src/outbox/due-index.js";
import { enqueue, OutboxSender, type OutboxKind } from "../../src/outbox/sender.js";
import { startBotApiStandin, type BotApiStandin } from "../helpers/bot-api-standin.js";
import { silentLog } from "../helpers/harness.js";
import { tempDir } from "../helpers/temp.js";

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface Setup { db: Db; path: string; standin: BotApiStandin; sender: OutboxSender }

async function setup(): Promise<Setup> {
  const path = join(tempDir("due-index-"), "bot.sqlite");
  const db = openDb(path);
  const standin = await startBotApiStandin();
  cleanups.push(() => rmSync(dirname(path), { recursive: true, force: true }), () => closeDb(db), () => standin.close());
  const telegram = new TelegramChannel({ token: standin.token, apiRoot: standin.apiRoot, log: silentLog });
  // A short idle poll: the sender looks for other connections' rows at least this often.
  const sender = new OutboxSender({ db, log: silentLog, channelFor: (n) => (n === "telegram" ? telegram : undefined), idlePollMs: 50 });
  cleanups.push(() => sender.stop());
  return { db, path, standin, sender };
}

let key = 0;
const put = (db: Db, chatId: number, body: string, kind: OutboxKind = "reply") =>
  enqueue(db, { channel: "telegram", chatId: String(chatId), userId: null, message: text(body), kind, dedupeKey: `k${++key}` }, new Date())!;
const texts = (s: Setup, chatId: number) => s.standin.sentTo(chatId).map((m) => m.text);

/** Another connection to the same file, as `npm run cli` in another process would have. */
function otherConnection(s: Setup): Db {
  const other = openDb(s.path);
  cleanups.push(() => closeDb(other));
  return other;
}

describe("the sender's in-memory index of unsent rows", () => {
  it("sends a row another connection queues while the sender runs, after it went idle", async () => {
    const s = await setup();
    put(s.db, 701, "một");
    s.sender.start();
    await s.standin.waitForMessages(701, 1, 20_000);
    await new Promise((r) => setTimeout(r, 200)); // idle: it has read the table and found nothing more
    put(otherConnection(s), 702, "hai (từ dòng lệnh)", "notice");
    await s.standin.waitForMessages(702, 1, 20_000);
    expect(texts(s, 702)).toEqual(["hai (từ dòng lệnh)"]);
  });

  it("skips a row another connection settled meanwhile, and sends the rest of that chat in order", async () => {
    const s = await setup();
    const other = otherConnection(s);
    put(s.db, 703, "mở đầu");
    s.sender.start();
    await s.standin.waitForMessages(703, 1, 20_000);
    // Held back by the outbox's lanes: the first reply to 704 is in flight until released.
    const held = s.standin.holdNext("sendMessage", (p) => String(p.chat_id) === "704");
    put(s.db, 704, "a");
    await held.arrived;
    const b = put(s.db, 704, "b");
    put(s.db, 704, "c");
    // An operator settles "b" from the command line while "a" is still being sent.
    other.$client.prepare("update outbox set status = 'failed', last_error = 'cancelled by hand' where id = ?").run(b);
    held.release();
    await s.standin.waitForMessages(704, 2, 20_000);
    await new Promise((r) => setTimeout(r, 200));
    expect(texts(s, 704)).toEqual(["a", "c"]);
  });

  it("never sends a row whose transaction rolled back, and sends the one queued after it", async () => {
    const s = await setup();
    s.sender.start();
    expect(() => s.db.$client.transaction(() => {
      put(s.db, 705, "không bao giờ gửi");
      s.sender.wake();
      throw new Error("the event failed");
    })()).toThrow("the event failed");
    put(s.db, 705, "gửi");
    await s.standin.waitForMessages(705, 1, 20_000);
    await new Promise((r) => setTimeout(r, 200));
    expect(texts(s, 705)).toEqual(["gửi"]);
  });
});

describe("DueIndex.heads: a chat's rows that may go next (the outbox's lanes)", () => {
  it("a chat's oldest reply, its oldest answer when that is a document, its oldest reminder or notice", () => {
    const path = join(tempDir("due-index-heads-"), "bot.sqlite");
    const db = openDb(path);
    cleanups.push(() => rmSync(dirname(path), { recursive: true, force: true }), () => closeDb(db));
    const doc = (chatId: number) => enqueue(db, { channel: "telegram", chatId: String(chatId), message: { type: "issued", reportId: 1 }, kind: "document", dedupeKey: `d${++key}` }, new Date())!;
    // Chat 1: document, reply, reply, notice, reminder. Chat 2: reply, document. Chat 3: notice only.
    const d1 = doc(1); const r1 = put(db, 1, "r1"); put(db, 1, "r2"); const n1 = put(db, 1, "n1", "notice"); put(db, 1, "m1", "reminder");
    const r2 = put(db, 2, "r"); doc(2);
    const n3 = put(db, 3, "n3", "notice");
    const index = new DueIndex(db);
    index.sync();
    expect([...index.heads()].map((e) => e.id).sort((a, b) => a - b)).toEqual([d1, r1, n1, r2, n3]);
    // The first reply of chat 1 sent: the second becomes its head; the document still waits for nothing.
    db.$client.prepare("update outbox set status = 'sent' where id = ?").run(r1);
    index.refresh(r1);
    expect([...index.heads()].map((e) => e.id).sort((a, b) => a - b)).toEqual([d1, r1 + 1, n1, r2, n3]);
  });
});
