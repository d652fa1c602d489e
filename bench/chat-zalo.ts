// Chat throughput on Zalo: the closed-loop burst and the paced run of bench/chat.ts (the load of
// bench/chat-load.ts, its reply tracker and script) for our real bot with only the Zalo channel
// (BOT_TOKEN empty), against the in-process Zalo Bot Platform stand-in
// (test/helpers/zalo-standin.ts), in both of the channel's modes:
//
//   polling:  each update is queued in the stand-in; the bot long-polls getUpdates, which on Zalo
//             returns ONE update per call (Telegram returns up to 100), so every update costs one
//             HTTP round trip before the bot even sees it.
//   webhook:  PUBLIC_BASE_URL + WEBHOOK_SECRET; each update is posted to
//             `${bot.web.url}/webhook/zalo` as the platform does (header x-bot-api-secret-token);
//             the bot answers 200 once the update is recorded in its inbox.
//
//   burst:   closed loop, as on Telegram: each of the 100 chats sends its next step once the
//            replies to its previous one arrived and are recorded delivered (a typed answer counts
//            only once its question reached the phone, issue 17 point 6); updates/s until every
//            step was answered, and process CPU per update (bot + stand-in share this process).
//   paced:   updates delivered one at a time at 100/s; latency from delivery to the arrival of
//            the (last) reply to that update.
//
// Every chat files a real form, the SCRIPT of bench/chat-load.ts. For comparison the same burst
// runs first for our bot on Telegram (bench/chat.ts's set-up), in the same process: the machines
// are shared, so compare ratios measured in the same run.
import { join } from "node:path";
import { startZaloStandin, type ZaloSent, type ZaloStandin } from "../test/helpers/zalo-standin.js";
import { loadConfig } from "../src/app/environment.js";
import { createLogger } from "../src/log.js";
import { startBot, type RunningBot } from "../src/app/start.js";
import { openDb, closeDb } from "../src/db/client.js";
import { loadProfile } from "../src/app/profile-file.js";
import { syncProfile } from "../src/store/profile-sync.js";
import { bindIdentity } from "../src/store/users.js";
import { APOLOGY } from "../src/app/bot-app.js";
import { CHATS, SCRIPT, Script, Tracker, burst, paced, repliesPerStep, runCorrect, settleChannel, type BurstResult, type RunCheck, type Subject } from "./chat-load.js";
import { runOursOnTelegram } from "./chat.js";
import { ROOT, isMain, ms, num, ratio, runAlone, table, tempDir, type BenchResult } from "./lib.js";

type Mode = "polling" | "webhook";

const CYCLE = SCRIPT.length * CHATS; // updates that take every chat through one whole filing
/** Filings per chat in the measured burst (2,400 updates), on each channel and mode alike. */
const BURST_CYCLES = 3;
/** Seconds on a quiet machine; on a loaded shared one (load 15+) 2,400 steps took over 120 s. */
const BURST_TIMEOUT_MS = 600_000;
const PACED = 400; // 4 s at 100/s
const PACED_RATE = 100;
const WEBHOOK_SECRET = "bench-zalo-webhook-secret-0123";
const PUBLIC_BASE_URL = "https://bot.example.vn";

/** The shared tracker, fed by the Zalo stand-in's list of delivered messages (pushed as each arrives). */
function trackZalo(standin: ZaloStandin): Tracker {
  const tracker = new Tracker(true);
  const sent = standin.sent;
  const push = sent.push.bind(sent);
  sent.push = (...items: ZaloSent[]) => {
    for (const item of items) tracker.record(item.chatId, item.text);
    return push(...items);
  };
  return tracker;
}

interface ZaloSubject extends Subject {
  mode: Mode;
  standin: ZaloStandin;
  bot: RunningBot;
  pushed: number;
  /** Replies each script step earns on Zalo, measured first (repliesPerStep). */
  perStep: number[];
}

const silent = createLogger({ level: "silent" });

async function startOurs(mode: Mode, dir: string): Promise<ZaloSubject> {
  const standin = await startZaloStandin({ maxPollMs: 1000 });
  const tracker = trackZalo(standin);
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
  // A refused post fails the run at its end (settle): the platform would deliver again, the bench does not.
  let refused: string | undefined;

  const subject: ZaloSubject = {
    name: `ours on Zalo (${mode})`, channel: "zalo", mode, standin, bot, tracker, script: new Script(), sqlite: bot.db.$client, pushed: 0, perStep: [],
    replies: (i) => subject.perStep[i] ?? 1,
    push(chat, text) {
      subject.pushed++;
      // Dated now: the stand-in's default date is fixed in the past, and an answer dated before its
      // question was delivered is refused as typed early (issue 17 point 6).
      const update = standin.textMessage(chat, text, { date: Date.now() });
      if (mode === "polling") { standin.push(update); return; }
      void standin.postWebhook(hookUrl, WEBHOOK_SECRET, update).then(
        (r) => { if (r.status !== 200) refused ??= `webhook answered ${r.status}: ${r.body}`; },
        (err: unknown) => { refused ??= `webhook post failed: ${String(err)}`; });
    },
    async stop() {
      await bot.stop();
      await standin.close();
      if (refused) throw new Error(refused);
    },
  };
  return subject;
}

const settle = (s: ZaloSubject, timeoutMs?: number): Promise<void> => settleChannel(s, "zalo", timeoutMs);

interface ModeResult {
  mode: Mode;
  perStep: number[];
  burst: BurstResult;
  paced: { p50: number; p99: number; max: number };
  getUpdates: number;
  check: RunCheck;
}

async function runMode(mode: Mode): Promise<ModeResult> {
  const tmp = tempDir(`bench-chat-zalo-${mode}-`);
  let s: ZaloSubject | undefined;
  try {
    s = await startOurs(mode, tmp.dir);
    s.perStep = await repliesPerStep(s, "zalo", 1, 10_000); // chat 1 files once, step by step
    const perStep = s.perStep;
    // Warm-up: every chat files once (chat 1 from where it stands), untimed.
    await burst(s, CYCLE, BURST_TIMEOUT_MS);
    await settle(s);
    const polls0 = s.standin.calls.filter((c) => c.method === "getUpdates").length;
    const b = await burst(s, BURST_CYCLES * CYCLE, BURST_TIMEOUT_MS);
    const getUpdates = s.standin.calls.filter((c) => c.method === "getUpdates").length - polls0;
    await settle(s);
    const p = await paced(s, PACED, PACED_RATE);
    await settle(s);
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
const runTelegram = () => runOursOnTelegram("bench-chat-zalo-telegram-", { warmUp: CYCLE, burstUpdates: BURST_CYCLES * CYCLE, paced: PACED, pacedRate: PACED_RATE, timeoutMs: BURST_TIMEOUT_MS });

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
    `ours on Zalo, ${r.mode === "polling" ? "long polling (1 update per getUpdates)" : "webhook (one post per chat in flight)"}: ${num(r.burst.updates)} updates, ${num(r.burst.seconds, 1)} s`,
    `${num(r.burst.perSecond)}/s`, `${num(r.burst.cpuUsPerUpdate)} µs`,
    `${num(r.paced.p50, 2)} / ${num(r.paced.p99, 2)} ms`, ratio(r.burst.perSecond / tg.burst.perSecond),
  ]));
  rows.push(["Zalo polling / webhook", ratio(poll.burst.perSecond / hook.burst.perSecond), ratio(poll.burst.cpuUsPerUpdate / hook.burst.cpuUsPerUpdate),
    `${ratio(poll.paced.p50 / hook.paced.p50)} / ${ratio(poll.paced.p99 / hook.paced.p99)}`, ""]);
  const ok = results.every((r) => runCorrect(r.check));
  const markdown = [
    table(["our bot (100 chats, form filing)", "burst throughput", "CPU per update (bot + stand-in + poster)", `paced ${PACED_RATE}/s p50 / p99`, "throughput vs Telegram"], rows),
    "",
    table(["detail", "polling", "webhook"], [
      ["replies per script step (/nhap, 6 answers, luu)", poll.perStep.join(" "), hook.perStep.join(" ")],
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
      + "round trip per update before the bot sees it. By webhook the platform pushes each update, and the "
      + "100 chats' steps arrive side by side (closed loop: one post per chat in flight).",
    "",
    ok ? "Correctness: every update answered, every \"luu\" saved exactly one entry, in both modes."
      : "**Correctness check FAILED** (see the table above).",
  ].join("\n");
  if (!ok) process.exitCode = 1;
  return { title: "Chat throughput on Zalo (our bot against the in-process Zalo stand-in, polling and webhook)", markdown };
}

if (isMain(import.meta.url)) await runAlone(benchChatZalo);
