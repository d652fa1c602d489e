// Many chats pausing at once on the bot's one stop signal (each waiting out a locked database) is
// ordinary: no "memory leak" warning, every pause ends at the abort, and none leaves a listener.
import { describe, expect, it } from "vitest";
import { pause } from "../../src/time/pause.js";

describe("pause on a shared stop signal", () => {
  it("lets fifty chats wait at once without a warning, and the abort ends them all", async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on("warning", onWarning);
    try {
      const stop = new AbortController();
      const waits = Array.from({ length: 50 }, () => pause(60_000, stop.signal));
      stop.abort();
      await Promise.all(waits);
      // Warnings are emitted on the next tick.
      await new Promise((r) => setImmediate(r));
      expect(warnings).toEqual([]);
    } finally {
      process.off("warning", onWarning);
    }
  });

  it("removes its listener when it ends by its time", async () => {
    const stop = new AbortController();
    let added = 0;
    let removed = 0;
    const add = stop.signal.addEventListener.bind(stop.signal);
    const remove = stop.signal.removeEventListener.bind(stop.signal);
    stop.signal.addEventListener = ((...a: Parameters<typeof add>) => { added++; add(...a); }) as typeof add;
    stop.signal.removeEventListener = ((...a: Parameters<typeof remove>) => { removed++; remove(...a); }) as typeof remove;
    await Promise.all(Array.from({ length: 20 }, () => pause(1, stop.signal)));
    expect([added, removed]).toEqual([20, 20]);
  });
});
