// Foreign keys are on in every connection the bot opens (issue 17, point 10): the bot's own, and
// the read-only one of the report worker. SQLite starts each connection with them off; the
// better-sqlite3 build in use turns them on by default (DEFAULT_FOREIGN_KEYS), so the first test
// holds on that build either way: the connections set the pragma themselves (src/db/client.ts).
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { closeDb, openDb, openReadOnly } from "../../src/db/client.js";
import { tempDir } from "../helpers/temp.js";

const SRC = resolve(import.meta.dirname, "../../src");
const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []));

describe("foreign keys in every connection", () => {
  it("the bot's connection and a read-only one both have them on", () => {
    const path = join(tempDir("bienbot-conn-"), "bot.sqlite");
    const db = openDb(path);
    const reader = openReadOnly(path);
    expect(db.$client.pragma("foreign_keys", { simple: true })).toBe(1);
    expect(reader.$client.pragma("foreign_keys", { simple: true })).toBe(1);
    closeDb(reader);
    closeDb(db);
  });

  it("no connection is opened outside src/db/client.ts but the checkpoint worker's, and the report worker's is openReadOnly's", () => {
    const opening = files(SRC).filter((f) => /new Database\(/.test(readFileSync(f, "utf8"))).map((f) => relative(SRC, f)).sort();
    expect(opening).toEqual(["db/checkpointer.ts", "db/client.ts"]);
    // The checkpoint worker runs plain JavaScript (it cannot import client.ts) and sets them itself.
    expect(readFileSync(join(SRC, "db/checkpointer.ts"), "utf8")).toMatch(/db\.pragma\("foreign_keys = ON"\)/);
    const worker = readFileSync(join(SRC, "app/report-worker.ts"), "utf8");
    expect(worker).toMatch(/const db = openReadOnly\(/);
  });
});
