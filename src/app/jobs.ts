// Reports, exports and resends as durable jobs. record() runs inside the event's transaction: the
// request is a jobs row committed with the event (and with "⏳ Đang tổng hợp…"), so a crash after
// it cannot lose the request. The runner claims pending rows, runs them (src/app/effects.ts doJob:
// build in the worker, then archive + queue the document + mark done in one transaction), and at
// start puts back the rows a dead process left running. A build is redone after a crash
// (at-least-once); the archive and the document are made once (that transaction, the job's
// outbox key).
import { isStoreFault, type Db } from "../db/client.js";
import type { Logger } from "../log.js";
import type { Channel } from "../channels/channel.js";
import { periodFromKey } from "../domain/periods.js";
import { text, type Effect, type InboundEvent, type Outbound } from "../conversation/types.js";
import { enqueue } from "../outbox/sender.js";
import { activeJobs, claimJob, failJob, finishJob, insertJob, interruptedJobs, releaseJob, type JobKind, type JobRow } from "../store/jobs.js";
import { APOLOGY, type Clock, type JobRecorder } from "./bot-app.js";
import { EXPORT_BUSY, JobRefused, REPORT_BUSY, REPORTS_FULL, type JobContext, type JobEffect } from "./effects.js";
import { admit, type QueueLimits } from "./report-queue.js";

/**
 * Tries of one job before a build that failed (it threw, or the worker died) gives it up with an apology.
 */
export const MAX_JOB_ATTEMPTS = 3;
/**
 * Tries of one job before a process that died while running it gives it up. The cap exists for a
 * build that kills the bot each time (it must not keep the bot restarting forever), but a death is
 * far more often someone else's doing (a deploy, a restart, the OOM killer choosing the bot for
 * another reason, the crash suite's kills), so deaths get more room than errors. Both kinds share
 * the one `attempts` count (every claim adds one): a try that ends in an error gives up from 3 in
 * all, a death only from 5, so a build that really kills the bot costs five restarts at most.
 */
export const MAX_JOB_TRIES_WHEN_KILLED = 5;

export interface JobRunnerOptions {
  db: Db;
  log: Logger;
  clock: Clock;
  /** Builds at once (REPORT_WORKERS, at least 1) and waiting beyond them (REPORT_QUEUE). */
  limits: QueueLimits;
  /** For the period's name in "Đang tổng hợp báo cáo …". */
  cutoffDay: number;
  channelFor(name: string): Channel | undefined;
  /** Does one job (effects.ts doJob with its dependencies). */
  work(effect: JobEffect, job: JobContext): Promise<void>;
  wakeOutbox(): void;
  /** Wait before a job whose try failed for a passing reason (the builder gone, the database busy) is tried again. */
  retryDelayMs?: number;
}

/** finish() found the job no longer running: another run finished it, or stop() put it back. */
class JobGone extends Error {}

const isJob = (e: Effect): e is JobEffect => e.type !== "photo";
const builds = (kind: JobKind) => kind !== "resend";
const ownerOf = (j: { kind: JobKind; userId: number | null }) => `${j.kind}:${j.userId ?? ""}`;

export class JobRunner implements JobRecorder {
  /** Jobs this process is running: id → whether it holds a builder place. */
  private readonly inFlight = new Map<number, { builds: boolean }>();
  /** Jobs put back by stop(): their late end must not count. */
  private readonly abandoned = new Set<number>();
  private readonly retryTimers = new Set<NodeJS.Timeout>();
  /** wake() claims nothing before start() has put back what a dead process left running. */
  private started = false;
  /** Shutting down: nothing new is claimed. */
  private paused = false;

  constructor(private readonly o: JobRunnerOptions) {}

  /**
   * Called inside the event's transaction. Records a job for each report, export or resend the core
   * asked for, unless the same one is already waiting for this chat (a double tap: no answer), the
   * person already has one of that kind (busy) or too many wait (full). Returns the messages to
   * queue with the event's replies, and the effects that are not jobs (photos).
   */
  record(event: InboundEvent, effects: Effect[], now: Date): { messages: Outbound[]; rest: Effect[]; recorded: number } {
    const rest = effects.filter((e) => !isJob(e));
    if (rest.length === effects.length) return { messages: [], rest, recorded: 0 };
    const { db } = this.o;
    const active: Array<Pick<JobRow, "kind" | "userId" | "channel" | "chatId" | "effectJson">> = activeJobs(db);
    const messages: Outbound[] = [];
    let recorded = 0;
    effects.forEach((effect, effectIndex) => {
      if (!isJob(effect)) return;
      const effectJson = JSON.stringify(effect);
      // A chart is recorded as an export: the jobs table's kinds are fixed (migration 0012's CHECK).
      const job = { kind: effect.type === "chart" ? "export" as const : effect.type, userId: effect.requestedBy, channel: event.channel, chatId: event.chatId, effectJson };
      if (active.some((j) => j.channel === job.channel && j.chatId === job.chatId && j.effectJson === effectJson)) return;
      let ahead = 0;
      if (builds(job.kind)) {
        const a = admit(active.filter((j) => builds(j.kind)).map(ownerOf), ownerOf(job), this.o.limits);
        if (a.status === "busy") { messages.push(text(job.kind === "report" ? REPORT_BUSY : EXPORT_BUSY)); return; }
        if (a.status === "full") { messages.push(text(REPORTS_FULL)); return; }
        ahead = a.ahead;
      }
      // The event made this job already (its unique key): nothing new to say.
      if (insertJob(db, { ...job, eventId: event.eventId, effectIndex }, now) === null) return;
      active.push(job);
      recorded++;
      if (effect.type === "report") {
        const label = periodFromKey(effect.periodKey, this.o.cutoffDay)?.label ?? effect.periodKey;
        messages.push(text(`⏳ Đang tổng hợp báo cáo ${label}…${ahead > 0 ? ` (đang chờ sau ${ahead} báo cáo khác)` : ""}`));
      }
    });
    return { messages, rest, recorded };
  }

  /**
   * At start: jobs a dead process left running wait again (or, past the tries, are given up); then
   * pending jobs run. While the store cannot be written (another process's lock), this is tried
   * again after a pause: nothing is claimed until the dead process's jobs are put back.
   */
  start(): void {
    const { db, log } = this.o;
    let left: JobRow[];
    try {
      left = interruptedJobs(db);
      db.$client.transaction(() => {
        for (const job of left) {
          if (job.attempts >= MAX_JOB_TRIES_WHEN_KILLED) this.recordGiveUp(job, `interrupted ${job.attempts} times`);
          else releaseJob(db, job.id, "interrupted: the process stopped", false);
        }
      })();
    } catch (err) {
      if (!isStoreFault(err)) throw err;
      if (this.paused) return;
      log.warn({ err }, "jobs left running by the last process could not be put back yet; trying again");
      const t = setTimeout(() => {
        this.retryTimers.delete(t);
        try { this.start(); } catch (e) { log.error({ err: e }, "could not put back the jobs left running; they run again at the next start"); }
      }, this.o.retryDelayMs ?? 5_000);
      this.retryTimers.add(t);
      return;
    }
    this.started = true;
    if (left.some((j) => j.attempts >= MAX_JOB_TRIES_WHEN_KILLED)) this.o.wakeOutbox();
    if (left.length > 0) log.warn({ jobs: left.map((j) => j.id) }, "jobs interrupted by a stop are run again");
    this.wake();
  }

  /** Claims and starts every pending job there is a place for. Synchronous up to the builds themselves. */
  wake(): void {
    if (!this.started || this.paused) return;
    try {
      this.claim();
    } catch (err) {
      // The database busy or failing: the jobs stay pending; look again after a pause.
      this.o.log.error({ err }, "could not claim jobs; trying again later");
      this.later();
    }
  }

  private claim(): void {
    const { db, clock } = this.o;
    let building = [...this.inFlight.values()].filter((j) => j.builds).length;
    for (const job of activeJobs(db)) {
      if (job.status !== "pending" || this.inFlight.has(job.id)) continue;
      const channel = this.o.channelFor(job.channel);
      if (!channel) continue; // its channel does not run now: kept for a run where it does
      if (builds(job.kind) && building >= this.o.limits.concurrency) continue;
      if (!claimJob(db, job.id, clock())) continue;
      if (builds(job.kind)) building++;
      this.inFlight.set(job.id, { builds: builds(job.kind) });
      void this.run({ ...job, attempts: job.attempts + 1 }, channel);
    }
  }

  /** True when no job is running or waiting for a retry here (pending jobs nobody can run do not count). */
  idle(): boolean {
    return this.inFlight.size === 0 && this.retryTimers.size === 0;
  }

  /** Shutting down: no job starts any more; those running go on (wait with idle()). */
  pause(): void { this.paused = true; }

  /**
   * Those still running are put back to pending for the next start (their request is durable, so
   * a shutdown need not wait for a long build). Call before closing the database.
   */
  stop(): void {
    this.paused = true;
    for (const t of this.retryTimers) clearTimeout(t);
    this.retryTimers.clear();
    for (const id of this.inFlight.keys()) {
      this.abandoned.add(id);
      releaseJob(this.o.db, id, "interrupted: the bot stopped", true);
    }
    this.inFlight.clear();
  }

  private async run(job: JobRow, channel: Channel): Promise<void> {
    const { db, log, clock } = this.o;
    try {
      const effect = JSON.parse(job.effectJson) as JobEffect;
      await this.o.work(effect, {
        id: job.id, channel, chatId: job.chatId, eventId: job.eventId, askedAt: new Date(job.createdAt),
        finish: (ref) => { if (!finishJob(db, job.id, ref, clock())) throw new JobGone(`job ${job.id} is no longer running`); },
      });
      this.o.wakeOutbox();
    } catch (err) {
      if (this.abandoned.delete(job.id)) return;
      if (err instanceof JobGone) log.warn({ job: job.id }, "job finished elsewhere; this run's result dropped");
      else if (err instanceof JobRefused || err instanceof SyntaxError) {
        log.error({ err, job: job.id, kind: job.kind }, "job failed");
        this.giveUp(job, err.message);
      } else this.retryLater(job, err);
    } finally {
      if (this.inFlight.delete(job.id)) this.wake();
    }
  }

  /** A passing fault (the builder gone, the database busy): tried again after a pause, up to the cap. */
  private retryLater(job: JobRow, err: unknown): void {
    const message = err instanceof Error ? err.message : String(err);
    // The database locked or full is no fault of the job: it does not use up a try.
    const storeFault = isStoreFault(err);
    if (!storeFault && job.attempts >= MAX_JOB_ATTEMPTS) {
      this.o.log.error({ err, job: job.id }, "job failed too often; given up");
      this.giveUp(job, message);
      return;
    }
    this.o.log.warn({ err, job: job.id, attempts: job.attempts }, "job failed; tried again later");
    try {
      releaseJob(this.o.db, job.id, message, storeFault);
    } catch (e) {
      if (isStoreFault(e)) {
        // Still cannot write: put it back later, in this run (not only at the next start).
        const t = setTimeout(() => { this.retryTimers.delete(t); this.retryLater(job, err); }, this.o.retryDelayMs ?? 5_000);
        this.retryTimers.add(t);
        return;
      }
      this.o.log.error({ err: e, job: job.id }, "could not put a job back; it runs again at the next start");
      return;
    }
    this.later();
  }

  private later(): void {
    const t = setTimeout(() => { this.retryTimers.delete(t); this.wake(); }, this.o.retryDelayMs ?? 5_000);
    this.retryTimers.add(t);
  }

  /** Failed for good: marked so, and the person told once (the apology's key is the job's). */
  private giveUp(job: JobRow, error: string): void {
    try {
      this.o.db.$client.transaction(() => this.recordGiveUp(job, error))();
      this.o.wakeOutbox();
    } catch (err) {
      this.o.log.error({ err, job: job.id }, "could not record a failed job; it runs again at the next start");
    }
  }

  /** giveUp's writes, for the caller's transaction; throws what the store throws. */
  private recordGiveUp(job: JobRow, error: string): void {
    const { db, clock } = this.o;
    this.o.log.error({ job: job.id, error }, "job given up");
    if (!failJob(db, job.id, error, clock())) return;
    enqueue(db, { channel: job.channel, chatId: job.chatId, userId: job.userId, message: text(APOLOGY), kind: "reply", dedupeKey: `job:${job.id}:failed` }, clock());
  }
}
