// Under load a poll's updates are handled and answered before the next getUpdates goes out
// (src/app/ready-for-more.ts), as telegraf's own loop waits for its handlers: the updates that
// arrive meanwhile come together in one poll (one inbox commit, one turn commit), not a poll each.
// The wait is bounded, so a reply that hangs holds nobody else's message.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../helpers/harness.js";

let h: Harness;
// The wait's bound is lifted far above what a loaded machine takes to answer three people, so what
// is checked is the order, not the timing; the second test runs with the bound the bot ships with.
beforeEach(async (ctx) => { h = await startHarness(ctx.task.name.includes("hangs") ? {} : { start: { readyForMoreMaxMs: 30_000 } }); });
afterEach(async () => { await h.stop(); });

const PEOPLE = [2001, 2002, 2003];

/** Index in the stand-in's calls of each call of `method`. */
const positions = (method: string) => h.standin.calls.flatMap((c, i) => (c.method === method ? [i] : []));

describe("poll batching", () => {
  it("asks for more updates only once a poll's batch is handled and its replies have gone out", async () => {
    for (const id of PEOPLE) await h.register(id, "bao_cao", "dong-hung");
    const pollsBefore = positions("getUpdates").length;
    const sendsBefore = positions("sendMessage").length;
    // Three people write at once: one getUpdates batch.
    await h.send(PEOPLE[0]!, ...PEOPLE.map((id) => h.standin.textMessage(id, "/tiendo")));
    const sends = positions("sendMessage").slice(sendsBefore);
    expect(sends.length).toBeGreaterThanOrEqual(PEOPLE.length);
    // The poll that brought the batch, then the next one: it went out after every reply of the batch.
    const nextPoll = () => {
      const polls = positions("getUpdates").slice(pollsBefore - 1);
      const batchPoll = polls.filter((p) => p < sends[0]!).at(-1)!;
      return polls.find((p) => p > batchPoll);
    };
    await h.standin.waitFor(() => nextPoll() !== undefined, 3000);
    expect(nextPoll()!).toBeGreaterThan(sends.at(-1)!);
  });

  it("does not hold a later message behind a reply that hangs", async () => {
    for (const id of PEOPLE) await h.register(id, "bao_cao", "dong-hung");
    const hung = h.standin.holdNext("sendMessage", (p) => String(p.chat_id) === String(PEOPLE[0]));
    try {
      h.standin.pushUpdates([h.standin.textMessage(PEOPLE[0]!, "/tiendo")]);
      await hung.arrived;
      // While that reply hangs, another person writes: answered, the poll was not held for it.
      const before = h.standin.sentTo(PEOPLE[1]!).length;
      h.standin.pushUpdates([h.standin.textMessage(PEOPLE[1]!, "/tiendo")]);
      const replies = await h.standin.waitForMessages(PEOPLE[1]!, before + 1, 3000);
      expect(replies[before]!.text).toContain("Khóm Đông Hưng, kỳ tháng");
    } finally {
      hung.release();
    }
  });
});
