// One commit for the writes of one turn of the event loop. What a commit costs is the distinct
// pages it writes to the WAL, and the events of a poll batch touch the same pages (the outbox's
// indexes, processed_events, conversations): each in a commit of its own, 23.5 WAL pages per
// update; together, about half. So the events handled in a turn and the outbox's sent marks
// gathered since the last commit are written in one transaction at the end of the turn
// (setImmediate), each event in a savepoint of its own: an event that fails rolls back alone.
//
// Nothing is told before its commit: run() and later() resolve only once the transaction that
// holds their writes has committed, so whoever acknowledges, replies or wakes the outbox does it
// after. The commit is synchronous and runs in a turn of its own, so no other code of the
// process writes on the connection while the transaction is open (it would join it unasked).
import { isStoreFault, type Db } from "./client.js";

interface Work { write(): unknown; resolve(v: unknown): void; reject(err: unknown): void }

const writers = new WeakMap<Db["$client"], TurnCommit>();

/** The connection's turn commit (one per connection: its transactions must not interleave). */
export function turnCommit(db: Db): TurnCommit {
  let w = writers.get(db.$client);
  if (!w) { w = new TurnCommit(db); writers.set(db.$client, w); }
  return w;
}

export class TurnCommit {
  private events: Work[] = [];
  private marks: Work[] = [];
  private scheduled = false;
  /** Commits made, and those that held events (run), not only sent marks (tests read them). */
  commits = 0;
  eventCommits = 0;

  constructor(private readonly db: Db) {}

  /**
   * Runs `write` (synchronous, on this connection) in a savepoint of this turn's transaction.
   * Resolves with its result once committed; rejects with its own error (only its savepoint was
   * rolled back, the others commit) or with the store fault that stopped the whole commit.
   */
  run<T>(write: () => T): Promise<T> {
    return this.add(this.events, write) as Promise<T>;
  }

  /**
   * A write that may wait for this turn's commit: a sent mark, whose loss in a crash only resends
   * a reply. Written before the events of the turn, so they read it. Rejects as run() does.
   */
  later(write: () => void): Promise<void> {
    return this.add(this.marks, write) as Promise<void>;
  }

  /** Commits now what is waiting (a stop, before the connection closes). */
  flush(): void {
    this.scheduled = false;
    const marks = this.marks;
    const events = this.events;
    this.marks = [];
    this.events = [];
    if (marks.length === 0 && events.length === 0) return;
    const c = this.db.$client;
    const outcomes: Array<{ ok: unknown } | { err: unknown }> = [];
    try {
      c.transaction(() => {
        outcomes.length = 0;
        for (const m of [...marks, ...events]) {
          try {
            outcomes.push({ ok: c.transaction(m.write)() }); // a savepoint: rolled back alone
          } catch (err) {
            // A store fault stops the commit, and one SQLite rolled back whole must not go on
            // outside a transaction.
            if (isStoreFault(err) || !c.inTransaction) throw err;
            outcomes.push({ err });
          }
        }
      })();
    } catch (err) {
      for (const m of [...marks, ...events]) m.reject(err);
      return;
    }
    this.commits++;
    if (events.length > 0) this.eventCommits++;
    for (const [i, m] of [...marks, ...events].entries()) {
      const r = outcomes[i]!;
      if ("err" in r) m.reject(r.err);
      else m.resolve(r.ok);
    }
  }

  private add(list: Work[], write: () => unknown): Promise<unknown> {
    return new Promise((resolve, reject) => {
      list.push({ write, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }
}
