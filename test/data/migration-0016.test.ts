// Migration 0016 on a copy of a database made before it (test/fixtures/db-0006): entries gain a
// nullable `channel`, the old rows keep null (their app was never recorded), the channel names the
// bot runs are taken, and junk is refused by the database itself.
import { copyFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, openDb, type Db } from "../../src/db/client.js";
import { tempDir } from "../helpers/temp.js";

const FIXTURE = resolve(import.meta.dirname, "../fixtures/db-0006/db-0006.sqlite");
let db: Db;

beforeAll(() => {
  const path = join(tempDir("bienbot-mig16-"), "bot.sqlite");
  copyFileSync(FIXTURE, path);
  db = openDb(path);
});
afterAll(() => closeDb(db));

const n = (sql: string) => (db.$client.prepare(sql).get() as { n: number }).n;

describe("migration 0016: entries.channel", () => {
  it("adds a nullable column that old rows leave empty, without dropping 0013's triggers", () => {
    const col = (db.$client.pragma("table_info(entries)") as Array<{ name: string; notnull: number; type: string }>).find((c) => c.name === "channel");
    expect(col).toMatchObject({ type: "TEXT", notnull: 0 });
    // The fixture's 203 entries were written before the bot recorded apps.
    expect(n("select count(*) n from entries where channel is not null")).toBe(0);
    expect(n("select count(*) n from entries")).toBe(203);
    expect(n("select count(*) n from sqlite_master where type = 'trigger' and name like 'entries_refuse_%'")).toBe(2);
  });

  it("takes the channels' names and refuses junk", () => {
    const id = n("select min(id) n from entries");
    const set = db.$client.prepare("update entries set channel = ? where id = ?");
    for (const ok of ["telegram", "zalo", "zalo-oa", "console", null]) {
      set.run(ok, id);
      expect(db.$client.prepare("select channel from entries where id = ?").get(id)).toEqual({ channel: ok });
    }
    for (const junk of ["", "Telegram", "zalo oa", "zalo_oa", "-zalo", "1zalo", "telegram\n", "zálo", "x".repeat(33), 7]) {
      expect(() => set.run(junk, id), JSON.stringify(junk)).toThrow(/CHECK constraint failed: entries_channel/);
    }
    // A new row is held to the same rule.
    const insert = db.$client.prepare(`insert into entries (unit_code, form_id, activity_date, period, span_start, span_end, counted_on, source, channel)
      values ('dong-hung', 'tuyen_truyen', '2025-02-20', '2025-02', '2025-02-20', '2025-02-20', '2025-02-20', 'chat', ?)`);
    expect(() => insert.run("<script>")).toThrow(/entries_channel/);
    expect(() => insert.run("zalo-oa")).not.toThrow();
  });
});
