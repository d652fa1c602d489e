// When a polling channel may ask for more (channel.ts ReadyForMore): once the bot has handled what
// it was given and has nothing it could send now, checked each millisecond, for at most a bound.
// A loaded bot then gathers a poll's worth of updates into one inbox commit and one turn commit,
// where asking again at once gave a poll per update (Telegram answers a waiting poll as soon as one
// update arrives): in the chat bench 786 polls for 1,600 updates before, about 100 after.
import type { ReadyForMore } from "../channels/channel.js";
import { pause } from "../time/pause.js";

/** Long enough for a batch's replies to go out; short enough that nobody notices it. */
export const READY_FOR_MORE_MAX_MS = 20;

export function readyForMore(busy: () => boolean, maxWaitMs = READY_FOR_MORE_MAX_MS): ReadyForMore {
  return async (signal) => {
    // A real-time bound on a wait of the process itself, not a time the bot records.
    const end = performance.now() + maxWaitMs;
    while (busy() && !signal.aborted) {
      const left = end - performance.now();
      if (left <= 0) return;
      await pause(Math.min(1, left), signal);
    }
  };
}
