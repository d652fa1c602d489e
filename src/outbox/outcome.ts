// Writes the outcome of one send to the outbox row (see the table in outbox.ts) and logs it.
import type { SendFailure } from "../channels/channel.js";
import { isStoreFault, type Db } from "../db/client.js";
import { maskTokens, type Logger } from "../log.js";
import { isAnswer, type DueRow, type OutboxStatements } from "./table.js";

export interface UnreachableInfo { userId: number | null; chatId: string; channel: string }

export interface OutcomeDeps {
  db: Db;
  s: OutboxStatements;
  log: Logger;
  /** A 429 pauses its own channel only (Telegram's limit is bot-wide for Telegram alone). */
  pauseChannel(channel: string, ms: number): void;
  clock: () => Date;
  /** A row still failing this long after it was queued is given up (see the top of sender.ts). */
  giveUpAfterMs: number;
  backoff(attempt: number): number;
  onUnreachable?: (info: UnreachableInfo) => void;
  /**
   * Where a sent answer's mark is written: in the turn's commit (db/turn-commit.ts later), shared
   * with the other marks and events of the turn. Resolves once committed. Absent: written at once.
   */
  later?: (write: () => void) => Promise<void>;
  /**
   * The channel's plan quota is spent until `resumeAt` (this row is already set to wait for it):
   * the sender pauses that channel only, moves what it can to other channels, tells the office.
   */
  onQuotaSpent?: (row: DueRow, resumeAt: number) => void;
  /**
   * A row was delivered in `parts` messages (the plan's monthly count); `marked`: its "sent" mark
   * is already written (false while an answer's mark waits for the turn's commit).
   */
  onSent?: (row: DueRow, parts: number, marked: boolean) => void;
  /** A row has just ended "failed" (a document: the person is told in one line, see give-up.ts). */
  onFailed?: (row: DueRow, failure: SendFailure | undefined) => void;
  /**
   * The person's interaction window is closed (windowClosed): runs in the transaction that marks
   * the row failed, to queue the message another way (or tell the office) with it.
   */
  onWindowClosed?: (row: DueRow) => void;
}

/** Short enough that a chat hears back within minutes of the platform's recovery. */
export const BACKOFF_CAP_MS = 5 * 60_000;

/** Exponential with jitter: 1 s doubling, capped at 5 min. */
export function defaultBackoffMs(attempt: number): number {
  const base = Math.min(1000 * 2 ** Math.max(0, attempt - 1), BACKOFF_CAP_MS);
  return Math.min(BACKOFF_CAP_MS, Math.round(base * (0.75 + Math.random() * 0.5)));
}

export const describeError = (err: unknown): string => maskTokens(err instanceof Error ? err.message : String(err));

export const chatKey = (row: { channel: string; chatId: string }): string => `${row.channel}\u0000${row.chatId}`;

export class OutcomeRecorder {
  /** Chats without a user id already reported unreachable by this process. */
  private readonly unreachableChats = new Set<string>();

  constructor(private readonly d: OutcomeDeps) {}

  /**
   * `error` is already masked. `row.attempts` is the count before this try, which is written here.
   * `at`: when the try ended (default now); a record delayed by a store fault keeps it.
   * `partsDelivered`: how many messages the row took (the plan's monthly count).
   * A sent answer's mark waits for the turn's commit (a crash before it only sends the answer
   * again, as for any answer cut off mid-send): the promise resolves once it is written.
   */
  record(row: DueRow, failure: SendFailure | undefined, error: string, at?: number, partsDelivered = 1): void | Promise<void> {
    const { s, log } = this.d;
    const now = at ?? this.d.clock().getTime();
    const attempts = row.attempts + 1;
    const ctx = { outboxId: row.id, channel: row.channel, chatId: row.chatId, attempts };
    if (!failure) {
      log.debug(ctx, "outbox: sent");
      const deferred = this.d.later !== undefined && isAnswer(row);
      this.hook(() => this.d.onSent?.(row, partsDelivered, !deferred), row);
      if (deferred) return this.d.later!(() => { s.sentAfter.run(now, attempts, row.id); });
      s.sentAfter.run(now, attempts, row.id);
      return;
    }
    switch (failure.kind) {
      case "throttled": {
        const ms = Math.max(0, failure.retryAfterMs);
        this.d.pauseChannel(row.channel, ms);
        s.throttled.run(now + ms, `throttled: ${error}`, row.attempts, row.id);
        log.warn({ ...ctx, retryAfterMs: ms, error }, "outbox: throttled (429), pausing this channel's sends");
        return;
      }
      case "retryable": {
        // Given up by age, not by a count of tries: an outage of hours loses nothing.
        if (now - row.createdAt >= this.d.giveUpAfterMs) {
          s.failTry.run(`gave up after ${Math.round((now - row.createdAt) / 3_600_000)} h: ${error}`, attempts, row.id);
          log.error({ ...ctx, error }, "outbox: giving up, the message is too old");
          this.failed(row, failure);
        } else {
          const delay = Math.max(0, this.d.backoff(attempts));
          s.retry.run(now + delay, error, attempts, row.id);
          log.warn({ ...ctx, retryInMs: delay, error }, "outbox: send failed, will retry");
        }
        return;
      }
      case "quotaSpent": {
        // Not a throttle to try again each second: the quota comes back with its next period.
        const until = Math.max(now, failure.resumeAt);
        s.retry.run(until, `quota spent: ${error}`, attempts, row.id);
        log.warn({ ...ctx, resumeAt: new Date(until).toISOString(), error }, "outbox: the channel's quota is spent; it sends nothing until the quota's next period");
        this.hook(() => this.d.onQuotaSpent?.(row, until), row);
        return;
      }
      case "unreachable":
        this.unreachable(row, error, now, ctx);
        return;
      case "windowClosed":
        this.windowClosed(row, error, ctx);
        return;
      case "fatal":
        s.failTry.run(error, attempts, row.id);
        log.error({ ...ctx, error }, "outbox: send refused, message failed");
        this.failed(row, failure);
        return;
    }
  }

  /** A listener's fault is logged, never the outcome's: the row's state is written already. */
  private hook(f: () => void, row: DueRow): void {
    try { f(); } catch (err) { this.d.log.error({ outboxId: row.id, error: describeError(err) }, "outbox: an outcome listener failed"); }
  }

  private failed(row: DueRow, failure: SendFailure | undefined): void {
    try {
      this.d.onFailed?.(row, failure);
    } catch (err) {
      this.d.log.error({ outboxId: row.id, error: describeError(err) }, "outbox: could not queue the failure notice");
    }
  }

  /** Final for this message, never retried: retrying cannot reopen the window, only the person writing can. */
  private windowClosed(row: DueRow, error: string, ctx: Record<string, unknown>): void {
    const { s, log, db } = this.d;
    db.$client.transaction(() => {
      s.failTry.run(`window closed: ${error}`, row.attempts + 1, row.id);
      if (!this.d.onWindowClosed) return;
      // Its own savepoint: a fault of the fall-back undoes only the fall-back, never the outcome.
      try {
        db.$client.transaction(() => this.d.onWindowClosed!(row))();
      } catch (err) {
        if (isStoreFault(err)) throw err;
        log.error({ ...ctx, error: describeError(err) }, "outbox: could not queue the message another way");
      }
    })();
    log.warn({ ...ctx, userId: row.userId, error }, "outbox: interaction window closed, not retrying; trying another way");
  }

  private unreachable(row: DueRow, error: string, now: number, ctx: Record<string, unknown>): void {
    const { s, log } = this.d;
    const first = this.d.db.$client.transaction(() => {
      s.unreachable.run(error, row.attempts + 1, row.id);
      s.unreachableRest.run(`skipped: chat unreachable (outbox #${row.id}: ${error})`, row.channel, row.chatId);
      if (row.userId !== null) return s.markUser.run(now, row.userId).changes === 1;
      return !this.unreachableChats.has(chatKey(row));
    })();
    if (row.userId === null) this.unreachableChats.add(chatKey(row));
    log.warn({ ...ctx, userId: row.userId, error }, "outbox: recipient unreachable (403), not retrying");
    if (!first || !this.d.onUnreachable) return;
    const fail = (err: unknown) => log.error({ outboxId: row.id, error: describeError(err) }, "outbox: onUnreachable failed");
    try {
      const r: unknown = this.d.onUnreachable({ userId: row.userId, chatId: row.chatId, channel: row.channel });
      if (r instanceof Promise) r.catch(fail);
    } catch (err) {
      fail(err);
    }
  }
}
