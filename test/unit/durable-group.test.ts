// Group commit (src/db/durable.ts): commits owed are made durable by one fsync when someone is
// about to be told; a failed fsync leaves them owed.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { closeDb, openDb } from "../../src/db/client.js";
import { durableFor, durableSyncs, owedDurable, oweDurable, payDurable } from "../../src/db/durable.js";
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

  it("in the background: a row waits for the fsync that covers its commit; one queued after it began waits for the next", async () => {
    const db = openDb(join(tempDir("bienbot-group-"), "b.sqlite"));
    const queue = db.$client.prepare(`insert into outbox (channel, chat_id, payload_json, kind, status, attempts, next_attempt_at, created_at)
      values ('telegram', '1', '{}', 'reply', 'pending', 0, 0, 0) returning id`);
    const first = (queue.get() as { id: number }).id;
    oweDurable(db);
    let done = 0;
    const ended = () => new Promise<unknown>((r) => { const w = (err?: unknown) => { done++; r(err); }; waiters.push(w); });
    const waiters: Array<(err?: unknown) => void> = [];
    const onDone = (err?: unknown) => waiters.shift()?.(err);
    const firstEnds = ended();
    expect(durableFor(db, first, onDone)).toBe(false);
    // Committed while the fsync runs: not covered by it.
    const second = (queue.get() as { id: number }).id;
    oweDurable(db);
    expect(durableFor(db, second, onDone)).toBe(false); // one fsync at a time: no second one started
    expect(await firstEnds).toBeUndefined();
    expect(done).toBe(1);
    expect(durableSyncs(db)).toBe(1);
    expect(durableFor(db, first, onDone)).toBe(true);
    const secondEnds = ended();
    expect(durableFor(db, second, onDone)).toBe(false);
    await secondEnds;
    expect(durableFor(db, second, onDone)).toBe(true);
    expect(durableSyncs(db)).toBe(2);
    expect(owedDurable(db)).toBe(0);
    closeDb(db);
  });

  it("in the background: nothing owed, nothing waits", () => {
    const db = openDb(join(tempDir("bienbot-group-"), "b.sqlite"));
    expect(durableFor(db, 1_000_000, () => { throw new Error("no fsync expected"); })).toBe(true);
    expect(durableSyncs(db)).toBe(0);
    closeDb(db);
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
