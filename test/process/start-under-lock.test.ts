// A bot started while another process holds the database's write lock for longer than start-up's
// 5 s busy wait (a large `cli import` or a backup would): it must wait for the database, say so in
// a Vietnamese log line, and start once the lock goes (issue 17: the crash suite's child was refused
// with SQLITE_BUSY). A real child process, a real second connection holding BEGIN IMMEDIATE.
import { spawn, type ChildProcess } from "node:child_process";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../helpers/harness.js";
import { holdWriteLock, releaseWriteLocks } from "../helpers/store-lock.js";

let h: Harness | undefined;
let child: ChildProcess | undefined;
afterEach(async () => {
  releaseWriteLocks();
  if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  child = undefined;
  await h?.stop();
  h = undefined;
});

const CHAT = 3001;
const WAITING = "Đang chờ cơ sở dữ liệu";
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

describe("start-up under another process's write lock", () => {
  it("waits for the database with a Vietnamese log line, then starts and answers once the ~8 s lock is let go", async () => {
    const hh = await startHarness();
    h = hh;
    await hh.register(CHAT, "bao_cao", "dong-hung", "Lan");
    await hh.halt();
    const dbPath = join(hh.dir, "bot.sqlite");
    const lock = holdWriteLock(hh);
    const lockedAt = performance.now();

    const c = spawn(process.execPath, ["--import", "tsx", resolve(import.meta.dirname, "bot-child.ts"),
      dbPath, hh.standin.apiRoot, hh.standin.token, hh.clock.now.toISOString()],
    { cwd: resolve(import.meta.dirname, "../.."), stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, LOG_LEVEL: "warn" } });
    child = c;
    let stderr = "";
    c.stderr!.on("data", (d: Buffer) => { stderr += d.toString(); });
    let exited = false;
    const exit = new Promise<void>((r) => c.once("exit", () => { exited = true; r(); }));
    let ready = false;
    c.stdout!.on("data", (d: Buffer) => { if (d.toString().includes("ready")) ready = true; });

    // The lock is held until the child says it waits (it has then waited out one 5 s busy wait),
    // and 3 s more: at least 8 s in all. A child that gives up instead exits meanwhile.
    const seenBy = performance.now() + 90_000;
    while (!stderr.includes(WAITING) && !exited && performance.now() < seenBy) await sleep(50);
    expect(exited, `the child exited under the lock: ${stderr.slice(-500)}`).toBe(false);
    expect(stderr).toContain(WAITING);
    await sleep(3000);
    expect(ready).toBe(false);
    expect(performance.now() - lockedAt).toBeGreaterThanOrEqual(8000);
    lock.release();

    const readyBy = performance.now() + 90_000;
    while (!ready && !exited && performance.now() < readyBy) await sleep(50);
    expect(exited, `the child exited after the lock: ${stderr.slice(-500)}`).toBe(false);
    expect(ready).toBe(true);
    hh.standin.pushUpdates([hh.standin.textMessage(CHAT, "/menu")]);
    await hh.standin.waitFor(() => hh.standin.sentTo(CHAT).some((m) => m.text.includes("Bạn muốn làm gì?")), 60_000);
    // The log line is Vietnamese, with its diacritics composed (NFC).
    const line = stderr.split("\n").find((l) => l.includes(WAITING))!;
    expect(line.normalize("NFC")).toBe(line);
    c.kill("SIGKILL");
    await exit;
  }, 240_000);
});
