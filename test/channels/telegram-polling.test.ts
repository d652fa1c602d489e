// Our own getUpdates loop (src/channels/telegram/telegram-polling.ts): the offset passes an update
// only once it is received, a stop leaves an update not received unconfirmed, and a poll that
// hangs is abandoned and tried again.
import { Telegraf } from "telegraf";
import type { Update } from "telegraf/types";
import { afterEach, describe, expect, it } from "vitest";
import { pollUpdates } from "../../src/channels/telegram/telegram-polling.js";
import { startBotApiStandin, type BotApiStandin } from "../helpers/bot-api-standin.js";
import { silentLog } from "../helpers/harness.js";

let standin: BotApiStandin | undefined;
const stops: AbortController[] = [];
afterEach(async () => { for (const s of stops.splice(0)) s.abort(); await standin?.close(); standin = undefined; });

function start(s: BotApiStandin, receive: (u: Update) => Promise<boolean>, o: { pollTimeoutS?: number; graceS?: number } = {}) {
  const stop = new AbortController();
  stops.push(stop);
  const telegram = new Telegraf(s.token, { telegram: { apiRoot: s.apiRoot } }).telegram;
  const done = pollUpdates({ telegram, signal: stop.signal, log: silentLog, retryBaseMs: 20, receive, refused: () => undefined, ...o });
  return { stop, done };
}

const offsets = (s: BotApiStandin) => s.calls.filter((c) => c.method === "getUpdates").map((c) => Number(c.params.offset ?? 0));

describe("telegram polling", () => {
  it("a poll that hangs is abandoned after the long-poll time and its grace, and polling goes on", async () => {
    standin = await startBotApiStandin();
    const hung = standin.holdNext("getUpdates");
    const got: number[] = [];
    const s = standin;
    start(s, async (u) => { got.push(u.update_id); return true; }, { pollTimeoutS: 1, graceS: 1 });
    await hung.arrived;
    const [id] = s.pushUpdates([s.textMessage(1, "xin chào")]);
    await s.waitFor(() => got.includes(id!), 10_000);
    expect(s.calls.filter((c) => c.method === "getUpdates").length).toBeGreaterThanOrEqual(2);
  }, 20_000);

  it("stopped while an update is not received: no getUpdates confirms it", async () => {
    standin = await startBotApiStandin();
    const s = standin;
    const ids = s.pushUpdates([s.textMessage(1, "một"), s.textMessage(1, "hai")]);
    let stopNow!: () => void;
    const { stop, done } = start(s, async (u) => {
      if (u.update_id === ids[1]) { stopNow(); return false; }
      return true;
    });
    stopNow = () => stop.abort();
    await done;
    // The first was received: confirmed (offset past it); the second was not: never passed.
    expect(Math.max(...offsets(s))).toBe(ids[0]! + 1);
  });
});
