// People and their platform identities.
import { and, eq } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { stmt } from "../db/statements.js";
import { identities, units, users } from "../db/schema.js";
import type { Role, UserRecord } from "../conversation/ports.js";
import type { UnitKind } from "../domain/catalogue.js";

const userColumns = {
  id: users.id, name: users.name, role: users.role, unitCode: users.unitCode, unitName: units.name, unitKind: units.kind,
  active: users.active, unitActive: units.active,
};
const toRecord = (r: UserRow): UserRecord =>
  ({ ...r, unitKind: r.unitKind as UnitKind, active: Boolean(r.active), unitActive: Boolean(r.unitActive) });

export function findUserById(db: Db, id: number): UserRecord | undefined {
  const r = db.select(userColumns).from(users).innerJoin(units, eq(units.code, users.unitCode)).where(eq(users.id, id)).get();
  return r && toRecord(r);
}

type UserRow = { id: number; name: string; role: Role; unitCode: string; unitName: string; unitKind: string; active: boolean | number; unitActive: boolean | number };

/** Runs on every event: a prepared statement. */
export function findUserByIdentity(db: Db, channel: string, platformUserId: string): UserRecord | undefined {
  const r = stmt<[string, string], UserRow>(db, `select u.id, u.name, u.role, u.unit_code as unitCode, n.name as unitName, n.kind as unitKind,
      u.active, n.active as unitActive
    from identities i join users u on u.id = i.user_id join units n on n.code = u.unit_code
    where i.channel = ? and i.platform_user_id = ?`).get(channel, platformUserId);
  return r && toRecord(r);
}

/** Binds a platform identity to a user with this role and unit directly (console trial, tests). */
export function bindIdentity(db: Db, a: { channel: string; platformUserId: string; chatId: string; name: string; role: Role; unitCode: string; now: Date }): UserRecord {
  return db.transaction(() => {
    const existing = db.select().from(identities)
      .where(and(eq(identities.channel, a.channel), eq(identities.platformUserId, a.platformUserId))).get();
    if (existing) {
      db.update(users).set({ role: a.role, unitCode: a.unitCode, name: a.name }).where(eq(users.id, existing.userId)).run();
      return findUserById(db, existing.userId)!;
    }
    const id = db.insert(users).values({ name: a.name, role: a.role, unitCode: a.unitCode, createdAt: a.now }).returning({ id: users.id }).get().id;
    db.insert(identities).values({ channel: a.channel, platformUserId: a.platformUserId, chatId: a.chatId, userId: id, createdAt: a.now, lastSeenAt: a.now }).run();
    return findUserById(db, id)!;
  });
}

/**
 * Runs on every event: a person who writes can be reached again, whatever a past send said, and
 * this identity becomes the one reminders and notices go to (the channel used last).
 */
export function markReachable(db: Db, channel: string, platformUserId: string, now?: Date): void {
  stmt(db, `update users set unreachable_at = null where unreachable_at is not null
    and id = (select user_id from identities where channel = ? and platform_user_id = ?)`).run(channel, platformUserId);
  if (now) stmt(db, "update identities set last_seen_at = ? where channel = ? and platform_user_id = ?").run(now.getTime(), channel, platformUserId);
}

/** Someone the bot can write to: an active user with a chat, not marked unreachable (deactivated people are not reminded). */
export interface Contact { id: number; name: string; channel: string; chatId: string }

/**
 * The reachable people of a role, of one unit or of all: one identity each, the one seen last
 * (never seen: the newest), so a person on two channels is not told twice.
 */
export function contacts(db: Db, role: Role, unitCode?: string): Contact[] {
  return stmt<[string, string | null, string | null], Contact>(db, `select u.id, u.name, i.channel, i.chat_id as chatId
    from users u join identities i on i.id = (select j.id from identities j where j.user_id = u.id
      order by coalesce(j.last_seen_at, 0) desc, j.created_at desc, j.id desc limit 1)
    where u.role = ? and (? is null or u.unit_code = ?) and u.unreachable_at is null and u.active = 1 order by u.id`)
    .all(role, unitCode ?? null, unitCode ?? null);
}

