// Waiting out a store fault (a write lock held by another process, a full disk) without
// blocking the event loop: the write is tried again after a pause that doubles, 50 ms to 1 s.
export const RETRY_FIRST_MS = 50;
export const RETRY_MAX_MS = 1000;

export const nextWait = (ms: number): number => Math.min(RETRY_MAX_MS, ms * 2);

/** A pause that an abort cuts short (the bot stopping). */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) { resolve(); return; }
    const done = () => { clearTimeout(timer); signal.removeEventListener("abort", done); resolve(); };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}
