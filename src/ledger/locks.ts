// Period locks: a locked period accepts no new or changed entries, except for units it was reopened for.
import { eq } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { stmt } from "../db/statements.js";
import { periodLocks, periodUnlocks } from "../db/schema.js";

export function isLocked(db: Db, period: string, unitCode: string): boolean {
  return stmt(db, `select 1 from period_locks l where l.period = ?
    and not exists (select 1 from period_unlocks u where u.period = l.period and u.unit_code = ?)`).get(period, unitCode) !== undefined;
}

/** Locks months for every unit; locking again also closes units that had been reopened. */
export function lockMonths(db: Db, months: string[], by: number | null, now: Date, automatic = false): void {
  for (const period of months) {
    db.insert(periodLocks).values({ period, lockedBy: by, automatic, lockedAt: now }).onConflictDoNothing().run();
    // The automatic lock runs daily: it must not undo a reopening the chairman decided.
    if (!automatic) db.delete(periodUnlocks).where(eq(periodUnlocks.period, period)).run();
  }
}

export function unlockMonths(db: Db, months: string[], unitCode: string, by: number, now: Date): void {
  for (const period of months) {
    db.insert(periodUnlocks).values({ period, unitCode, unlockedBy: by, unlockedAt: now }).onConflictDoNothing().run();
  }
}
