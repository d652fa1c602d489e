// Opens the SQLite file with the pragmas we rely on and applies pending migrations.
import { mkdirSync, statSync } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import * as schema from "./schema.js";
import { catalogue } from "../domain/catalogue.js";
import { syncCatalogue } from "./catalogue-sync.js";
import { folderProblem, readOnlyProblem, unwritableProblem } from "./writable.js";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/**
 * How long one statement waits for another process's write lock. Long for the CLI and at
 * start-up (a batch may wait), short for the running bot (setBusyTimeout): better-sqlite3 is
 * synchronous, so the wait blocks the whole event loop; the bot retries asynchronously instead.
 */
export const CLI_BUSY_TIMEOUT_MS = 5000;
export const BOT_BUSY_TIMEOUT_MS = 100;

export function setBusyTimeout(db: Db, ms: number): void {
  db.$client.pragma(`busy_timeout = ${Math.max(0, Math.floor(ms))}`);
}

/**
 * True when a write failed because of the store (locked by another process, disk full, I/O,
 * read-only, broken file), not because of what was written: the same write may succeed later,
 * so it is retried rather than given up or apologised for. A WriteFailed's cause is looked at too.
 */
export function isStoreFault(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^SQLITE_(BUSY|LOCKED|FULL|IOERR|READONLY|CANTOPEN|NOMEM|PROTOCOL|CORRUPT|NOTADB)/.test(code)) return true;
  }
  return false;
}

/** The store fault's SQLite code (SQLITE_FULL…), for /healthz and the logs. */
export function storeFaultCode(err: unknown): string {
  for (let e: unknown = err, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && code.startsWith("SQLITE_")) return code;
  }
  return "UNKNOWN";
}

const MIGRATIONS = resolve(dirname(fileURLToPath(import.meta.url)), "../../migrations");

/** DATABASE_PATH cannot be used: the message is one line, for the operator, naming the variable. */
export class DatabasePathError extends Error {
  constructor(problem: string) { super(`Cấu hình sai: biến DATABASE_PATH: ${problem}`); }
}

const errCode = (err: unknown) => (err as NodeJS.ErrnoException).code ?? String(err);

/**
 * Creates the database's folder one level at a time, refusing what cannot work. Not
 * mkdirSync({ recursive: true }): on Node 20 it spins forever at 100% CPU under /proc.
 */
function ensureFolder(dir: string, file: string): void {
  const missing: string[] = [];
  for (let d = dir; ; ) {
    let isDir: boolean;
    try {
      isDir = statSync(d).isDirectory();
    } catch (err) {
      const code = errCode(err);
      if (code !== "ENOENT" && code !== "ENOTDIR") throw new DatabasePathError(`không đọc được thư mục ${d} (${code}).`);
      const up = dirname(d);
      if (up === d) throw new DatabasePathError(`không có thư mục gốc ${d}.`);
      missing.unshift(d);
      d = up;
      continue;
    }
    if (!isDir) throw new DatabasePathError(`${d} là một tệp, không phải thư mục.`);
    break;
  }
  for (const d of missing) {
    try {
      mkdirSync(d);
    } catch (err) {
      if (errCode(err) !== "EEXIST") throw new DatabasePathError(`không tạo được thư mục ${d} (${errCode(err)}).`);
    }
  }
  const problem = folderProblem(dir, file);
  if (problem) throw new DatabasePathError(problem);
}

export function openDb(path: string): Db {
  let sqlite: Database.Database;
  if (path === ":memory:") {
    sqlite = new Database(path);
  } else {
    const full = resolve(path);
    ensureFolder(dirname(full), basename(full));
    try {
      if (statSync(full).isDirectory()) throw new DatabasePathError(`${full} là một thư mục, không phải tệp cơ sở dữ liệu.`);
    } catch (err) {
      if (err instanceof DatabasePathError) throw err;
    }
    // SQLite would open it read-only and fail at the first write ("attempt to write a readonly database").
    const problem = unwritableProblem(full);
    if (problem) throw new DatabasePathError(problem);
    let opened: Database.Database | undefined;
    try {
      opened = new Database(full);
      opened.pragma("journal_mode = WAL");
      sqlite = opened;
    } catch (err) {
      opened?.close();
      // Another process's lock is no fault of the path: the caller may wait for it (start-up does).
      if (/^SQLITE_(BUSY|LOCKED)/.test(errCode(err))) throw err;
      throw new DatabasePathError(readOnlyProblem(full, err) ?? `không mở được ${full} (${err instanceof Error ? err.message.split("\n")[0] : String(err)}).`);
    }
  }
  if (path === ":memory:") sqlite.pragma("journal_mode = WAL");
  sqlite.pragma(`busy_timeout = ${CLI_BUSY_TIMEOUT_MS}`);
  // NORMAL in WAL: a commit survives a process crash without an fsync (most events only move a
  // form one step). What a person is told is saved is made durable with makeDurable().
  sqlite.pragma("synchronous = NORMAL");
  const db = drizzle(sqlite, { schema });
  try {
    migrateChecked(db);
    writeProbe(sqlite);
  } catch (err) {
    const problem = path === ":memory:" ? null : readOnlyProblem(resolve(path), err);
    // Closed either way: a start-up that waits out a lock opens the file again, and must not leak a connection per try.
    sqlite.close();
    if (!problem) throw err;
    throw new DatabasePathError(problem);
  }
  return db as Db;
}

/**
 * Applies pending migrations the way SQLite's table-rebuild recipe asks: foreign keys off while
 * tables are rebuilt (the pragma is a no-op inside the migrator's transaction, so it is set
 * before), every reference checked before they are turned on again for good.
 */
function migrateChecked(db: BetterSQLite3Database<typeof schema>): void {
  const sqlite = (db as Db).$client;
  sqlite.pragma("foreign_keys = OFF");
  migrate(db, { migrationsFolder: MIGRATIONS });
  const broken = sqlite.pragma("foreign_key_check") as { table: string; rowid: number; parent: string }[];
  if (broken.length > 0) {
    const first = broken[0]!;
    throw new Error(`database has ${broken.length} broken reference(s), e.g. ${first.table} row ${first.rowid} → ${first.parent}`);
  }
  sqlite.pragma("foreign_keys = ON");
  syncCatalogue(sqlite, catalogue());
}

/**
 * One write lock taken and let go: SQLite opens a file it cannot write read-only and says so only
 * at the first write, which migrations and syncs skip when nothing changed. Another process's lock
 * (SQLITE_BUSY) means the file is writable.
 */
function writeProbe(sqlite: Database.Database): void {
  try {
    sqlite.exec("BEGIN IMMEDIATE; ROLLBACK");
  } catch (err) {
    if (!/^SQLITE_BUSY/.test(errCode(err))) throw err;
  }
}

/**
 * A second, read-only connection to a database the bot has open (the report worker's): no
 * migrations, no writes; in WAL mode it reads alongside the bot's writes without blocking them.
 */
export function openReadOnly(path: string): Db {
  const sqlite = new Database(path, { readonly: true, fileMustExist: true });
  // Readers in WAL mode are not blocked by writers; the wait covers a checkpoint's rare lock.
  sqlite.pragma(`busy_timeout = ${CLI_BUSY_TIMEOUT_MS}`);
  // Said, not assumed: SQLite starts a connection with them off; only better-sqlite3's build turns them on.
  sqlite.pragma("foreign_keys = ON");
  return drizzle(sqlite, { schema }) as Db;
}

/**
 * Make every commit so far survive a power cut: a checkpoint fsyncs the WAL, copies it into the
 * database file and fsyncs that. Called before telling a person something is saved.
 */
export function makeDurable(db: Db): void {
  const [r] = db.$client.pragma("wal_checkpoint(PASSIVE)") as { busy: number; log: number; checkpointed: number }[];
  if (r && r.checkpointed >= r.log) return;
  // A reader (a backup, a CLI report) held part of the WAL back, so it was not synced: one
  // FULL commit fsyncs the whole WAL, and with it every commit before.
  db.$client.pragma("synchronous = FULL");
  try {
    db.$client.prepare(`insert into settings (key, value_json, updated_at) values ('durable_mark', '0', ?)
      on conflict (key) do update set updated_at = excluded.updated_at`).run(Date.now()); // a real-time mark: only forces the commit
  } finally {
    db.$client.pragma("synchronous = NORMAL");
  }
}

/**
 * True when no other connection has the database file open (for `restore`). An exclusive locking mode
 * makes SQLite take the file's exclusive lock, which any open connection (even idle, in WAL mode)
 * prevents; closing checkpoints a -wal a crash left, into the file about to be replaced anyway.
 */
export function databaseIsFree(path: string): boolean {
  const sqlite = new Database(path, { fileMustExist: true, timeout: 0 });
  try {
    sqlite.pragma("wal_checkpoint(TRUNCATE)");
    sqlite.pragma("locking_mode = EXCLUSIVE");
    sqlite.exec("BEGIN EXCLUSIVE; COMMIT");
    return true;
  } catch (err) {
    if (/^SQLITE_(BUSY|LOCKED)/.test(errCode(err))) return false;
    throw err;
  } finally {
    sqlite.close();
  }
}

export function closeDb(db: Db): void {
  if (db.$client.open) db.$client.close();
}
