// Chat throughput on a Zalo Official Account (issue 18's benchmark): the closed-loop burst and the
// paced run of bench/chat-load.ts (its script, tracker and load, shared with bench/chat.ts and
// bench/chat-zalo.ts) for our real bot with only the OA channel (BOT_TOKEN empty), against the
// in-process OA stand-in (test/helpers/zalo-oa-standin.ts: the OpenAPI and OAuth hosts), and for
// comparison the same load on Telegram (bench/chat.ts's set-up) in the same process and run: the
// machines are shared, so compare ratios measured in the same run.
//
//   intake:  the OA runs by webhook only: each update is a user_send_text event signed as Zalo
//            signs it (X-ZEvent-Signature: mac=sha256(app id + body + timestamp + OA Secret Key))
//            and POSTed to `${bot.web.url}/webhook/zalo-oa`; the bot answers 200 once it is
//            recorded in its inbox.
//   replies: consultation messages (POST /v3.0/oa/message/cs with the access token the bot
//            refreshed at start-up), counted as the stand-in accepts them.
//   burst:   closed loop: each of the 100 chats sends its next step once the replies to its
//            previous one arrived and are recorded delivered (issue 17 point 6); updates/s until
//            every step was answered, and process CPU per update (bot + stand-in + poster share
//            this process).
//   paced:   updates delivered one at a time at 100/s; latency from the post to the arrival of
//            the (last) reply to that update.
//
// The OA's people have ids of up to 19 digits; here they are "1".."100", since the shared load
// keys its closed loop by the chat number (chat-load.ts reads the outbox by chat id).
// Only public start-up paths are used (startBot, loadConfig), so the bench follows the bot's
// internals as they change. BENCH_CHAT_SCALE (default 1) scales the burst and the paced run.
import { join } from "node:path";
import { startZaloOaStandin, type OaSent, type ZaloOaStandin } from "../test/helpers/zalo-oa-standin.js";
import { oaEnv } from "../test/helpers/zalo-oa-harness.js";
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

const OA = "zalo-oa";
const CYCLE = SCRIPT.length * CHATS; // updates that take every chat through one whole filing
const SCALE = Number(process.env.BENCH_CHAT_SCALE ?? "1") > 0 ? Number(process.env.BENCH_CHAT_SCALE ?? "1") : 1;
/** Filings per chat in the measured burst: 3 at scale 1 (2,400 updates), on both channels alike. */
const BURST_CYCLES = Math.max(1, Math.round(3 * SCALE));
/** A loaded shared machine (load 15+) took over 120 s for 2,400 steps on Telegram. */
const BURST_TIMEOUT_MS = 600_000;
const PACED = Math.max(1, Math.round((400 * SCALE) / CHATS)) * CHATS; // 4 s at 100/s at scale 1
const PACED_RATE = 100;

/** The shared tracker, fed by the OA stand-in's list of delivered consultation messages (pushed as each arrives). */
function trackOa(oa: ZaloOaStandin): Tracker {
  const tracker = new Tracker(true);
  const sent = oa.sent;
  const push = sent.push.bind(sent);
  sent.push = (...items: OaSent[]) => {
    for (const item of items) tracker.record(item.userId, item.text ?? "");
    return push(...items);
  };
  return tracker;
}

interface OaSubject extends Subject {
  oa: ZaloOaStandin;
  bot: RunningBot;
  pushed: number;
  /** Replies each script step earns on the OA, measured first (repliesPerStep). */
  perStep: number[];
}

const silent = createLogger({ level: "silent" });

async function startOursOnOa(dir: string): Promise<OaSubject> {
  const oa = await startZaloOaStandin();
  const tracker = trackOa(oa);
  const dbPath = join(dir, "bot-oa.sqlite");
  // 100 reporters of khóm Đông Hưng, bound to OA user ids 1..100 before the bot starts.
  const now = new Date();
  const db = openDb(dbPath);
  syncProfile(db, loadProfile(join(ROOT, "templates/ward-profile.yaml")), now);
  for (let id = 1; id <= CHATS; id++) {
    bindIdentity(db, { channel: OA, platformUserId: String(id), chatId: String(id), name: `Người báo cáo ${id}`, role: "bao_cao", unitCode: "dong-hung", now });
  }
  closeDb(db);
  const config = loadConfig({
    BOT_TOKEN: "", ...oaEnv(oa),
    DATABASE_PATH: dbPath, LOG_LEVEL: "silent", SCHEDULER: "false", PORT: "0",
    WARD_PROFILE_PATH: join(ROOT, "templates/ward-profile.yaml"), REPORT_TEMPLATE_DIR: join(ROOT, "templates"),
    // The stand-in has no limit and the bench measures the bot's own work: the outbox's rate is
    // lifted far above the offered load, and its per-chat gap (not applied to replies) removed.
    OUTBOX_RATE_PER_SECOND: "100000", OUTBOX_CHAT_INTERVAL_MS: "0",
  });
  const bot = await startBot({ config, log: silent });
  if (bot.channels.map((c) => c.name).join() !== OA) throw new Error(`expected only ${OA}, got ${bot.channels.map((c) => c.name).join()}`);
  if (!bot.web) throw new Error("the bot runs no HTTP server for the OA's webhook");
  const hookUrl = `${bot.web.url}/webhook/${OA}`;
  // A refused post fails the run at its end (stop): Zalo would deliver again, the bench does not.
  let refused: string | undefined;

  const subject: OaSubject = {
    name: "ours on Zalo OA (webhook)", channel: OA, oa, bot, tracker, script: new Script(), sqlite: bot.db.$client, pushed: 0, perStep: [],
    replies: (i) => subject.perStep[i] ?? 1,
    push(chat, text) {
      subject.pushed++;
      // Dated now: the stand-in's default date is fixed in the past, and an answer dated before its
      // question was delivered is refused as typed early (issue 17 point 6).
      const event = oa.textEvent(String(chat), text, { timestamp: Date.now() });
      void oa.postEvent(hookUrl, event).then(
        (r) => { if (r.status !== 200) refused ??= `webhook answered ${r.status}: ${r.body}`; },
        (err: unknown) => { refused ??= `webhook post failed: ${String(err)}`; });
    },
    async stop() {
      await bot.stop();
      await oa.close();
      if (refused) throw new Error(refused);
    },
  };
  return subject;
}

const processedOnOa = (s: OaSubject) => (s.bot.db.$client.prepare("select count(*) n from processed_events where channel = ?").get(OA) as { n: number }).n;
const settle = (s: OaSubject, timeoutMs?: number): Promise<void> => settleChannel(s, OA, timeoutMs);

interface Run { burst: BurstResult; paced: { p50: number; p99: number; max: number } }

interface OaRun extends Run {
  perStep: number[];
  refreshes: number;
  check: RunCheck;
}

async function runOa(): Promise<OaRun> {
  const tmp = tempDir("bench-chat-oa-");
  let s: OaSubject | undefined;
  try {
    s = await startOursOnOa(tmp.dir);
    s.perStep = await repliesPerStep(s, OA, 1, 30_000); // chat 1 files once, step by step
    // Warm-up: every chat files once (chat 1 from where it stands), untimed.
    await burst(s, CYCLE, BURST_TIMEOUT_MS);
    await settle(s);
    const b = await burst(s, BURST_CYCLES * CYCLE, BURST_TIMEOUT_MS);
    await settle(s);
    const p = await paced(s, PACED, PACED_RATE);
    await settle(s);
    const c = s.bot.db.$client;
    const check = {
      entries: (c.prepare("select count(*) n from entries").get() as { n: number }).n,
      luu: s.script.luuSent,
      saved: s.tracker.texts.filter((t) => t.startsWith("✅ Đã lưu")).length,
      apologies: s.tracker.texts.filter((t) => t === APOLOGY).length,
      processed: processedOnOa(s),
      pushed: s.pushed,
    };
    return { perStep: s.perStep, burst: b, paced: p, refreshes: s.oa.refreshes(), check };
  } finally {
    await s?.stop();
    tmp.cleanup();
  }
}

/** Our bot on Telegram (bench/chat.ts's set-up): the same warm-up, burst and paced run. */
const runTelegram = () => runOursOnTelegram("bench-chat-oa-telegram-", { warmUp: CYCLE, burstUpdates: BURST_CYCLES * CYCLE, paced: PACED, pacedRate: PACED_RATE, timeoutMs: BURST_TIMEOUT_MS });

export async function benchChatOa(): Promise<BenchResult> {
  const tg = await runTelegram();
  const oa = await runOa();
  const mark = (ok: boolean) => (ok ? "✓" : "✗");
  const rows = [
    [`ours on Telegram (same run, long polling): ${num(tg.burst.updates)} updates, ${num(tg.burst.seconds, 1)} s`,
      `${num(tg.burst.perSecond)}/s`, `${num(tg.burst.cpuUsPerUpdate)} µs`, `${num(tg.paced.p50, 2)} / ${num(tg.paced.p99, 2)} ms`, "1.00×"],
    [`ours on Zalo OA (signed webhook posts, one per chat in flight; replies as consultation messages): ${num(oa.burst.updates)} updates, ${num(oa.burst.seconds, 1)} s`,
      `${num(oa.burst.perSecond)}/s`, `${num(oa.burst.cpuUsPerUpdate)} µs`, `${num(oa.paced.p50, 2)} / ${num(oa.paced.p99, 2)} ms`,
      ratio(oa.burst.perSecond / tg.burst.perSecond)],
  ];
  const c = oa.check;
  const ok = runCorrect(c);
  const markdown = [
    table(["our bot (100 chats, form filing)", "burst throughput", "CPU per update (bot + stand-in + poster)", `paced ${PACED_RATE}/s p50 / p99`, "throughput vs Telegram"], rows),
    "",
    table(["detail (Zalo OA)", "value"], [
      ["scale (BENCH_CHAT_SCALE)", `${SCALE}${SCALE === 1 ? "" : " (smaller than the published run)"}`],
      ["replies per script step (/nhap, 6 answers, luu)", oa.perStep.join(" ")],
      ["access-token refreshes at the OAuth stand-in", num(oa.refreshes)],
      ["paced max latency (Telegram: " + ms(tg.paced.max) + ")", ms(oa.paced.max)],
      ["check: entries in SQLite = \"luu\" sent", `${num(c.entries)} = ${num(c.luu)} ${mark(c.entries === c.luu)}`],
      ["check: \"✅ Đã lưu\" replies, apologies", `${num(c.saved)}, ${c.apologies} ${mark(c.saved === c.luu && c.apologies === 0)}`],
      ["check: processed_events = events posted", `${num(c.processed)} = ${num(c.pushed)} ${mark(c.processed === c.pushed)}`],
    ]),
    "",
    ok ? "Correctness: every update answered on the OA, every \"luu\" saved exactly one entry."
      : "**Correctness check FAILED** (see the table above).",
  ].join("\n");
  if (!ok) process.exitCode = 1;
  return { title: "Chat throughput on a Zalo Official Account beside Telegram (our bot against the in-process OA stand-in, signed webhook)", markdown };
}

if (isMain(import.meta.url)) await runAlone(benchChatOa);
