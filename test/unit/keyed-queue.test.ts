import { describe, expect, it } from "vitest";
import { KeyedQueue } from "../../src/app/keyed-queue.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("KeyedQueue", () => {
  it("runs tasks of one key in order, one at a time, and other keys alongside", async () => {
    const q = new KeyedQueue();
    const log: string[] = [];
    const task = (name: string, ms: number) => async () => { log.push(`${name}+`); await sleep(ms); log.push(`${name}-`); };
    await Promise.all([q.run("a", task("a1", 30)), q.run("a", task("a2", 1)), q.run("b", task("b1", 5))]);
    expect(log.indexOf("a1-")).toBeLessThan(log.indexOf("a2+"));
    expect(log.indexOf("b1+")).toBeLessThan(log.indexOf("a1-"));
    expect(q.size).toBe(0);
  });

  it("keeps going after a task fails", async () => {
    const q = new KeyedQueue();
    await expect(q.run("a", async () => { throw new Error("boom"); })).rejects.toThrow("boom");
    await expect(q.run("a", async () => 42)).resolves.toBe(42);
  });
});
