// Issue 17 point 2: a reply is retried through an hour of 5xx with its backoff capped, and is
// given up only by age. Real TelegramChannel over HTTP to the Bot API stand-in, real SQLite file,
// an injected clock for what the database records (the retry times).
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { TelegramChannel } from "../../src/channels/telegram/telegram-channel.js";
import { text } from "../../src/conversation/types.js";
import { closeDb, openDb, type Db } from "../../src/db/client.js";
import { enqueue, OutboxSender, type OutboxOptions } from "../../src/outbox/sender.js";
import { startBotApiStandin, type BotApiStandin } from "../helpers/bot-api-standin.js";
import { silentLog, testClock, type TestClock } from "../helpers/harness.js";
import { tempDir } from "../helpers/temp.js";

// Hand-set figures of the policy (docs/design.md): backoff capped at 5 minutes, given up after 48 hours.
const CAP_MS = 5 * 60_000;
const HOUR = 3_600_000;
const SAVED = "✅ Đã lưu báo cáo Tuyên truyền tháng 02/2025 (số 17).";

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface Setup { db: Db; standin: BotApiStandin; clock: TestClock; out: OutboxSender }

async function setup(o: Partial<OutboxOptions> = {}): Promise<Setup> {
  const dir = tempDir("outbox-retry-");
  const db = openDb(join(dir, "bot.sqlite"));
  const standin = await startBotApiStandin();
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }), () => closeDb(db), () => standin.close());
  const telegram = new TelegramChannel({ token: standin.token, apiRoot: standin.apiRoot, log: silentLog });
  const clock = testClock("2025-02-20T03:00:00Z");
  const out = new OutboxSender({ db, log: silentLog, clock: () => clock.now, channelFor: () => telegram, ...o });
  cleanups.push(() => out.stop());
  return { db, standin, clock, out };
}

const row = (db: Db) => db.$client.prepare("select status, attempts, next_attempt_at as next, last_error as err from outbox").get() as
  { status: string; attempts: number; next: number; err: string | null };

describe("retried until delivered", () => {
  it("a '✅ Đã lưu' reply survives 25 server errors over more than an hour, every wait at most 5 minutes, then arrives once", async () => {
    const s = await setup();
    const FAILURES = 25;
    s.standin.failNext("sendMessage", { code: 500 }, FAILURES);
    enqueue(s.db, { channel: "telegram", chatId: "501", message: text(SAVED), kind: "reply", dedupeKey: "r1" }, s.clock.now);
    const first = s.clock.now.getTime();
    s.out.start();
    const gaps: number[] = [];
    for (let i = 1; i <= FAILURES; i++) {
      await s.standin.waitFor(() => { const r = row(s.db); return r.status === "pending" && r.attempts === i; }, 5000, 2);
      const r = row(s.db);
      gaps.push(r.next - s.clock.now.getTime());
      s.clock.set(new Date(r.next).toISOString()); // the retry falls due
      s.out.wake();
    }
    await s.standin.waitFor(() => row(s.db).status === "sent", 5000, 2);
    expect(gaps).toHaveLength(FAILURES);
    for (const g of gaps) expect(g).toBeLessThanOrEqual(CAP_MS);
    expect(gaps.slice(-5).every((g) => g >= CAP_MS * 0.75)).toBe(true); // the cap is reached, jitter at most 25 % below
    expect(s.clock.now.getTime() - first).toBeGreaterThan(HOUR);
    expect(s.standin.sentTo(501).map((m) => m.text)).toEqual([SAVED]);
    expect(row(s.db)).toMatchObject({ status: "sent", attempts: FAILURES + 1 });
  }, 30_000);

  it("a reply still failing 48 hours after it was queued is given up, with its error kept", async () => {
    const s = await setup({ backoffMs: () => 12 * HOUR });
    s.standin.onCall = (method) => (method === "sendMessage" ? { code: 502 } : undefined);
    enqueue(s.db, { channel: "telegram", chatId: "502", message: text(SAVED), kind: "reply", dedupeKey: "r2" }, s.clock.now);
    s.out.start();
    for (let i = 1; i <= 4; i++) { // tries at 0, 12, 24 and 36 hours: kept
      await s.standin.waitFor(() => { const r = row(s.db); return r.status === "pending" && r.attempts === i; }, 5000, 2);
      s.clock.advance(12 * HOUR);
      s.out.wake();
    }
    // the fifth try, 48 hours after queueing, fails too: given up
    await s.standin.waitFor(() => row(s.db).status === "failed", 5000, 2);
    expect(row(s.db)).toMatchObject({ status: "failed", attempts: 5 });
    expect(row(s.db).err).toMatch(/502/);
  });
});
