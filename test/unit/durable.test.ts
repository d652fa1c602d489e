// makeDurable: a checkpoint when it can; a FULL commit (WAL fsync) when a reader holds the WAL.
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { makeDurable, openDb } from "../../src/db/client.js";
import { tempDir } from "../helpers/temp.js";

describe("makeDurable", () => {
  it("checkpoints when nothing holds the WAL", () => {
    const db = openDb(join(tempDir("bienbot-dur-"), "b.sqlite"));
    db.$client.prepare("insert into settings (key, value_json, updated_at) values ('x', '1', 1)").run();
    makeDurable(db);
    expect(db.$client.prepare("select count(*) n from settings where key = 'durable_mark'").get()).toEqual({ n: 0 });
    expect(db.$client.pragma("synchronous", { simple: true })).toBe(1);
  });

  it("falls back to a FULL commit while a reader holds part of the WAL, then returns to NORMAL", () => {
    const path = join(tempDir("bienbot-dur-"), "b.sqlite");
    const db = openDb(path);
    const reader = new Database(path);
    reader.prepare("begin").run();
    reader.prepare("select count(*) from units").get();
    db.$client.prepare("insert into settings (key, value_json, updated_at) values ('x', '1', 1)").run();
    makeDurable(db);
    expect(db.$client.prepare("select count(*) n from settings where key = 'durable_mark'").get()).toEqual({ n: 1 });
    expect(db.$client.pragma("synchronous", { simple: true })).toBe(1);
    reader.close();
  });
});
