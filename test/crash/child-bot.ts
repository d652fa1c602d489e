// The crash suite's bot child (bot-child.ts) as the parent sees it: started on the run's SQLite
// file with the stand-ins' roots, SIGKILLed, started again; one kill-and-restart at a time.
import { spawn, type ChildProcess } from "node:child_process";
import { join, resolve } from "node:path";
import { WEBHOOK_SECRET, type ZaloHarness } from "../helpers/zalo-harness.js";

const CHILD = resolve(import.meta.dirname, "bot-child.ts");
const ROOT = resolve(import.meta.dirname, "../..");
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The bot as a child process on the run's database. */
export class ChildBot {
  private child?: ChildProcess;
  private exited?: Promise<void>;
  private turn: Promise<unknown> = Promise.resolve();
  /** True while a kill and restart is under way (no other kill may strike then). */
  restarting = false;
  /** The running child's HTTP server (Zalo posts its webhook there); undefined while it is down. */
  url: string | undefined;
  constructor(private readonly z: ZaloHarness, private readonly extraEnv: Record<string, string> = {}) {}

  /** Runs one kill-and-restart at a time (the fault mode kills from two places). */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.turn.then(async () => {
      this.restarting = true;
      try { return await fn(); } finally { this.restarting = false; }
    });
    this.turn = run.catch(() => undefined);
    return run;
  }

  /** Starts the child, trying again while it dies before it is ready (a write lock held through its start-up), up to 60 s. */
  async startPatiently(clock: { iso: string; wall: number }): Promise<void> {
    const until = performance.now() + 60_000;
    for (;;) {
      try { return await this.start(clock); } catch (err) {
        if (performance.now() > until) throw err;
        await sleep(500);
      }
    }
  }

  async start(clock: { iso: string; wall: number }): Promise<void> {
    const { h, zalo } = this.z;
    const env = { ...process.env, BOT_TOKEN: h.standin.token, TELEGRAM_API_ROOT: h.standin.apiRoot, ZALO_BOT_TOKEN: zalo.token, ZALO_API_ROOT: zalo.apiRoot,
      WEBHOOK_SECRET, ...this.extraEnv };
    // The child's clock reads clock.iso at wall instant clock.wall and runs on from there (bot-child.ts).
    const args = [CHILD, join(h.dir, "bot.sqlite"), clock.iso, String(clock.wall)];
    const c = spawn(process.execPath, ["--import", "tsx", ...args], { cwd: ROOT, env, stdio: ["pipe", "pipe", "inherit"] });
    this.child = c;
    this.exited = new Promise((r) => c.once("exit", () => { if (this.child === c) this.url = undefined; r(); }));
    await new Promise<void>((ready, fail) => {
      // "ready <url of its HTTP server>" (bot-child.ts).
      c.stdout!.on("data", (d: Buffer) => {
        const m = /ready (\S+)/.exec(d.toString());
        if (m) { this.url = m[1]; ready(); }
      });
      void this.exited!.then(() => fail(new Error("the bot child exited before it was ready")));
    });
  }

  /** Sends a signal now, without waiting (for a kill from inside a stand-in's handler). */
  signal(signal: NodeJS.Signals): void {
    if (this.child && this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
  }

  async kill(signal: NodeJS.Signals = "SIGKILL"): Promise<void> {
    if (!this.child) return;
    this.url = undefined;
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    await this.exited;
    this.child = undefined;
  }
}
