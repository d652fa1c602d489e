// The durable outbox: every message the bot sends to a chat — replies, apologies, the messages
// of effects, documents, reminders, notices — is a row in the `outbox` table, written in the same
// SQLite transaction as the change that caused it (a report as a reference to its issued_reports
// row, whose bytes are read at each try). OutboxSender sends the due ones at the platform's pace,
// and the table is the record of every try, retry time and outcome (after graphile/worker),
// never a timer alone.
//
// Outcomes (send errors are values with a category, after courier):
//   sent        -> status "sent", sent_at set.
//   throttled   -> (429) the row waits retry_after and its CHANNEL pauses that long (Telegram's
//                  limit is bot-wide for Telegram only; Zalo keeps sending). A 429 gives its try back.
//   retryable   -> (5xx, network errors, a call abandoned after SEND_TIMEOUT_MS / DOCUMENT_TIMEOUT_MS)
//                  attempts + 1, next_attempt_at = now + backoff (1 s doubling, capped at 5 min) in
//                  the database. Retried until delivered: a row is given up ("failed") only when a
//                  try fails more than giveUpAfterMs (OUTBOX_GIVE_UP_HOURS, 48 h) after it was
//                  queued, so an outage of hours loses nothing.
//   quotaSpent  -> (Zalo's 429, the month's quota) the row waits until the quota's next period; that
//                  channel alone is paused, and its pending rows go to the person's other linked
//                  channel where there is one, the rest held until then (quota.ts); the office is
//                  told once (onQuotaSpent).
//   unreachable -> (403) "unreachable", never retried; users.unreachable_at set; the other
//                  pending rows for that chat become "unreachable" too (they would only earn
//                  403s); onUnreachable runs once per person (when unreachable_at goes from
//                  null to set) — for rows without a user, once per chat per process.
//   fatal       -> (400, 413, unreadable payload) "failed" at once with last_error.
//   windowClosed-> (the person's interaction window is closed) "failed" at once, never retried;
//                  onWindowClosed queues it another way in the same transaction (reminders/routing.ts).
// A document that ends "failed" is replaced by one short line to the person (give-up.ts): the
// file's name, why, "/guilai" (a report) or "/xuat" (an export), and a signed link when links exist.
//
// A text longer than the channel's limit goes out in parts (render.ts); parts_sent is
// written after each delivered part, so a retry (a 429 on part 2) sends only the rest.
//
// Crash recovery (at construction): a row still "sending" was claimed by a process that died
// before learning the outcome; the platform may or may not have delivered it. Replies and
// documents (kind "reply", "document") are claimed in memory only, so they are still "pending"
// (rows "sending" from older versions go back to "pending") — at-least-once, from their first undelivered part: a repeated
// "✅ Đã lưu … (số N)" is harmless, a lost one makes people file twice. Reminders, digests and notices
// stay at-most-once: marked "failed" (interrupted), since a duplicate reminder is worse.
//
// Order: per chat, by lanes (table.ts NOT_BEHIND): a text reply waits only for older text
// replies (a multi-part or multi-message answer stays in order); a document waits for older
// replies and documents ("⏳ Đang tổng hợp…" before its report) but no reply waits for a
// document, in backoff or uploading (documents have their own in-flight lane); reminders, notices
// and digests wait for older ones of theirs, so the quiet hours never hold a reply.
// Fairness: answers to registered people go first, then answers to chats without a user
// (strangers, at most one an hour: app/strangers.ts), then reminders, notices and digests; within
// a priority the chat lane served least recently goes first (chats in turn), so one chat's
// backlog never holds another's reply; the next part of a reply just begun goes first (turns.ts
// openReply), so a person never answers half a reply.
// Concurrency: sends to different chats overlap, at most `concurrency` (default 4) in flight per
// channel, so sends hung on one platform never hold another's; one lane of a chat never has two
// at once, so a slow chat holds only itself.
// Picks read no SQL: the unsent rows are held in memory (due-index.ts), and the picked row is
// read whole by id. A sent answer's mark is written in the turn's commit (db/turn-commit.ts),
// shared with the turn's other marks and events; until then the row stays in flight here.
// Pacing (overall rate, per-chat gap, 429 pause) lives in pacer.ts, one pacer per channel; replies
// skip the per-chat gap and the even spacing (they still keep the overall rate and 429 pauses).
import type { Channel, SendFailure } from "../channels/channel.js";
import { SendError } from "../channels/channel.js";
import type { Outbound } from "../conversation/types.js";
import { isStoreFault, type Db } from "../db/client.js";
import { durableUpTo } from "../db/durable.js";
import { turnCommit } from "../db/turn-commit.js";
import type { Logger } from "../log.js";
import { defaultBackoffMs, describeError as describe, OutcomeRecorder, type UnreachableInfo } from "./outcome.js";
import type { Pacer, Ticket } from "./pacer.js";
import { queueDocumentFailed, type LinkFor } from "./give-up.js";
import { renderParts } from "./render.js";
import { Turns } from "./turns.js";
import { DueIndex } from "./due-index.js";
import { SpentQuotas } from "./quota.js";
import { decodePayload, INTERRUPTED, isAnswer, loadIssued, statements, type DueRow, type IssuedDocument, type OutboxStatements, type RowHead } from "./table.js";

export { ANSWER_KINDS, enqueue, isAnswer, outboxStats, repliesDue, type DueRow, type IssuedDocument, type OutboxKind, type OutboxMessage } from "./table.js";
export { defaultBackoffMs, type UnreachableInfo } from "./outcome.js";

export interface OutboxOptions {
  db: Db;
  log: Logger;
  channelFor(name: string): Channel | undefined;
  /** Overall sends per second, default 25. */
  ratePerSecond?: number;
  /** Minimum gap between two sends to the same chat, default 1000. */
  chatIntervalMs?: number;
  /** A row still failing (5xx, network, timeouts) this long after it was queued is given up; default 48 h. */
  giveUpAfterMs?: number;
  /** A signed download link offered when a document finally cannot be sent (see give-up.ts). */
  linkFor?: LinkFor;
  /** Decides when rows are due and what is written as times; pacing uses the real monotonic clock. */
  clock?: () => Date;
  /** The running channels' names: where rows of a channel whose quota is spent may go instead. */
  channels?(): readonly string[];
  /** Called when a channel's quota turns out spent (once per process and period), e.g. to tell the office. */
  onQuotaSpent?(info: { channel: string; resumeAt: Date }): void;
  /** Called after each delivered row with the number of messages it took (plan limits count them). */
  onSent?(info: { channel: string; messages: number; marked: boolean }): void;
  /** Called once when a person turns out unreachable (403), e.g. to tell the admin. */
  onUnreachable?(info: UnreachableInfo): void;
  /** A row refused for the person's interaction window; runs inside the transaction that records it. */
  onWindowClosed?(row: DueRow, now: Date): void;
  /** Default: exponential with jitter, 1 s doubling, capped at 5 min. */
  backoffMs?(attempt: number): number;
  /** Sends in flight at once on one channel (to different chats), default 4. */
  concurrency?: number;
  /** Longest sleep of the loop, to notice rows queued by another process; default 1000. */
  idlePollMs?: number;
  /** How long a due row must still wait (quiet hours); 0 to send it now. */
  holdFor?(row: RowHead, now: Date): number;
}

export const OUTBOX_DEFAULTS = { ratePerSecond: 25, chatIntervalMs: 1000, giveUpAfterMs: 48 * 3_600_000, concurrency: 4, idlePollMs: 1000 } as const;

interface Waiter { deadline: number; resolve(): void; reject(err: Error): void }

export class OutboxSender {
  private readonly s: OutboxStatements;
  private readonly log: Logger;
  private readonly clock: () => Date;
  private readonly concurrency: number;
  private readonly idlePollMs: number;
  private readonly turns: Turns;
  /** The unsent rows, in memory: the pick reads no SQL (due-index.ts). */
  private readonly index: DueIndex;
  private readonly inflight = new Set<Promise<void>>();
  /** Sends in flight per channel: each channel has its own `concurrency`. */
  private readonly inflightOn = new Map<string, number>();
  private readonly spent: SpentQuotas;
  private readonly waiters = new Set<Waiter>();
  private readonly outcomes: OutcomeRecorder;
  private running: Promise<void> | undefined;
  private stopping = false;
  private startedExplicitly = false;
  private wakeUp: (() => void) | undefined;
  private woken = false;
  /** The last pick found nothing to send now, and nothing was queued since (busy()). */
  private nothingToSend = false;

  constructor(private readonly o: OutboxOptions) {
    const rate = o.ratePerSecond ?? OUTBOX_DEFAULTS.ratePerSecond;
    const chatIntervalMs = o.chatIntervalMs ?? OUTBOX_DEFAULTS.chatIntervalMs;
    const giveUpAfterMs = o.giveUpAfterMs ?? OUTBOX_DEFAULTS.giveUpAfterMs;
    this.concurrency = o.concurrency ?? OUTBOX_DEFAULTS.concurrency;
    this.idlePollMs = o.idlePollMs ?? OUTBOX_DEFAULTS.idlePollMs;
    for (const [k, v] of Object.entries({ ratePerSecond: rate, giveUpAfterMs, concurrency: this.concurrency, idlePollMs: this.idlePollMs })) {
      if (!Number.isInteger(v) || v < 1) throw new Error(`OutboxSender: ${k} must be a whole number ≥ 1, got ${v}`);
    }
    if (!(chatIntervalMs >= 0)) throw new Error(`OutboxSender: chatIntervalMs must be ≥ 0, got ${chatIntervalMs}`);
    this.log = o.log;
    this.clock = o.clock ?? (() => new Date());
    this.s = statements(o.db);
    this.index = new DueIndex(o.db);
    this.spent = new SpentQuotas(o.db, () => o.channels?.() ?? []);
    // A channel with all its sends in flight, or whose quota is spent (on the injected clock, like the rows' times), is skipped.
    this.turns = new Turns(this.s, this.index, rate, chatIntervalMs, o.holdFor?.bind(o),
      (channel, now) => (this.inflightOn.get(channel) ?? 0) >= this.concurrency || this.spent.spentUntil(channel, now) !== undefined);
    this.outcomes = new OutcomeRecorder({
      db: o.db, s: this.s, log: this.log, pauseChannel: (channel, ms) => this.turns.pacerFor(channel).pause(ms), clock: this.clock, giveUpAfterMs,
      backoff: o.backoffMs ?? defaultBackoffMs, onUnreachable: o.onUnreachable?.bind(o),
      later: (write) => turnCommit(o.db).later(write),
      onQuotaSpent: (row, resumeAt) => this.quotaSpent(row, resumeAt),
      onSent: (row, messages, marked) => o.onSent?.({ channel: row.channel, messages, marked }),
      ...(o.onWindowClosed ? { onWindowClosed: (row: DueRow) => o.onWindowClosed!(row, this.clock()) } : {}),
      onFailed: (row, failure) => {
        if (queueDocumentFailed(o.db, row, failure, this.clock(), o.linkFor)) this.log.warn({ outboxId: row.id }, "outbox: document failed; the person is told");
      },
    });
    this.recoverInterrupted();
  }

  /**
   * Rows still "sending" were claimed by a process that died before learning the outcome (see the
   * top of this file): replies are sent again, the rest are marked failed and never resent.
   * Run once, when the sender is constructed: only one sender may work on a database.
   */
  private recoverInterrupted(): void {
    const { resumed, failed } = this.o.db.$client.transaction(() => ({
      resumed: this.s.resumeReplies.run("resent: process stopped while sending").changes,
      failed: this.s.interrupted.run(INTERRUPTED).changes,
    }))();
    if (resumed > 0) this.log.warn({ rows: resumed }, "outbox: replies interrupted mid-send will be sent again");
    if (failed > 0) this.log.warn({ rows: failed }, "outbox: rows interrupted mid-send marked failed (not resent)");
  }

  private readonly durableDone = (err?: unknown): void => {
    if (err !== undefined) this.log.error({ error: describe(err) }, "outbox: could not fsync confirmed writes; they are committed, sending");
    this.wake();
  };

  start(): void {
    this.startedExplicitly = true;
    this.ensureLoop();
  }

  /** Stops the loop once the sends in flight have finished and been recorded. */
  async stop(): Promise<void> {
    this.startedExplicitly = false;
    this.stopping = true;
    this.wake();
    await this.running;
    this.running = undefined;
    for (const w of [...this.waiters]) w.reject(new Error("outbox sender stopped"));
  }

  /** True while a send is in flight or a row may be ready to go (the channels' ReadyForMore). */
  busy(): boolean {
    return this.inflight.size > 0 || !this.nothingToSend;
  }

  wake(): void {
    this.nothingToSend = false;
    if (this.wakeUp) this.wakeUp();
    else this.woken = true;
  }

  /**
   * Send everything due and wait until nothing is in flight and no pending row falls due
   * within `timeoutMs` (default 60 s) — retries and 429 waits inside that span are waited
   * for; later ones are left queued. Rejects when the time runs out first. Respects rates.
   */
  async drain(opts: { timeoutMs?: number } = {}): Promise<void> {
    const timeoutMs = opts.timeoutMs ?? 60_000;
    const deadline = this.clock().getTime() + timeoutMs;
    const done = new Promise<void>((resolve, reject) => {
      const w: Waiter = {
        deadline,
        resolve: () => { clearTimeout(timer); this.waiters.delete(w); resolve(); },
        reject: (err) => { clearTimeout(timer); this.waiters.delete(w); reject(err); },
      };
      const timer = setTimeout(() => {
        const due = this.s.countDue.get(this.clock().getTime())?.n ?? 0;
        w.reject(new Error(`outbox drain timed out after ${timeoutMs} ms with ${due} message(s) still due`));
      }, timeoutMs);
      this.waiters.add(w);
    });
    this.ensureLoop();
    this.wake();
    try {
      await done;
    } finally {
      if (!this.startedExplicitly && this.waiters.size === 0) await this.stop();
    }
  }

  private ensureLoop(): void {
    if (this.running) {
      if (this.stopping) throw new Error("outbox sender is stopping");
      return;
    }
    this.stopping = false;
    this.running = this.loop();
  }

  // The loop never throws: a failed step is logged and retried after a second.
  private async loop(): Promise<void> {
    while (!this.stopping) {
      let wait: number;
      try {
        wait = this.step();
      } catch (err) {
        this.log.error({ error: describe(err) }, "outbox: loop step failed");
        wait = 1000;
      }
      if (wait > 0) await this.sleep(Math.min(wait, this.idlePollMs));
      else await new Promise<void>((r) => setImmediate(r));
    }
    await Promise.allSettled([...this.inflight]);
    // Sent marks still waiting for the turn's commit are written before the connection may close.
    try { turnCommit(this.o.db).flush(); } catch (err) { this.log.error({ error: describe(err) }, "outbox: could not write the last sent marks"); }
  }

  private sleep(ms: number): Promise<void> {
    if (this.woken || this.stopping) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      const done = () => { clearTimeout(timer); this.wakeUp = undefined; resolve(); };
      const timer = setTimeout(done, ms);
      this.wakeUp = done;
    });
  }

  /**
   * A channel's quota is spent: it alone pauses until the next period; what it held goes to the
   * people's other channels or waits (quota.ts), and the office hears of it once.
   */
  private quotaSpent(row: DueRow, resumeAt: number): void {
    const now = this.clock().getTime();
    const first = this.spent.spend(row.channel, resumeAt, now);
    // This row's own send is over: it may move too.
    const busy = new Set(this.turns.inFlight);
    busy.delete(row.id);
    const r = this.spent.sweep(now, busy, true);
    this.log.warn({ channel: row.channel, resumeAt: new Date(resumeAt).toISOString(), ...r }, "outbox: quota spent; rows moved to other channels or held");
    if (first) this.o.onQuotaSpent?.({ channel: row.channel, resumeAt: new Date(resumeAt) });
  }

  /** Start at most one send; returns 0 to step again at once, else how long to sleep. */
  private step(): number {
    const now = this.clock().getTime();
    // Rows queued meanwhile for a channel whose quota is spent are moved or held (once a second at most).
    const swept = this.spent.sweep(now, this.turns.inFlight);
    // Moved or held by SQL: the in-memory index of unsent rows reads them again.
    if (swept.moved + swept.held > 0) this.index.reload();
    // What is sent may confirm a commit ("✅ Đã lưu"): rows queued by commits not yet durable wait
    // for the fsync that covers them, which runs in the background while the rest go out (group
    // commit, src/db/durable.ts); its end wakes the loop.
    const pick = this.turns.pick(now, durableUpTo(this.o.db, this.durableDone));
    if (pick.kind === "idle") this.settleWaiters();
    this.nothingToSend = pick.kind !== "row";
    if (pick.kind !== "row") return pick.wait;
    const row = pick.row;

    let stored: Outbound | IssuedDocument;
    try {
      stored = decodePayload(row.payloadJson);
    } catch (err) {
      this.s.fail.run(`fatal: unreadable payload (${describe(err)})`, row.id);
      this.index.refresh(row.id);
      this.log.error({ outboxId: row.id }, "outbox: unreadable payload, message failed");
      return 0;
    }
    const channel = this.o.channelFor(row.channel);
    // Without its channel the row only earns a retry (deliver), so its parts are not worked out.
    const parts: Outbound[] | undefined = stored.type === "issued" ? undefined : channel ? renderParts(stored, channel) : [stored];
    if (parts && channel && row.partsSent >= parts.length) { // every part went out; only the outcome was not recorded
      this.s.sent.run(now, row.id);
      this.index.refresh(row.id);
      return 0;
    }
    const todo = channel ? parts?.slice(row.partsSent) : parts;
    const wait = this.turns.pacerFor(row.channel).globalWait(todo?.length ?? 1, isAnswer(row));
    if (wait > 0) return wait;
    // An archived report's bytes are read only now that it is about to be sent (and each try).
    let send: Outbound[];
    try {
      send = todo ?? [loadIssued(this.o.db, stored as IssuedDocument)];
    } catch (err) {
      this.s.fail.run(`fatal: ${describe(err)}`, row.id);
      this.index.refresh(row.id);
      this.log.error({ outboxId: row.id, error: describe(err) }, "outbox: archived report missing, message failed");
      return 0;
    }
    // Answers are claimed in memory only (a write here bought nothing: see turns.ts inFlight).
    if (!isAnswer(row) && this.s.claim.run(row.id).changes !== 1) { this.index.refresh(row.id); return 0; } // taken meanwhile
    this.turns.inFlight.add(row.id);
    const { pacer, ticket } = this.turns.begin(row, send.length);
    this.inflightOn.set(row.channel, (this.inflightOn.get(row.channel) ?? 0) + 1);
    const p: Promise<void> = this.deliver(row, channel, send, pacer, ticket).then((recorded) => {
      // Unrecorded, it stays out of this run's picks, as a "sending" row would (sent again after a restart).
      if (recorded) this.turns.inFlight.delete(row.id);
    }).finally(() => {
      this.inflight.delete(p);
      const left = (this.inflightOn.get(row.channel) ?? 1) - 1;
      if (left > 0) this.inflightOn.set(row.channel, left); else this.inflightOn.delete(row.channel);
      this.wake();
    });
    this.inflight.add(p);
    return 0;
  }

  /** Nothing due now: resolve the drains for which nothing falls due before their deadline. */
  private settleWaiters(): void {
    if (this.waiters.size === 0 || this.inflight.size > 0) return;
    const next = this.s.nextDue.get(0)?.at ?? null;
    for (const w of [...this.waiters]) if (next === null || next > w.deadline) w.resolve();
  }

  /** Sends the parts not yet delivered, recording each one delivered as it goes. */
  private async deliver(row: DueRow, channel: Channel | undefined, parts: Outbound[], pacer: Pacer, ticket: Ticket): Promise<boolean> {
    let failure: SendFailure | undefined;
    let error = "";
    let delivered = 0;
    try {
      if (!channel) {
        failure = { kind: "retryable" };
        error = `no channel named "${row.channel}"`;
      } else {
        for (const [i, part] of parts.entries()) {
          await channel.send(row.chatId, part);
          delivered++;
          if (parts.length > 1 || row.partsSent > 0) this.s.partsSent.run(row.partsSent + i + 1, row.id);
        }
      }
    } catch (err) {
      failure = err instanceof SendError ? err.failure : { kind: "retryable" };
      error = describe(err);
    } finally {
      pacer.end(ticket);
    }
    // When it was delivered, read now: a lock may hold the record back for seconds, and the
    // delivery time tells an answer typed after the question from one typed before (stale.ts).
    const at = this.clock().getTime();
    // The database locked or full: tried again after a pause (the chat's lane stays taken, so
    // its order holds), not left "sending" until the next start, which would send it again.
    for (let wait = 50; ; wait = Math.min(1000, wait * 2)) {
      try {
        await this.outcomes.record(row, failure, error, at, delivered);
        // A 403 or a spent quota changed other rows too (moved, held); otherwise only this one.
        if (failure?.kind === "unreachable" || failure?.kind === "quotaSpent" || failure?.kind === "windowClosed") this.index.reload();
        else this.index.refresh(row.id);
        return true;
      } catch (err) {
        if (isStoreFault(err) && !this.stopping) { await new Promise((r) => setTimeout(r, wait)); continue; }
        // The row stays "sending" (an answer "pending") and is recovered at the next start (see the top of this file).
        this.log.error({ outboxId: row.id, error: describe(err) }, "outbox: could not record a send outcome");
        return false;
      }
    }
  }
}
