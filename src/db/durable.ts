// Group commit for what a person is told is saved. Commits run with synchronous=NORMAL (no fsync):
// they survive a crash of the process, not a power cut. Before "✅ Đã lưu" may leave, the commit
// must reach the disk, and an fsync per saved entry was the chat's largest cost (a checkpoint
// blocks the thread for milliseconds). So a handler whose commit will be confirmed only records
// the debt (oweDurable), and whoever is about to tell a person anything (the outbox sender,
// before each send) pays it (payDurable): one fsync covers every commit owed so far, however
// many events made them: a platform's batch of a hundred updates costs one, not one per entry.
import { makeDurable, type Db } from "./client.js";

interface Debt { owed: number; syncs: number }
const debts = new WeakMap<Db["$client"], Debt>();

function debt(db: Db): Debt {
  let d = debts.get(db.$client);
  if (!d) { d = { owed: 0, syncs: 0 }; debts.set(db.$client, d); }
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
 * Make every commit owed durable with one fsync; nothing when nothing is owed. Returns how many
 * commits it covered. Throws what makeDurable throws, and the debt stays for the next call.
 */
export function payDurable(db: Db): number {
  const d = debts.get(db.$client);
  if (!d || d.owed === 0) return 0;
  const covered = d.owed;
  makeDurable(db);
  // Commits made since are later in the WAL and not covered: only what was owed when it ran.
  d.owed -= covered;
  d.syncs++;
  return covered;
}
