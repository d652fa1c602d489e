// Brings the units and settings tables in line with the ward profile at start-up.
import { and, eq, ne, notInArray, or } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { settings, units } from "../db/schema.js";
import { profileOn, type WardProfile } from "../domain/profile.js";
import { wardKind } from "../domain/catalogue.js";
import { todayInVietnam } from "../domain/vn.js";

/**
 * The ward's own unit (the leaders' and the office's) as in force today, as the reports name it:
 * after a merger the chat and the page say the new name, not the one of the file's top.
 */
const wardToday = (profile: WardProfile, now: Date) => profileOn(profile, todayInVietnam(now)).ward;

export function syncProfile(db: Db, profile: WardProfile, now: Date): void {
  const ward = wardToday(profile, now);
  const all = [
    { code: ward.code, name: ward.name, shortName: ward.place, kind: wardKind(), parentCode: null },
    ...profile.units.map((u) => ({ code: u.code, name: u.name, shortName: u.shortName ?? u.name, kind: u.kind, parentCode: profile.ward.code })),
  ];
  db.transaction(() => {
    all.forEach((u, sortOrder) => {
      const row = { ...u, sortOrder, active: true };
      db.insert(units).values(row).onConflictDoUpdate({ target: units.code, set: row }).run();
    });
    // Units dropped from the profile keep their history but stop being asked for reports.
    db.update(units).set({ active: false }).where(notInArray(units.code, all.map((u) => u.code))).run();
    const valueJson = JSON.stringify(profile);
    db.insert(settings).values({ key: "ward_profile", valueJson, updatedAt: now })
      .onConflictDoUpdate({ target: settings.key, set: { valueJson, updatedAt: now } }).run();
  });
}

/**
 * The ward's own unit renamed when a dated change of the profile comes into force while the bot
 * runs (start-up does it too): true when the name changed.
 */
export function syncWardName(db: Db, profile: WardProfile, now: Date): boolean {
  const ward = wardToday(profile, now);
  return db.update(units).set({ name: ward.name, shortName: ward.place })
    .where(and(eq(units.code, ward.code), or(ne(units.name, ward.name), ne(units.shortName, ward.place)))).run().changes > 0;
}

export function activeUnits(db: Db) {
  return db.select().from(units).where(eq(units.active, true)).orderBy(units.sortOrder).all();
}
