// Reply latency of other chats while reports compile. The real bot (in a child process) long-polls
// this process's Bot API stand-in over a database of 1,000,000 values (60 units × 10 years × 30 metrics, as in
// report-query.ts). 50 reporters send /trogiup paced at 50/s; the latency of each is from
// pushUpdates to the arrival of its reply at the stand-in (performance.now() in onCall).
//
//   no reports:    the paced /trogiup alone.
//   with reports:  the same, while a leader asks for the ten-year report again as soon as the
//                  previous one arrives, so one is always compiling.
// Both for the bot as shipped (REPORT_WORKERS=1: a worker thread) and with REPORT_WORKERS=0
// (compiled in the bot's own thread, as before issue 7), on the same database file.
import { join } from "node:path";
import { startBotApiStandin, type BotApiStandin } from "../test/helpers/bot-api-standin.js";
import { insertTenYears } from "../test/helpers/bulk-entries.js";
import { spawn } from "node:child_process";
import { openDb, closeDb } from "../src/db/client.js";
import { loadProfile } from "../src/app/profile-file.js";
import { syncProfile } from "../src/store/profile-sync.js";
import { bindIdentity } from "../src/store/users.js";
import { ROOT, isMain, ms, num, percentile, ratio, runAlone, sleep, table, tempDir, type BenchResult } from "./lib.js";

const CHATS = 50;
const RATE = 50;
const MESSAGES = 500; // 10 s at 50/s: 5 samples above the p99
const LEADER = 9001;
const TEN_YEARS = "/baocao 2015-01-01..2024-12-31";

interface Phase { p50: number; p99: number; max: number; reports: number }

/** Latency of each /trogiup: its reply is the next sendMessage to that chat. */
class Latencies {
  readonly values: number[] = [];
  private readonly pending = new Map<string, number[]>();
  documents = 0;
  onDocument: (() => void) | undefined;

  constructor(standin: BotApiStandin) {
    standin.onCall = (method, params) => {
      const now = performance.now();
      const chat = String(params.chat_id);
      if (method === "sendDocument") { this.documents++; this.onDocument?.(); }
      if (method !== "sendMessage") return undefined;
      const at = this.pending.get(chat)?.shift();
      if (at !== undefined) this.values.push(now - at);
      return undefined;
    };
  }

  expect(chat: number): void {
    const q = this.pending.get(String(chat)) ?? [];
    q.push(performance.now());
    this.pending.set(String(chat), q);
  }
}

async function paced(standin: BotApiStandin, lat: Latencies): Promise<{ p50: number; p99: number; max: number }> {
  const before = lat.values.length;
  const t0 = performance.now();
  for (let i = 0; i < MESSAGES; i++) {
    const wait = t0 + (i * 1000) / RATE - performance.now();
    if (wait > 0.5) await sleep(wait);
    const chat = (i % CHATS) + 1;
    lat.expect(chat);
    standin.pushUpdates([standin.textMessage(chat, "/trogiup")]);
  }
  await standin.waitFor(() => lat.values.length >= before + MESSAGES, 120_000);
  const xs = lat.values.slice(before);
  return { p50: percentile(xs, 50), p99: percentile(xs, 99), max: Math.max(...xs) };
}

/**
 * The bot runs in a child process (`tsx src/main.ts`, as `npm start`): were it in this process, a
 * report blocking its thread would block the load generator too, and nothing would be measured.
 */
async function run(dbPath: string, workers: number): Promise<{ quiet: Phase; busy: Phase; reportMs: number }> {
  // A new stand-in numbers its updates from the start again: forget the last run's, in the inbox
  // too (it drops an update whose id it has seen, as a redelivery: nothing was answered) and in
  // the jobs (keyed by the event that asked: the run's first report would be taken as asked
  // already; one cut off by the last SIGTERM would be built again), and the last run's outbox (a
  // reply cut off is sent again at start, to a chat whose next reply is timed).
  const db = openDb(dbPath);
  db.$client.exec("delete from processed_events; delete from inbound_events; delete from jobs; delete from outbox");
  closeDb(db);
  const standin = await startBotApiStandin();
  const lat = new Latencies(standin);
  const env = {
    ...process.env, BOT_TOKEN: standin.token, TELEGRAM_API_ROOT: standin.apiRoot, DATABASE_PATH: dbPath, LOG_LEVEL: "error", SCHEDULER: "false", PORT: "0",
    WARD_PROFILE_PATH: join(ROOT, "templates/ward-profile.yaml"),
    // Replies go through the outbox, which keeps Telegram's 25/s: at the 50/s offered here the
    // latency would be the queue's. The stand-in has no limit; the rate is lifted as in chat.ts.
    REPORT_WORKERS: String(workers), OUTBOX_RATE_PER_SECOND: "100000", OUTBOX_CHAT_INTERVAL_MS: "0",
  };
  const child = spawn(join(ROOT, "node_modules/.bin/tsx"), ["src/main.ts"], { cwd: ROOT, env, stdio: ["ignore", "ignore", "inherit"] });
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  try {
    await standin.waitFor(() => standin.calls.some((c) => c.method === "getUpdates"), 30_000);
    // Warm up: the chat path, and one report (starts the worker, warms the DOCX code).
    await paced(standin, lat);
    let asked = 1;
    standin.pushUpdates([standin.textMessage(LEADER, TEN_YEARS)]);
    const w0 = performance.now();
    await standin.waitFor(() => lat.documents >= 1, 120_000);
    const reportMs = performance.now() - w0;

    const q = await paced(standin, lat);
    const quiet = { ...q, reports: 0 };

    // One report always compiling: the next is asked as soon as the previous one arrives.
    let stopAsking = false;
    const startDocs = lat.documents;
    const ask = () => { asked++; standin.pushUpdates([standin.textMessage(LEADER, TEN_YEARS)]); };
    lat.onDocument = () => { if (!stopAsking) ask(); };
    ask();
    await standin.waitFor(() => standin.sentTo(LEADER).length >= asked, 30_000); // the first is under way
    const b = await paced(standin, lat);
    stopAsking = true;
    const busy = { ...b, reports: lat.documents - startDocs };
    await standin.waitFor(() => lat.documents >= asked, 120_000);
    return { quiet, busy, reportMs };
  } finally {
    child.kill("SIGTERM");
    await exited;
    await standin.close();
  }
}

export async function benchReportLatency(): Promise<BenchResult> {
  const tmp = tempDir("bench-report-latency-");
  try {
    const dbPath = join(tmp.dir, "bot.sqlite");
    const db = openDb(dbPath);
    const now = new Date();
    syncProfile(db, loadProfile(join(ROOT, "templates/ward-profile.yaml")), now);
    for (let id = 1; id <= CHATS; id++) {
      bindIdentity(db, { channel: "telegram", platformUserId: String(id), chatId: String(id), name: `Người báo cáo ${id}`, role: "bao_cao", unitCode: "dong-hung", now });
    }
    bindIdentity(db, { channel: "telegram", platformUserId: String(LEADER), chatId: String(LEADER), name: "Lãnh đạo", role: "lanh_dao", unitCode: "nhon-hung", now });
    const values = insertTenYears(db, { units: 60, entriesPerUnitForm: 556 });
    closeDb(db);

    const worker = await run(dbPath, 1);
    const inline = await run(dbPath, 0);
    const row = (label: string, r: typeof worker) => [label,
      `${ms(r.quiet.p50)} / ${ms(r.quiet.p99)}`, `${ms(r.busy.p50)} / ${ms(r.busy.p99)} (max ${ms(r.busy.max)})`,
      `${ratio(r.busy.p50 / r.quiet.p50)} / ${ratio(r.busy.p99 / r.quiet.p99)}`, String(r.busy.reports), ms(r.reportMs)];
    const markdown = [
      table(["bot", "other chats' reply p50 / p99, no reports", "same, while ten-year reports compile", "with / without reports: p50 / p99", "reports finished meanwhile", "first ten-year report, asked → document (cold: starts the worker)"], [
        row("as shipped: reports in a worker thread (REPORT_WORKERS=1)", worker),
        row("reports in the bot's thread (REPORT_WORKERS=0, as before)", inline),
      ]),
      "",
      `Data: ${num(values)} values (60 units × 10 years × 30 metrics). ${CHATS} reporters send /trogiup paced at ${RATE}/s, ${MESSAGES} per phase; ` +
        "a leader asks for the ten-year report (2015–2024) again as soon as the previous document arrives. Latency: pushUpdates → the reply's arrival at the stand-in.",
    ].join("\n");
    return { title: "Reply latency of other chats while reports compile", markdown };
  } finally {
    tmp.cleanup();
  }
}

if (isMain(import.meta.url)) await runAlone(benchReportLatency);
