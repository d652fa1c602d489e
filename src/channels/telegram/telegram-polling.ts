// Our own long-polling loop over telegraf's API client, not telegraf's launch(): telegraf moves
// its offset past a whole batch once the handlers settle, failed or timed out (90 s), and
// confirms it when stopped. Here the offset passes an update only once it is recorded in the
// inbox; if the bot stops first, the update is not confirmed and Telegram gives it again at the
// next start (where the inbox drops any already recorded as a duplicate).
import { TelegramError, type Telegram } from "telegraf";
import type { Update } from "telegraf/types";
import { maskTokens, type Logger } from "../../log.js";
import { pause } from "../../time/pause.js";

/** getUpdates long-poll, seconds (as telegraf's). */
const POLL_TIMEOUT_S = 50;
/** How much longer than that a poll may take before it is abandoned. */
const POLL_GRACE_S = 15;

export interface PollingOptions {
  telegram: Telegram;
  /** Aborted when the channel stops: the held poll and any pause end. */
  signal: AbortSignal;
  log: Logger;
  /** First pause after a failed poll (doubles, ≤ 30 s) when Telegram gives no retry_after. */
  retryBaseMs: number;
  /** True once the update is recorded (or is one the bot does not act on); false: stop without acknowledging it. */
  receive(update: Update): Promise<boolean>;
  /** Long-poll seconds (50), and how much longer a poll may hang before it is abandoned (15); shorter in tests. */
  pollTimeoutS?: number;
  graceS?: number;
  /** Awaited after a batch before the next poll (channel.ts ReadyForMore): under load, updates gather into one poll. */
  readyForMore?: (signal: AbortSignal) => Promise<void>;
  /** Telegram refused the token (401) or another process polls with it (409): polling ends. */
  refused(): void;
}

export async function pollUpdates(o: PollingOptions): Promise<void> {
  const pollS = o.pollTimeoutS ?? POLL_TIMEOUT_S;
  let offset = 0;
  let confirmed = 0;
  for (let failures = 0; !o.signal.aborted; ) {
    let updates: Update[];
    try {
      // A poll that hangs past Telegram's own long-poll time is abandoned and tried again.
      const signal = AbortSignal.any([o.signal, AbortSignal.timeout((pollS + (o.graceS ?? POLL_GRACE_S)) * 1000)]);
      updates = await o.telegram.callApi("getUpdates", { timeout: pollS, offset, allowed_updates: [] }, { signal: signal as never });
      confirmed = offset;
    } catch (err) {
      if (o.signal.aborted) break;
      if (err instanceof TelegramError && (err.code === 401 || err.code === 409)) {
        o.refused();
        o.log.error({ err: maskTokens(String(err)) }, "telegram polling stopped");
        return;
      }
      failures++;
      const retryAfter = err instanceof TelegramError ? err.parameters?.retry_after : undefined;
      const wait = retryAfter !== undefined ? retryAfter * 1000 : Math.min(30_000, o.retryBaseMs * 2 ** (failures - 1));
      o.log.warn({ err: maskTokens(String(err)), failures, waitMs: wait }, "telegram getUpdates failed; polling again after a pause");
      await pause(wait, o.signal);
      continue;
    }
    failures = 0;
    // All handed over at once, in order (the inbox records them in one commit); the offset passes
    // each only once it and those before it are recorded.
    const received = updates.map((update) => o.receive(update));
    for (const [i, update] of updates.entries()) {
      if (!(await received[i])) {
        await Promise.allSettled(received);
        return confirm(o, offset, confirmed);
      }
      offset = update.update_id + 1;
    }
    if (updates.length > 0) await o.readyForMore?.(o.signal);
  }
  await confirm(o, offset, confirmed);
}

/** Tells Telegram the updates before offset are in (what the next getUpdates would say), so a restart does not get them again. */
async function confirm(o: PollingOptions, offset: number, confirmed: number): Promise<void> {
  if (offset === confirmed) return;
  await o.telegram.callApi("getUpdates", { offset, limit: 1, timeout: 0 }, { signal: AbortSignal.timeout(5000) as never })
    .catch((err: unknown) => o.log.debug({ err: maskTokens(String(err)) }, "could not confirm the last updates; they come again as duplicates"));
}
