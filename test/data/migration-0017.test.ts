// Migration 0017: fewer index pages per chat update. The outbox loses (status, next_attempt_at)
// (its due queries read pending rows through (status, id), since 0018 through outbox_unsent); the
// inbox's index holds only the events still to handle. The queries that used them still find their
// rows through an index.
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { closeDb, openDb, type Db } from "../../src/db/client.js";
import { tempDir } from "../helpers/temp.js";

let db: Db | undefined;
afterEach(() => { if (db) closeDb(db); db = undefined; });

const plan = (d: Db, sql: string, ...args: unknown[]): string =>
  (d.$client.prepare(`explain query plan ${sql}`).all(...args) as Array<{ detail: string }>).map((r) => r.detail).join(" | ");

describe("migration 0017", () => {
  it("drops outbox_due, keeps the inbox's index to unhandled events, and the due and replay queries use an index", () => {
    db = openDb(join(tempDir("bienbot-0017-"), "b.sqlite"));
    const indexes = (table: string) => (db!.$client.prepare(`select name, sql from sqlite_master where type = 'index' and tbl_name = ? and sql is not null`).all(table) as Array<{ name: string; sql: string }>);
    expect(indexes("outbox").map((i) => i.name)).not.toContain("outbox_due");
    const inbox = indexes("inbound_events").find((i) => i.name === "inbound_events_unhandled");
    expect(inbox?.sql).toMatch(/where .*handled_at.* is null/i);
    // The inbox's replay at start-up, and the outbox's counts of due rows.
    expect(plan(db, "select event_id from inbound_events where handled_at is null order by received_at, rowid")).toContain("inbound_events_unhandled");
    expect(plan(db, "select count(*) from outbox where status in ('pending', 'sending') and next_attempt_at <= ?", 0)).toContain("outbox_unsent");
  });

  it("an event handled leaves the inbox's index; one not yet handled is in it", () => {
    db = openDb(join(tempDir("bienbot-0017-"), "b.sqlite"));
    const c = db.$client;
    const add = c.prepare("insert into inbound_events (channel, event_id, event_json, received_at, handled_at) values ('telegram', ?, '{}', ?, ?)");
    add.run("1", 1000, null);
    add.run("2", 2000, 2500);
    add.run("3", 3000, null);
    const viaIndex = c.prepare("select event_id as id from inbound_events indexed by inbound_events_unhandled where handled_at is null order by received_at").all();
    expect(viaIndex).toEqual([{ id: "1" }, { id: "3" }]);
  });
});
