// Access to the office's page (issue 19): one-time login links sent by /web, and the browser
// sessions they open. Both are random 256-bit tokens kept only as their SHA-256, so a copy of
// the database opens nothing. A link serves once and for ten minutes; a session lasts a working
// day, ends at "Đăng xuất", and every session of a person ends when the office stops them.
import { createHash, randomBytes } from "node:crypto";
import type { Db } from "../db/client.js";
import { stmt } from "../db/statements.js";

export const WEB_LINK_TTL_MS = 10 * 60_000;
/** A working day: a session opened in the morning lasts until the office closes. */
export const WEB_SESSION_TTL_MS = 9 * 3_600_000;
/** Links one person may ask for in an hour: more is someone forwarding or probing. */
export const WEB_LINKS_PER_HOUR = 5;

const hash = (token: string) => createHash("sha256").update(token, "utf8").digest("base64url");
const newToken = () => randomBytes(32).toString("base64url");
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export function createWebLoginLink(db: Db, a: { userId: number; now: Date }): { token: string; expiresAt: Date } {
  const token = newToken();
  const expiresAt = new Date(a.now.getTime() + WEB_LINK_TTL_MS);
  stmt(db, "insert into web_login_links (token_hash, user_id, created_at, expires_at) values (?, ?, ?, ?)")
    .run(hash(token), a.userId, a.now.getTime(), expiresAt.getTime());
  return { token, expiresAt };
}

/** Links the person asked for in the hour before `now` (the rate limit). */
export function webLinksLastHour(db: Db, userId: number, now: Date): number {
  return stmt<[number, number], { n: number }>(db, "select count(*) as n from web_login_links where user_id = ? and created_at > ?")
    .get(userId, now.getTime() - 3_600_000)?.n ?? 0;
}

export type LinkState = { ok: true; userId: number } | { ok: false };

/** Whether a link would open a session, without using it (the page before the button). */
export function webLinkState(db: Db, token: string, now: Date): LinkState {
  if (typeof token !== "string" || !TOKEN.test(token)) return { ok: false };
  const row = stmt<[string], { userId: number; expiresAt: number; usedAt: number | null; active: number }>(db,
    `select l.user_id as userId, l.expires_at as expiresAt, l.used_at as usedAt, u.active
     from web_login_links l join users u on u.id = l.user_id where l.token_hash = ?`).get(hash(token));
  if (!row || row.usedAt !== null || row.expiresAt <= now.getTime() || row.active !== 1) return { ok: false };
  return { ok: true, userId: row.userId };
}

/** Uses the link (once) and opens a session; the caller sets the cookie with the session token. */
export function redeemWebLink(db: Db, token: string, now: Date): { ok: true; session: string; expiresAt: Date; userId: number } | { ok: false } {
  return db.$client.transaction(() => {
    const state = webLinkState(db, token, now);
    if (!state.ok) return { ok: false as const };
    const used = stmt(db, "update web_login_links set used_at = ? where token_hash = ? and used_at is null").run(now.getTime(), hash(token));
    if (used.changes !== 1) return { ok: false as const };
    const session = newToken();
    const expiresAt = new Date(now.getTime() + WEB_SESSION_TTL_MS);
    stmt(db, "insert into web_sessions (token_hash, user_id, created_at, expires_at) values (?, ?, ?, ?)")
      .run(hash(session), state.userId, now.getTime(), expiresAt.getTime());
    return { ok: true as const, session, expiresAt, userId: state.userId };
  }).immediate();
}

/** The person a session cookie belongs to, while it is open and the person is active. */
export function sessionUserId(db: Db, session: string | undefined, now: Date): number | undefined {
  if (!session || !TOKEN.test(session)) return undefined;
  return stmt<[string, number], { userId: number }>(db,
    `select s.user_id as userId from web_sessions s join users u on u.id = s.user_id
     where s.token_hash = ? and s.ended_at is null and s.expires_at > ? and u.active = 1`).get(hash(session), now.getTime())?.userId;
}

export function endWebSession(db: Db, session: string, now: Date): void {
  if (!TOKEN.test(session)) return;
  stmt(db, "update web_sessions set ended_at = ? where token_hash = ? and ended_at is null").run(now.getTime(), hash(session));
}

/** A stopped person: every open session ends and unused links die with them. */
export function endWebAccessOf(db: Db, userId: number, now: Date): void {
  stmt(db, "update web_sessions set ended_at = ? where user_id = ? and ended_at is null").run(now.getTime(), userId);
  stmt(db, "update web_login_links set used_at = ? where user_id = ? and used_at is null").run(now.getTime(), userId);
}
