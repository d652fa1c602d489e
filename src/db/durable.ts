// Group commit for what a person is told is saved. Commits run with synchronous=NORMAL (no fsync):
// they survive a crash of the process, not a power cut. Before "✅ Đã lưu" may leave, the commit
// must reach the disk, and an fsync per saved entry was the chat's largest cost (a checkpoint
// blocks the thread for milliseconds). So a handler whose commit will be confirmed only records
// the debt (oweDurable), and whoever is about to tell a person anything (the outbox sender,
// before each send) pays it (durableUpTo): one fsync covers every commit owed so far, however
// many events made them: a platform's batch of a hundred updates costs one, not one per entry.
//
// It is paid off the event loop: an fsync of the WAL file in libuv's thread
// pool, not a checkpoint on the bot's thread (which copied the WAL into the database and blocked
// every chat for milliseconds). The WAL is where a commit lives until a checkpoint, which itself
// syncs the database file before the WAL is reused, so a synced WAL holds every commit made before
// the fsync began: what synchronous=FULL does at each commit, once for many. While it runs, the
// bot goes on handling events; rows queued before it began go out when it ends.
import { open, stat, type FileHandle } from "node:fs/promises";
import { dirname } from "node:path";
import { makeDurable, type Db } from "./client.js";
import { stmt } from "./statements.js";

interface Debt {
  owed: number;
  syncs: number;
  /** Outbox rows up to this id were queued by commits already durable. */
  frontier: number;
  paying: boolean;
}
const debts = new WeakMap<Db["$client"], Debt>();

function debt(db: Db): Debt {
  let d = debts.get(db.$client);
  if (!d) { d = { owed: 0, syncs: 0, frontier: 0, paying: false }; debts.set(db.$client, d); }
  return d;
}

/** A commit was made that a person will be told about: it must be durable before anything is sent. */
export function oweDurable(db: Db): void {
  debt(db).owed++;
}

/** Commits owed and not yet made durable. */
export function owedDurable(db: Db): number {
  return debts.get(db.$client)?.owed ?? 0;
}

/** fsyncs made by payDurable on this connection (the bench reports them per saved entry). */
export function durableSyncs(db: Db): number {
  return debts.get(db.$client)?.syncs ?? 0;
}

/**
 * The highest outbox id that may be sent now: Infinity when nothing is owed; else the last id
 * queued by a commit a finished fsync covers. While something is owed, an fsync of the WAL runs in
 * the background (one at a time, covering every commit owed when it starts) and `done` is called
 * when it ends, with the error when it failed and the synchronous fallback (makeDurable) failed
 * too: the debt is then written off, as the commits are made, only not yet on the disk (the caller
 * logs it).
 */
export function durableUpTo(db: Db, done: (err?: unknown) => void): number {
  const d = debts.get(db.$client);
  if (!d || d.owed === 0) return Infinity;
  if (!d.paying) payInBackground(db, d, done);
  return d.frontier;
}

function payInBackground(db: Db, d: Debt, done: (err?: unknown) => void): void {
  d.paying = true;
  const covered = d.owed;
  const upTo = stmt<[], { id: number | null }>(db, "select max(id) as id from outbox").get()?.id ?? 0;
  const settle = (err?: unknown) => {
    d.owed -= covered;
    d.frontier = Math.max(d.frontier, upTo);
    if (err === undefined) d.syncs++;
    d.paying = false;
    done(err);
  };
  syncWal(db).then(() => settle(), () => {
    // No WAL file (an in-memory database, or the WAL just removed) or the fsync refused: the
    // checkpoint on this thread, as before.
    try { makeDurable(db); settle(); } catch (err) { settle(err); }
  });
}

/** Connections whose WAL's directory entry is known to be on the disk. */
const dirSynced = new WeakSet<Db["$client"]>();

async function syncWal(db: Db): Promise<void> {
  const c = db.$client;
  if (c.memory) throw new Error("in-memory database: no WAL file");
  await walFiles.sync(`${c.name}-wal`);
  // A WAL created since the database was opened exists after a power cut only once its folder is
  // synced too (SQLite does it once, at its own first sync of the file, which NORMAL may not reach).
  if (!dirSynced.has(c)) {
    await syncFile(dirname(c.name));
    dirSynced.add(c);
  }
}

async function syncFile(path: string): Promise<void> {
  const h = await open(path, "r");
  try { await h.sync(); } finally { await h.close(); }
}

/**
 * The WAL files kept open between fsyncs. Each step of open, fsync, close waits for the event loop
 * to take its result, and a busy loop made the open and the close as long as the fsync (p90 2.4
 * and 3.2 ms against 4.4 in the chat bench's paced run, all before a "✅ Đã lưu" could leave).
 * A file is closed after a second without an fsync, so nothing stays open once the bot is idle or
 * its connection closed. SQLite may delete and create the WAL again (the last connection closed, a
 * restore): the path's inode is read beside each fsync, and a new file is opened and synced.
 * fdatasync, as SQLite's own syncs on Linux: the data and the file's size, not its times (an fsync
 * of the times waited for the file system's journal: p99 of the paced run 8–9 → 7–8 ms).
 */
export class OpenWalFiles {
  constructor(private readonly idleCloseMs = IDLE_CLOSE_MS) {}

  private readonly files = new Map<string, { handle: FileHandle; ino: number; timer?: NodeJS.Timeout }>();

  async sync(path: string): Promise<void> {
    let f = this.files.get(path);
    if (f) clearTimeout(f.timer);
    else f = await this.open(path);
    try {
      const [, now] = await Promise.all([f.handle.datasync(), stat(path).catch(() => undefined)]);
      if (now?.ino !== f.ino) {
        this.drop(path, f);
        f = await this.open(path);
        await f.handle.datasync();
      }
    } catch (err) {
      this.drop(path, f);
      throw err;
    }
    const kept = f;
    clearTimeout(kept.timer);
    kept.timer = setTimeout(() => this.drop(path, kept), this.idleCloseMs);
    kept.timer.unref();
  }

  private async open(path: string): Promise<{ handle: FileHandle; ino: number }> {
    const handle = await open(path, "r");
    try {
      const f = { handle, ino: (await handle.stat()).ino };
      this.files.set(path, f);
      return f;
    } catch (err) {
      await handle.close();
      throw err;
    }
  }

  private drop(path: string, f: { handle: FileHandle; timer?: NodeJS.Timeout }): void {
    clearTimeout(f.timer);
    if (this.files.get(path) === f) this.files.delete(path);
    f.handle.close().catch(() => undefined);
  }
}

const IDLE_CLOSE_MS = 1_000;
const walFiles = new OpenWalFiles();
