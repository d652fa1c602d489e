// Another process's write lock on the bot's database, as a large `cli import` or a backup holds
// it: a second connection in BEGIN IMMEDIATE, held until released. Tests of store faults share it.
import { join } from "node:path";
import Database from "better-sqlite3";

export interface WriteLock {
  /** Commits and closes: the bot can write again. */
  release(): void;
}

const held = new Set<Database.Database>();

/**
 * Takes the write lock on the harness's database (`<dir>/bot.sqlite`, or `path`) and keeps it.
 * `timeout`: how long taking it may wait for the bot's own writes (default 5 s; 0 never blocks
 * this process, where the stand-ins run).
 */
export function holdWriteLock(where: { dir: string } | { path: string }, o: { timeout?: number } = {}): WriteLock {
  const c = new Database("path" in where ? where.path : join(where.dir, "bot.sqlite"), { timeout: o.timeout ?? 5000 });
  c.exec("BEGIN IMMEDIATE");
  held.add(c);
  return {
    release() {
      if (!c.open) return;
      if (c.inTransaction) c.exec("COMMIT");
      c.close();
      held.delete(c);
    },
  };
}

/**
 * Rolls back and closes every lock still held (a test that failed while holding one). Call it
 * first in afterEach, before stopping the bot: a stop waits for the store.
 */
export function releaseWriteLocks(): void {
  for (const c of held) {
    if (c.open) {
      if (c.inTransaction) c.exec("ROLLBACK");
      c.close();
    }
  }
  held.clear();
}
