// The durable outbox against the real Bot API stand-in over HTTP, the real TelegramChannel and
// a real SQLite file: rates, 429/5xx/403/400 handling, idempotent enqueue, and a killed process.
import { spawn, type ChildProcess } from "node:child_process";
import { join, resolve } from "node:path";
import { Writable } from "node:stream";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { TelegramChannel } from "../../src/channels/telegram/telegram-channel.js";
import { text } from "../../src/conversation/types.js";
import { closeDb, openDb, type Db } from "../../src/db/client.js";
import { createLogger, type Logger } from "../../src/log.js";
import { enqueue, OutboxSender, outboxStats, type OutboxOptions } from "../../src/outbox/sender.js";
import { startBotApiStandin, type BotApiStandin, type RecordedCall } from "../helpers/bot-api-standin.js";
import { tempDir } from "../helpers/temp.js";

const silent = createLogger({ level: "silent" });
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface Setup { db: Db; dbPath: string; standin: BotApiStandin; telegram: TelegramChannel }

async function setup(log: Logger = silent): Promise<Setup> {
  const dbPath = join(tempDir("outbox-"), "bot.sqlite");
  const db = openDb(dbPath);
  const standin = await startBotApiStandin();
  cleanups.push(() => standin.close(), () => closeDb(db));
  const telegram = new TelegramChannel({ token: standin.token, apiRoot: standin.apiRoot, log });
  return { db, dbPath, standin, telegram };
}

function sender(s: Setup, o: Partial<OutboxOptions> = {}): OutboxSender {
  const out = new OutboxSender({ db: s.db, log: silent, channelFor: (n) => (n === "telegram" ? s.telegram : undefined), ...o });
  cleanups.push(() => out.stop());
  return out;
}

const queue = (db: Db, chatId: number, body: string, extra: { userId?: number; dedupeKey?: string } = {}) =>
  enqueue(db, { channel: "telegram", chatId: String(chatId), message: text(body), kind: "notice", ...extra }, new Date());

const sends = (s: Setup): RecordedCall[] => s.standin.calls.filter((c) => c.method === "sendMessage");
const delivered = (s: Setup, chatId: number | string) => sends(s).filter((c) => c.failed === undefined && String(c.params.chat_id) === String(chatId));
const rows = (db: Db) => db.$client.prepare("select id, chat_id as chatId, status, attempts, last_error as lastError from outbox order by id").all() as
  Array<{ id: number; chatId: string; status: string; attempts: number; lastError: string | null }>;

/** The most calls that arrived within any closed 1-second window. */
function maxPerSecond(calls: RecordedCall[]): number {
  const at = calls.map((c) => c.at).sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < at.length; i++) {
    while (j < at.length && at[j]! <= at[i]! + 1000) j++;
    best = Math.max(best, j - i);
  }
  return best;
}

/** Smallest gap between two calls to the same chat. */
function minChatGap(calls: RecordedCall[]): number {
  const last = new Map<string, number>();
  let min = Infinity;
  for (const c of [...calls].sort((a, b) => a.at - b.at)) {
    const chat = String(c.params.chat_id);
    const prev = last.get(chat);
    if (prev !== undefined) min = Math.min(min, c.at - prev);
    last.set(chat, c.at);
  }
  return min;
}

function addUser(db: Db, name: string): number {
  db.$client.prepare("insert or ignore into units (code, name, short_name, kind) values ('dong-hung', 'Đồn Biên phòng Đồng Hưng', 'Đồng Hưng', 'don_bp')").run();
  return Number(db.$client.prepare("insert into users (name, role, unit_code) values (?, 'bao_cao', 'dong-hung')").run(name).lastInsertRowid);
}

describe("outbox", () => {
  it("delivers 300 messages exactly once through 429s and 500s, within 25/s and 1/s per chat", async () => {
    const s = await setup();
    const limits: Array<{ code: 429; retryAfter: number } | { code: 500 }> = [];
    let n = 0;
    s.standin.onCall = (method) => {
      if (method !== "sendMessage") return undefined;
      n++;
      const r = n === 60 || n === 200 ? { code: 429, retryAfter: 1 } : n % 37 === 0 ? { code: 500 } : undefined;
      if (r) limits.push(r as never);
      return r;
    };
    for (let chat = 1; chat <= 300; chat++) {
      queue(s.db, chat, `Nhắc báo cáo tháng 02/2025 cho đơn vị ${chat}`);
      if (chat <= 5) queue(s.db, chat, `Nhắc lần hai cho đơn vị ${chat}`);
    }
    const started = Date.now();
    await sender(s).drain({ timeoutMs: 50_000 });
    const took = Date.now() - started;

    expect(limits.filter((l) => l.code === 429)).toHaveLength(2);
    expect(limits.filter((l) => l.code === 500).length).toBeGreaterThanOrEqual(7);
    for (let chat = 1; chat <= 300; chat++) expect(delivered(s, chat).map((c) => c.params.text)).toHaveLength(chat <= 5 ? 2 : 1);
    expect(delivered(s, 3).map((c) => c.params.text)).toEqual(["Nhắc báo cáo tháng 02/2025 cho đơn vị 3", "Nhắc lần hai cho đơn vị 3"]);
    expect(outboxStats(s.db)).toEqual({ pending: 0, sent: 305, failed: 0, unreachable: 0 });
    expect(maxPerSecond(sends(s))).toBeLessThanOrEqual(25);
    expect(minChatGap(sends(s))).toBeGreaterThanOrEqual(1000);
    // 305 sends at 25/s cannot take less than ~12.2 s (the limit held); how fast it goes beyond
    // that is the benchmarks' business, not a test's.
    expect(took).toBeGreaterThan(12_000);
  }, 60_000);

  it("sends nothing to anyone while a 429's retry_after runs, then resends the throttled message", async () => {
    const s = await setup();
    s.standin.failNext("sendMessage", { code: 429, retryAfter: 1 });
    for (let chat = 1; chat <= 5; chat++) queue(s.db, chat, `Tin ${chat}`);
    const out = sender(s);
    await out.drain();
    const calls = sends(s);
    const i = calls.findIndex((c) => c.failed === 429);
    expect(i).toBe(0);
    const t = calls[i]!.at;
    for (const c of calls.slice(i + 1)) expect(c.at).toBeGreaterThanOrEqual(t + 999);
    for (let chat = 1; chat <= 5; chat++) expect(delivered(s, chat)).toHaveLength(1);
    // a 429 is not counted as a try
    expect(rows(s.db).map((r) => [r.status, r.attempts])).toEqual(Array(5).fill(["sent", 1]));
  });

  it("marks a person who blocked the bot unreachable, once, without retrying", async () => {
    const s = await setup();
    const userId = addUser(s.db, "Nguyễn Văn Khôi");
    s.standin.blockChat(77);
    const told: unknown[] = [];
    queue(s.db, 77, "Nhắc báo cáo", { userId });
    queue(s.db, 77, "Nhắc lại", { userId });
    queue(s.db, 78, "Tin cho người khác");
    await sender(s, { onUnreachable: (info) => told.push(info) }).drain();
    expect(told).toEqual([{ userId, chatId: "77", channel: "telegram" }]);
    expect(sends(s).filter((c) => String(c.params.chat_id) === "77")).toHaveLength(1);
    expect(rows(s.db).map((r) => [r.chatId, r.status, r.attempts])).toEqual([["77", "unreachable", 1], ["77", "unreachable", 0], ["78", "sent", 1]]);
    const user = s.db.$client.prepare("select unreachable_at as at from users where id = ?").get(userId) as { at: number | null };
    expect(user.at).toBeGreaterThan(0);
    // A later message to the same person is refused again but not reported again.
    queue(s.db, 77, "Tin sau", { userId });
    await sender(s, { onUnreachable: (info) => told.push(info) }).drain();
    expect(told).toHaveLength(1);
  });

  it("gives up on a persistent 500 once the message is older than the give-up age, keeping the error", async () => {
    const s = await setup();
    s.standin.onCall = (method, params) => (method === "sendMessage" && params.chat_id === "5" ? { code: 500 } : undefined);
    queue(s.db, 5, "Tin lỗi");
    queue(s.db, 6, "Tin tốt");
    // Queued with the real time; the fourth try comes after 30 ms of (real) backoff at the most.
    await sender(s, { giveUpAfterMs: 1, backoffMs: () => 10 }).drain();
    const [bad, good] = rows(s.db);
    expect(bad).toMatchObject({ status: "failed" });
    expect(bad!.lastError).toMatch(/gave up.*500/);
    expect(good).toMatchObject({ status: "sent", attempts: 1 });
    expect(outboxStats(s.db)).toEqual({ pending: 0, sent: 1, failed: 1, unreachable: 0 });
  });

  it("fails a refused message (400) at once", async () => {
    const s = await setup();
    s.standin.failNext("sendMessage", { code: 400, description: "Bad Request: chat not found" });
    queue(s.db, 9, "Tin");
    await sender(s).drain();
    expect(sends(s)).toHaveLength(1);
    expect(rows(s.db)[0]).toMatchObject({ status: "failed", attempts: 1, lastError: expect.stringContaining("chat not found") });
  });

  it("retries network errors from the database record and never logs or stores the token", async () => {
    const s = await setup();
    const lines: string[] = [];
    const log = pino({ level: "debug" }, new Writable({ write(chunk: Buffer, _e, cb) { lines.push(chunk.toString()); cb(); } }));
    const dead = new TelegramChannel({ token: s.standin.token, apiRoot: "http://127.0.0.1:9", log });
    queue(s.db, 4, "Tin");
    // The first try is retried (queued just now); the second comes after the give-up age.
    const out = new OutboxSender({ db: s.db, log, channelFor: () => dead, giveUpAfterMs: 500, backoffMs: () => 600 });
    await out.drain();
    const [row] = rows(s.db);
    expect(row).toMatchObject({ status: "failed" });
    expect(row!.lastError).toBeTruthy();
    const secret = s.standin.token.split(":")[1]!;
    expect(lines.join("")).toContain("send failed, will retry");
    expect(lines.join("")).not.toContain(secret);
    expect(row!.lastError).not.toContain(secret);
  });

  it("queues a dedupeKey once", async () => {
    const s = await setup();
    const first = queue(s.db, 1, "Nhắc kỳ 02/2025", { dedupeKey: "nhac:2025-02:1" });
    const again = queue(s.db, 1, "Nhắc kỳ 02/2025", { dedupeKey: "nhac:2025-02:1" });
    expect(first).toBeTypeOf("number");
    expect(again).toBeNull();
    // inside a transaction that rolls back, nothing stays queued
    expect(() => s.db.$client.transaction(() => { queue(s.db, 2, "x", { dedupeKey: "k2" }); throw new Error("rollback"); })()).toThrow("rollback");
    expect(rows(s.db)).toHaveLength(1);
    await sender(s).drain();
    expect(delivered(s, 1)).toHaveLength(1);
  });

  it("after a process is killed mid-queue, a new sender delivers the rest exactly once and never resends the interrupted one", async () => {
    const s = await setup();
    for (let chat = 1; chat <= 50; chat++) queue(s.db, chat, `Tin số ${chat}`);
    let child: ChildProcess | undefined;
    // Hold the request to chat 10 unanswered and kill the child when it arrives: the child has
    // claimed that row ("sending") and can never learn the outcome, so at least one row is
    // certainly interrupted (an answer racing the SIGKILL could otherwise let it record "sent").
    const held = s.standin.holdNext("sendMessage", (p) => String(p.chat_id) === "10");
    void held.arrived.then(() => child?.kill("SIGKILL"));
    cleanups.push(() => held.release());
    const script = resolve(import.meta.dirname, "outbox-child.ts");
    child = spawn(process.execPath, ["--import", "tsx", script, s.dbPath, s.standin.apiRoot, s.standin.token], {
      cwd: resolve(import.meta.dirname, "../.."), stdio: ["ignore", "pipe", "inherit"],
    });
    const exited = new Promise<NodeJS.Signals | null>((r) => child!.once("exit", (_code, signal) => r(signal)));
    cleanups.push(() => { if (child!.exitCode === null && child!.signalCode === null) child!.kill("SIGKILL"); });
    expect(await exited).toBe("SIGKILL");
    held.release();
    const mid = rows(s.db);
    expect(mid.find((r) => r.chatId === "10")!.status).toBe("sending");
    // Chats are served in order, up to `concurrency` (4) at once: every row before the 10th was tried
    // before the 10th was picked. At the kill each is sent, in flight ("sending"), or back in the
    // queue after a failed try (pending with an attempt and its error: a network error on a loaded
    // CI machine did that once). None is left untried, and at most three others are in flight
    // beside the 10th, so at least six of the nine were answered (sent, or refused and rescheduled).
    const before10 = mid.filter((r) => Number(r.chatId) < 10);
    expect(before10).toHaveLength(9);
    const untried = before10.filter((r) => r.status === "pending" && (r.attempts < 1 || !r.lastError));
    expect(untried, JSON.stringify(mid.slice(0, 14))).toEqual([]);
    for (const r of before10) expect(["sent", "sending", "pending"]).toContain(r.status);
    expect(mid.filter((r) => r.status === "sending").length).toBeLessThanOrEqual(4);
    expect(before10.filter((r) => r.status !== "sending").length).toBeGreaterThanOrEqual(6);
    // Rows after the 10th may have gone out meanwhile: most are still queued, and none is lost or
    // doubled in the count.
    expect(mid.filter((r) => r.status === "pending").length).toBeGreaterThanOrEqual(30);
    expect(mid.filter((r) => ["pending", "sending", "sent"].includes(r.status))).toHaveLength(50);

    await sender(s).drain();
    const after = rows(s.db);
    const interrupted = after.filter((r) => r.status === "failed");
    // exactly the rows the dead process had claimed (the 10th, whose answer it never read)
    expect(interrupted.map((r) => r.id)).toEqual(mid.filter((r) => r.status === "sending").map((r) => r.id));
    expect(interrupted.length).toBeGreaterThanOrEqual(1);
    expect(interrupted.map((r) => r.chatId)).toContain("10");
    for (const r of interrupted) {
      expect(r.lastError).toBe("interrupted: process stopped while sending");
      expect(delivered(s, r.chatId).length).toBeLessThanOrEqual(1);
    }
    expect(after.filter((r) => r.status === "sent")).toHaveLength(50 - interrupted.length);
    // A row retried before the kill may have reached the stand-in on its failed try too (an answer
    // lost on the way back): at most once more, and only those.
    const retried = new Set(mid.filter((r) => r.status === "pending" && r.attempts > 0).map((r) => r.chatId));
    for (const r of after.filter((x) => x.status === "sent")) {
      expect(delivered(s, r.chatId).length).toBeGreaterThanOrEqual(1);
      expect(delivered(s, r.chatId).length).toBeLessThanOrEqual(retried.has(r.chatId) ? 2 : 1);
    }
    expect(sends(s).length).toBeGreaterThanOrEqual(50);
    expect(sends(s).length).toBeLessThanOrEqual(50 + 2 * retried.size);
  }, 60_000);
});
