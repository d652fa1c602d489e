// Link codes: a registered person binds another platform identity (Zalo beside Telegram, a
// second account) to themselves. Short-lived, single-use, stored only as a hash; wrong codes
// count against the same per-chat throttle as invites.
import { randomInt } from "node:crypto";
import { and, eq, lt } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { identities, linkCodes } from "../db/schema.js";
import type { LinkResult } from "../conversation/ports.js";
import { ALPHABET, countsAsFailure, hashCode, MAX_FAILURES_PER_HOUR, recentFailures, recordCodeFailure } from "./invites.js";
import { findUserById } from "./users.js";
import { codeGuard } from "./code-guard.js";

const CODE_LENGTH = 6;
export const LINK_TTL_MINUTES = 15;

export function createLinkCode(db: Db, a: { userId: number; now: Date }): { code: string; expiresAt: Date } {
  return db.transaction(() => {
    // Expired codes are of no use; dropping them keeps the short codes' hashes from colliding over time.
    db.delete(linkCodes).where(lt(linkCodes.expiresAt, a.now)).run();
    for (;;) {
      const code = Array.from({ length: CODE_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
      const taken = db.select({ id: linkCodes.id }).from(linkCodes).where(eq(linkCodes.codeHash, hashCode(code))).get();
      if (taken) continue;
      const expiresAt = new Date(a.now.getTime() + LINK_TTL_MINUTES * 60_000);
      db.insert(linkCodes).values({ codeHash: hashCode(code), userId: a.userId, createdAt: a.now, expiresAt }).run();
      return { code, expiresAt };
    }
  });
}

/** What redeeming a code would do, writing nothing (a wrong code's count included: the caller records it). */
export function linkCodeStatus(db: Db, a: { code: string; channel: string; platformUserId: string; chatId: string; now: Date }): LinkResult {
  return readLink(db, a).result;
}

function readLink(db: Db, a: { code: string; channel: string; platformUserId: string; chatId: string; now: Date }) {
  if (codeGuard(db, a.now).locked) return { result: { ok: false, reason: "locked" } as LinkResult };
  if (recentFailures(db, a.channel, a.chatId, a.now) >= MAX_FAILURES_PER_HOUR) return { result: { ok: false, reason: "throttled" } as LinkResult };
  const link = db.select().from(linkCodes).where(eq(linkCodes.codeHash, hashCode(a.code))).get();
  const reason = !link ? "invalid" : link.usedAt ? "used" : link.expiresAt.getTime() <= a.now.getTime() ? "expired" : undefined;
  if (reason || !link) return { result: { ok: false, reason: reason ?? "invalid" } as LinkResult };
  const user = findUserById(db, link.userId);
  if (!user) return { result: { ok: false, reason: "invalid" } as LinkResult };
  const existing = db.select().from(identities)
    .where(and(eq(identities.channel, a.channel), eq(identities.platformUserId, a.platformUserId))).get();
  // Never move an identity that belongs to someone else: that person would lose their account.
  if (existing && existing.userId !== link.userId) return { result: { ok: false, reason: "other_user", current: findUserById(db, existing.userId) } as LinkResult };
  return { result: { ok: true, user, already: existing !== undefined } as LinkResult, link };
}

export function redeemLinkCode(db: Db, a: { code: string; channel: string; platformUserId: string; chatId: string; now: Date }): LinkResult {
  return db.transaction((): LinkResult => {
    const { result, link } = readLink(db, a);
    if (!result.ok) {
      if (countsAsFailure(result.reason)) recordCodeFailure(db, a);
      return result;
    }
    if (result.already || !link) return result;
    db.insert(identities).values({ channel: a.channel, platformUserId: a.platformUserId, chatId: a.chatId, userId: link.userId, createdAt: a.now, lastSeenAt: a.now }).run();
    db.update(linkCodes).set({ usedAt: a.now }).where(eq(linkCodes.id, link.id)).run();
    return result;
  });
}
