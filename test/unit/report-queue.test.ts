import { describe, expect, it } from "vitest";
import { ReportQueue } from "../../src/app/report-queue.js";

describe("ReportQueue", () => {
  it("admits one report per owner, `concurrency` at once and `maxWaiting` more, and frees the places when done", async () => {
    const q = new ReportQueue({ concurrency: 1, maxWaiting: 1 });
    const started: string[] = [];
    let finishA!: () => void;
    const a = q.submit("a", () => { started.push("a"); return new Promise<void>((r) => { finishA = r; }); });
    const b = q.submit("b", async () => { started.push("b"); return "B"; });
    expect(a).toMatchObject({ status: "accepted", ahead: 0 });
    expect(b).toMatchObject({ status: "accepted", ahead: 1 });
    expect(q.submit("a", async () => undefined)).toEqual({ status: "busy" });
    expect(q.submit("c", async () => undefined)).toEqual({ status: "full" });
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual(["a"]);
    finishA();
    expect(await (b as { done: Promise<string> }).done).toBe("B");
    expect(started).toEqual(["a", "b"]);
    expect(q.size).toBe(0);
    expect(q.submit("a", async () => undefined).status).toBe("accepted");
  });

  it("a failed report frees its place and its owner", async () => {
    const q = new ReportQueue({ concurrency: 1, maxWaiting: 0 });
    const a = q.submit("a", async () => { throw new Error("boom"); });
    await expect((a as { done: Promise<unknown> }).done).rejects.toThrow("boom");
    expect(q.size).toBe(0);
    expect(q.submit("a", async () => 1).status).toBe("accepted");
  });
});
