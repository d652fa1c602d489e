// Chat throughput: a bare telegraf echo bot (the floor) and our real bot, in the same run,
// both long-polling the in-process Bot API stand-in (test/helpers/bot-api-standin.ts).
//
//   burst:  N updates pushed at once, spread over 100 chats (in order per chat); updates/s until
//           every update was answered (the stand-in counts sendMessage calls), and process CPU per
//           update (process.cpuUsage: bot + stand-in, which share this process).
//   paced:  updates pushed one at a time at 100/s; latency from pushUpdates to the arrival at the
//           stand-in of the (last) reply to that update, timed with performance.now() in onCall.
//
// Our bot files a real form in every chat: "/nhap tuyen_truyen", six answers, "luu".
import { Telegraf } from "telegraf";
import { join } from "node:path";
import { startBotApiStandin, type BotApiStandin } from "../test/helpers/bot-api-standin.js";
import { loadConfig } from "../src/app/environment.js";
import { createLogger } from "../src/log.js";
import { startBot, type RunningBot } from "../src/app/start.js";
import { openDb, closeDb } from "../src/db/client.js";
import { loadProfile } from "../src/app/profile-file.js";
import { syncProfile } from "../src/store/profile-sync.js";
import { bindIdentity } from "../src/store/users.js";
import { APOLOGY } from "../src/app/bot-app.js";
import {
  ROOT, isMain, ms, num, percentile, ratio, runAlone, sleep, table, tempDir, type BenchResult,
} from "./lib.js";

export const CHATS = 100;
/** One filing, as a reporter types it. "luu" picks the "✅ Lưu" button by its label. */
export const SCRIPT = ["/nhap tuyen_truyen", "3", "60", "1,5", "0", "0", "0", "luu"] as const;
/** sendMessage calls the real bot makes for each step (the form's intro and first question for /nhap). */
const OUR_REPLIES = [2, 1, 1, 1, 1, 1, 1, 1] as const;
const CYCLE = SCRIPT.length * CHATS; // updates that take every chat through one whole filing

const FLOOR_BURST = 20_000;
const PACED = 1_600; // 16 s at 100/s: 16 samples above the p99
const PACED_RATE = 100;
const TARGET_BURST_SECONDS = 6.5;

interface Pending { pushedAt: number; expected: number; got: number }

/** Counts replies through the stand-in's onCall hook (runs when a request arrives). */
class Tracker {
  sent = 0;
  texts: string[] = [];
  latencies: number[] = [];
  private target = Infinity;
  private reached: (() => void) | undefined;
  private readonly queues = new Map<string, Pending[]>();
  private latencyTarget = Infinity;
  private latencyReached: (() => void) | undefined;

  constructor(standin: BotApiStandin, private readonly keepTexts: boolean) {
    standin.onCall = (method, params) => {
      if (method !== "sendMessage") return undefined;
      const now = performance.now();
      this.sent++;
      if (this.keepTexts) this.texts.push(String(params.text ?? ""));
      const q = this.queues.get(String(params.chat_id));
      const head = q?.[0];
      if (head && ++head.got === head.expected) {
        q!.shift();
        this.latencies.push(now - head.pushedAt);
        if (this.latencies.length >= this.latencyTarget) this.latencyReached?.();
      }
      if (this.sent >= this.target) this.reached?.();
      return undefined;
    };
  }

  /** Resolves when `n` more sendMessage calls arrived; returns performance.now() at that moment. */
  untilSent(n: number, timeoutMs: number): Promise<number> {
    this.target = this.sent + n;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${this.sent} of ${this.target} replies after ${timeoutMs} ms`)), timeoutMs);
      this.reached = () => { clearTimeout(timer); this.reached = undefined; this.target = Infinity; resolve(performance.now()); };
    });
  }

  expect(chat: number, pushedAt: number, expected: number): void {
    const key = String(chat);
    const q = this.queues.get(key) ?? [];
    q.push({ pushedAt, expected, got: 0 });
    this.queues.set(key, q);
  }

  untilLatencies(n: number, timeoutMs: number): Promise<void> {
    this.latencyTarget = n;
    if (this.latencies.length >= n) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${this.latencies.length} of ${n} paced replies after ${timeoutMs} ms`)), timeoutMs);
      this.latencyReached = () => { clearTimeout(timer); this.latencyReached = undefined; resolve(); };
    });
  }
}

/** Per-chat position in the script, so every chat sends its steps in order across phases. */
class Script {
  private readonly step = new Map<number, number>();
  luuSent = 0;
  next(chat: number): { text: string; index: number } {
    const i = this.step.get(chat) ?? 0;
    this.step.set(chat, (i + 1) % SCRIPT.length);
    if (SCRIPT[i] === "luu") this.luuSent++;
    return { text: SCRIPT[i]!, index: i };
  }
}

export interface Subject {
  name: string;
  standin: BotApiStandin;
  tracker: Tracker;
  script: Script;
  /** sendMessage calls expected for a script step. */
  replies(index: number): number;
  stop(): Promise<void>;
}

export interface BurstResult { updates: number; seconds: number; perSecond: number; cpuUsPerUpdate: number }

/** Pushes n updates at once (round-robin over the chats) and waits for every reply. */
export async function burst(s: Subject, n: number): Promise<BurstResult> {
  const updates: Array<Record<string, unknown>> = [];
  let replies = 0;
  for (let i = 0; i < n; i++) {
    const chat = (i % CHATS) + 1;
    const { text, index } = s.script.next(chat);
    replies += s.replies(index);
    updates.push(s.standin.textMessage(chat, text));
  }
  const done = s.tracker.untilSent(replies, 120_000);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  s.standin.pushUpdates(updates);
  const t1 = await done;
  const cpu = process.cpuUsage(cpu0);
  const seconds = (t1 - t0) / 1000;
  return { updates: n, seconds, perSecond: n / seconds, cpuUsPerUpdate: (cpu.user + cpu.system) / n };
}

/** Pushes n updates one at a time at `rate`/s; returns the latencies (ms) of their replies. */
export async function paced(s: Subject, n: number, rate: number): Promise<{ p50: number; p99: number; max: number }> {
  const before = s.tracker.latencies.length;
  const interval = 1000 / rate;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const wait = t0 + i * interval - performance.now();
    if (wait > 0.5) await sleep(wait);
    const chat = (i % CHATS) + 1;
    const { text, index } = s.script.next(chat);
    const update = s.standin.textMessage(chat, text);
    s.tracker.expect(chat, performance.now(), s.replies(index));
    s.standin.pushUpdates([update]);
  }
  await s.tracker.untilLatencies(before + n, 30_000);
  const lat = s.tracker.latencies.slice(before);
  return { p50: percentile(lat, 50), p99: percentile(lat, 99), max: Math.max(...lat) };
}

async function startEcho(): Promise<Subject> {
  const standin = await startBotApiStandin();
  const tracker = new Tracker(standin, false);
  const bot = new Telegraf(standin.token, { telegram: { apiRoot: standin.apiRoot } });
  bot.on("text", (ctx) => ctx.reply(ctx.message.text));
  let running!: Promise<void>;
  await new Promise<void>((resolve, reject) => {
    running = bot.launch({ dropPendingUpdates: false }, () => resolve());
    running.catch(reject);
  });
  return {
    name: "echo", standin, tracker, script: new Script(), replies: () => 1,
    async stop() {
      // launch() starts polling only after getMe and deleteWebhook; until then stop() throws.
      await standin.waitFor(() => standin.calls.some((c) => c.method === "getUpdates"), 5_000).catch(() => undefined);
      try { bot.stop("bench end"); } catch { /* not running */ }
      await running.catch(() => undefined);
      await standin.close();
    },
  };
}

const silent = createLogger({ level: "silent" });

export async function startOurs(dir: string): Promise<Subject & { bot: RunningBot; dbPath: string }> {
  const standin = await startBotApiStandin();
  const tracker = new Tracker(standin, true);
  const dbPath = join(dir, "bot.sqlite");
  // 100 reporters of khóm Đông Hưng, bound to Telegram user ids 1..100 before the bot starts.
  const now = new Date();
  const db = openDb(dbPath);
  syncProfile(db, loadProfile(join(ROOT, "templates/ward-profile.yaml")), now);
  for (let id = 1; id <= CHATS; id++) {
    bindIdentity(db, { channel: "telegram", platformUserId: String(id), chatId: String(id), name: `Người báo cáo ${id}`, role: "bao_cao", unitCode: "dong-hung", now });
  }
  closeDb(db);
  const config = loadConfig({
    BOT_TOKEN: standin.token, TELEGRAM_API_ROOT: standin.apiRoot, DATABASE_PATH: dbPath, LOG_LEVEL: "silent", SCHEDULER: "false", PORT: "0",
    WARD_PROFILE_PATH: join(ROOT, "templates/ward-profile.yaml"), REPORT_TEMPLATE_DIR: join(ROOT, "templates"),
    // Replies go through the outbox, which keeps Telegram's 25/s; the stand-in has no limit and
    // the bench measures the bot's own work, so the rate is lifted far above the offered load
    // (and the per-chat gap, which replies skip anyway, removed).
    OUTBOX_RATE_PER_SECOND: "100000", OUTBOX_CHAT_INTERVAL_MS: "0",
  });
  const bot = await startBot({ config, log: silent });
  return {
    name: "ours", standin, tracker, script: new Script(), bot, dbPath, replies: (i) => OUR_REPLIES[i] ?? 1,
    async stop() {
      await bot.stop();
      await standin.close();
    },
  };
}

/** Waits until the bot finished everything it started and the outbox sent every reply. */
export async function settle(s: Subject & { bot?: RunningBot }): Promise<void> {
  if (s.bot) await s.bot.settle(10_000);
  await sleep(50);
}

export async function benchChat(): Promise<BenchResult> {
  // ---- the floor: bare telegraf echo
  // BENCH_CHAT_ONLY=ours skips the floor (for a CPU profile of our bot alone).
  const onlyOurs = process.env.BENCH_CHAT_ONLY === "ours";
  const echo = onlyOurs ? undefined : await startEcho();
  let floorBurst: BurstResult = { updates: 0, seconds: NaN, perSecond: NaN, cpuUsPerUpdate: NaN };
  let floorPaced = { p50: NaN, p99: NaN, max: NaN };
  try {
    if (echo) {
    await burst(echo, 2_000); // warm-up
    await settle(echo);
    floorBurst = await burst(echo, FLOOR_BURST);
    await settle(echo);
    floorPaced = await paced(echo, PACED, PACED_RATE);
    }
  } finally {
    await echo?.stop();
  }

  // ---- ours: the real bot filing forms
  const tmp = tempDir("bench-chat-");
  let ours: Subject & { bot: RunningBot; dbPath: string } | undefined;
  let ourBurst: BurstResult;
  let ourPaced: { p50: number; p99: number; max: number };
  let check: { entries: number; luu: number; saved: number; apologies: number; processed: number; pushed: number };
  let calibration: BurstResult;
  try {
    ours = await startOurs(tmp.dir);
    await burst(ours, CYCLE); // warm-up: one filing per chat
    await settle(ours);
    calibration = await burst(ours, CYCLE); // calibration: one more filing per chat
    await settle(ours);
    const n = Math.min(80_000, Math.max(2 * CYCLE, Math.ceil((calibration.perSecond * TARGET_BURST_SECONDS) / CYCLE) * CYCLE));
    ourBurst = await burst(ours, n);
    await settle(ours);
    ourPaced = await paced(ours, PACED, PACED_RATE);
    await settle(ours);
    const c = ours.bot.db.$client;
    check = {
      entries: (c.prepare("select count(*) n from entries").get() as { n: number }).n,
      luu: ours.script.luuSent,
      saved: ours.tracker.texts.filter((t) => t.startsWith("✅ Đã lưu")).length,
      apologies: ours.tracker.texts.filter((t) => t === APOLOGY).length,
      processed: (c.prepare("select count(*) n from processed_events").get() as { n: number }).n,
      pushed: 2 * CYCLE + n + PACED,
    };
  } finally {
    await ours?.stop();
    tmp.cleanup();
  }

  const floorDoc = { perSecond: 7_200, cpu: 140, p50: 1.1, p99: 4.9 };
  const rows = [
    ["floor: telegraf echo (documented)", `${num(floorDoc.perSecond)}/s`, `~${floorDoc.cpu} µs`, `${floorDoc.p50} / ${floorDoc.p99} ms`, "—"],
    [`floor: telegraf echo (this run, ${num(floorBurst.updates)} updates)`, `${num(floorBurst.perSecond)}/s`, `${num(floorBurst.cpuUsPerUpdate)} µs`,
      `${num(floorPaced.p50, 2)} / ${num(floorPaced.p99, 2)} ms`, "1.00×"],
    [`ours: form filing (${num(ourBurst.updates)} updates, ${num(ourBurst.seconds, 1)} s)`, `${num(ourBurst.perSecond)}/s`, `${num(ourBurst.cpuUsPerUpdate)} µs`,
      `${num(ourPaced.p50, 2)} / ${num(ourPaced.p99, 2)} ms`, ratio(ourBurst.perSecond / floorBurst.perSecond)],
    ["ours / floor (this run)", ratio(ourBurst.perSecond / floorBurst.perSecond), ratio(ourBurst.cpuUsPerUpdate / floorBurst.cpuUsPerUpdate),
      `${ratio(ourPaced.p50 / floorPaced.p50)} / ${ratio(ourPaced.p99 / floorPaced.p99)}`, ""],
  ];
  const ok = check.entries === check.luu && check.saved === check.luu && check.apologies === 0 && check.processed === check.pushed;
  const markdown = [
    table(["bot (100 chats)", "burst throughput", "CPU per update (bot + stand-in)", "paced 100/s p50 / p99", "throughput vs floor"], rows),
    "",
    table(["detail", "value"], [
      ["our CPU per update above the floor (app's own work, approx.)", `${num(ourBurst.cpuUsPerUpdate - floorBurst.cpuUsPerUpdate)} µs`],
      ["our calibration burst (after an 800-update warm-up, 800 updates)", `${num(calibration.perSecond)}/s`],
      ["paced max latency: floor / ours", `${ms(floorPaced.max)} / ${ms(ourPaced.max)}`],
      ["replies per update: floor / ours", `1 / ${num(OUR_REPLIES.reduce((a, b) => a + b, 0) / SCRIPT.length, 3)} (the /nhap step answers with 2 messages)`],
      ["check: entries in SQLite = \"luu\" sent", `${num(check.entries)} = ${num(check.luu)} ${check.entries === check.luu ? "✓" : "✗ MISMATCH"}`],
      ["check: \"✅ Đã lưu\" replies, apologies", `${num(check.saved)}, ${check.apologies}`],
      ["check: processed_events = updates pushed", `${num(check.processed)} = ${num(check.pushed)} ${check.processed === check.pushed ? "✓" : "✗"}`],
    ]),
    "",
    ok ? "Correctness: every update answered, every \"luu\" saved exactly one entry."
      : "**Correctness check FAILED** (see the table above).",
  ].join("\n");
  if (!ok) process.exitCode = 1;
  return { title: "Chat throughput (telegraf long polling against the in-process stand-in)", markdown };
}

if (isMain(import.meta.url)) await runAlone(benchChat);
