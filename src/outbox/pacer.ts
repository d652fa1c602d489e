// Send pacing for the outbox: an overall rate, a minimum gap per chat and a bot-wide pause
// after a 429. Times are monotonic milliseconds (performance.now()), never the injected clock.
//
// The overall limit is kept provably, as the platform counts it (by the arrival of requests):
// a send may start only once the send `rate` requests earlier (and every one before it) has
// *finished*, plus one second. A request arrives after it starts and before it finishes, so
// any two requests `rate` apart arrive more than a second apart, however the network delays
// them and however many run at once. Sends are also spaced 1000/rate ms apart so they flow
// evenly instead of in bursts. The per-chat gap is likewise measured from the previous
// send's finish.
//
// Replies skip the per-chat gap and the even spacing (`urgent`): a person waits for them, and
// they come one exchange at a time, so they are no burst; they still count in the ring (the
// overall limit) and stop for a 429 pause like everything else. The gap and spacing are for
// reminder and notice bursts.

/** Slack over one second for timer and millisecond rounding. */
const MARGIN_MS = 5;
const WINDOW_MS = 1000;

interface Slot { doneAt?: number }

export interface Ticket { slot: Slot; chat: string }

export class Pacer {
  /** The slots of the last `rate` requests, oldest first; a send of n requests holds n. */
  private readonly ring: Slot[] = [];
  /** Latest finish among requests already pushed out of the ring. */
  private horizon = -Infinity;
  private nextStart = -Infinity;
  private pausedUntil = -Infinity;
  private readonly spacingMs: number;
  private readonly busy = new Set<string>();
  private readonly readyAt = new Map<string, number>();

  constructor(
    private readonly rate: number,
    private readonly chatIntervalMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.spacingMs = WINDOW_MS / rate;
  }

  /** Stop every send for `ms` (Telegram's 429 applies to the whole bot). */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
  }

  pausedFor(): number {
    return Math.max(0, this.pausedUntil - this.now());
  }

  /** 0 when the chat may get a send now; Infinity while a send to it is in flight. */
  chatWait(chat: string, urgent = false): number {
    if (this.busy.has(chat)) return Infinity;
    if (urgent) return 0;
    const ready = this.readyAt.get(chat);
    return ready === undefined ? 0 : Math.max(0, ready - this.now());
  }

  /** 0 when a send of `weight` requests may start; Infinity until an in-flight send finishes. */
  globalWait(weight: number, urgent = false): number {
    const w = Math.min(Math.max(1, weight), this.rate);
    let horizon = this.horizon;
    for (let i = 0; i < this.ring.length + w - this.rate; i++) {
      const done = this.ring[i]!.doneAt;
      if (done === undefined) return Infinity;
      horizon = Math.max(horizon, done);
    }
    const gate = Math.max(this.pausedUntil, urgent ? -Infinity : this.nextStart, horizon + WINDOW_MS + MARGIN_MS);
    return Math.max(0, gate - this.now());
  }

  /** Record the start of a send; call only after chatWait and globalWait both returned 0. */
  begin(chat: string, weight: number): Ticket {
    const w = Math.min(Math.max(1, weight), this.rate);
    const slot: Slot = {};
    for (let evict = this.ring.length + w - this.rate; evict > 0; evict--) {
      const old = this.ring.shift()!;
      this.horizon = Math.max(this.horizon, old.doneAt ?? this.now());
    }
    for (let i = 0; i < w; i++) this.ring.push(slot);
    this.nextStart = this.now() + this.spacingMs * w;
    this.busy.add(chat);
    return { slot, chat };
  }

  end(t: Ticket): void {
    const now = this.now();
    t.slot.doneAt = now;
    this.busy.delete(t.chat);
    this.readyAt.set(t.chat, now + this.chatIntervalMs + MARGIN_MS);
    if (this.readyAt.size > 5000) {
      for (const [chat, at] of this.readyAt) if (at <= now) this.readyAt.delete(chat);
    }
  }
}
