// The OA's tokens (zalo-platforms.md 1.1–1.3): an access token lives 25 h; the refresh token is
// single-use, each refresh returning a new pair and killing the one sent. So:
// - the new pair is written to channel_tokens in ONE transaction as soon as Zalo answers, before
//   the access token is used;
// - the configured ZALO_OA_REFRESH_TOKEN is only a seed: used when the database has no chain, or
//   when it differs from the seed the stored chain came from (a new authorisation by the OA admin);
// - the access token is refreshed REFRESH_AHEAD_MS before it expires, so that if a refresh's answer
//   is lost (a crash or a cut connection after Zalo rotated the pair: the stored refresh token is
//   then dead and nothing can bring the new one back) the old access token still serves for hours
//   while the office authorises again; Zalo's docs do not say a refresh kills the old access token;
// - a dead refresh token (-14014) marks the chain dead and tells the office once, in the same
//   transaction; another process that refreshed meanwhile is noticed by re-reading the row first;
// - a pair that cannot be written at once (another process holds the write lock: a backup, an
//   import) is kept in memory, used, and written at the next read of the chain: Zalo has already
//   killed the refresh token sent, so dropping the new pair would need a new authorisation.
import { createHash } from "node:crypto";
import { isStoreFault, type Db } from "../../db/client.js";
import type { Logger } from "../../log.js";
import { OaApiError, type OaClient } from "./oa-client.js";
import { classifyOaError } from "./oa-errors.js";

/** Refresh this long before the access token's end: a lost answer then leaves hours to authorise again. */
export const REFRESH_AHEAD_MS = 6 * 3_600_000;
/** After a refresh failed for a passing reason, the next try waits at least this long. */
const REFRESH_RETRY_GAP_MS = 60_000;

export interface TokenRow {
  accessToken: string | null;
  accessExpiresAt: number | null;
  refreshToken: string;
  seedHash: string;
  deadAt: number | null;
}

/** No access token can be had now: the refresh token is dead, or a refresh failed and the old one is gone. */
export class NoAccessToken extends Error {
  constructor(readonly dead: boolean, message: string) { super(message); this.name = "NoAccessToken"; }
}

export const seedHash = (seed: string): string => createHash("sha256").update(seed, "utf8").digest("hex");

function statements(db: Db) {
  const c = db.$client;
  return {
    read: c.prepare<[string], TokenRow>(`select access_token as accessToken, access_expires_at as accessExpiresAt,
      refresh_token as refreshToken, seed_hash as seedHash, dead_at as deadAt from channel_tokens where channel = ?`),
    seed: c.prepare<[string, string, string, number]>(`insert into channel_tokens (channel, access_token, access_expires_at, refresh_token, seed_hash, dead_at, updated_at)
      values (?, null, null, ?, ?, null, ?) on conflict (channel) do update set access_token = null, access_expires_at = null,
      refresh_token = excluded.refresh_token, seed_hash = excluded.seed_hash, dead_at = null, updated_at = excluded.updated_at`),
    store: c.prepare<[string, number, string, number, string, string]>(`update channel_tokens set access_token = ?, access_expires_at = ?,
      refresh_token = ?, dead_at = null, updated_at = ? where channel = ? and refresh_token = ?`),
    dead: c.prepare<[number, number, string, string]>(`update channel_tokens set dead_at = ?, updated_at = ? where channel = ? and refresh_token = ? and dead_at is null`),
  };
}

export interface OaTokensOptions {
  db: Db;
  channel: string;
  client: OaClient;
  appId: string;
  appSecret: string;
  /** ZALO_OA_REFRESH_TOKEN. */
  seed: string;
  clock: () => Date;
  log: Logger;
  /** Called inside the transaction that marks the chain dead (once per dead token): queue the office's notice. */
  onDead(now: Date): void;
}

/** A rotated pair Zalo gave that is not in the database yet; `stored` is the refresh token the row still holds. */
interface Unstored { accessToken: string; accessExpiresAt: number; refreshToken: string; stored: string; seedHash: string }

export class OaTokens {
  private readonly s: ReturnType<typeof statements>;
  private refreshing: Promise<string> | undefined;
  private lastFailureAt = -Infinity;
  private unstored: Unstored | undefined;

  constructor(private readonly o: OaTokensOptions) {
    this.s = statements(o.db);
  }

  /** The stored chain, adopting the configured seed when there is none or it is a new one. */
  row(): TokenRow {
    const pending = this.unstored;
    if (pending && !this.storeUnstored()) {
      return { accessToken: pending.accessToken, accessExpiresAt: pending.accessExpiresAt, refreshToken: pending.refreshToken, seedHash: pending.seedHash, deadAt: null };
    }
    const hash = seedHash(this.o.seed);
    const row = this.s.read.get(this.o.channel);
    if (row && row.seedHash === hash) return row;
    if (row) this.o.log.info({ channel: this.o.channel }, "a new ZALO_OA_REFRESH_TOKEN is configured: it replaces the stored token chain");
    this.s.seed.run(this.o.channel, this.o.seed, hash, this.o.clock().getTime());
    return this.s.read.get(this.o.channel)!;
  }

  /** True when the stored refresh token was refused as dead (the office has been told). */
  dead(): boolean { return this.row().deadAt !== null; }

  /** An access token to call with: the stored one while it has more than REFRESH_AHEAD_MS left, else a refreshed one. */
  async accessToken(): Promise<string> {
    const row = this.row();
    const now = this.o.clock().getTime();
    const left = row.accessToken && row.accessExpiresAt !== null ? row.accessExpiresAt - now : -1;
    if (row.accessToken && left > REFRESH_AHEAD_MS) return row.accessToken;
    const usable = row.accessToken && left > 0 ? row.accessToken : undefined;
    // Dead chain, or a refresh just failed: the old token serves as long as it lasts.
    if (row.deadAt !== null || now - this.lastFailureAt < REFRESH_RETRY_GAP_MS) {
      if (usable) return usable;
      throw new NoAccessToken(row.deadAt !== null, row.deadAt !== null ? "Zalo OA: refresh token is dead; the OA admin must authorise again" : "Zalo OA: no access token (the last refresh failed)");
    }
    try {
      return await this.refreshOnce();
    } catch (err) {
      if (usable) {
        this.o.log.warn({ err }, "zalo-oa: refresh failed; the current access token still serves");
        return usable;
      }
      throw err;
    }
  }

  /** After Zalo refused `used` as invalid or expired (-216/-220): a newer stored one, or one refresh. */
  async renew(used: string): Promise<string> {
    const row = this.row();
    const now = this.o.clock().getTime();
    if (row.accessToken && row.accessToken !== used && (row.accessExpiresAt ?? 0) > now) return row.accessToken;
    if (row.deadAt !== null) throw new NoAccessToken(true, "Zalo OA: refresh token is dead; the OA admin must authorise again");
    return this.refreshOnce();
  }

  /** One refresh at a time in this process; concurrent callers share it. */
  private refreshOnce(): Promise<string> {
    this.refreshing ??= this.refresh().finally(() => { this.refreshing = undefined; });
    return this.refreshing;
  }

  private async refresh(): Promise<string> {
    const { db, channel } = this.o;
    const sent = this.row().refreshToken;
    let pair;
    try {
      pair = await this.o.client.refresh({ appId: this.o.appId, appSecret: this.o.appSecret, refreshToken: sent });
    } catch (err) {
      const again = this.row();
      // Another process (the CLI) refreshed with the same token first: its pair is stored.
      if (again.refreshToken !== sent && again.accessToken && (again.accessExpiresAt ?? 0) > this.o.clock().getTime()) return again.accessToken;
      if (err instanceof OaApiError && classifyOaError(err.code) === "reauthorise") {
        const now = this.o.clock();
        db.$client.transaction(() => {
          if (this.s.dead.run(now.getTime(), now.getTime(), channel, sent).changes === 1) this.o.onDead(now);
        })();
        this.o.log.error({ code: err.code }, "zalo-oa: the refresh token is dead; the OA admin must authorise again (office told)");
        throw new NoAccessToken(true, err.message);
      }
      this.lastFailureAt = this.o.clock().getTime();
      throw err;
    }
    // Stored before it is used, in one transaction with the refresh token it replaces.
    const now = this.o.clock().getTime();
    const accessExpiresAt = now + pair.expiresInSec * 1000;
    const before = this.unstored;
    let busy = before !== undefined;
    if (!busy) {
      try {
        if (this.s.store.run(pair.accessToken, accessExpiresAt, pair.refreshToken, now, channel, sent).changes !== 1) {
          this.o.log.warn("zalo-oa: the token chain changed during a refresh; the new pair was not stored");
        }
      } catch (err) {
        if (!isStoreFault(err)) throw err;
        busy = true;
      }
    }
    if (busy) {
      // Kept in memory until the store takes it (row()); a chain already waiting keeps its stored token to match.
      this.unstored = { accessToken: pair.accessToken, accessExpiresAt, refreshToken: pair.refreshToken,
        stored: before?.stored ?? sent, seedHash: before?.seedHash ?? seedHash(this.o.seed) };
      if (!this.storeUnstored()) this.o.log.warn("zalo-oa: the refreshed tokens could not be written yet (database busy); kept in memory and written when it can");
    }
    this.o.log.info({ expiresInSec: pair.expiresInSec }, "zalo-oa: access token refreshed");
    return pair.accessToken;
  }

  /** Writes the pair kept in memory; true once it is written (or no longer applies), false while the store refuses. */
  private storeUnstored(): boolean {
    const u = this.unstored;
    if (!u) return true;
    try {
      const changes = this.s.store.run(u.accessToken, u.accessExpiresAt, u.refreshToken, this.o.clock().getTime(), this.o.channel, u.stored).changes;
      if (changes !== 1) this.o.log.warn("zalo-oa: the token chain changed during a refresh; the new pair was not stored");
      this.unstored = undefined;
      return true;
    } catch (err) {
      if (!isStoreFault(err)) throw err;
      return false;
    }
  }
}
