// The global limit on wrong codes (invites of /start <code>, link codes of /lienket): the per-chat
// limit (invites.ts) does not stop one person guessing from many chats. CODE_LIMIT (30 wrong codes
// within 10 minutes across all chats) trips it; then no code is taken from anyone for 10 minutes,
// and the office is told once (the core returns the notice). Kept in SQLite, so a restart keeps it: the
// wrong codes are the invite_failures rows, and a trip is one row there under a channel no
// plug-in has ("*"), which no chat's own count ever reads.
import { and, count, eq, gt, ne } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { inviteFailures } from "../db/schema.js";
import { CODE_LIMIT, type CodeGuard } from "../conversation/ports.js";

const WINDOW_MS = CODE_LIMIT.minutes * 60_000;
const TRIP = { channel: "*", chatId: "global-code-limit" } as const;

/** Whether codes are refused now, and how many more wrong codes the window takes before it trips. */
export function codeGuard(db: Db, now: Date): CodeGuard {
  const since = new Date(now.getTime() - WINDOW_MS);
  const tripped = db.select({ n: count() }).from(inviteFailures)
    .where(and(eq(inviteFailures.channel, TRIP.channel), eq(inviteFailures.chatId, TRIP.chatId), gt(inviteFailures.at, since))).get();
  const wrong = db.select({ n: count() }).from(inviteFailures)
    .where(and(ne(inviteFailures.channel, TRIP.channel), gt(inviteFailures.at, since))).get();
  return { locked: (tripped?.n ?? 0) > 0, left: Math.max(0, CODE_LIMIT.wrongCodes - (wrong?.n ?? 0)) };
}

/** The limit tripped now: codes are refused for the next window. */
export function recordCodeTrip(db: Db, now: Date): void {
  db.insert(inviteFailures).values({ ...TRIP, at: now }).run();
}
