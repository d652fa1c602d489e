// Migration 0014 on a copy of a database made before it (test/fixtures/db-0006): the
// channel_tokens table appears empty, keyed by channel, and a channel holds one row.
import { copyFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, openDb, type Db } from "../../src/db/client.js";
import { tempDir } from "../helpers/temp.js";

const FIXTURE = resolve(import.meta.dirname, "../fixtures/db-0006/db-0006.sqlite");
let db: Db;

beforeAll(() => {
  const path = join(tempDir("bienbot-mig14-"), "bot.sqlite");
  copyFileSync(FIXTURE, path);
  db = openDb(path);
});
afterAll(() => closeDb(db));

describe("migration 0014: channel_tokens", () => {
  it("adds an empty table with the columns the OA channel stores, one row per channel", () => {
    const cols = (db.$client.pragma("table_info(channel_tokens)") as Array<{ name: string; notnull: number; pk: number }>)
      .map((c) => `${c.name}${c.pk ? " pk" : ""}${c.notnull ? " not null" : ""}`);
    expect(cols).toEqual(["channel pk not null", "access_token", "access_expires_at", "refresh_token not null", "seed_hash not null", "dead_at", "updated_at not null"]);
    expect(db.$client.prepare("select count(*) n from channel_tokens").get()).toEqual({ n: 0 });
    const insert = db.$client.prepare("insert into channel_tokens (channel, refresh_token, seed_hash, updated_at) values ('zalo-oa', ?, 'h', 1)");
    insert.run("rt-1");
    expect(() => insert.run("rt-2")).toThrow(/UNIQUE|PRIMARY/);
  });
});
