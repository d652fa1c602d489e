// Wires a channel to the conversation core: each event is handled in one SQLite transaction
// (dedupe, state, the core's writes carried out, and the replies written to the outbox), then
// the outbox is woken to send them, then effects run. Nothing here sends to a chat directly: a crash after the commit
// cannot lose a reply, and a slow chat holds up no other (see outbox/sender.ts).
import type { Db } from "../db/client.js";
import { oweDurable } from "../db/durable.js";
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
import { markHandled, recordEvent, unhandledEvents } from "./inbox.js";

export type Clock = () => Date;
/**
 * Runs one effect; resolves when its work is done (a report built, archived and queued for
 * sending). `send` queues a message to the chat in the outbox (committed when it resolves).
 */
export type EffectRunner = (effect: Effect, ctx: { channel: Channel; chatId: string; eventId: string; send: (m: Outbound) => Promise<void> }) => Promise<void>;

export const APOLOGY = "Xin lỗi, bot gặp trục trặc khi xử lý tin nhắn này. Xin gửi lại sau ít phút; nếu vẫn lỗi, báo Văn phòng UBND phường.";

export interface BotAppOptions {
  db: Db;
  services: Services;
  log: Logger;
  clock?: Clock;
  runEffect?: EffectRunner;
  /** Called after messages were committed to the outbox, so it sends them at once. */
  wakeOutbox?: () => void;
}

export class BotApp {
  private readonly queue = new KeyedQueue();
  /**
   * Effects in progress, apart from the chats' event queues so a slow report holds up nothing.
   * They are not queued per chat either: a second /baocao while one builds must be answered
   * ("đang lập") at once, which the report queue decides.
   */
  private readonly effects = new Set<Promise<void>>();
  /** Accepted events being handled (until handled_at is written). */
  private readonly accepted = new Set<Promise<void>>();
  private readonly running = new Set<string>();
  private readonly clock: Clock;
  /** Makes the outbox keys of messages queued in one millisecond distinct. */
  private sequence = 0;

  constructor(private readonly o: BotAppOptions) {
    this.clock = o.clock ?? (() => new Date());
  }

  /** True when no event is being handled (tests and shutdown wait for this). */
  idle(): boolean { return this.queue.size === 0 && this.effects.size === 0 && this.accepted.size === 0; }

  /** Resolves once no event or effect is in progress (shutdown; the console when stdin ends). */
  async settle(): Promise<void> {
    while (!this.idle()) {
      await Promise.allSettled([...this.effects, ...this.accepted]);
      await new Promise<void>((r) => setTimeout(r, 5));
    }
  }

  /**
   * Record a platform event in the inbox, synchronously, then handle it in the background. The
   * caller acknowledges the event to the platform once this returns: from then on a crash cannot
   * lose it (resumeRecorded), and a redelivery is answered "duplicate" and dropped.
   */
  accept(channel: Channel, event: InboundEvent): "new" | "duplicate" {
    if (!recordEvent(this.o.db, event, this.clock())) return "duplicate";
    this.handleRecorded(channel, event);
    return "new";
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
      .then((outcome) => { if (outcome === "handled") markHandled(this.o.db, event, this.clock()); })
      .catch((err: unknown) => this.o.log.error({ err, eventId: event.eventId }, "could not mark an event handled"))
      .finally(() => this.accepted.delete(p));
    this.accepted.add(p);
    return p;
  }

  /** Handle one event from a channel; never throws. "retry": a write failed, nothing was committed or answered. */
  handle(channel: Channel, event: InboundEvent): Promise<"handled" | "retry"> {
    const key = `${event.channel}:${event.chatId}`;
    return this.queue.run(key, () => this.process(channel, event)).then((effects) => {
      if (effects === "retry") return "retry";
      // Slow work (a report) runs after the reply: the caller does not wait for it, nor do the
      // chat's next messages.
      for (const effect of effects) {
        const id = `${key}|${JSON.stringify(effect)}`;
        if (this.running.has(id)) continue; // a double tap on "Nhận báo cáo" makes one report
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

  private async process(_channel: Channel, event: InboundEvent): Promise<Effect[] | "retry"> {
    try {
      const now = this.clock();
      // better-sqlite3's own transaction: the hot path skips the query builder's wrapper.
      const result = this.o.db.$client.transaction(() => {
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
        return { reply: r.reply, wrote: core.writes.length > 0 };
      })();
      if (!result) {
        this.o.log.debug({ channel: event.channel, eventId: event.eventId }, "duplicate event ignored");
        return [];
      }
      // The person will be told something is saved: the outbox makes it survive a power cut
      // before it sends anything (one fsync for every commit owed meanwhile: group commit).
      if (result.wrote) oweDurable(this.o.db);
      this.o.wakeOutbox?.();
      return result.reply.effects;
    } catch (err) {
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
        this.o.db.$client.transaction(() => {
          if (markProcessed(this.o.db, event.channel, event.eventId, now)) this.queueReplies(event, [text(APOLOGY)], now);
        })();
        this.o.wakeOutbox?.();
      } catch (e) {
        this.o.log.error({ err: e }, "could not record the failed event or queue the apology");
      }
      return [];
    }
  }
}
