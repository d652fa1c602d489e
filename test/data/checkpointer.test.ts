// WAL checkpoints in a worker thread (src/db/checkpointer.ts): the bot's connection no longer
// copies the WAL into the database inside the commit that crosses 1,000 pages (8–11 ms in the
// chat bench's paced run, for a reply that otherwise takes one or two); a worker does, beside it.
// Real SQLite files in a temp folder; what is checked is read from the files and SQLite itself.
import { existsSync, statSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { closeDb, openDb, type Db } from "../../src/db/client.js";
import { FALLBACK_PAGES, startCheckpointer, type Checkpointer } from "../../src/db/checkpointer.js";
import { startHarness, type Harness } from "../helpers/harness.js";
import { tempDir } from "../helpers/temp.js";

const autocheckpoint = (db: Db) => db.$client.pragma("wal_autocheckpoint", { simple: true }) as number;
const until = async (ok: () => boolean, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 10));
  }
};

let db: Db | undefined;
let cp: Checkpointer | undefined;
let h: Harness | undefined;
afterEach(async () => {
  await cp?.stop();
  if (db) closeDb(db);
  await h?.stop();
  db = undefined; cp = undefined; h = undefined;
});

describe("the WAL checkpoint worker", () => {
  it("copies the WAL into the database while the bot's connection only writes", async () => {
    const path = join(tempDir("checkpointer-"), "bot.sqlite");
    db = openDb(path);
    const errors: unknown[] = [];
    cp = await startCheckpointer(db, (e) => errors.push(e), 20);
    expect(cp).toBeDefined();
    expect(autocheckpoint(db)).toBe(FALLBACK_PAGES);
    const before = statSync(path).size;
    const c = db.$client;
    c.exec("create table ballast (id integer primary key, b blob)");
    const insert = c.prepare("insert into ballast (b) values (?)");
    // 1,200 commits of a 4 KiB blob: more than SQLite's 1,000-page checkpoint, far below the fallback.
    for (let i = 0; i < 1_200; i++) insert.run(Buffer.alloc(4_000, i % 251));
    // Only a checkpoint writes pages into the database file: the bot's connection made none.
    await until(() => cp!.checkpoints() > 0 && statSync(path).size >= before + 1_200 * 4_096);
    expect(errors).toEqual([]);
    await cp!.stop();
    expect(autocheckpoint(db)).toBe(1_000);
  });

  it("does not start without the database file, and leaves the bot's connection checkpointing itself", async () => {
    const path = join(tempDir("checkpointer-"), "bot.sqlite");
    db = openDb(path);
    closeDb(db);
    // The file gone (its connection closed first), a connection of its own still open in memory:
    // the worker's open fails.
    db = openDb(path);
    unlinkSync(path);
    await expect(startCheckpointer(db, () => undefined)).rejects.toThrow();
    expect(autocheckpoint(db)).toBe(1_000);
  });

  it("runs while the bot runs, and closes before it so the bot's close removes the WAL", async () => {
    h = await startHarness();
    expect(autocheckpoint(h.bot.db)).toBe(FALLBACK_PAGES);
    await h.register(1001, "bao_cao", "dong-hung");
    const path = join(h.dir, "bot.sqlite");
    expect(existsSync(`${path}-wal`)).toBe(true);
    await h.stop();
    h = undefined;
    // SQLite deletes the WAL only when the process's last connection to the file closes.
    expect(existsSync(`${path}-wal`)).toBe(false);
  });
});
