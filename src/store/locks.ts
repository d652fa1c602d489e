// Period locks: a locked period accepts no new or changed entries, except for units it was reopened for.
import { and, eq } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { periodLocks, periodUnlocks } from "../db/schema.js";

export function isLocked(db: Db, period: string, unitCode: string): boolean {
  const lock = db.select({ p: periodLocks.period }).from(periodLocks).where(eq(periodLocks.period, period)).get();
  if (!lock) return false;
  const reopened = db.select({ p: periodUnlocks.period }).from(periodUnlocks)
    .where(and(eq(periodUnlocks.period, period), eq(periodUnlocks.unitCode, unitCode))).get();
  return !reopened;
}

export function lockMonths(db: Db, months: string[], by: number | null, now: Date, automatic = false): void {
  for (const period of months) {
    db.insert(periodLocks).values({ period, lockedBy: by, automatic, lockedAt: now }).onConflictDoNothing().run();
  }
}

export function unlockMonths(db: Db, months: string[], unitCode: string, by: number, now: Date): void {
  for (const period of months) {
    db.insert(periodUnlocks).values({ period, unitCode, unlockedBy: by, unlockedAt: now }).onConflictDoNothing().run();
  }
}
