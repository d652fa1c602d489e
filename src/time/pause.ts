// Waiting without blocking, cut short when the waiter stops. Shared by the app's store retries and
// the channels' polling loops, which may not import each other (test/unit/layers.test.ts).
import { getMaxListeners, setMaxListeners } from "node:events";

/**
 * Each chat waiting out a locked database pauses on the bot's one stop signal: a dozen at once is
 * ordinary, and Node's default of 10 printed "Possible EventTarget memory leak detected" in the
 * crash suite's fault mode. Each pause removes its listener when it ends, so there is no leak.
 */
const WAITERS = 10_000;

/** A pause that an abort cuts short (the bot or the channel stopping). */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) { resolve(); return; }
    const done = () => { clearTimeout(timer); signal.removeEventListener("abort", done); resolve(); };
    const timer = setTimeout(done, ms);
    if (getMaxListeners(signal) < WAITERS) setMaxListeners(WAITERS, signal);
    signal.addEventListener("abort", done, { once: true });
  });
}
