// Opens the SQLite file with the pragmas we rely on and applies pending migrations.
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import * as schema from "./schema.js";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

const MIGRATIONS = resolve(dirname(fileURLToPath(import.meta.url)), "../../migrations");

export function openDb(path: string): Db {
  if (path !== ":memory:") mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("foreign_keys = ON");
  // NORMAL in WAL: a commit survives a process crash without an fsync (most events only move a
  // form one step). What a person is told is saved is made durable with makeDurable().
  sqlite.pragma("synchronous = NORMAL");
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder: MIGRATIONS });
  return db as Db;
}

/**
 * A second, read-only connection to a database the bot has open (the report worker's): no
 * migrations, no writes; in WAL mode it reads alongside the bot's writes without blocking them.
 */
export function openReadOnly(path: string): Db {
  const sqlite = new Database(path, { readonly: true, fileMustExist: true });
  sqlite.pragma("busy_timeout = 5000");
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
      on conflict (key) do update set updated_at = excluded.updated_at`).run(Date.now());
  } finally {
    db.$client.pragma("synchronous = NORMAL");
  }
}

export function closeDb(db: Db): void {
  if (db.$client.open) db.$client.close();
}
