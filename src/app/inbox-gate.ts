// The inbox's door: an event is recorded in inbound_events before the channel may acknowledge it.
// While the store cannot be written (another process's lock, a full disk) the event waits and
// is tried again without blocking the event loop; waiting events are recorded one at a time, in
// arrival order, so each chat keeps its order when the store comes back.
import type { Channel } from "../channels/channel.js";
import type { InboundEvent } from "../conversation/types.js";
import { isStoreFault, storeFaultCode, type Db } from "../db/client.js";
import type { Logger } from "../log.js";
import { recordEvent } from "./inbox.js";
import { nextWait, pause, RETRY_FIRST_MS } from "./store-retry.js";
import type { WriteHealth } from "./write-health.js";

/** "not-recorded": the store could not be written in time (or the bot is stopping); do not acknowledge. */
export type Accepted = "new" | "duplicate" | "not-recorded";

export interface InboxGateOptions {
  db: Db;
  log: Logger;
  clock: () => Date;
  health: WriteHealth;
  /** Aborted when the bot stops: waiting events are answered "not-recorded". */
  stopping: AbortSignal;
  /** A new event was recorded: handle it (queued at once, in recording order). */
  onNew(channel: Channel, event: InboundEvent): void;
}

interface Member { channel: Channel; event: InboundEvent; ticket: { cancelled: boolean }; resolve(r: Accepted | Promise<Accepted>): void; reject(err: unknown): void }

export class InboxGate {
  /** Events waiting for the store (recordTail). */
  private waitingToRecord = 0;
  private recordTail: Promise<unknown> = Promise.resolve();
  /** Events accepted in this turn (a poll's batch), recorded together at its end. */
  private batch: Member[] = [];

  constructor(private readonly o: InboxGateOptions) {}

  /**
   * Record a platform event in the inbox, then handle it in the background. The caller
   * acknowledges the event to the platform only once this resolves "new" or "duplicate": from
   * then on a crash cannot lose it (resumeRecorded), and a redelivery is dropped as a duplicate.
   * The events accepted in one turn of the event loop (a poll's batch) are recorded in one commit.
   * While the store cannot be written (locked by another process, disk full) it waits and tries
   * again without blocking the event loop, events in arrival order, until recorded, until
   * `waitMs` has passed (a webhook, whose platform gives up) or until the bot stops: then
   * "not-recorded", and the platform must deliver again. An error of the event itself throws.
   */
  async accept(channel: Channel, event: InboundEvent, o: { waitMs?: number } = {}): Promise<Accepted> {
    const ticket = { cancelled: false };
    // Others waiting go first: recording now could record this event before theirs.
    const turn = this.waitingToRecord === 0 ? this.inBatch(channel, event, ticket) : this.patiently(channel, event, ticket, false);
    if (o.waitMs === undefined) return turn;
    let timer: NodeJS.Timeout | undefined;
    // A real-time bound (the platform's own timeout), not a time the bot records: the wall clock.
    const late = new Promise<Accepted>((r) => { timer = setTimeout(() => { ticket.cancelled = true; r("not-recorded"); }, o.waitMs); });
    try { return await Promise.race([turn, late]); } finally { clearTimeout(timer); }
  }

  private inBatch(channel: Channel, event: InboundEvent, ticket: { cancelled: boolean }): Promise<Accepted> {
    return new Promise<Accepted>((resolve, reject) => {
      if (this.batch.length === 0) queueMicrotask(() => this.recordBatch());
      this.batch.push({ channel, event, ticket, resolve, reject });
    });
  }

  /**
   * One commit for the batch. Each event is one statement, which SQLite undoes alone when it
   * fails, so an event that cannot be recorded (its own fault) is refused without the others.
   * A store fault fails the whole commit: every event of the batch then waits, in order.
   */
  private recordBatch(): void {
    const batch = this.batch;
    this.batch = [];
    const now = this.o.clock();
    const outcomes: Array<{ isNew: boolean } | { error: unknown }> = [];
    try {
      this.o.db.$client.transaction(() => {
        outcomes.length = 0;
        for (const m of batch) {
          try {
            outcomes.push({ isNew: recordEvent(this.o.db, m.event, now) });
          } catch (error) {
            if (isStoreFault(error)) throw error;
            outcomes.push({ error });
          }
        }
      })();
    } catch (err) {
      this.o.health.failed(err);
      this.o.log.warn({ code: storeFaultCode(err), events: batch.length }, "could not record events; waiting for the database");
      for (const m of batch) m.resolve(this.patiently(m.channel, m.event, m.ticket, true));
      return;
    }
    this.o.health.ok();
    for (const [i, m] of batch.entries()) {
      const r = outcomes[i]!;
      if ("error" in r) { m.reject(r.error); continue; }
      // Queued for handling in recording order, so chats keep their order.
      if (r.isNew) this.o.onNew(m.channel, m.event);
      m.resolve(r.isNew ? "new" : "duplicate");
    }
  }

  /** Behind the events already waiting for the store. */
  private patiently(channel: Channel, event: InboundEvent, ticket: { cancelled: boolean }, justFailed: boolean): Promise<Accepted> {
    this.waitingToRecord++;
    const turn = this.recordTail.then(() => this.recordPatiently(channel, event, ticket, justFailed));
    this.recordTail = turn.catch(() => undefined);
    return turn.finally(() => { this.waitingToRecord--; });
  }

  /** One try; undefined on a store fault. A new event is queued for handling at once, so chats keep their order. */
  private tryRecord(channel: Channel, event: InboundEvent): Accepted | undefined {
    let isNew: boolean;
    try {
      isNew = recordEvent(this.o.db, event, this.o.clock());
    } catch (err) {
      if (!isStoreFault(err)) throw err;
      this.o.health.failed(err);
      this.o.log.warn({ code: storeFaultCode(err), channel: event.channel, eventId: event.eventId }, "could not record an event; waiting for the database");
      return undefined;
    }
    this.o.health.ok();
    if (!isNew) return "duplicate";
    this.o.onNew(channel, event);
    return "new";
  }

  private async recordPatiently(channel: Channel, event: InboundEvent, ticket: { cancelled: boolean }, justFailed: boolean): Promise<Accepted> {
    if (justFailed) await pause(RETRY_FIRST_MS, this.o.stopping);
    for (let wait = RETRY_FIRST_MS; ; wait = nextWait(wait)) {
      if (ticket.cancelled || this.o.stopping.aborted) return "not-recorded";
      const r = this.tryRecord(channel, event);
      if (r) return r;
      await pause(wait, this.o.stopping);
    }
  }
}
