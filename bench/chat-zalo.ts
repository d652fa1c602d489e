// Chat throughput on Zalo: the burst (and a short paced run) of bench/chat.ts for our real bot
// with only the Zalo channel (BOT_TOKEN empty), against the in-process Zalo Bot Platform
// stand-in (test/helpers/zalo-standin.ts), in both of the channel's modes:
//
//   polling:  every update of the burst is queued in the stand-in at once; the bot long-polls
//             getUpdates, which on Zalo returns ONE update per call (Telegram returns up to 100),
//             so every update costs one HTTP round trip before the bot even sees it.
//   webhook:  PUBLIC_BASE_URL + WEBHOOK_SECRET; the bench posts every update to
//             `${bot.web.url}/webhook/zalo` as the platform does (header x-bot-api-secret-token),
//             16 posts in flight; the bot answers 200 once the update is recorded in its inbox.
//
//   burst:   N updates over 100 chats (in order per chat); updates/s from the first delivery to
//            the arrival at the stand-in of the last reply (sendMessage), and process CPU per
//            update (bot + stand-in + webhook poster share this process).
//   paced:   updates delivered one at a time at 100/s; latency from delivery to the arrival of
//            the (last) reply to that update.
//
// Every chat files a real form, the SCRIPT of bench/chat.ts. Replies are counted by observing
// the stand-in's `sent` list (each successful sendMessage is pushed there when it arrives).
// For comparison the same burst runs first for our bot on Telegram (bench/chat.ts's set-up), in
// the same process: the machines are shared, so compare ratios measured in the same run.
import { join } from "node:path";
import { startZaloStandin, type ZaloSent, type ZaloStandin, type ZaloUpdateBody } from "../test/helpers/zalo-standin.js";
import { loadConfig } from "../src/app/environment.js";
import { createLogger } from "../src/log.js";
import { startBot, type RunningBot } from "../src/app/start.js";
import { openDb, closeDb } from "../src/db/client.js";
import { loadProfile } from "../src/app/profile-file.js";
import { syncProfile } from "../src/store/profile-sync.js";
import { bindIdentity } from "../src/store/users.js";
import { APOLOGY } from "../src/app/bot-app.js";
import { CHATS, SCRIPT, burst as telegramBurst, paced as telegramPaced, settle as telegramSettle, startOurs as startTelegram } from "./chat.js";
import { ROOT, isMain, ms, num, percentile, ratio, runAlone, sleep, table, tempDir, type BenchResult } from "./lib.js";

type Mode = "polling" | "webhook";

const CYCLE = SCRIPT.length * CHATS; // updates that take every chat through one whole filing
/** Filings per chat in the measured burst (2,400 updates), on each channel and mode alike. */
const BURST_CYCLES = 3;
const PACED = 400; // 4 s at 100/s
const PACED_RATE = 100;
const WEBHOOK_IN_FLIGHT = 16;
const WEBHOOK_SECRET = "bench-zalo-webhook-secret-0123";
const PUBLIC_BASE_URL = "https://bot.example.vn";

interface Pending { pushedAt: number; expected: number; got: number }

/** Observes the stand-in's successful sendMessage calls (pushes onto its `sent` list). */
class Tracker {
  count = 0;
  texts: string[] = [];
  latencies: number[] = [];
  private readonly queues = new Map<string, Pending[]>();
  private latencyTarget = Infinity;
  private latencyReached: (() => void) | undefined;
  private countTarget = Infinity;
  private countReached: (() => void) | undefined;

  constructor(standin: ZaloStandin) {
    const sent = standin.sent;
    const push = sent.push.bind(sent);
    sent.push = (...items: ZaloSent[]) => {
      const now = performance.now();
      for (const item of items) this.onSent(item, now);
      return push(...items);
    };
  }

  private onSent(item: ZaloSent, now: number): void {
    this.count++;
    this.texts.push(item.text);
    const q = this.queues.get(item.chatId);
    const head = q?.[0];
    if (head && ++head.got === head.expected) {
      q!.shift();
      this.latencies.push(now - head.pushedAt);
      if (this.latencies.length >= this.latencyTarget) this.latencyReached?.();
    }
    if (this.count >= this.countTarget) this.countReached?.();
  }

  /** Resolves when the count of replies reaches `n`; returns performance.now() at that moment. */
  untilCount(n: number, timeoutMs: number): Promise<number> {
    if (this.count >= n) return Promise.resolve(performance.now());
    this.countTarget = n;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${this.count} of ${n} replies after ${timeoutMs} ms`)), timeoutMs);
      this.countReached = () => { clearTimeout(timer); this.countReached = undefined; this.countTarget = Infinity; resolve(performance.now()); };
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

interface Subject {
  mode: Mode;
  standin: ZaloStandin;
  bot: RunningBot;
  tracker: Tracker;
  script: Script;
  pushed: number;
  /** Hands updates to the bot: queued for getUpdates, or posted to the webhook. */
  deliver(updates: ZaloUpdateBody[]): Promise<void>;
  stop(): Promise<void>;
}

const silent = createLogger({ level: "silent" });

async function startOurs(mode: Mode, dir: string): Promise<Subject> {
  const standin = await startZaloStandin({ maxPollMs: 1000 });
  const tracker = new Tracker(standin);
  const dbPath = join(dir, `bot-${mode}.sqlite`);
  // 100 reporters of khóm Đông Hưng, bound to Zalo user ids 1..100 before the bot starts.
  const now = new Date();
  const db = openDb(dbPath);
  syncProfile(db, loadProfile(join(ROOT, "templates/ward-profile.yaml")), now);
  for (let id = 1; id <= CHATS; id++) {
    bindIdentity(db, { channel: "zalo", platformUserId: String(id), chatId: String(id), name: `Người báo cáo ${id}`, role: "bao_cao", unitCode: "dong-hung", now });
  }
  closeDb(db);
  const config = loadConfig({
    BOT_TOKEN: "", ZALO_BOT_TOKEN: standin.token, ZALO_API_ROOT: standin.apiRoot,
    ...(mode === "webhook" ? { PUBLIC_BASE_URL, WEBHOOK_SECRET } : { ZALO_MODE: "polling" }),
    DATABASE_PATH: dbPath, LOG_LEVEL: "silent", SCHEDULER: "false", PORT: "0",
    WARD_PROFILE_PATH: join(ROOT, "templates/ward-profile.yaml"), REPORT_TEMPLATE_DIR: join(ROOT, "templates"),
    // The stand-in has no limit and the bench measures the bot's own work: the outbox's rate is
    // lifted far above the offered load, and its per-chat gap (not applied to replies) removed.
    OUTBOX_RATE_PER_SECOND: "100000", OUTBOX_CHAT_INTERVAL_MS: "0",
  });
  const bot = await startBot({ config, log: silent });
  if (bot.channels.map((c) => c.name).join() !== "zalo") throw new Error(`expected only zalo, got ${bot.channels.map((c) => c.name).join()}`);
  const hookUrl = mode === "webhook" ? `${bot.web!.url}/webhook/zalo` : "";
  if (mode === "webhook" && !standin.webhook()) throw new Error("the bot did not register its webhook");

  async function post(u: ZaloUpdateBody): Promise<void> {
    const r = await standin.postWebhook(hookUrl, WEBHOOK_SECRET, u);
    if (r.status !== 200) throw new Error(`webhook answered ${r.status}: ${r.body}`);
  }

  const subject: Subject = {
    mode, standin, bot, tracker, script: new Script(), pushed: 0,
    async deliver(updates) {
      subject.pushed += updates.length;
      if (mode === "polling") { standin.push(...updates); return; }
      // Round-robin over 100 chats with 16 in flight: an update starts only after the previous
      // update of its chat (100 earlier) was answered, so each chat's order is kept.
      let next = 0;
      const worker = async () => { while (next < updates.length) await post(updates[next++]!); };
      await Promise.all(Array.from({ length: Math.min(WEBHOOK_IN_FLIGHT, updates.length) }, worker));
    },
    async stop() {
      await bot.stop();
      await standin.close();
    },
  };
  return subject;
}

/** Waits until every delivered update was handled and every reply sent. */
async function settle(s: Subject, timeoutMs = 120_000): Promise<void> {
  const processed = s.bot.db.$client.prepare("select count(*) n from processed_events where channel = 'zalo'");
  const deadline = performance.now() + timeoutMs;
  while ((processed.get() as { n: number }).n < s.pushed) {
    if (performance.now() > deadline) throw new Error(`only ${(processed.get() as { n: number }).n} of ${s.pushed} updates handled after ${timeoutMs} ms`);
    await sleep(5);
  }
  await s.bot.settle(timeoutMs);
}

/** Sends every step of the script to one chat, one at a time: the replies each step earns on Zalo. */
async function repliesPerStep(s: Subject, chat: number): Promise<number[]> {
  const counts: number[] = [];
  for (let i = 0; i < SCRIPT.length; i++) {
    const before = s.tracker.count;
    await s.deliver([s.standin.textMessage(chat, s.script.next(chat).text)]);
    await settle(s, 10_000);
    await sleep(20);
    counts.push(s.tracker.count - before);
  }
  return counts;
}

interface BurstResult {
  updates: number; replies: number; seconds: number; perSecond: number; cpuUsPerUpdate: number;
  /** Seconds until the bot had taken every update (webhook: the last post answered; polling: the stand-in's queue empty). */
  deliveredSeconds: number;
}

/** Delivers n updates (whole filings, round-robin over the chats) and waits for every reply. */
async function burst(s: Subject, cycles: number, perStep: number[]): Promise<BurstResult> {
  const n = cycles * CYCLE;
  const updates: ZaloUpdateBody[] = [];
  let expected = 0;
  for (let i = 0; i < n; i++) {
    const chat = (i % CHATS) + 1;
    const { text, index } = s.script.next(chat);
    expected += perStep[index]!;
    updates.push(s.standin.textMessage(chat, text));
  }
  const before = s.tracker.count;
  // Timed like bench/chat.ts: until the last expected reply arrives (no settling inside the window).
  const done = s.tracker.untilCount(before + expected, 180_000);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let deliveredAt = NaN;
  const delivering = s.deliver(updates);
  if (s.mode === "polling") {
    while (s.standin.pending() > 0) await sleep(2);
    deliveredAt = performance.now();
  }
  await delivering;
  if (s.mode === "webhook") deliveredAt = performance.now();
  const t1 = await done;
  const cpu = process.cpuUsage(cpu0);
  await settle(s);
  const replies = s.tracker.count - before;
  if (replies !== expected) throw new Error(`${s.mode}: ${replies} replies to the burst, expected ${expected}`);
  const seconds = (t1 - t0) / 1000;
  return { updates: n, replies, seconds, perSecond: n / seconds, cpuUsPerUpdate: (cpu.user + cpu.system) / n, deliveredSeconds: (deliveredAt - t0) / 1000 };
}

/** Delivers n updates one at a time at `rate`/s; returns the latencies (ms) of their replies. */
async function paced(s: Subject, n: number, rate: number, perStep: number[]): Promise<{ p50: number; p99: number; max: number }> {
  const before = s.tracker.latencies.length;
  const interval = 1000 / rate;
  const posts: Array<Promise<void>> = [];
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const wait = t0 + i * interval - performance.now();
    if (wait > 0.5) await sleep(wait);
    const chat = (i % CHATS) + 1;
    const { text, index } = s.script.next(chat);
    const update = s.standin.textMessage(chat, text);
    s.tracker.expect(chat, performance.now(), perStep[index]!);
    posts.push(s.deliver([update]));
  }
  await Promise.all(posts);
  await s.tracker.untilLatencies(before + n, 30_000);
  await settle(s);
  const lat = s.tracker.latencies.slice(before);
  return { p50: percentile(lat, 50), p99: percentile(lat, 99), max: Math.max(...lat) };
}

interface ModeResult {
  mode: Mode;
  perStep: number[];
  burst: BurstResult;
  paced: { p50: number; p99: number; max: number };
  getUpdates: number;
  check: { entries: number; luu: number; saved: number; apologies: number; processed: number; pushed: number };
}

async function runMode(mode: Mode): Promise<ModeResult> {
  const tmp = tempDir(`bench-chat-zalo-${mode}-`);
  let s: Subject | undefined;
  try {
    s = await startOurs(mode, tmp.dir);
    const perStep = await repliesPerStep(s, 1); // chat 1 files once, step by step
    // Warm-up: the other chats file once (chat 1 files again), untimed.
    await burst(s, 1, perStep);
    const polls0 = s.standin.calls.filter((c) => c.method === "getUpdates").length;
    const b = await burst(s, BURST_CYCLES, perStep);
    const getUpdates = s.standin.calls.filter((c) => c.method === "getUpdates").length - polls0;
    const p = await paced(s, PACED, PACED_RATE, perStep);
    const c = s.bot.db.$client;
    const check = {
      entries: (c.prepare("select count(*) n from entries").get() as { n: number }).n,
      luu: s.script.luuSent,
      saved: s.tracker.texts.filter((t) => t.startsWith("✅ Đã lưu")).length,
      apologies: s.tracker.texts.filter((t) => t === APOLOGY).length,
      processed: (c.prepare("select count(*) n from processed_events where channel = 'zalo'").get() as { n: number }).n,
      pushed: s.pushed,
    };
    return { mode, perStep, burst: b, paced: p, getUpdates, check };
  } finally {
    await s?.stop();
    tmp.cleanup();
  }
}

/** Our bot on Telegram (bench/chat.ts's set-up): the same warm-up, burst and paced run. */
async function runTelegram(): Promise<{ burst: { updates: number; seconds: number; perSecond: number; cpuUsPerUpdate: number }; paced: { p50: number; p99: number; max: number } }> {
  const tmp = tempDir("bench-chat-zalo-telegram-");
  let t: Awaited<ReturnType<typeof startTelegram>> | undefined;
  try {
    t = await startTelegram(tmp.dir);
    await telegramBurst(t, CYCLE); // warm-up: one filing per chat
    await telegramSettle(t);
    const b = await telegramBurst(t, BURST_CYCLES * CYCLE);
    await telegramSettle(t);
    const p = await telegramPaced(t, PACED, PACED_RATE);
    await telegramSettle(t);
    return { burst: b, paced: p };
  } finally {
    await t?.stop();
    tmp.cleanup();
  }
}

export async function benchChatZalo(): Promise<BenchResult> {
  const tg = await runTelegram();
  const results: ModeResult[] = [];
  for (const mode of ["polling", "webhook"] as const) results.push(await runMode(mode));
  const [poll, hook] = results as [ModeResult, ModeResult];

  const rows = [[
    `ours on Telegram (same run, long polling): ${num(tg.burst.updates)} updates, ${num(tg.burst.seconds, 1)} s`,
    `${num(tg.burst.perSecond)}/s`, `${num(tg.burst.cpuUsPerUpdate)} µs`, `${num(tg.paced.p50, 2)} / ${num(tg.paced.p99, 2)} ms`, "1.00×",
  ]];
  rows.push(...results.map((r) => [
    `ours on Zalo, ${r.mode === "polling" ? "long polling (1 update per getUpdates)" : `webhook (${WEBHOOK_IN_FLIGHT} posts in flight)`}: ${num(r.burst.updates)} updates, ${num(r.burst.seconds, 1)} s`,
    `${num(r.burst.perSecond)}/s`, `${num(r.burst.cpuUsPerUpdate)} µs`,
    `${num(r.paced.p50, 2)} / ${num(r.paced.p99, 2)} ms`, ratio(r.burst.perSecond / tg.burst.perSecond),
  ]));
  rows.push(["Zalo polling / webhook", ratio(poll.burst.perSecond / hook.burst.perSecond), ratio(poll.burst.cpuUsPerUpdate / hook.burst.cpuUsPerUpdate),
    `${ratio(poll.paced.p50 / hook.paced.p50)} / ${ratio(poll.paced.p99 / hook.paced.p99)}`, ""]);
  const okOf = (r: ModeResult) => r.check.entries === r.check.luu && r.check.saved === r.check.luu && r.check.apologies === 0 && r.check.processed === r.check.pushed;
  const ok = results.every(okOf);
  const markdown = [
    table(["our bot (100 chats, form filing)", "burst throughput", "CPU per update (bot + stand-in + poster)", `paced ${PACED_RATE}/s p50 / p99`, "throughput vs Telegram"], rows),
    "",
    table(["detail", "polling", "webhook"], [
      ["replies per script step (/nhap, 6 answers, luu)", poll.perStep.join(" "), hook.perStep.join(" ")],
      ["burst: every update taken by the bot after", `${num(poll.burst.deliveredSeconds, 2)} s`, `${num(hook.burst.deliveredSeconds, 2)} s`],
      ["getUpdates calls during the burst (incl. 408 timeouts)", num(poll.getUpdates), "—"],
      ["paced max latency (Telegram: " + ms(tg.paced.max) + ")", ms(poll.paced.max), ms(hook.paced.max)],
      ["check: entries in SQLite = \"luu\" sent", `${num(poll.check.entries)} = ${num(poll.check.luu)} ${poll.check.entries === poll.check.luu ? "✓" : "✗"}`,
        `${num(hook.check.entries)} = ${num(hook.check.luu)} ${hook.check.entries === hook.check.luu ? "✓" : "✗"}`],
      ["check: \"✅ Đã lưu\" replies, apologies", `${num(poll.check.saved)}, ${poll.check.apologies}`, `${num(hook.check.saved)}, ${hook.check.apologies}`],
      ["check: processed_events = updates delivered", `${num(poll.check.processed)} = ${num(poll.check.pushed)} ${poll.check.processed === poll.check.pushed ? "✓" : "✗"}`,
        `${num(hook.check.processed)} = ${num(hook.check.pushed)} ${hook.check.processed === hook.check.pushed ? "✓" : "✗"}`],
    ]),
    "",
    "Zalo's getUpdates returns one update per call (Telegram's up to 100), so long polling pays one HTTP "
      + "round trip per update before the bot sees it: its intake is inherently slower (\"every update taken "
      + "after\" above). By webhook the platform pushes each update and many arrive at once (here 16 posts in "
      + "flight). Whether the slower intake limits the burst depends on whether the bot's own handling of an "
      + "update takes longer than that round trip; a faster intake also builds a longer backlog of unsent replies "
      + "in the outbox.",
    "",
    ok ? "Correctness: every update answered, every \"luu\" saved exactly one entry, in both modes."
      : "**Correctness check FAILED** (see the table above).",
  ].join("\n");
  if (!ok) process.exitCode = 1;
  return { title: "Chat throughput on Zalo (our bot against the in-process Zalo stand-in, polling and webhook)", markdown };
}

if (isMain(import.meta.url)) await runAlone(benchChatZalo);
