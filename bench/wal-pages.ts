// WAL pages a bot writes per update: what its commits cost the disk, whatever the machine's
// load (the timings are not). Every commit appends the pages it changed to the WAL, a page
// changed in two commits twice, and every 1,000 pages a checkpoint copies them into the database
// and fsyncs it. Measured by truncating the WAL, then pinning it with a reader (a WAL read by
// someone cannot start again from the beginning), so the file grows by exactly the pages written.
import Database from "better-sqlite3";
import { statSync } from "node:fs";

const HEADER = 32; // bytes of the WAL header; each frame is a 24-byte header and one page

function walFrames(db: Database.Database, pageSize: number): number {
  try {
    return Math.max(0, statSync(`${db.name}-wal`).size - HEADER) / (pageSize + 24);
  } catch {
    return 0;
  }
}

/** Runs `load` (which returns how many updates it pushed and waits for their replies) and returns WAL pages per update. */
export async function walPagesPerUpdate(db: Database.Database, load: () => Promise<number>): Promise<number> {
  const pageSize = db.pragma("page_size", { simple: true }) as number;
  db.pragma("wal_checkpoint(TRUNCATE)");
  // One write first: a reader of an empty WAL reads the database file and would not pin it.
  db.pragma(`user_version = ${db.pragma("user_version", { simple: true }) as number}`);
  const reader = new Database(db.name, { readonly: true });
  try {
    reader.prepare("begin").run();
    reader.prepare("select count(*) from sqlite_master").get();
    const before = walFrames(db, pageSize);
    const updates = await load();
    return (walFrames(db, pageSize) - before) / updates;
  } finally {
    reader.prepare("commit").run();
    reader.close();
  }
}
