// Which due row the outbox sends next (see the top of sender.ts): the highest priority with a row
// that may go now (table.ts PRIORITIES: answers to people, to strangers, then the rest), and
// within it the chat lane served least recently — chats in turn, so no backlog holds another
// chat. One pacer per channel: each platform counts its own rate and 429 pauses.
import { chatKey } from "./outcome.js";
import { Pacer, type Ticket } from "./pacer.js";
import { isAnswer, PRIORITIES, type DueRow, type OutboxStatements } from "./table.js";

const PAGE = 25; // small: with few chats in flight, the first page nearly always has a row to send
const MAX_PAGES = 40;

export type Pick =
  | { kind: "row"; row: DueRow }
  | { kind: "blocked"; wait: number } // rows are due, but their chats or channels must wait
  | { kind: "idle"; wait: number }; // nothing due

/** A document has its own lane in its chat: an upload (up to DOCUMENT_TIMEOUT_MS) never holds a text reply. */
export const laneKey = (row: DueRow): string => (row.kind === "document" ? `${chatKey(row)}\u0000doc` : chatKey(row));

export class Turns {
  private readonly pacers = new Map<string, Pacer>();
  /** When each chat lane was last served (a counter): the least recently served goes first. */
  private readonly served = new Map<string, number>();
  private turn = 0;
  /**
   * Rows being sent by this process. A reply's claim is only here, not in the table: a process
   * that dies mid-send leaves it "pending", and the next start sends it again (at-least-once), as
   * the recovery of a "sending" reply would. So it is never picked twice while in flight.
   */
  readonly inFlight = new Set<number>();

  constructor(
    private readonly s: OutboxStatements,
    private readonly rate: number,
    private readonly chatIntervalMs: number,
    private readonly holdFor?: (row: DueRow, now: Date) => number,
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
    if (this.served.size > 10_000) this.served.clear();
    this.served.set(lane, ++this.turn);
    return { pacer, ticket: pacer.begin(lane, weight) };
  }

  pick(now: number): Pick {
    let wait = Infinity;
    let anyDue = false;
    for (const priority of PRIORITIES) {
      let after = 0;
      for (let page = 0; page < MAX_PAGES; page++) {
        const rows = this.s.due.all(now, priority, after, PAGE);
        let best: DueRow | undefined;
        let bestTurn = Infinity;
        for (const row of rows) {
          if (this.inFlight.has(row.id)) continue;
          anyDue = true;
          // Woken when one of its sends finishes (sender.ts wake); a spent quota's rows are held (quota.ts).
          if (this.channelBlocked(row.channel, now)) continue;
          const hold = this.holdFor?.(row, new Date(now)) ?? 0;
          if (hold > 0) { wait = Math.min(wait, hold); continue; }
          const pacer = this.pacerFor(row.channel);
          const w = Math.max(pacer.chatWait(laneKey(row), isAnswer(row)), pacer.globalWait(1, isAnswer(row)));
          if (w > 0) { wait = Math.min(wait, w); continue; }
          const turn = this.served.get(laneKey(row)) ?? 0;
          if (turn < bestTurn) { best = row; bestTurn = turn; }
        }
        if (best) return { kind: "row", row: best };
        if (rows.length < PAGE) break;
        after = rows[rows.length - 1]!.id;
      }
    }
    if (anyDue) return { kind: "blocked", wait };
    // Rows due now that were not picked are in flight: what to wait for is the next one after now.
    const next = this.s.nextDue.get(now)?.at ?? null;
    return { kind: "idle", wait: next === null ? Infinity : Math.max(1, next - now) };
  }
}
