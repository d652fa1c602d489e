// Group commit (src/db/durable.ts): commits owed are made durable by one fsync when someone is
// about to be told; a failed fsync leaves them owed.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { closeDb, openDb } from "../../src/db/client.js";
import { durableSyncs, owedDurable, oweDurable, payDurable } from "../../src/db/durable.js";
import { tempDir } from "../helpers/temp.js";

describe("group commit", () => {
  it("pays every commit owed with one fsync, and does nothing when nothing is owed", () => {
    const db = openDb(join(tempDir("bienbot-group-"), "b.sqlite"));
    const insert = db.$client.prepare("insert into settings (key, value_json, updated_at) values (?, '1', 1)");
    for (const key of ["a", "b", "c"]) { insert.run(key); oweDurable(db); }
    expect(owedDurable(db)).toBe(3);
    expect(payDurable(db)).toBe(3);
    expect(owedDurable(db)).toBe(0);
    expect(durableSyncs(db)).toBe(1);
    expect(payDurable(db)).toBe(0);
    expect(durableSyncs(db)).toBe(1);
    closeDb(db);
  });

  it("keeps the debt when the fsync fails", () => {
    const db = openDb(join(tempDir("bienbot-group-"), "b.sqlite"));
    oweDurable(db);
    closeDb(db);
    expect(() => payDurable(db)).toThrow();
    expect(owedDurable(db)).toBe(1);
    expect(durableSyncs(db)).toBe(0);
  });

  it("keeps each connection's debt apart", () => {
    const dir = tempDir("bienbot-group-");
    const a = openDb(join(dir, "a.sqlite"));
    const b = openDb(join(dir, "b.sqlite"));
    oweDurable(a);
    expect(payDurable(b)).toBe(0);
    expect(owedDurable(a)).toBe(1);
    closeDb(a);
    closeDb(b);
  });
});
