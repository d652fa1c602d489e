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
  db.pragma("wal_checkpoint(TRUNCATE)");
  // One write first: a reader of an empty WAL reads the database file and would not pin it.
  db.pragma(`user_version = ${db.pragma("user_version", { simple: true }) as number}`);
  const reader = new Database(db.name, { readonly: true });
  try {
    reader.prepare("begin").run();
    reader.prepare("select count(*) from sqlite_master").get();
    const before = commitFrames(db.name, pageSize);
    await work();
    return commitFrames(db.name, pageSize) - before;
  } finally {
    reader.prepare("commit").run();
    reader.close();
  }
}
