// A channel whose plan quota is spent (Zalo's 429, "Quota exceeded", monthly) sends nothing until
// the quota's next period: its pacer is paused that long (no other channel's is), and its pending
// rows are moved to another channel the person is linked on (the one seen last) or, for people
// with no other, held until the period starts, so none is tried again each second meanwhile.
// The state is in memory: after a restart the first send earns the 429 again, one try per start.
import type { Db } from "../db/client.js";

/** How often rows queued meanwhile for a spent channel are moved or held (at most). */
const SWEEP_MS = 1000;

export class SpentQuotas {
  private readonly until = new Map<string, number>();
  private lastSweep = -Infinity;

  constructor(private readonly db: Db, private readonly runningChannels: () => readonly string[]) {}

  /** Marks the channel spent until `resumeAt`; true when it was not spent already (tell the office). */
  spend(channel: string, resumeAt: number, now: number): boolean {
    const was = this.until.get(channel);
    this.until.set(channel, Math.max(resumeAt, was ?? 0));
    return was === undefined || was <= now;
  }

  spentUntil(channel: string, now: number): number | undefined {
    const t = this.until.get(channel);
    return t !== undefined && t > now ? t : undefined;
  }

  /**
   * Moves or holds every pending row of a spent channel but those in flight (their own outcome
   * says what becomes of them). Runs at once with `force`, else at most once a second.
   */
  sweep(now: number, inFlight: ReadonlySet<number>, force = false): { moved: number; held: number } {
    const out = { moved: 0, held: 0 };
    // The cadence is real time (the injected clock may stand still in tests); `now` decides what is due.
    const tick = performance.now();
    if (this.until.size === 0 || (!force && tick - this.lastSweep < SWEEP_MS)) return out;
    this.lastSweep = tick;
    for (const [channel, until] of [...this.until]) {
      if (until <= now) { this.until.delete(channel); continue; }
      const others = this.runningChannels().filter((c) => c !== channel && this.spentUntil(c, now) === undefined);
      const r = moveOrHold(this.db, { channel, others, until, inFlight: [...inFlight], now });
      out.moved += r.moved;
      out.held += r.held;
    }
    return out;
  }
}

/**
 * One transaction: rows for people linked on another running channel go there (from their first
 * part, since the parts differ by channel), due now; the rest wait until `until`.
 */
export function moveOrHold(db: Db, a: { channel: string; others: readonly string[]; until: number; inFlight: readonly number[]; now: number }): { moved: number; held: number } {
  const others = JSON.stringify(a.others);
  const busy = JSON.stringify(a.inFlight);
  const elsewhere = `from identities i where i.user_id = outbox.user_id and i.channel <> outbox.channel and i.channel in (select value from json_each(?))`;
  return db.$client.transaction(() => {
    const moved = db.$client.prepare(`update outbox set (channel, chat_id) = (select i.channel, i.chat_id ${elsewhere}
        order by coalesce(i.last_seen_at, 0) desc, i.created_at desc, i.id desc limit 1),
        parts_sent = 0, next_attempt_at = ?
      where status = 'pending' and channel = ? and user_id is not null and id not in (select value from json_each(?))
        and exists (select 1 ${elsewhere})`)
      .run(others, a.now, a.channel, busy, others).changes;
    const held = db.$client.prepare(`update outbox set next_attempt_at = ?
      where status = 'pending' and channel = ? and next_attempt_at < ? and id not in (select value from json_each(?))`)
      .run(a.until, a.channel, a.until, busy).changes;
    return { moved, held };
  })();
}
