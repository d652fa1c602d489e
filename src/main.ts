// Entry point: `npm start`: every channel whose token is set (see channels/registry.ts), the terminal when none is.
import { ConfigError, readDotEnv } from "./config.js";
import { loadConfig, secretVariables } from "./app/environment.js";
import { createLogger, maskTokens } from "./log.js";
import { startBot } from "./app/start.js";
import { StartupError } from "./config.js";
import { ChannelRefusedError } from "./channels/channel.js";
import { consoleOnly } from "./channels/registry.js";
import { readStartArgs, START_USAGE, UsageError } from "./cli/usage.js";

async function main(): Promise<void> {
  // Usage and a wrong option before the environment: `npm start -- --help` needs no valid .env.
  const values = readStartArgs(process.argv.slice(2));
  if (values.help) { process.stdout.write(`${START_USAGE.join("\n")}\n`); process.exit(0); }
  readDotEnv();
  const config = loadConfig();
  const consoleMode = consoleOnly(config);
  // In the console, stdout is the chat: logs go to stderr and only warnings show.
  const log = createLogger({ level: consoleMode && config.LOG_LEVEL === "info" ? "warn" : config.LOG_LEVEL, toStderr: consoleMode, secrets: secretVariables() });
  const bot = await startBot({ config, log, consoleAs: values.as });
  let stopping = false;
  const stop = async (why: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ why }, "stopping");
    await bot.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
  // Piped input: the last lines' reports and documents are delivered before the bot exits.
  for (const channel of bot.channels) void channel.whenClosed?.().then(() => bot.settle()).then(() => stop("stdin closed"));
}

main().catch((err: unknown) => {
  if (err instanceof UsageError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(2);
  }
  if (err instanceof ConfigError || err instanceof StartupError || err instanceof ChannelRefusedError) {
    process.stderr.write(`${err.message}\n`);
  } else {
    // A network error quotes the Bot API URL, which holds the token.
    process.stderr.write(`Lỗi khởi động: ${maskTokens(err instanceof Error ? err.message : String(err))}\n`);
  }
  process.exit(1);
});
