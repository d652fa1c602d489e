// Found by the crash suite's fault mode with OA people (issue 17 + 18): the OA's refresh token is
// single-use, so a refresh answered while another process holds the database's write lock (a
// backup, a large `cli import`) must not lose the new pair. Zalo has already killed the refresh
// token that was sent; if the new one is not kept, the next refresh answers -14014 and the OA is
// dead until its admin authorises again.
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ZaloOaChannel } from "../../src/channels/zalo-oa/oa-channel.js";
import { BOT_BUSY_TIMEOUT_MS, closeDb, openDb, setBusyTimeout } from "../../src/db/client.js";
import { createLogger } from "../../src/log.js";
import { holdWriteLock, releaseWriteLocks } from "../helpers/store-lock.js";
import { startZaloOaStandin } from "../helpers/zalo-oa-standin.js";
import { tempDir } from "../helpers/temp.js";

const USER = "7000000000000000401";
const NOW = () => new Date("2025-02-20T03:00:00Z");
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  releaseWriteLocks();
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe("Zalo OA token refresh under another process's write lock", () => {
  it("keeps the rotated pair it could not store yet, stores it once the lock is gone, and never needs a new authorisation", async () => {
    const oa = await startZaloOaStandin();
    cleanups.push(() => oa.close());
    const path = join(tempDir("bienbot-oa-lock-"), "bot.sqlite");
    const db = openDb(path);
    cleanups.push(() => closeDb(db));
    // As the running bot: a short busy wait, the store retried rather than the event loop blocked (start.ts).
    setBusyTimeout(db, BOT_BUSY_TIMEOUT_MS);
    const channel = new ZaloOaChannel({ appId: oa.appId, appSecret: oa.appSecret, secretKey: oa.oaSecretKey, refreshToken: oa.seedRefreshToken,
      apiRoot: oa.apiRoot, oauthRoot: oa.oauthRoot, db, log: createLogger({ level: "silent" }), clock: NOW });
    cleanups.push(() => channel.stop());

    await channel.send(USER, { type: "text", text: "một" });
    expect(oa.refreshes()).toBe(1);

    // The access token ends (as after its 25 h) while a backup holds the write lock.
    oa.expireAccessTokens();
    const lock = holdWriteLock({ path }, { timeout: 0 });
    // The send may fail for the lock (the outbox retries it later), but Zalo has rotated the pair.
    await channel.send(USER, { type: "text", text: "hai" }).catch(() => undefined);
    expect(oa.refreshes()).toBe(2);
    lock.release();

    await channel.send(USER, { type: "text", text: "ba" });
    expect(oa.sentTo(USER).map((s) => s.text)).toEqual(expect.arrayContaining(["một", "ba"]));
    // No refresh with the dead token (-14014), the chain alive, and the token Zalo holds now is the stored one.
    expect(oa.calls.filter((c) => c.host === "oauth" && c.error === -14014)).toEqual([]);
    expect(channel.state()).not.toBe("error");
    const row = db.$client.prepare("select refresh_token as refresh, dead_at as dead from channel_tokens where channel = 'zalo-oa'").get() as { refresh: string; dead: number | null };
    expect(row).toEqual({ refresh: oa.liveRefreshToken(), dead: null });
  });
});
