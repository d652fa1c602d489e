// Which due row the outbox sends next (see the top of sender.ts): the highest priority with a row
// that may go now (table.ts PRIORITIES: answers to people, to strangers, then the rest), and
// within it the chat lane served least recently — chats in turn, so no backlog holds another
// chat. One pacer per channel: each platform counts its own rate and 429 pauses.
import { chatKey } from "./outcome.js";
import { Pacer, type Ticket } from "./pacer.js";
import type { DueEntry, DueIndex } from "./due-index.js";
import { isAnswer, type DueRow, type OutboxStatements, type RowHead } from "./table.js";

export type Pick =
  | { kind: "row"; row: DueRow }
  | { kind: "blocked"; wait: number } // rows are due, but their chats or channels must wait
  | { kind: "idle"; wait: number }; // nothing due

/** A document has its own lane in its chat: an upload (up to DOCUMENT_TIMEOUT_MS) never holds a text reply. */
export const laneKey = (row: RowHead): string => (row.kind === "document" ? `${chatKey(row)}\u0000doc` : chatKey(row));

export class Turns {
  private readonly pacers = new Map<string, Pacer>();
  /** When each chat lane was last served (a counter): the least recently served goes first. */
  private readonly served = new Map<string, number>();
  private turn = 0;
  /**
   * The reply whose part each lane sent last. Its next part goes before other chats' turns: a
   * reply in parts ("⚠️ …" then the question) must reach the phone together, else the person
   * answers the first part alone while the rest waits a round of every other chat (issue 18's
   * crash-suite stall: on Zalo each such answer drew a two-part reply, and the backlog grew).
   */
  private readonly openReply = new Map<string, string>();
  /**
   * Rows being sent by this process. A reply's claim is only here, not in the table: a process
   * that dies mid-send leaves it "pending", and the next start sends it again (at-least-once), as
   * the recovery of a "sending" reply would. So it is never picked twice while in flight.
   */
  readonly inFlight = new Set<number>();

  constructor(
    private readonly s: OutboxStatements,
    private readonly index: DueIndex,
    private readonly rate: number,
    private readonly chatIntervalMs: number,
    private readonly holdFor?: (row: RowHead, now: Date) => number,
    /** True while the channel may start no send: as many in flight as it may have, or its quota spent (sender.ts). */
    private readonly channelBlocked: (channel: string, now: number) => boolean = () => false,
  ) {}

  pacerFor(channel: string): Pacer {
    let p = this.pacers.get(channel);
    if (!p) { p = new Pacer(this.rate, this.chatIntervalMs); this.pacers.set(channel, p); }
    return p;
  }

  /** Record that a send to this row's lane starts now; the ticket ends it (pacer.end). */
  begin(row: DueRow, weight: number): { pacer: Pacer; ticket: Ticket } {
    const pacer = this.pacerFor(row.channel);
    const lane = laneKey(row);
    if (this.served.size > 10_000) { this.served.clear(); this.openReply.clear(); }
    this.served.set(lane, ++this.turn);
    const reply = replyOf(row);
    if (reply === undefined) this.openReply.delete(lane); else this.openReply.set(lane, reply);
    return { pacer, ticket: pacer.begin(lane, weight) };
  }

  /** Whether this lane head is the next part of the reply its lane sent last (read once; a later reply closes it). */
  private continuesReply(e: DueEntry): boolean {
    const lane = laneKey(e);
    const open = this.openReply.get(lane);
    if (open === undefined) return false;
    // The index holds the row's kind and key: no read of the row (it was a query per lane per pick).
    if (replyOf(e) === open) return true;
    this.openReply.delete(lane);
    return false;
  }

  /**
   * The row to send now, from the in-memory index of unsent rows (due-index.ts): the highest
   * priority, then the chat lane served least recently, then the oldest. Its full row (payload) is
   * read by id; a row changed meanwhile by someone else is dropped from the index and the pick runs again.
   */
  pick(now: number, upTo = Infinity): Pick {
    this.index.sync();
    for (;;) {
      const r = this.choose(now, upTo);
      if (r.kind !== "row") return r;
      const row = this.s.pendingRow.get(r.row.id);
      if (row) return { kind: "row", row };
      this.index.refresh(r.row.id);
    }
  }

  /** `upTo`: rows above this id wait (their commit is not yet durable: sender.ts, db/durable.ts). */
  private choose(now: number, upTo: number): { kind: "row"; row: DueEntry } | Exclude<Pick, { kind: "row" }> {
    let wait = Infinity;
    let next = Infinity;
    let anyDue = false;
    let best: DueEntry | undefined;
    let bestPriority = Infinity;
    let bestTurn = Infinity;
    // The rate's wait read once per channel and pick: read per row, the real clock moving on during
    // the loop let a later row pass where an earlier one had just been held (chat 10 before 8 and 9).
    const globalWaits = new Map<string, number>();
    for (const e of this.index.heads()) {
      if (this.inFlight.has(e.id)) continue;
      if (e.nextAt > now) { next = Math.min(next, e.nextAt); continue; }
      anyDue = true;
      if (e.id > upTo) continue; // woken when the fsync that covers it ends
      // Woken when one of its sends finishes (sender.ts wake); a spent quota's rows are held (quota.ts).
      if (this.channelBlocked(e.channel, now)) continue;
      const priority = priorityOf(e);
      if (priority > bestPriority) continue;
      const hold = this.holdFor?.(e, new Date(now)) ?? 0;
      if (hold > 0) { wait = Math.min(wait, hold); continue; }
      const pacer = this.pacerFor(e.channel);
      const gk = `${e.channel}\u0000${isAnswer(e)}`;
      let global = globalWaits.get(gk);
      if (global === undefined) { global = pacer.globalWait(1, isAnswer(e)); globalWaits.set(gk, global); }
      const w = Math.max(pacer.chatWait(laneKey(e), isAnswer(e)), global);
      if (w > 0) { wait = Math.min(wait, w); continue; }
      const turn = this.continuesReply(e) ? -1 : this.served.get(laneKey(e)) ?? 0;
      if (priority < bestPriority || turn < bestTurn || (turn === bestTurn && e.id < best!.id)) {
        best = e; bestPriority = priority; bestTurn = turn;
      }
    }
    if (best) return { kind: "row", row: best };
    if (anyDue) return { kind: "blocked", wait };
    // Rows due now that were not picked are in flight: what to wait for is the next one after now.
    return { kind: "idle", wait: next === Infinity ? Infinity : Math.max(1, next - now) };
  }
}

/**
 * The reply a row is part of: bot-app.ts queueReplies keys each part
 * `reply:<channel>:<chat>:<event>:<time>:<counter>`, so the parts of one reply share all but the counter.
 */
export function replyOf(row: { kind: string; dedupeKey: string | null }): string | undefined {
  if (row.kind !== "reply" || !row.dedupeKey?.startsWith("reply:")) return undefined;
  return row.dedupeKey.slice(0, row.dedupeKey.lastIndexOf(":"));
}

/** table.ts PRIORITY: answers to registered people, answers to strangers, then the rest. */
const priorityOf = (e: DueEntry): number => (isAnswer(e) ? (e.userId === null ? 1 : 0) : 2);
