// Waiting out a store fault (a write lock held by another process, a full disk) without
// blocking the event loop: the write is tried again after a pause that doubles, 50 ms to 1 s.
import { isStoreFault, storeFaultCode } from "../db/client.js";
import type { Logger } from "../log.js";

export const RETRY_FIRST_MS = 50;
export const RETRY_MAX_MS = 1000;

export const nextWait = (ms: number): number => Math.min(RETRY_MAX_MS, ms * 2);

export { pause } from "../time/pause.js";

/**
 * How long start-up waits for a database it cannot write before giving up with the store's error.
 * Long: a large `cli import` or a backup holds the write lock for many seconds, and a bot that
 * refuses to start then (a restart by systemd, a deploy) is down until someone starts it again.
 */
export const STARTUP_STORE_WAIT_MS = 120_000;

/** Store faults no wait can mend (the file unreadable as a database, or not writable at all): start-up stops at once. */
const LASTING = /^SQLITE_(READONLY|CANTOPEN|CORRUPT|NOTADB)/;

/**
 * Runs one start-up step (migrations and syncs, putting interrupted jobs back) until the store lets
 * it: on a passing store fault it logs once, in Vietnamese, that it waits for the database, pauses
 * (doubling to 5 s) and tries again, up to `boundMs`; then, or on any other error, it throws.
 */
export async function waitingForStore<T>(step: () => T, o: { log: Logger; what: string; boundMs?: number }): Promise<T> {
  // A real-time bound on waiting, not a time the bot records: the monotonic clock.
  const until = performance.now() + (o.boundMs ?? STARTUP_STORE_WAIT_MS);
  let wait = 250;
  let told = false;
  for (;;) {
    try {
      const result = step();
      if (told) o.log.warn({ step: o.what }, "Cơ sở dữ liệu đã ghi được; bot khởi động tiếp.");
      return result;
    } catch (err) {
      const code = storeFaultCode(err);
      if (!isStoreFault(err) || LASTING.test(code) || performance.now() >= until) throw err;
      if (!told) {
        told = true;
        o.log.warn({ step: o.what, code }, `Đang chờ cơ sở dữ liệu (${code}): một tiến trình khác đang giữ khoá ghi, hoặc đĩa đầy; bot thử lại trong tối đa ${Math.round((o.boundMs ?? STARTUP_STORE_WAIT_MS) / 1000)} giây.`);
      }
      await new Promise<void>((r) => setTimeout(r, Math.min(wait, Math.max(0, until - performance.now()))));
      wait = Math.min(5000, wait * 2);
    }
  }
}
