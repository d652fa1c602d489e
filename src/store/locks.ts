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
