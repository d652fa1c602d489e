// Issue 18's crash-suite stall: with a Zalo backlog, the parts of one reply ("⚠️ …", then the
// question) went out a round of every other chat apart, so a person answered the first part
// alone and drew another two-part reply. The parts of one reply now go out back to back, while
// separate replies still take turns. Real Zalo channel over HTTP to the stand-in, real SQLite.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { ZaloChannel } from "../../src/channels/zalo/zalo-channel.js";
import { text } from "../../src/conversation/types.js";
import { closeDb, openDb } from "../../src/db/client.js";
import { enqueue, OutboxSender } from "../../src/outbox/sender.js";
import { startZaloStandin } from "../helpers/zalo-standin.js";
import { silentLog } from "../helpers/harness.js";
import { tempDir } from "../helpers/temp.js";

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

it("a reply in two parts reaches its chat back to back, ahead of other chats' waiting replies", async () => {
  const dir = tempDir("reply-parts-");
  const db = openDb(join(dir, "bot.sqlite"));
  const zs = await startZaloStandin();
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }), () => closeDb(db), () => zs.close());
  const zalo = new ZaloChannel({ token: zs.token, apiRoot: zs.apiRoot, log: silentLog, mode: "polling" });
  const at = new Date("2025-02-20T03:00:00Z");
  const chats = ["z1", "z2", "z3", "z4", "z5"];
  // Each chat's answer to one event, in two parts, keyed as the bot queues a reply's parts (bot-app.ts).
  for (const chat of chats) {
    for (const [n, part] of [`⚠️ Tin của ${chat}`, `(2/6) Câu hỏi cho ${chat}`].entries()) {
      enqueue(db, { channel: "zalo", chatId: chat, userId: null, message: text(part), kind: "reply", dedupeKey: `reply:zalo:${chat}:e-${chat}:${at.getTime()}:${n + 1}` }, at);
    }
  }
  // Then a second, separate reply to z1: it waits its turn behind the other chats.
  enqueue(db, { channel: "zalo", chatId: "z1", userId: null, message: text("Tin sau của z1"), kind: "reply", dedupeKey: `reply:zalo:z1:e-later:${at.getTime()}:11` }, at);
  // One send at a time: only the order of turns decides what goes next.
  const out = new OutboxSender({ db, log: silentLog, channelFor: (n) => (n === "zalo" ? zalo : undefined), concurrency: 1 });
  cleanups.push(() => out.stop());
  await out.drain({ timeoutMs: 20_000 });
  expect(zs.sent.map((s) => s.text)).toEqual([
    "⚠️ Tin của z1", "(2/6) Câu hỏi cho z1",
    "⚠️ Tin của z2", "(2/6) Câu hỏi cho z2",
    "⚠️ Tin của z3", "(2/6) Câu hỏi cho z3",
    "⚠️ Tin của z4", "(2/6) Câu hỏi cho z4",
    "⚠️ Tin của z5", "(2/6) Câu hỏi cho z5",
    "Tin sau của z1",
  ]);
}, 60_000);
