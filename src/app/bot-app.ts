// Wires a channel to the conversation core: each event is handled in one SQLite
// transaction (dedupe, state, entries), then the replies are sent, then effects run.
import { makeDurable, type Db } from "../db/client.js";
import type { Channel } from "../channels/channel.js";
import { handleEvent } from "../conversation/router.js";
import type { Services } from "../conversation/ports.js";
import { text, type Effect, type InboundEvent, type Outbound } from "../conversation/types.js";
import { todayInVietnam } from "../domain/vn.js";
import { loadState, markProcessed, saveState } from "../store/conversations.js";
import { markReachable } from "../store/users.js";
import type { Logger } from "../log.js";
import { KeyedQueue } from "./keyed-queue.js";

export type Clock = () => Date;
/** Runs one effect; resolves when its work is done (a report built, archived and queued for sending). */
export type EffectRunner = (effect: Effect, ctx: { channel: Channel; chatId: string; eventId: string; send: (m: Outbound) => Promise<void> }) => Promise<void>;

export const APOLOGY = "Xin lỗi, bot gặp trục trặc khi xử lý tin nhắn này. Xin gửi lại sau ít phút; nếu vẫn lỗi, báo Văn phòng UBND phường.";

export interface BotAppOptions {
  db: Db;
  services: Services;
  log: Logger;
  clock?: Clock;
  runEffect?: EffectRunner;
  /** Replies that could not be sent after their change was committed: retried through the outbox. */
  deferReplies?: (channel: string, chatId: string, messages: Outbound[], eventId: string) => void;
}

export class BotApp {
  private readonly queue = new KeyedQueue();
  /**
   * Effects in progress, apart from the chats' event queues so a slow report holds up nothing.
   * They are not queued per chat either: a second /baocao while one builds must be answered
   * ("đang lập") at once, which the report queue decides.
   */
  private readonly effects = new Set<Promise<void>>();
  private readonly running = new Set<string>();
  private readonly clock: Clock;

  constructor(private readonly o: BotAppOptions) {
    this.clock = o.clock ?? (() => new Date());
  }

  /** True when no event is being handled (tests and shutdown wait for this). */
  idle(): boolean { return this.queue.size === 0 && this.effects.size === 0; }

  /** Resolves once no event or effect is in progress (shutdown; the console when stdin ends). */
  async settle(): Promise<void> {
    while (!this.idle()) {
      await Promise.allSettled([...this.effects]);
      await new Promise<void>((r) => setTimeout(r, 5));
    }
  }

  /** Takes an event from a channel (a webhook, a poll); duplicates are dropped when handled. */
  accept(channel: Channel, event: InboundEvent): "new" | "duplicate" {
    void this.handle(channel, event);
    return "new";
  }

  /** Handle one event from a channel; never throws. */
  handle(channel: Channel, event: InboundEvent): Promise<void> {
    const key = `${event.channel}:${event.chatId}`;
    return this.queue.run(key, () => this.process(channel, event)).then((effects) => {
      // Slow work (a report) runs after the reply: the caller does not wait for it (telegraf
      // holds the next poll batch until every handler returns), nor do the chat's next messages.
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
    });
  }

  private effectMessages = 0;

  private async runEffect(channel: Channel, event: InboundEvent, effect: Effect): Promise<void> {
    // A message of an effect ("đang tổng hợp", "đang lập", an apology) that cannot be sent now
    // is retried through the outbox, like the replies of an event.
    const send = async (m: Outbound) => {
      try {
        await channel.send(event.chatId, m);
      } catch (err) {
        this.o.log.warn({ err, eventId: event.eventId, effect: effect.type }, "effect message failed; retrying through the outbox");
        this.o.deferReplies?.(channel.name, event.chatId, [m], `${event.eventId}:${effect.type}:${++this.effectMessages}`);
      }
    };
    try {
      await this.o.runEffect?.(effect, { channel, chatId: event.chatId, eventId: event.eventId, send });
    } catch (err) {
      this.o.log.error({ err, effect: effect.type, eventId: event.eventId }, "effect failed");
      await send(text(APOLOGY)).catch((e: unknown) => this.o.log.error({ err: e }, "could not send the apology"));
    }
  }

  /**
   * Send the replies of a committed change. If sending fails, the change stands: the rest of the
   * replies go to the outbox to be retried, and nobody is asked to send again (that would file
   * the entry twice).
   */
  private async reply(channel: Channel, event: InboundEvent, messages: Outbound[]): Promise<void> {
    for (const [i, m] of messages.entries()) {
      try {
        await channel.send(event.chatId, m);
      } catch (err) {
        this.o.log.warn({ err, eventId: event.eventId }, "reply failed after commit; retrying through the outbox");
        this.o.deferReplies?.(channel.name, event.chatId, messages.slice(i), event.eventId);
        return;
      }
    }
  }

  private async process(channel: Channel, event: InboundEvent): Promise<Effect[]> {
    const send = (m: Outbound) => channel.send(event.chatId, m);
    try {
      const now = this.clock();
      const confirmedBefore = this.o.services.confirmedWrites;
      // better-sqlite3's own transaction: the hot path skips the query builder's wrapper.
      const result = this.o.db.$client.transaction(() => {
        if (!markProcessed(this.o.db, event.channel, event.eventId, now)) return null;
        markReachable(this.o.db, event.channel, event.userId, now);
        const state = loadState(this.o.db, event.channel, event.chatId);
        const r = handleEvent(state, event, { services: this.o.services, now, today: todayInVietnam(now) });
        saveState(this.o.db, event.channel, event.chatId, r.state, now);
        return r.reply;
      })();
      if (!result) {
        this.o.log.debug({ channel: event.channel, eventId: event.eventId }, "duplicate event ignored");
        return [];
      }
      // The person is about to be told something is saved: make it survive a power cut first.
      if (this.o.services.confirmedWrites !== confirmedBefore) {
        try { makeDurable(this.o.db); } catch (err) { this.o.log.error({ err, eventId: event.eventId }, "could not fsync a confirmed write; it is committed"); }
      }
      await this.reply(channel, event, result.messages);
      return result.effects;
    } catch (err) {
      this.o.log.error({ err, channel: event.channel, eventId: event.eventId }, "event handling failed");
      // The transaction rolled back; still record the event so a redelivery is not answered twice.
      try { markProcessed(this.o.db, event.channel, event.eventId, this.clock()); } catch (e) { this.o.log.error({ err: e }, "could not record the failed event"); }
      await send(text(APOLOGY)).catch((e: unknown) => this.o.log.error({ err: e }, "could not send the apology"));
      return [];
    }
  }
}
