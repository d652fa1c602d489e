// Every documented Zalo OA error code and what the bot does about it. OpenAPI and OAuth errors
// arrive as HTTP 200 with a non-zero `error` (zalo-platforms.md 1.4, 2.3); the codes and their
// sources are listed there. test/fixtures/zalo-oa/errors.json holds the answers as documented.
import type { SendFailure } from "../channel.js";

/**
 * retry: temporary, try again later. refresh: the access token is bad or expired, refresh it once
 * and try again. reauthorise: the refresh token is dead, the OA admin must authorise again.
 * unreachable: this person cannot be written to (not a follower, banned). quota: the OA's
 * allowance is spent. window: no interaction within 7 days. final: the request itself is wrong.
 */
export type OaErrorClass = "retry" | "refresh" | "reauthorise" | "unreachable" | "quota" | "window" | "final";

export const OA_ERRORS: Readonly<Record<number, { cls: OaErrorClass; meaning: string }>> = {
  // OpenAPI (official phu-luc/ma-loi and rate-limit pages)
  [-32]: { cls: "retry", meaning: "rate limit: 4,000 calls a minute" },
  [-100]: { cls: "retry", meaning: "uploaded file token older than 7 days (each try uploads again)" },
  [-201]: { cls: "final", meaning: "parameters invalid (or user_id invalid)" },
  [-210]: { cls: "final", meaning: "parameter exceeds allowable limit (text over 2,000 characters, file over 5 MB)" },
  [-211]: { cls: "quota", meaning: "out of quota" },
  [-213]: { cls: "unreachable", meaning: "user has not followed the OA" },
  [-216]: { cls: "refresh", meaning: "access token is invalid (also seen for an expired one)" },
  [-218]: { cls: "quota", meaning: "out of quota receive" },
  [-220]: { cls: "refresh", meaning: "access token is expired or removed" },
  [-227]: { cls: "unreachable", meaning: "user banned, or inactive for more than 45 days" },
  [-230]: { cls: "window", meaning: "user has not interacted with the OA in the past 7 days" },
  [-232]: { cls: "window", meaning: "user has not interacted with the OA (a variant of -230)" },
  [-234]: { cls: "final", meaning: "promotional message at night (consultation messages are not affected)" },
  [-240]: { cls: "final", meaning: "MessageV2 API has been shut down" },
  [404]: { cls: "final", meaning: "empty or invalid API path" },
  // OAuth v4 (/v4/oa/access_token)
  [-14002]: { cls: "final", meaning: "invalid app id" },
  [-14004]: { cls: "final", meaning: "invalid secret key" },
  [-14005]: { cls: "final", meaning: "invalid authorization code" },
  [-14014]: { cls: "reauthorise", meaning: "invalid refresh token (dead, spent or expired)" },
  [-14018]: { cls: "final", meaning: "invalid grant type" },
};

/** A code not in the table is taken as temporary: the outbox gives it up by age (48 h), never silently at once. */
export function classifyOaError(code: number): OaErrorClass {
  return OA_ERRORS[code]?.cls ?? "retry";
}

/** How long the channel waits after -32 (the limit is per minute). */
export const RATE_LIMIT_PAUSE_MS = 60_000;
/** How long the channel waits after the OA's quota is spent before trying again. */
export const QUOTA_PAUSE_MS = 3_600_000;

/**
 * The outbox's view of a class. "refresh" reaching here means the refresh already failed: retry.
 * Quota pauses the channel (its own pacer) for an hour; "reauthorise" waits as a retry does, the
 * office having been told.
 */
export function sendFailureOf(cls: OaErrorClass, code?: number): SendFailure {
  switch (cls) {
    case "retry": return code === -32 ? { kind: "throttled", retryAfterMs: RATE_LIMIT_PAUSE_MS } : { kind: "retryable" };
    case "refresh": case "reauthorise": return { kind: "retryable" };
    case "unreachable": return { kind: "unreachable" };
    case "quota": return { kind: "throttled", retryAfterMs: QUOTA_PAUSE_MS };
    case "window": return { kind: "windowClosed" };
    case "final": return code === -210 ? { kind: "fatal", tooLarge: true } : { kind: "fatal" };
  }
}
