// `npm run cli -- <command>`: operator commands that work without any chat.
import { ConfigError, readDotEnv } from "./config.js";
import { StartupError } from "./config.js";
import { runCli, UsageError } from "./cli/run.js";
import { maskTokens } from "./log.js";

readDotEnv();
runCli(process.argv.slice(2), process.env, (l) => process.stdout.write(`${l}\n`)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    const known = err instanceof UsageError || err instanceof ConfigError || err instanceof StartupError;
    process.stderr.write(`${known ? "" : "Lỗi: "}${maskTokens(err instanceof Error ? err.message : String(err))}\n`);
    process.exit(known ? 2 : 1);
  },
);
