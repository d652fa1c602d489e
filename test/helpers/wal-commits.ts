// Commits a piece of work made, read from the WAL itself: the WAL is truncated, then pinned by a
// reader (so it cannot restart from the beginning), and each frame whose header carries the
// database size (a commit frame; others carry 0) is one commit. No timing, no counting in the code under test.
import { readFileSync } from "node:fs";
import Database from "better-sqlite3";

const HEADER = 32; // the WAL header; then frames of a 24-byte header and one page

function commitFrames(path: string, pageSize: number): number {
  let wal: Buffer;
  try { wal = readFileSync(`${path}-wal`); } catch { return 0; }
  let commits = 0;
  for (let at = HEADER; at + 24 <= wal.length; at += 24 + pageSize) if (wal.readUInt32BE(at + 4) !== 0) commits++;
  return commits;
}

/** Runs `work` (which must wait for everything it causes to be written) and returns the commits it made. */
export async function walCommits(db: Database.Database, work: () => Promise<unknown>): Promise<number> {
  const pageSize = db.pragma("page_size", { simple: true }) as number;
  let before = 0;
  await withPinnedWal(db, async () => {
    before = commitFrames(db.name, pageSize);
    await work();
  });
  return commitFrames(db.name, pageSize) - before;
}

/** The b-trees (tables, indexes, by SQLite's dbstat) whose pages `work` wrote to the WAL. */
export function btreesWritten(db: Database.Database, work: () => void): string[] {
  const pageSize = db.pragma("page_size", { simple: true }) as number;
  let start = 0;
  void withPinnedWal(db, () => {
    start = readFileSync(`${db.name}-wal`).length;
    work();
  });
  const wal = readFileSync(`${db.name}-wal`);
  const owner = new Map((db.prepare("select pageno, name from dbstat").all() as { pageno: number; name: string }[]).map((r) => [r.pageno, r.name]));
  const names = new Set<string>();
  for (let at = start; at + 24 <= wal.length; at += 24 + pageSize) names.add(owner.get(wal.readUInt32BE(at)) ?? `page ${wal.readUInt32BE(at)}`);
  return [...names].sort();
}

/**
 * Runs `work` with the WAL truncated, then pinned by a reader (so it cannot restart from the
 * beginning): what it writes is appended, frame after frame. Synchronous work runs synchronously.
 */
function withPinnedWal(db: Database.Database, work: () => unknown): Promise<void> {
  db.pragma("wal_checkpoint(TRUNCATE)");
  // One write first: a reader of an empty WAL reads the database file and would not pin it.
  db.pragma(`user_version = ${db.pragma("user_version", { simple: true }) as number}`);
  const reader = new Database(db.name, { readonly: true });
  const release = () => { reader.prepare("commit").run(); reader.close(); };
  try {
    reader.prepare("begin").run();
    reader.prepare("select count(*) from sqlite_master").get();
    const done = work();
    if (done instanceof Promise) return done.finally(release).then(() => undefined);
  } catch (err) {
    release();
    throw err;
  }
  release();
  return Promise.resolve();
}
