// One pino logger. Tokens and secrets are redacted wherever they could appear.
import { pino, type Logger } from "pino";

export type { Logger };

/** The shared secret variables; each channel plug-in names its own (ChannelSettings.secrets). */
const SHARED_SECRETS = ["token", "WEBHOOK_SECRET", "LINK_SECRET", "secret"];

/** Redacted paths for these variable names: the name itself and under any object ("config.X"). */
const secretPaths = (names: readonly string[]) => [...new Set(names)].flatMap((n) => [n, `*.${n}`]);

/**
 * Bot API URLs carry the token in their path (/bot<token>/method): mask it in any message.
 * Telegram tokens are digits:[\w-]; Zalo's are {bot_id}:{secret}, whose parts need not be
 * either, so a URL path segment bot…:… is masked whatever its characters.
 */
export function maskTokens(s: string): string {
  return s
    .replace(/\/bot[^/\s?#:]+:[^/\s?#"']+/g, "/bot<token>")
    .replace(/bot\d+:[\w-]+/g, "bot<token>")
    .replace(/\d{6,}:[\w-]{20,}/g, "<token>");
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
