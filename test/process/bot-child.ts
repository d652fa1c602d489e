// The real bot (Telegram adapter, SQLite file) in a process of its own, so a test can SIGKILL it.
// Usage: tsx test/process/bot-child.ts <dbPath> <apiRoot> <token> <clock ISO>
// The clock stays at the given moment: no wall-clock date reaches the bot.
import { loadConfig } from "../../src/app/environment.js";
import { createLogger } from "../../src/log.js";
import { startBot } from "../../src/app/start.js";

const [dbPath, apiRoot, token, at] = process.argv.slice(2);
if (!dbPath || !apiRoot || !token || !at) {
  process.stderr.write("usage: bot-child.ts <dbPath> <apiRoot> <token> <clock ISO>\n");
  process.exit(2);
}
const now = new Date(at);
const config = loadConfig({ BOT_TOKEN: token, TELEGRAM_API_ROOT: apiRoot, DATABASE_PATH: dbPath, LOG_LEVEL: "silent", SCHEDULER: "false" });
// BOT_CHILD_HOLD_REPORTS=1 (tests only): every report build waits forever, so a test can kill the process while one compiles.
const hold = process.env.BOT_CHILD_HOLD_REPORTS === "1" ? { beforeReportBuild: () => new Promise<void>(() => undefined) } : {};
await startBot({ config, log: createLogger({ level: process.env.LOG_LEVEL ?? "silent", toStderr: true }), clock: () => now, ...hold });
process.stdout.write("ready\n");
// Never outlive a failed test by long.
setTimeout(() => process.exit(0), 30_000).unref();
setInterval(() => {}, 1000);
