// One pino logger. Tokens and secrets are redacted wherever they could appear.
import { pino, type Logger } from "pino";

export type { Logger };

/** The shared secret variables; each channel plug-in names its own (ChannelSettings.secrets). */
const SHARED_SECRETS = ["token", "WEBHOOK_SECRET", "LINK_SECRET", "secret"];

/** Redacted paths for these variable names: the name itself and under any object ("config.X"). */
const secretPaths = (names: readonly string[]) => [...new Set(names)].flatMap((n) => [n, `*.${n}`]);

/**
 * Bot API URLs carry the token in their path (/bot<token>/method): mask it in any message, and
 * only tokens. Telegram's are <digits>:<35 of [A-Za-z0-9_-]>; Zalo's are <bot id>:<secret>,
 * whose secret need not be [\w-], so a URL path segment /bot<id>:<secret> is masked when the
 * secret is long (16+ characters before any colon). A stack trace's "/bot-app.ts:36:23" has
 * only line and column numbers after its colons and stays as it is.
 */
export function maskTokens(s: string): string {
  return s
    .replace(/\/bot[^/\s?#:"']+:[^/\s?#:"']{16}[^/\s?#"']*/g, "/bot<token>")
    .replace(/bot\d+:[A-Za-z0-9_-]{30,}/g, "bot<token>")
    .replace(/\d{6,}:[A-Za-z0-9_-]{30,}/g, "<token>");
}

/** `secrets`: the channel plug-ins' secret variables (app/environment.ts secretVariables()). */
export function createLogger(opts: { level: string; toStderr?: boolean; destination?: pino.DestinationStream; secrets?: readonly string[] }): Logger {
  return pino({
    level: opts.level,
    redact: { paths: secretPaths([...SHARED_SECRETS, ...(opts.secrets ?? [])]), censor: "<redacted>" },
    hooks: {
      logMethod(args, method) {
        method.apply(this, args.map((a) => (typeof a === "string" ? maskTokens(a) : a)) as Parameters<typeof method>);
      },
    },
    serializers: { err: (e: Error) => ({ type: e.name, message: maskTokens(e.message), stack: maskTokens(e.stack ?? "") }) },
  }, opts.destination ?? pino.destination({ fd: opts.toStderr ? 2 : 1, sync: true }));
}
