// Group commit (src/db/durable.ts): commits owed are made durable by one fsync of the WAL, in the
// background, when someone is about to be told; rows queued before it began may go once it ends.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { closeDb, openDb, type Db } from "../../src/db/client.js";
import { durableSyncs, durableUpTo, owedDurable, oweDurable } from "../../src/db/durable.js";
import { tempDir } from "../helpers/temp.js";

/** Queues an outbox row (as a commit that owes durability would) and returns its id. */
const queue = (db: Db): number => (db.$client.prepare(`insert into outbox (channel, chat_id, payload_json, kind, status, attempts, next_attempt_at, created_at)
  values ('telegram', '1', '{}', 'reply', 'pending', 0, 0, 0) returning id`).get() as { id: number }).id;

/** Asks durableUpTo and waits for the fsync it started; resolves with what `done` was given. */
function fsyncEnds(db: Db): { upTo: number; ended: Promise<unknown> } {
  let end!: (err?: unknown) => void;
  const ended = new Promise<unknown>((r) => { end = r; });
  return { upTo: durableUpTo(db, (err) => end(err)), ended };
}

describe("group commit", () => {
  it("pays every commit owed with one fsync, and does nothing when nothing is owed", async () => {
    const db = openDb(join(tempDir("bienbot-group-"), "b.sqlite"));
    const ids = [queue(db), queue(db), queue(db)];
    for (let i = 0; i < 3; i++) oweDurable(db);
    expect(owedDurable(db)).toBe(3);
    const f = fsyncEnds(db);
    expect(f.upTo).toBeLessThan(ids[0]!); // none may go before it
    expect(await f.ended).toBeUndefined();
    expect(owedDurable(db)).toBe(0);
    expect(durableSyncs(db)).toBe(1);
    expect(durableUpTo(db, () => { throw new Error("no fsync expected"); })).toBe(Infinity);
    expect(durableSyncs(db)).toBe(1);
    closeDb(db);
  });

  it("a row waits for the fsync that covers its commit; one queued after it began waits for the next", async () => {
    const db = openDb(join(tempDir("bienbot-group-"), "b.sqlite"));
    const first = queue(db);
    oweDurable(db);
    const one = fsyncEnds(db);
    expect(one.upTo).toBeLessThan(first);
    // Committed while the fsync runs: not covered by it, and no second fsync starts meanwhile.
    const second = queue(db);
    oweDurable(db);
    expect(durableUpTo(db, () => { throw new Error("a second fsync started while one ran"); })).toBeLessThan(first);
    expect(await one.ended).toBeUndefined();
    expect(durableSyncs(db)).toBe(1);
    // The second's debt starts the next fsync as soon as someone asks; the first may go meanwhile.
    const two = fsyncEnds(db);
    expect(two.upTo).toBeGreaterThanOrEqual(first);
    expect(two.upTo).toBeLessThan(second);
    await two.ended;
    expect(durableUpTo(db, () => undefined)).toBe(Infinity);
    expect(durableSyncs(db)).toBe(2);
    expect(owedDurable(db)).toBe(0);
    closeDb(db);
  });

  it("keeps each connection's debt apart", () => {
    const dir = tempDir("bienbot-group-");
    const a = openDb(join(dir, "a.sqlite"));
    const b = openDb(join(dir, "b.sqlite"));
    oweDurable(a);
    expect(durableUpTo(b, () => { throw new Error("no fsync expected"); })).toBe(Infinity);
    expect(owedDurable(a)).toBe(1);
    closeDb(a);
    closeDb(b);
  });
});
