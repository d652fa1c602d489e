// What an outbox row is comes from its kind column, never from its dedupe key: crash recovery,
// the "replies due" count and the operator's counts read the column.
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { text } from "../../src/conversation/types.js";
import { closeDb, openDb, type Db } from "../../src/db/client.js";
import { createLogger } from "../../src/log.js";
import { enqueue, OutboxSender, outboxStats, repliesDue, type OutboxKind } from "../../src/outbox/sender.js";
import { tempDir } from "../helpers/temp.js";

const silent = createLogger({ level: "silent" });
const NOW = new Date("2025-03-03T02:00:00Z");
let db: Db | undefined;
afterEach(() => { if (db) closeDb(db); db = undefined; });

function setUp(): Db {
  db = openDb(join(tempDir("outbox-kind-"), "bot.sqlite"));
  return db;
}

// Keys chosen to mislead: an answer without the old "reply:" prefix, a reminder with it.
const ROWS: Array<[string, OutboxKind, string]> = [
  ["c1", "reply", "r:1"],
  ["c2", "document", "d:1"],
  ["c3", "reminder", "reply:looks-like-one"],
  ["c4", "notice", "n:1"],
  ["c5", "digest", "reply:digest"],
];

function queueAll(d: Db): void {
  for (const [chat, kind, key] of ROWS) enqueue(d, { channel: "telegram", chatId: chat, message: text(`tin ${kind}`), kind, dedupeKey: key }, NOW);
}

const statusOf = (d: Db) => Object.fromEntries((d.$client.prepare("select chat_id c, status s from outbox order by id").all() as { c: string; s: string }[]).map((r) => [r.c, r.s]));

describe("outbox kind", () => {
  it("stores the kind it is given", () => {
    const d = setUp();
    queueAll(d);
    expect(d.$client.prepare("select kind from outbox order by id").all()).toEqual(ROWS.map(([, kind]) => ({ kind })));
  });

  it("refuses a kind the code does not know", () => {
    const d = setUp();
    expect(() => d.$client.prepare("insert into outbox (channel, chat_id, payload_json, kind, next_attempt_at) values ('telegram', '1', '{}', 'gossip', 0)").run()).toThrow(/CHECK/);
  });

  it("after a crash, sends replies and documents again and marks the rest interrupted", () => {
    const d = setUp();
    queueAll(d);
    d.$client.prepare("update outbox set status = 'sending', attempts = 1").run();
    // Recovery runs when a sender is made (start-up), before it sends anything.
    new OutboxSender({ db: d, log: silent, channelFor: () => undefined, clock: () => NOW });
    expect(statusOf(d)).toEqual({ c1: "pending", c2: "pending", c3: "failed", c4: "failed", c5: "failed" });
  });

  it("counts replies and documents as what a person waits for, and leaves them out of the operator's counts", () => {
    const d = setUp();
    queueAll(d);
    expect(repliesDue(d, NOW)).toBe(2);
    expect(outboxStats(d, { replies: false })).toEqual({ pending: 3, sent: 0, failed: 0, unreachable: 0 });
    expect(outboxStats(d)).toEqual({ pending: 5, sent: 0, failed: 0, unreachable: 0 });
  });
});
