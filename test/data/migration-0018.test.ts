// Migration 0018: a reply's sent mark writes fewer pages (issue 17, point 12: fewer writes per
// update). The outbox's indexes held the status twice, (channel, chat_id, status) and (status, id):
// each sent mark moved the row in both, 3.8 of the 7.3 WAL pages a chat update wrote in the chat
// bench. Now outbox_chat is (channel, chat_id), which a sent mark does not touch, and the unsent
// rows have a partial index of their own, which a row enters when queued and leaves when sent.
// Checked from the WAL itself: which b-trees' pages a sent mark wrote (SQLite's dbstat).
import { copyFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { closeDb, openDb, type Db } from "../../src/db/client.js";
import { tempDir } from "../helpers/temp.js";
import { btreesWritten } from "../helpers/wal-commits.js";

let db: Db | undefined;
afterEach(() => { if (db) closeDb(db); db = undefined; });

const plan = (d: Db, sql: string, ...args: unknown[]): string =>
  (d.$client.prepare(`explain query plan ${sql}`).all(...args) as Array<{ detail: string }>).map((r) => r.detail).join(" | ");

function queue(c: Database.Database, chat: string, n: number): number[] {
  const add = c.prepare(`insert into outbox (channel, chat_id, payload_json, dedupe_key, kind, status, attempts, next_attempt_at, created_at)
    values ('telegram', ?, '{"text":"x"}', ?, 'reply', 'pending', 0, 0, 0) returning id`);
  return Array.from({ length: n }, (_, i) => (add.get(chat, `k:${chat}:${i}:${Math.random()}`) as { id: number }).id);
}

describe("migration 0018", () => {
  it("a sent mark writes the row and the unsent index only", () => {
    db = openDb(join(tempDir("bienbot-0018-"), "b.sqlite"));
    const c = db.$client;
    // Enough rows that the table and its indexes have several pages, in 100 chats.
    for (let chat = 1; chat <= 100; chat++) queue(c, String(chat), 20);
    c.prepare("update outbox set status = 'sent', sent_at = 1 where id % 20 <> 0").run();
    const row = (c.prepare("select id from outbox where status = 'pending' and chat_id = '50'").get() as { id: number }).id;
    const written = btreesWritten(c, () => c.prepare("update outbox set status = 'sent', sent_at = 2 where id = ?").run(row));
    expect(written).toEqual(["outbox", "outbox_unsent"]);
  });

  it("keeps only unsent rows in outbox_unsent, and the chat's unsent rows are read through it", () => {
    db = openDb(join(tempDir("bienbot-0018-"), "b.sqlite"));
    const c = db.$client;
    const ids = queue(c, "7", 3);
    c.prepare("update outbox set status = 'sent', sent_at = 1 where id = ?").run(ids[0]);
    c.prepare("update outbox set status = 'sending' where id = ?").run(ids[1]);
    expect(c.prepare("select id from outbox indexed by outbox_unsent where status in ('pending', 'sending') order by id").pluck().all()).toEqual([ids[1], ids[2]]);
    // Whether a question reached the phone (store/delivery.ts) and the per-chat order (outbox/table.ts).
    expect(plan(db, "select 1 from outbox indexed by outbox_unsent where channel = ? and chat_id = ? and status in ('pending', 'sending')", "t", "7"))
      .toContain("USING INDEX outbox_unsent (channel=? AND chat_id=?)");
    // The chat's latest sent answers, newest first, without a sort.
    const walk = plan(db, "select sent_at from outbox where channel = ? and chat_id = ? and status = 'sent' order by id desc", "t", "7");
    expect(walk).toContain("outbox_chat");
    expect(walk).not.toContain("TEMP B-TREE");
  });

  it("an upgraded database finds every unsent row through the new index", () => {
    const path = join(tempDir("bienbot-0018-"), "bot.sqlite");
    copyFileSync(resolve(import.meta.dirname, "../fixtures/db-0006/db-0006.sqlite"), path);
    db = openDb(path);
    const c = db.$client;
    const all = c.prepare("select id from outbox not indexed where status in ('pending', 'sending') order by id").pluck().all();
    const viaIndex = c.prepare("select id from outbox indexed by outbox_unsent where status in ('pending', 'sending') order by id").pluck().all();
    expect(viaIndex).toEqual(all);
    expect((c.prepare("select count(*) n from outbox").get() as { n: number }).n).toBeGreaterThan(0);
    const names = c.prepare("select name from sqlite_master where type = 'index' and tbl_name = 'outbox' and sql is not null order by name").pluck().all();
    expect(names).toEqual(["outbox_chat", "outbox_dedupe_key_unique", "outbox_unsent"]);
  });
});
