// The outbox table's SQL: enqueueing, picking due rows and recording each outcome.
// Statements are prepared once per SQLite connection and reused (the sender's hot path).
import type Database from "better-sqlite3";
import type { Outbound, ReminderTemplate } from "../conversation/types.js";
import type { Db } from "../db/client.js";
import type { OUTBOX_KINDS } from "../db/schema.js";

/**
 * What a row is. Replies and documents answer a person waiting in the chat: never held by the
 * quiet hours, sent again after a crash, kept a week; reminders, notices and digests are not.
 */
export type OutboxKind = (typeof OUTBOX_KINDS)[number];
export const ANSWER_KINDS: readonly OutboxKind[] = ["reply", "document"];
export const isAnswer = (row: { kind: OutboxKind }): boolean => ANSWER_KINDS.includes(row.kind);
/** The same test in SQL, on a row aliased `t`. */
const answer = (t: string) => `(${t}.kind in ('reply', 'document'))`;

export interface OutboxMessage {
  channel: string;
  chatId: string;
  userId?: number | null;
  /**
   * Text, a small document stored with its bytes in base64 (a CSV export), or an archived report
   * referenced by its issued_reports id (its bytes are read when it is sent, never copied here).
   */
  message: Outbound | IssuedDocument;
  kind: OutboxKind;
  /** The same key is queued once (e.g. "nhac:2025-02:17"). */
  dedupeKey?: string;
}

/** A pending row as the sender reads it. */
export interface DueRow {
  id: number;
  channel: string;
  chatId: string;
  userId: number | null;
  payloadJson: string;
  attempts: number;
  dedupeKey: string | null;
  kind: OutboxKind;
  /** Parts of a split text already delivered (a retry starts after them). */
  partsSent: number;
  /** When it was queued (ms): a row failing for longer than the give-up age ends "failed". */
  createdAt: number;
}

/** What decides a row's turn (lane, priority, quiet hours): the in-memory index holds only this. */
export type RowHead = Pick<DueRow, "id" | "channel" | "chatId" | "userId" | "kind" | "dedupeKey">;

/** A report archived in issued_reports, sent as a document. */
export interface IssuedDocument { type: "issued"; reportId: number; caption?: string }

export const INTERRUPTED = "interrupted: process stopped while sending";

/**
 * Per-chat order by lanes: a text reply waits only for older text replies; a document waits for
 * older replies and documents (so "⏳ Đang tổng hợp…" comes before its report); reminders,
 * notices and digests wait for older ones of theirs. So a document stuck in retries never holds a
 * later reply, and the quiet hours holding a notice never hold either.
 */
const NOT_BEHIND = `not exists (select 1 from outbox e indexed by outbox_unsent where e.channel = o.channel and e.chat_id = o.chat_id
  and e.status in ('pending', 'sending') and e.id < o.id
  and (case o.kind when 'reply' then e.kind = 'reply' when 'document' then ${answer("e")} else not ${answer("e")} end))`;

/**
 * Who goes first (turns.ts priorityOf, on the in-memory index): 0 answers to registered people,
 * 1 answers to chats without a user (strangers), 2 reminders, notices and digests.
 */

function prepare(c: Database.Database) {
  return {
    insert: c.prepare<[string, string, number | null, string, string | null, OutboxKind, number, number], { id: number }>(
      `insert into outbox (channel, chat_id, user_id, payload_json, dedupe_key, kind, status, attempts, next_attempt_at, created_at)
       values (?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)
       on conflict (dedupe_key) do nothing returning id`),
    /** A row picked from the in-memory index (due-index.ts), read whole; none when it is no longer pending. */
    pendingRow: c.prepare<[number], DueRow>(
      `select id, channel, chat_id as chatId, user_id as userId, payload_json as payloadJson, attempts, dedupe_key as dedupeKey, kind, parts_sent as partsSent, created_at as createdAt
       from outbox where id = ? and status = 'pending'`),
    // Rows waiting behind an older one of their chat do not count: they fall due with it.
    // After a time: a row due already and not picked is being sent (turns.ts inFlight), not one to wait for.
    // "status in (…)" is the partial index's own term: SQLite reads outbox_unsent only for a query that states it.
    nextDue: c.prepare<[number], { at: number | null }>(
      `select min(next_attempt_at) as at from outbox o where status in ('pending', 'sending') and status = 'pending' and next_attempt_at > ? and ${NOT_BEHIND}`),
    countDue: c.prepare<[number], { n: number }>(`select count(*) as n from outbox where status in ('pending', 'sending') and next_attempt_at <= ?`),
    /**
     * Reminders, notices and digests only (at-most-once): its own autocommitted statement, so once
     * this returns a crash leaves the row "sending" and it is never resent. Answers are claimed in
     * memory (turns.ts inFlight) and their try is counted with the outcome.
     */
    claim: c.prepare<[number]>(`update outbox set status = 'sending', attempts = attempts + 1 where id = ? and status = 'pending'`),
    sent: c.prepare<[number, number]>(`update outbox set status = 'sent', sent_at = ? where id = ?`),
    /** The outcome of a try: `attempts` is the count with this try (a 429 gives it back: the bot's fault, not the message's). */
    sentAfter: c.prepare<[number, number, number]>(`update outbox set status = 'sent', sent_at = ?, attempts = ? where id = ?`),
    retry: c.prepare<[number, string, number, number]>(`update outbox set status = 'pending', next_attempt_at = ?, last_error = ?, attempts = ? where id = ?`),
    throttled: c.prepare<[number, string, number, number]>(
      `update outbox set status = 'pending', next_attempt_at = ?, last_error = ?, attempts = ? where id = ?`),
    fail: c.prepare<[string, number]>(`update outbox set status = 'failed', last_error = ? where id = ?`),
    failTry: c.prepare<[string, number, number]>(`update outbox set status = 'failed', last_error = ?, attempts = ? where id = ?`),
    unreachable: c.prepare<[string, number, number]>(`update outbox set status = 'unreachable', last_error = ?, attempts = ? where id = ?`),
    unreachableRest: c.prepare<[string, string, string]>(
      `update outbox set status = 'unreachable', last_error = ? where status = 'pending' and channel = ? and chat_id = ?`),
    markUser: c.prepare<[number, number]>(`update users set unreachable_at = ? where id = ? and unreachable_at is null`),
    /** At-least-once for replies: a row cut off mid-send is sent again (from its first undelivered part). */
    resumeReplies: c.prepare<[string]>(`update outbox set status = 'pending', last_error = ? where status = 'sending' and ${answer("outbox")}`),
    interrupted: c.prepare<[string]>(`update outbox set status = 'failed', last_error = ? where status = 'sending'`),
    partsSent: c.prepare<[number, number]>(`update outbox set parts_sent = ? where id = ?`),
    stats: c.prepare<[number], { status: string; n: number }>(
      `select status, count(*) as n from outbox where ? or not ${answer("outbox")} group by status`),
    issuedFile: c.prepare<[number], { fileName: string; bytes: Buffer }>(`select file_name as fileName, bytes from issued_reports where id = ?`),
    repliesDue: c.prepare<[number], { n: number }>(
      `select count(*) as n from outbox o where status in ('pending', 'sending') and next_attempt_at <= ? and ${answer("o")}
         and (status = 'sending' or ${NOT_BEHIND})`),
  };
}

export type OutboxStatements = ReturnType<typeof prepare>;
const cache = new WeakMap<Database.Database, OutboxStatements>();

export function statements(db: Db): OutboxStatements {
  let s = cache.get(db.$client);
  if (!s) {
    s = prepare(db.$client);
    cache.set(db.$client, s);
  }
  return s;
}

type StoredPayload =
  | { type: "text"; text: string; choices?: Array<{ id: string; label: string }>; template?: ReminderTemplate }
  | { type: "document" | "image"; fileName: string; caption?: string; bytesBase64: string }
  | IssuedDocument;

export function encodePayload(m: Outbound | IssuedDocument): string {
  const caption = m.type !== "text" && m.caption !== undefined ? { caption: m.caption.normalize("NFC") } : {};
  const p: StoredPayload = m.type === "text"
    ? { type: "text", text: m.text.normalize("NFC"), ...(m.choices?.length ? { choices: m.choices } : {}), ...(m.template ? { template: m.template } : {}) }
    : m.type === "issued"
      ? { type: "issued", reportId: m.reportId, ...caption }
      : { type: m.type, fileName: m.fileName, bytesBase64: m.bytes.toString("base64"), ...caption };
  return JSON.stringify(p);
}

/** A reminder's template hint as stored; anything else (an older row, a damaged one) is no hint. */
function readTemplate(t: unknown): ReminderTemplate | undefined {
  if (typeof t !== "object" || t === null) return undefined;
  const r = t as Record<string, unknown>;
  if (r.kind !== "reminder" || typeof r.name !== "string" || typeof r.form !== "string" || typeof r.period !== "string"
    || typeof r.daysLeft !== "number") return undefined;
  return { kind: "reminder", name: r.name, form: r.form, period: r.period, daysLeft: r.daysLeft, ...(r.windowClosed === true ? { windowClosed: true } : {}) };
}

/** Throws on a payload that is not one we wrote. An archived report stays a reference: see loadIssued. */
export function decodePayload(json: string): Outbound | IssuedDocument {
  const p = JSON.parse(json) as Partial<StoredPayload> & Record<string, unknown>;
  if (p.type === "text" && typeof p.text === "string") {
    const template = readTemplate(p.template);
    return { type: "text", text: p.text, ...(Array.isArray(p.choices) && p.choices.length > 0 ? { choices: p.choices } : {}), ...(template ? { template } : {}) };
  }
  if ((p.type === "document" || p.type === "image") && typeof p.fileName === "string" && typeof p.bytesBase64 === "string") {
    const bytes = Buffer.from(p.bytesBase64, "base64");
    return typeof p.caption === "string" ? { type: p.type, fileName: p.fileName, bytes, caption: p.caption } : { type: p.type, fileName: p.fileName, bytes };
  }
  if (p.type === "issued" && typeof p.reportId === "number" && Number.isInteger(p.reportId)) {
    return typeof p.caption === "string" ? { type: "issued", reportId: p.reportId, caption: p.caption } : { type: "issued", reportId: p.reportId };
  }
  throw new Error("unknown outbox payload");
}

/** The document of an archived report, read at send time; throws when the archive has no such report. */
export function loadIssued(db: Db, ref: IssuedDocument): Outbound {
  const f = statements(db).issuedFile.get(ref.reportId);
  if (!f) throw new Error(`archived report #${ref.reportId} not found`);
  return ref.caption !== undefined ? { type: "document", fileName: f.fileName, bytes: f.bytes, caption: ref.caption } : { type: "document", fileName: f.fileName, bytes: f.bytes };
}

/**
 * Replies and documents still to be sent now: what a person waits for after a command.
 * One waiting behind an older reply that is not due yet (a retry's backoff) is not due either.
 */
export function repliesDue(db: Db, now: Date): number {
  return statements(db).repliesDue.get(now.getTime())?.n ?? 0;
}

const enqueues = new WeakMap<Database.Database, number>();

/** Rows queued on this connection so far (tried: some may have rolled back): the sender's index reads the new ones (due-index.ts). */
export function enqueueCount(db: Db): number {
  return enqueues.get(db.$client) ?? 0;
}

/**
 * Queue a message. Runs on the caller's connection, so inside `db.transaction(() => ...)` it
 * commits or rolls back with the caller's own writes. Returns the row id, or null when a row
 * with the same dedupeKey was already queued (whatever its status): enqueueing is idempotent.
 * Call `sender.wake()` after the transaction commits to send without waiting for the poll.
 */
export function enqueue(db: Db, m: OutboxMessage, now: Date): number | null {
  const at = now.getTime();
  enqueues.set(db.$client, (enqueues.get(db.$client) ?? 0) + 1);
  const row = statements(db).insert.get(m.channel, m.chatId, m.userId ?? null, encodePayload(m.message), m.dedupeKey ?? null, m.kind, at, at);
  return row ? row.id : null;
}

/**
 * Row counts by status; "pending" includes rows being sent right now. `replies: false` leaves out
 * the replies and documents asked for in the chat (what an operator counts as reminders and notices).
 */
export function outboxStats(db: Db, o: { replies?: boolean } = {}): { pending: number; sent: number; failed: number; unreachable: number } {
  const out = { pending: 0, sent: 0, failed: 0, unreachable: 0 };
  for (const r of statements(db).stats.all(o.replies === false ? 0 : 1)) {
    if (r.status === "pending" || r.status === "sending") out.pending += r.n;
    else if (r.status === "sent" || r.status === "failed" || r.status === "unreachable") out[r.status] += r.n;
  }
  return out;
}
