// Wires a channel to the conversation core: each event is handled in one SQLite
// transaction (dedupe, state, entries), then the replies are sent, then effects run.
import { makeDurable, type Db } from "../db/client.js";
import type { Channel } from "../channels/channel.js";
import { handleEvent } from "../conversation/router.js";
import type { Services } from "../conversation/ports.js";
import { text, type Effect, type InboundEvent, type Outbound } from "../conversation/types.js";
import { todayInVietnam } from "../domain/vn.js";
import { loadState, markProcessed, saveState } from "../store/conversations.js";
import type { Logger } from "../log.js";
import { KeyedQueue } from "./keyed-queue.js";

export type Clock = () => Date;
export type EffectRunner = (effect: Effect, ctx: { channel: Channel; chatId: string; send: (m: Outbound) => Promise<void> }) => Promise<void>;

export const APOLOGY = "Xin lỗi, bot gặp trục trặc khi xử lý tin nhắn này. Xin gửi lại sau ít phút; nếu vẫn lỗi, báo Văn phòng UBND phường.";

export interface BotAppOptions {
  db: Db;
  services: Services;
  log: Logger;
  clock?: Clock;
  runEffect?: EffectRunner;
}

export class BotApp {
  private readonly queue = new KeyedQueue();
  private readonly clock: Clock;

  constructor(private readonly o: BotAppOptions) {
    this.clock = o.clock ?? (() => new Date());
  }

  /** True when no event is being handled (tests and shutdown wait for this). */
  idle(): boolean { return this.queue.size === 0; }

  /** Handle one event from a channel; never throws. */
  handle(channel: Channel, event: InboundEvent): Promise<void> {
    const key = `${event.channel}:${event.chatId}`;
    return this.queue.run(key, () => this.process(channel, event)).then((effects) => {
      // Slow work (a report) runs after the reply, still in this chat's order, but the caller
      // does not wait for it: telegraf holds the next poll batch until every handler returns.
      if (effects.length > 0) void this.queue.run(key, () => this.runEffects(channel, event, effects));
    });
  }

  private async runEffects(channel: Channel, event: InboundEvent, effects: Effect[]): Promise<void> {
    const send = (m: Outbound) => channel.send(event.chatId, m);
    for (const effect of effects) {
      try {
        await this.o.runEffect?.(effect, { channel, chatId: event.chatId, send });
      } catch (err) {
        this.o.log.error({ err, effect: effect.type, eventId: event.eventId }, "effect failed");
        await send(text(APOLOGY)).catch((e: unknown) => this.o.log.error({ err: e }, "could not send the apology"));
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
      if (this.o.services.confirmedWrites !== confirmedBefore) makeDurable(this.o.db);
      for (const m of result.messages) await send(m);
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
