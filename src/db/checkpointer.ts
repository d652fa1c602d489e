// WAL checkpoints off the bot's thread. SQLite checkpoints inside the commit that crosses
// wal_autocheckpoint (1,000 pages): it copies the WAL into the database and fsyncs it, on the
// thread that committed. In the chat bench's paced run that commit took 8–11 ms where others take
// under one, the p99 of every kind of reply, and the checkpoint's fsync slowed the WAL fsync
// before a "✅ Đã lưu". A worker thread with its own connection now checkpoints (PASSIVE: it
// never waits for, nor blocks, the bot's reads and writes) every CHECKPOINT_EVERY_MS, and the
// bot's connection checkpoints itself only past FALLBACK_PAGES (a worker that died or is stuck
// cannot let the WAL grow without end). A checkpoint syncs the database before the WAL is reused,
// whichever connection makes it, so the group commit's rule holds (durable.ts).
import { Worker } from "node:worker_threads";
import { createRequire } from "node:module";
import type { Db } from "./client.js";

export const CHECKPOINT_EVERY_MS = 250;
/** The bot's own checkpoint, should the worker fall behind: about 40 MB of WAL. */
export const FALLBACK_PAGES = 10_000;

// Plain CommonJS run with eval: the same code under tsx, vitest and the compiled dist/, with no
// file of its own to resolve. better-sqlite3 is loaded from the path the bot's own import uses.
const WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.module);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma("busy_timeout = 0");
db.pragma("synchronous = NORMAL");
db.pragma("foreign_keys = ON"); // it writes no row; on as in every connection (test/data/connections.test.ts)
const checkpoint = db.prepare("pragma wal_checkpoint(PASSIVE)");
// Synchronous: one tick's checkpoint ends before the next tick can start.
const timer = setInterval(() => {
  try { checkpoint.get(); parentPort.postMessage({ type: "done" }); }
  catch (err) { parentPort.postMessage({ type: "error", message: String(err && err.message || err) }); }
}, workerData.everyMs);
parentPort.on("message", (m) => {
  if (m !== "stop") return;
  clearInterval(timer);
  db.close();
  parentPort.close();
});
parentPort.postMessage({ type: "ready" });
`;

export interface Checkpointer {
  /** Checkpoints made by the worker (tests read it). */
  readonly checkpoints: () => number;
  stop(): Promise<void>;
}

/**
 * Starts checkpointing `db`'s file in a worker thread and leaves the bot's connection only the
 * fallback. `onError` hears a worker that failed (its checkpoints then fall back to the bot's).
 * Resolves once the worker's connection is open; an in-memory database needs none.
 */
export async function startCheckpointer(db: Db, onError: (err: unknown) => void, everyMs = CHECKPOINT_EVERY_MS): Promise<Checkpointer | undefined> {
  const c = db.$client;
  if (c.memory) return undefined;
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: { module: createRequire(import.meta.url).resolve("better-sqlite3"), path: c.name, everyMs },
  });
  worker.unref();
  let made = 0;
  let failed = false;
  // A checkpoint that fails (a full disk) is tried again at the next tick: told once, until one succeeds.
  let failing = false;
  const fail = (err: unknown) => {
    if (failed) return;
    failed = true;
    if (c.open) c.pragma(`wal_autocheckpoint = ${DEFAULT_PAGES}`);
    onError(err);
  };
  const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
  try {
    await new Promise<void>((resolve, reject) => {
      worker.on("message", (m: { type: string; message?: string }) => {
        if (m.type === "ready") resolve();
        else if (m.type === "done") { made++; failing = false; }
        else if (m.type === "error" && !failing) { failing = true; onError(new Error(`checkpoint failed: ${m.message}`)); }
      });
      worker.once("error", (err) => { reject(err); fail(err); });
      void exited.then(() => reject(new Error("checkpoint worker exited before it started")));
    });
  } catch (err) {
    await worker.terminate();
    throw err;
  }
  c.pragma(`wal_autocheckpoint = ${FALLBACK_PAGES}`);
  let stopped = false;
  void exited.then(() => { if (!stopped) fail(new Error("checkpoint worker exited")); });
  return {
    checkpoints: () => made,
    async stop() {
      if (stopped) return;
      stopped = true;
      worker.postMessage("stop");
      // Its connection closes before the bot's, so the bot's close is the last and cleans up the WAL.
      const timeout = new Promise<"late">((r) => { const t = setTimeout(() => r("late"), 5_000); t.unref(); });
      if ((await Promise.race([exited, timeout])) === "late") await worker.terminate();
      if (c.open) c.pragma(`wal_autocheckpoint = ${DEFAULT_PAGES}`);
    },
  };
}

/** SQLite's own default. */
const DEFAULT_PAGES = 1_000;
