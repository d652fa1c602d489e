// The real bot with Telegram, Zalo and (when configured) the Zalo OA together, in a process of its
// own so the crash suite can SIGKILL it. Usage: tsx test/crash/bot-child.ts <dbPath> <clock ISO> [<wall ms>], with the stand-ins'
// roots and tokens in the environment (BOT_TOKEN, TELEGRAM_API_ROOT, ZALO_BOT_TOKEN, ZALO_API_ROOT).
// The clock reads <clock ISO> at the wall-clock instant <wall ms> and runs from there, as the
// people's phones do (their messages carry send times on the same clock); without <wall ms> it
// stands still. Either way no wall-clock date reaches the bot, only elapsed time.
import { loadConfig } from "../../src/app/environment.js";
import { createLogger } from "../../src/log.js";
import { startBot } from "../../src/app/start.js";

const [dbPath, at, wall] = process.argv.slice(2);
if (!dbPath || !at || Number.isNaN(Date.parse(at)) || (wall !== undefined && !Number.isFinite(Number(wall)))) {
  process.stderr.write("usage: bot-child.ts <dbPath> <clock ISO> [<wall ms>]\n");
  process.exit(2);
}
const base = Date.parse(at);
const clock = wall === undefined ? () => new Date(base) : () => new Date(base + Date.now() - Number(wall));
const env = process.env;
const config = loadConfig({
  BOT_TOKEN: env.BOT_TOKEN, TELEGRAM_API_ROOT: env.TELEGRAM_API_ROOT,
  // Zalo by webhook, as in production (polling has no offset and loses what a killed process took).
  ZALO_BOT_TOKEN: env.ZALO_BOT_TOKEN, ZALO_API_ROOT: env.ZALO_API_ROOT, PUBLIC_BASE_URL: "https://bot.example.vn", WEBHOOK_SECRET: env.WEBHOOK_SECRET, ZALO_MODE: env.ZALO_MODE,
  // The Zalo OA (issue 18) when the suite has OA people: its stand-in's hosts and keys (oa-side.ts).
  ZALO_OA_APP_ID: env.ZALO_OA_APP_ID, ZALO_OA_APP_SECRET: env.ZALO_OA_APP_SECRET, ZALO_OA_SECRET_KEY: env.ZALO_OA_SECRET_KEY,
  ZALO_OA_REFRESH_TOKEN: env.ZALO_OA_REFRESH_TOKEN, ZALO_OA_ID: env.ZALO_OA_ID, ZALO_OA_API_ROOT: env.ZALO_OA_API_ROOT, ZALO_OA_OAUTH_ROOT: env.ZALO_OA_OAUTH_ROOT,
  DATABASE_PATH: dbPath, LOG_LEVEL: "silent", SCHEDULER: "false", PORT: "0",
  // The stand-ins set no rate limit; at the default 25/s a hundred people's replies queue for
  // many seconds and the suite measures that queue instead of the crashes (as bench/chat.ts does).
  OUTBOX_RATE_PER_SECOND: env.CRASH_OUTBOX_RATE ?? "1000",
  // The fault mode's hung calls: the bot gives a platform call this long (its defaults are 30 s and 120 s).
  SEND_TIMEOUT_MS: env.CRASH_SEND_TIMEOUT_MS, DOCUMENT_TIMEOUT_MS: env.CRASH_DOCUMENT_TIMEOUT_MS,
});
// The fault mode's builds are held this long (faults.ts BUILD_HOLD_MS), so its kill falls within one.
const holdMs = Number(env.CRASH_BUILD_HOLD_MS ?? 0);
const hold = holdMs > 0 ? { beforeReportBuild: () => new Promise<void>((r) => setTimeout(r, holdMs)) } : {};
const bot = await startBot({ config, log: createLogger({ level: env.CRASH_CHILD_LOG ?? "silent", toStderr: true }), clock, ...hold });
// The parent posts Zalo's webhook to this server.
process.stdout.write(`ready ${bot.web?.url ?? ""}\n`);
// SIGTERM is the orderly stop (the last run before the checks); SIGKILL is the crash.
process.on("SIGTERM", () => { void bot.stop().finally(() => process.exit(0)); });
// The parent holds our stdin open: when it goes (a failed or killed test run), so do we.
process.stdin.on("end", () => process.exit(0));
process.stdin.resume();
