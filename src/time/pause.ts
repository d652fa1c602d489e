// Waiting without blocking, cut short when the waiter stops. Shared by the app's store retries and
// the channels' polling loops, which may not import each other (test/unit/layers.test.ts).

/** A pause that an abort cuts short (the bot or the channel stopping). */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) { resolve(); return; }
    const done = () => { clearTimeout(timer); signal.removeEventListener("abort", done); resolve(); };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}
