// Invites: single-use codes, stored only as a hash, expiring; wrong codes are rate-limited per chat.
import { createHash, randomInt } from "node:crypto";
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { identities, inviteFailures, invites, units, users } from "../db/schema.js";
import { INVITING_ROLES, type InviteCheck, type RedeemResult, type Role } from "../conversation/ports.js";
import { findUserById } from "./users.js";
import { codeGuard } from "./code-guard.js";
import { personName } from "../domain/vn-text.js";

// No 0/O, 1/I/L: codes are read aloud and typed on phones.
export const ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const CODE_LENGTH = 10;
export const MAX_FAILURES_PER_HOUR = 5;
const HOUR = 3_600_000;

export const hashCode = (code: string) => createHash("sha256").update(code.trim().toUpperCase()).digest("hex");

export function createInvite(db: Db, a: { role: Role; unitCode: string; createdBy: number | null; now: Date; ttlDays: number }) {
  const code = Array.from({ length: CODE_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
  const expiresAt = new Date(a.now.getTime() + a.ttlDays * 24 * HOUR);
  db.insert(invites).values({ codeHash: hashCode(code), role: a.role, unitCode: a.unitCode, createdBy: a.createdBy, createdAt: a.now, expiresAt }).run();
  return { code, expiresAt };
}

export function recentFailures(db: Db, channel: string, chatId: string, now: Date): number {
  const row = db.select({ n: sql<number>`count(*)` }).from(inviteFailures)
    .where(and(eq(inviteFailures.channel, channel), eq(inviteFailures.chatId, chatId), gt(inviteFailures.at, new Date(now.getTime() - HOUR))))
    .get();
  return row?.n ?? 0;
}

/** A wrong code, counted toward the chat's hourly limit (invites and link codes alike). */
export function recordCodeFailure(db: Db, a: { channel: string; chatId: string; now: Date }): void {
  db.insert(inviteFailures).values({ channel: a.channel, chatId: a.chatId, at: a.now }).run();
}

/** A refusal that counts toward the hourly limit: a code that is wrong, used or expired. */
export const countsAsFailure = (reason: string): boolean => reason === "invalid" || reason === "used" || reason === "expired";

/**
 * Checked at use time, whatever changed the maker (the chat, the command line, an edit by hand):
 * an invite made in the chat lives only while its maker is active in a role that may invite.
 * One made at the command line (no maker) is the operator's and stays.
 */
function makerMayInvite(db: Db, createdBy: number | null): boolean {
  if (createdBy === null) return true;
  const maker = db.select({ role: users.role, active: users.active }).from(users).where(eq(users.id, createdBy)).get();
  return maker !== undefined && maker.active && INVITING_ROLES.includes(maker.role);
}

/**
 * Revokes, for good, the unused invites a person made (they stop, or lose the role that could
 * invite): they are expired now, so restoring the person does not bring them back.
 */
export function revokeInvitesOf(db: Db, userId: number, now: Date): void {
  db.update(invites).set({ expiresAt: now })
    .where(and(eq(invites.createdBy, userId), isNull(invites.usedAt), gt(invites.expiresAt, now))).run();
}

/** Whether a unit is in force on the day of `now` (the ward profile's dates); absent: every unit is. */
type InForce = ((unitCode: string) => boolean) | undefined;

/** The invite behind a code, or why it cannot be used; writes nothing. */
function readInvite(db: Db, a: { code: string; channel: string; chatId: string; now: Date; inForce?: InForce }) {
  if (codeGuard(db, a.now).locked) return { ok: false as const, reason: "locked" as const };
  if (recentFailures(db, a.channel, a.chatId, a.now) >= MAX_FAILURES_PER_HOUR) return { ok: false as const, reason: "throttled" as const };
  const invite = db.select().from(invites).where(eq(invites.codeHash, hashCode(a.code))).get();
  const reason: "invalid" | "used" | "expired" | "revoked" | undefined = !invite ? "invalid" : invite.usedAt ? "used"
    : !makerMayInvite(db, invite.createdBy) ? "revoked"
    : invite.expiresAt.getTime() <= a.now.getTime() ? "expired" : undefined;
  if (reason || !invite) return { ok: false as const, reason: reason ?? "invalid" };
  // A unit dropped from the profile after the code was made takes no one new.
  const unit = db.select().from(units).where(eq(units.code, invite.unitCode)).get();
  if (!unit?.active) return { ok: false as const, reason: "inactive_unit" as const };
  // One merged away (or not begun) on the day takes no one new either; the code stays unused.
  if (a.inForce && !a.inForce(unit.code)) return { ok: false as const, reason: "ended_unit" as const };
  return { ok: true as const, invite, unit };
}

/** The invite behind a code, or why it cannot be used; a wrong code counts toward the hourly limit. */
function usableInvite(db: Db, a: { code: string; channel: string; chatId: string; now: Date; inForce?: InForce }) {
  const r = readInvite(db, a);
  if (!r.ok && countsAsFailure(r.reason)) recordCodeFailure(db, a);
  return r;
}

/** What an invite would make of its holder; writes nothing (the core returns the failure count as a write). */
export function inviteStatus(db: Db, a: { code: string; channel: string; chatId: string; now: Date; inForce?: InForce }): InviteCheck {
  const r = readInvite(db, a);
  return r.ok ? { ok: true, role: r.invite.role, unitCode: r.unit.code, unitName: r.unit.name } : r;
}

export function checkInvite(db: Db, a: { code: string; channel: string; chatId: string; now: Date; inForce?: InForce }): InviteCheck {
  const r = usableInvite(db, a);
  return r.ok ? { ok: true, role: r.invite.role, unitCode: r.unit.code, unitName: r.unit.name } : r;
}

export function redeemInvite(db: Db, a: { code: string; channel: string; platformUserId: string; chatId: string; name: string; now: Date; inForce?: InForce }): RedeemResult {
  const r = usableInvite(db, a);
  if (!r.ok) return r;
  const invite = r.invite;
  const name = personName(a.name);
  const existing = db.select().from(identities)
    .where(and(eq(identities.channel, a.channel), eq(identities.platformUserId, a.platformUserId))).get();
  let userId: number;
  if (existing) {
    userId = existing.userId;
    db.update(users).set({ role: invite.role, unitCode: invite.unitCode, name, unreachableAt: null }).where(eq(users.id, userId)).run();
    db.update(identities).set({ chatId: a.chatId, lastSeenAt: a.now }).where(eq(identities.id, existing.id)).run();
  } else {
    userId = db.insert(users).values({ name, role: invite.role, unitCode: invite.unitCode, createdAt: a.now }).returning({ id: users.id }).get().id;
    db.insert(identities).values({ channel: a.channel, platformUserId: a.platformUserId, chatId: a.chatId, userId, createdAt: a.now, lastSeenAt: a.now }).run();
  }
  db.update(invites).set({ usedAt: a.now, usedBy: userId }).where(eq(invites.id, invite.id)).run();
  return { ok: true, user: findUserById(db, userId)! };
}
