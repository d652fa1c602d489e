// The ward profile's unit dates for the repositories: which units are in force on a day, and a
// person's record with their unit's dates (the core tells a reporter of an ended unit so).
import { inForceOn, outOfForceLine } from "../domain/org-dates.js";
import type { WardProfile } from "../domain/profile.js";
import { todayInVietnam } from "../domain/vn.js";
import type { UserRecord } from "../conversation/ports.js";

export function datedUnits(profile: WardProfile) {
  const byCode = new Map(profile.units.map((u) => [u.code, u]));
  // The ward itself and units the profile no longer names have no dates: always in force here.
  const inForceOnDay = (code: string, day: string) => {
    const u = byCode.get(code);
    return !u || inForceOn(u, day);
  };
  return {
    inForceOnDay,
    inForceOn: (now: Date) => (code: string) => inForceOnDay(code, todayInVietnam(now)),
    /** Why the unit takes nobody new at `now` (ended, not yet begun), or undefined while in force. */
    whyNotInForce(code: string, now: Date): string | undefined {
      const u = byCode.get(code);
      return u && outOfForceLine(u, profile.units, todayInVietnam(now));
    },
    withDates(user: UserRecord | undefined): UserRecord | undefined {
      const u = user && byCode.get(user.unitCode);
      if (!user || !u || (u.from === undefined && u.until === undefined)) return user;
      return {
        ...user,
        ...(u.from !== undefined ? { unitFrom: u.from } : {}),
        ...(u.until !== undefined ? { unitUntil: u.until } : {}),
        ...(u.successors ? { unitNext: u.successors.map((c) => byCode.get(c)?.name ?? c) } : {}),
      };
    },
  };
}
