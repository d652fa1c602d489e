// The outbox's unsent rows, held in memory so the sender's pick reads no SQL (it was the bot's
// largest CPU cost: a query per send, longer as the backlog grew). The table stays the truth;
// this is a copy kept up to date by three means:
//   - rows this process queues: enqueue() counts per connection (table.ts enqueueCount), and the
//     next sync reads the rows past the highest id seen (a rowid range, AUTOINCREMENT ids only grow;
//     a row of a transaction rolled back is never read, as it never existed);
//   - rows the sender itself changes: it refreshes that row (refresh) after recording an outcome;
//   - rows written by any other connection (the CLI, another process): SQLite's data_version
//     changes, and the whole index is read again.
// Only the lightweight columns are held; the payload is read by id when a row is picked.
import type Database from "better-sqlite3";
import type { Db } from "../db/client.js";
import { enqueueCount, type OutboxKind } from "./table.js";

export interface DueEntry {
  id: number;
  channel: string;
  chatId: string;
  userId: number | null;
  kind: OutboxKind;
  /** Says what a notice is (the quiet hours let the office's "writable again" through: app/write-notices.ts). */
  dedupeKey: string | null;
  /** When it may be sent (ms); Infinity for a row "sending" (claimed, in flight or interrupted). */
  nextAt: number;
}

interface Loaded { id: number; channel: string; chatId: string; userId: number | null; kind: OutboxKind; dedupeKey: string | null; status: string; nextAt: number }

const VERSION_CHECK_MS = 20;

const COLUMNS = "id, channel, chat_id as chatId, user_id as userId, kind, dedupe_key as dedupeKey, status, next_attempt_at as nextAt";

function prepare(c: Database.Database) {
  return {
    all: c.prepare<[], Loaded>(`select ${COLUMNS} from outbox indexed by outbox_unsent where status in ('pending', 'sending') order by id`),
    after: c.prepare<[number], Loaded>(`select ${COLUMNS} from outbox where id > ? and status in ('pending', 'sending') order by id`),
    one: c.prepare<[number], Loaded>(`select ${COLUMNS} from outbox where id = ?`),
    dataVersion: c.prepare<[], number>("pragma data_version").pluck(),
  };
}

export class DueIndex {
  private readonly q: ReturnType<typeof prepare>;
  /** Per chat (channel + chat id), its unsent rows oldest first. */
  private readonly chats = new Map<string, DueEntry[]>();
  private readonly byId = new Map<number, DueEntry>();
  private maxId = 0;
  private seenVersion = -1;
  private seenEnqueues = -1;
  private versionCheckedAt = -Infinity;

  constructor(private readonly db: Db) {
    this.q = prepare(db.$client);
  }

  /** Brings the copy up to date with the table: call before reading it. */
  sync(): void {
    // Other connections are looked at every VERSION_CHECK_MS at most: the pragma was a third of
    // the pick's cost. Their new rows wait that long; a row they settled is never sent meanwhile,
    // since a picked row is read again by id, pending only.
    const t = performance.now();
    if (t - this.versionCheckedAt >= VERSION_CHECK_MS) {
      this.versionCheckedAt = t;
      const version = this.q.dataVersion.get()!;
      if (version !== this.seenVersion) {
        this.seenVersion = version;
        this.seenEnqueues = enqueueCount(this.db);
        this.reload();
        return;
      }
    }
    const enqueues = enqueueCount(this.db);
    if (enqueues === this.seenEnqueues) return;
    this.seenEnqueues = enqueues;
    for (const r of this.q.after.all(this.maxId)) this.put(r);
  }

  /** Reads every unsent row again (another connection wrote, or many rows changed at once). */
  reload(): void {
    this.chats.clear();
    this.byId.clear();
    this.maxId = 0;
    for (const r of this.q.all.all()) this.put(r);
  }

  /** Reads one row again after this process changed it (an outcome recorded, a row failed). */
  refresh(id: number): void {
    const r = this.q.one.get(id);
    const e = this.byId.get(id);
    if (!r || (r.status !== "pending" && r.status !== "sending")) { if (e) this.remove(e); return; }
    if (e) e.nextAt = nextAtOf(r);
    else this.put(r);
  }

  /**
   * The rows that may go next, one chat at a time, as table.ts NOT_BEHIND orders them: a chat's
   * oldest reply; its oldest answer when that is a document; its oldest reminder, notice or digest.
   */
  *heads(): Generator<DueEntry> {
    for (const rows of this.chats.values()) {
      let reply = false;
      let answer = false;
      let other = false;
      for (const e of rows) {
        if (e.kind === "reply") {
          if (!reply) yield e;
          reply = answer = true;
        } else if (e.kind === "document") {
          if (!answer) yield e;
          answer = true;
        } else {
          if (!other) yield e;
          other = true;
        }
        if (reply && other) break;
      }
    }
  }

  get size(): number { return this.byId.size; }

  private put(r: Loaded): void {
    if (this.byId.has(r.id)) return;
    const e: DueEntry = { id: r.id, channel: r.channel, chatId: r.chatId, userId: r.userId, kind: r.kind, dedupeKey: r.dedupeKey, nextAt: nextAtOf(r) };
    this.byId.set(e.id, e);
    if (e.id > this.maxId) this.maxId = e.id;
    const key = `${e.channel}\u0000${e.chatId}`;
    const rows = this.chats.get(key);
    if (!rows) { this.chats.set(key, [e]); return; }
    // Ids arrive in order but for a refresh of an older row: keep the list sorted.
    let i = rows.length;
    while (i > 0 && rows[i - 1]!.id > e.id) i--;
    rows.splice(i, 0, e);
  }

  private remove(e: DueEntry): void {
    this.byId.delete(e.id);
    const key = `${e.channel}\u0000${e.chatId}`;
    const rows = this.chats.get(key);
    if (!rows) return;
    const i = rows.indexOf(e);
    if (i >= 0) rows.splice(i, 1);
    if (rows.length === 0) this.chats.delete(key);
  }
}

// A row "sending" holds its lane (it may have been delivered) but is never picked: a reminder
// claimed by this process is in flight; one from a dead process is recovered at start (sender.ts).
const nextAtOf = (r: Loaded): number => (r.status === "sending" ? Infinity : r.nextAt);
