// Wires a channel to the conversation core: each event is handled in one SQLite transaction
// (dedupe, state, the core's writes carried out, the replies written to the outbox, reports
// recorded as jobs), then the outbox and the job runner are woken, then other effects run.
// Nothing here sends to a chat directly: a crash after the commit cannot lose a reply or a
// report asked for, and a slow chat holds up no other (see outbox/sender.ts).
import { isStoreFault, storeFaultCode, type Db } from "../db/client.js";
import { oweDurable } from "../db/durable.js";
import { turnCommit } from "../db/turn-commit.js";
export type { Accepted } from "./inbox-gate.js";
import type { Channel } from "../channels/channel.js";
import { handleEvent } from "../conversation/router.js";
import type { Services } from "../conversation/ports.js";
import { text, type Effect, type InboundEvent, type Outbound } from "../conversation/types.js";
import { todayInVietnam } from "../domain/vn.js";
import { loadState, markProcessed, saveState } from "../store/conversations.js";
import { markReachable } from "../store/users.js";
import { enqueue } from "../outbox/sender.js";
import type { Logger } from "../log.js";
import { KeyedQueue } from "./keyed-queue.js";
import { applyWrites, fillRefs, WriteFailed } from "./apply-writes.js";
import { markHandled, unhandledEvents } from "./inbox.js";
import { InboxGate, type Accepted } from "./inbox-gate.js";
import { WriteHealth } from "./write-health.js";
import { nextWait, pause, RETRY_FIRST_MS } from "./store-retry.js";
import { isRegistrationAttempt, strangerAnsweredRecently } from "./strangers.js";

export type Clock = () => Date;
/**
 * Runs one effect; resolves when its work is done (a report built, archived and queued for
 * sending). `send` queues a message to the chat in the outbox (committed when it resolves).
 */
export type EffectRunner = (effect: Effect, ctx: { channel: Channel; chatId: string; eventId: string; send: (m: Outbound) => Promise<void> }) => Promise<void>;

/**
 * Records the core's slow work as durable jobs inside the event's transaction (src/app/jobs.ts).
 * `messages` are queued with the event's replies; `rest` (photos) run after the commit as effects.
 */
export interface JobRecorder {
  record(event: InboundEvent, effects: Effect[], now: Date): { messages: Outbound[]; rest: Effect[]; recorded: number };
  /** After the commit: start the jobs just recorded. */
  wake(): void;
  idle(): boolean;
}

export const APOLOGY = "Xin lỗi, bot gặp trục trặc khi xử lý tin nhắn này. Xin gửi lại sau ít phút; nếu vẫn lỗi, báo Văn phòng UBND phường.";

export interface BotAppOptions {
  db: Db;
  services: Services;
  log: Logger;
  clock?: Clock;
  runEffect?: EffectRunner;
  /** Called after messages were committed to the outbox, so it sends them at once. */
  wakeOutbox?: () => void;
  /** Told each write's outcome (/healthz, the office's notices); one of its own when absent. */
  health?: WriteHealth;
  /** Reports, exports and resends as durable jobs; the other effects (photos) go to runEffect. */
  jobs: JobRecorder;
}

export class BotApp {
  private readonly queue = new KeyedQueue();
  /** Effects in progress (photos), apart from the chats' event queues so a slow one holds up nothing. */
  private readonly effects = new Set<Promise<void>>();
  /** Accepted events being handled (until handled_at is written). */
  private readonly accepted = new Set<Promise<void>>();
  private readonly running = new Set<string>();
  private readonly clock: Clock;
  /** Makes the outbox keys of messages queued in one millisecond distinct. */
  private sequence = 0;
  readonly health: WriteHealth;
  /** Aborted by stop(): waits for the store end, what is not recorded stays unacknowledged. */
  private readonly stopping = new AbortController();
  private readonly gate: InboxGate;

  constructor(private readonly o: BotAppOptions) {
    this.clock = o.clock ?? (() => new Date());
    this.health = o.health ?? new WriteHealth({ clock: this.clock });
    this.gate = new InboxGate({ db: o.db, log: o.log, clock: this.clock, health: this.health, stopping: this.stopping.signal,
      onNew: (channel, event) => { void this.handleRecorded(channel, event); } });
  }

  /** Stop waiting for the store: events not yet recorded are answered "not-recorded", retries of handling end. */
  stop(): void { this.stopping.abort(); }

  /** True when no event is being handled (tests and shutdown wait for this). */
  idle(): boolean { return this.queue.size === 0 && this.effects.size === 0 && this.accepted.size === 0 && this.o.jobs.idle(); }

  /** Resolves once no event or effect is in progress (shutdown; the console when stdin ends). */
  async settle(): Promise<void> {
    while (!this.idle()) {
      await Promise.allSettled([...this.effects, ...this.accepted]);
      await new Promise<void>((r) => setTimeout(r, 5));
    }
  }

  /**
   * Record a platform event in the inbox, then handle it in the background; the caller
   * acknowledges it to the platform only once this resolves "new" or "duplicate" (inbox-gate.ts).
   */
  accept(channel: Channel, event: InboundEvent, o: { waitMs?: number } = {}): Promise<Accepted> {
    return this.gate.accept(channel, event, o);
  }

  /**
   * Handle, oldest first, the events recorded but not handled (the process died in between).
   * Call once at start, right after the channel starts: the events are queued per chat before any
   * newly polled one, so each chat keeps its order.
   */
  resumeRecorded(channelFor: (name: string) => Channel | undefined): Promise<void> {
    const started: Promise<void>[] = [];
    for (const r of unhandledEvents(this.o.db)) {
      const channel = channelFor(r.channel);
      if (!r.event) {
        this.o.log.error({ channel: r.channel, eventId: r.eventId }, "recorded event unreadable; skipped");
        markHandled(this.o.db, r, this.clock());
      } else if (!channel) {
        this.o.log.warn({ channel: r.channel, eventId: r.eventId }, "recorded event for a channel not running; kept for later");
      } else {
        started.push(this.handleRecorded(channel, r.event));
      }
    }
    if (started.length > 0) this.o.log.info({ events: started.length }, "handling events recorded before a restart");
    return Promise.all(started).then(() => undefined);
  }

  private handleRecorded(channel: Channel, event: InboundEvent): Promise<void> {
    const p: Promise<void> = this.handle(channel, event)
      // A write that failed leaves the event unhandled: it is handled again after a restart.
      // "handled": its transaction marked it handled (process()); "retry": left for the next start.
      .then(() => undefined)
      .catch((err: unknown) => this.o.log.error({ err, eventId: event.eventId }, "could not handle an event"))
      .finally(() => this.accepted.delete(p));
    this.accepted.add(p);
    return p;
  }

  /** Handle one event from a channel; never throws. "retry": a write failed, nothing was committed or answered. */
  handle(channel: Channel, event: InboundEvent): Promise<"handled" | "retry"> {
    const key = `${event.channel}:${event.chatId}`;
    return this.queue.run(key, () => this.processPatiently(channel, event)).then((effects) => {
      if (effects === "retry") return "retry";
      // Effects that are not jobs (photos) run after the reply: the caller does not wait for
      // them, nor do the chat's next messages. Reports were recorded as jobs and woken in process().
      for (const effect of effects) {
        const id = `${key}|${JSON.stringify(effect)}`;
        if (this.running.has(id)) continue; // a double tap makes one
        this.running.add(id);
        const p: Promise<void> = this.runEffect(channel, event, effect).finally(() => {
          this.running.delete(id);
          this.effects.delete(p);
        });
        this.effects.add(p);
      }
      return "handled";
    });
  }

  /**
   * Queue messages to the event's chat in the outbox, on the caller's transaction if any. Kind
   * "reply" (never held by the quiet hours); the time and a counter keep them unique
   * even when a platform reuses event ids. userId lets a 403 mark the person unreachable.
   */
  private queueReplies(event: InboundEvent, messages: Outbound[], now: Date): void {
    if (messages.length === 0) return;
    const userId = this.o.services.findUser(event.channel, event.userId)?.id ?? null;
    // Strangers: one answer an hour, registration attempts always (strangers.ts).
    if (userId === null && !isRegistrationAttempt(event) && strangerAnsweredRecently(this.o.db, event, now)) {
      this.o.log.debug({ channel: event.channel, eventId: event.eventId }, "unregistered chat answered within the hour; not answered again");
      return;
    }
    for (const message of messages) {
      const dedupeKey = `reply:${event.channel}:${event.chatId}:${event.eventId}:${now.getTime()}:${++this.sequence}`;
      enqueue(this.o.db, { channel: event.channel, chatId: event.chatId, userId, message, kind: "reply", dedupeKey }, now);
    }
  }

  private async runEffect(channel: Channel, event: InboundEvent, effect: Effect): Promise<void> {
    // A message of an effect ("đang tổng hợp", "đang lập", an apology) goes out through the outbox too.
    const send = async (m: Outbound) => {
      this.queueReplies(event, [m], this.clock());
      this.o.wakeOutbox?.();
    };
    try {
      await this.o.runEffect?.(effect, { channel, chatId: event.chatId, eventId: event.eventId, send });
    } catch (err) {
      this.o.log.error({ err, effect: effect.type, eventId: event.eventId }, "effect failed");
      await send(text(APOLOGY)).catch((e: unknown) => this.o.log.error({ err: e }, "could not queue the apology"));
    }
  }

  /**
   * process() again while the store cannot be written, holding the chat's place so its later
   * events wait behind; a stop leaves the event unhandled for the next start.
   */
  private async processPatiently(channel: Channel, event: InboundEvent): Promise<Effect[] | "retry"> {
    for (let wait = RETRY_FIRST_MS; ; wait = nextWait(wait)) {
      const r = await this.process(channel, event);
      if (r !== "store-fault") return r;
      if (this.stopping.signal.aborted) return "retry";
      await pause(wait, this.stopping.signal);
    }
  }

  private async process(_channel: Channel, event: InboundEvent): Promise<Effect[] | "retry" | "store-fault"> {
    try {
      const now = this.clock();
      // The events of a turn commit together, each in a savepoint (db/turn-commit.ts); this
      // resolves once the commit is made, so nothing below acts on an uncommitted event.
      const result = await turnCommit(this.o.db).run(() => {
        // The inbox's handled mark commits with the event (no commit of its own); a duplicate's too.
        markHandled(this.o.db, event, now);
        if (!markProcessed(this.o.db, event.channel, event.eventId, now)) return null;
        markReachable(this.o.db, event.channel, event.userId, now);
        const state = loadState(this.o.db, event.channel, event.chatId);
        const today = todayInVietnam(now);
        const core = handleEvent(state, event, { services: this.o.services, now, today });
        // The core's writes first: a reply is queued only once what it reports is written.
        const svc = this.o.services;
        const r = fillRefs(core, applyWrites(this.o.db, core.writes, { cutoffDay: svc.cutoffDay, inviteTtlDays: svc.inviteTtlDays, now,
          inForce: (code) => svc.units(today).some((u) => u.code === code) }));
        saveState(this.o.db, event.channel, event.chatId, r.state, now);
        // The replies commit with the change they report: "✅ Đã lưu" cannot be lost after the save.
        this.queueReplies(event, r.reply.messages, now);
        // A report asked for is recorded with the event: a crash from here on cannot lose it.
        const jobs = this.o.jobs.record(event, r.reply.effects, now);
        this.queueReplies(event, jobs.messages, now);
        return { effects: jobs.rest, jobs: jobs.recorded, wrote: core.writes.length > 0 };
      });
      this.health.ok();
      if (!result) {
        this.o.log.debug({ channel: event.channel, eventId: event.eventId }, "duplicate event ignored");
        return [];
      }
      // The person will be told something is saved: the outbox makes it survive a power cut
      // before it sends anything (one fsync for every commit owed meanwhile: group commit).
      if (result.wrote) oweDurable(this.o.db);
      this.o.wakeOutbox?.();
      if (result.jobs > 0) this.o.jobs.wake();
      return result.effects;
    } catch (err) {
      if (isStoreFault(err)) {
        // Not a fault of the event: rolled back whole, tried again once the store can be written.
        this.health.failed(err);
        this.o.log.warn({ code: storeFaultCode(err), channel: event.channel, eventId: event.eventId }, "could not handle an event; waiting for the database");
        return "store-fault";
      }
      if (err instanceof WriteFailed) {
        // Rolled back whole: not marked processed, nothing queued. Answering would tell the person
        // something false, or drop what they sent; the inbox keeps it for a retry.
        this.o.log.error({ err, channel: event.channel, eventId: event.eventId, write: err.write.type }, "a write failed; the event is left for a retry");
        return "retry";
      }
      this.o.log.error({ err, channel: event.channel, eventId: event.eventId }, "event handling failed");
      // The transaction rolled back; still record the event so a redelivery is not answered twice.
      try {
        const now = this.clock();
        await turnCommit(this.o.db).run(() => {
          markHandled(this.o.db, event, now);
          if (markProcessed(this.o.db, event.channel, event.eventId, now)) this.queueReplies(event, [text(APOLOGY)], now);
        });
        this.o.wakeOutbox?.();
      } catch (e) {
        this.o.log.error({ err: e }, "could not record the failed event or queue the apology");
      }
      return [];
    }
  }
}
