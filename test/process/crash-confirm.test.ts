// A bot process killed (SIGKILL) after committing a saved entry but before its confirmation
// reached the chat: after a restart on the same database the confirmation still arrives.
import { spawn, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { repliesDue } from "../../src/outbox/sender.js";
import { startHarness, type Harness } from "../helpers/harness.js";

let h: Harness | undefined;
let child: ChildProcess | undefined;
afterEach(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  child = undefined;
  if (h) {
    await h.stop();
    rmSync(h.dir, { recursive: true, force: true });
  }
  h = undefined;
});

const KHOM = 1001;
const isSaved = (params: Record<string, unknown>) => String(params.text ?? "").includes("✅ Đã lưu");

/** A registered person with a filled form, waiting for "luu"; then the bot runs in a child process. */
async function formReadyInChild(): Promise<{ hh: Harness; exited: Promise<NodeJS.Signals | null> }> {
  const hh = await startHarness();
  h = hh;
  await hh.register(KHOM, "bao_cao", "dong-hung");
  await hh.say(KHOM, "/nhap tuyen_truyen");
  for (const a of ["4", "80", "1", "0", "0", "0"]) await hh.say(KHOM, a);
  await hh.halt();
  const root = resolve(import.meta.dirname, "../..");
  const c = spawn(process.execPath, ["--import", "tsx", resolve(import.meta.dirname, "bot-child.ts"),
    join(hh.dir, "bot.sqlite"), hh.standin.apiRoot, hh.standin.token, hh.clock.now.toISOString()], { cwd: root, stdio: ["ignore", "pipe", "inherit"] });
  child = c;
  const exited = new Promise<NodeJS.Signals | null>((r) => c.once("exit", (_code, signal) => r(signal)));
  await new Promise<void>((ready, fail) => {
    c.stdout!.on("data", (d: Buffer) => { if (d.toString().includes("ready")) ready(); });
    void exited.then(() => fail(new Error("bot child exited before it was ready")));
  });
  return { hh, exited };
}

/** Restart in this process and wait until every reply is out. */
async function restartAndSettle(hh: Harness): Promise<void> {
  await hh.boot();
  await hh.standin.waitFor(() => hh.standin.calls.some((c) => c.method === "sendMessage" && isSaved(c.params) && c.failed === undefined), 10_000);
  await hh.standin.waitFor(() => hh.bot.app.idle() && repliesDue(hh.bot.db, hh.clock.now) === 0, 10_000);
  await new Promise((r) => setTimeout(r, 300)); // nothing more comes
}

const savedCalls = (hh: Harness) => hh.standin.calls.filter((c) => c.method === "sendMessage" && isSaved(c.params));
const entries = (hh: Harness) => (hh.bot.db.$client.prepare("select count(*) n from entries").get() as { n: number }).n;

describe("a crash between saving an entry and confirming it", () => {
  it("SIGKILL after the commit, before the confirmation was delivered: it arrives exactly once after the restart", async () => {
    const { hh, exited } = await formReadyInChild();
    // The confirmation's first request is refused (not delivered), and the bot dies right then.
    hh.standin.onCall = (method, params) => {
      if (method !== "sendMessage" || !isSaved(params)) return undefined;
      child?.kill("SIGKILL");
      return { code: 500 };
    };
    hh.standin.pushUpdates([hh.standin.textMessage(KHOM, "luu")]);
    expect(await exited).toBe("SIGKILL");
    hh.standin.onCall = undefined;
    await restartAndSettle(hh);
    expect(savedCalls(hh).filter((c) => c.failed === undefined)).toHaveLength(1);
    expect(entries(hh)).toBe(1);
  }, 60_000);

  it("SIGKILL while the confirmation's request is in flight: it arrives after the restart (at most twice)", async () => {
    const { hh, exited } = await formReadyInChild();
    const held = hh.standin.holdNext("sendMessage", isSaved);
    hh.standin.pushUpdates([hh.standin.textMessage(KHOM, "luu")]);
    const first = await held.arrived;
    child!.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");
    await restartAndSettle(hh);
    const after = savedCalls(hh).filter((c) => c !== first && c.failed === undefined);
    expect(after).toHaveLength(1);
    expect(savedCalls(hh).length).toBeLessThanOrEqual(2);
    expect(entries(hh)).toBe(1);
  }, 60_000);

  it("SIGKILL while the confirmation waits for a retry (500s): it arrives exactly once after the restart", async () => {
    const { hh, exited } = await formReadyInChild();
    hh.standin.onCall = (method, params) => (method === "sendMessage" && isSaved(params) ? { code: 500 } : undefined);
    hh.standin.pushUpdates([hh.standin.textMessage(KHOM, "luu")]);
    // The child's clock stands still, so its retry never falls due: the row stays pending.
    await hh.standin.waitFor(() => savedCalls(hh).length >= 1, 10_000);
    await new Promise((r) => setTimeout(r, 200));
    child!.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");
    hh.standin.onCall = undefined;
    hh.clock.advance(60 * 60_000);
    await restartAndSettle(hh);
    expect(savedCalls(hh).filter((c) => c.failed === undefined)).toHaveLength(1);
    expect(entries(hh)).toBe(1);
  }, 60_000);
});
