// The crash suite's fault mode (CRASH_FAULTS=1, issue 17): while the people file and the bot is
// SIGKILLed as usual, this also holds the database's write lock from a second connection, makes
// every stand-in (Telegram, Zalo, the OA) answer streaks of 5xx and leave calls hanging, SIGKILLs the bot while a leader's
// report compiles (leader.ts), and floods it from strangers (leader.ts). Every choice comes from
// the seed; every fault is recorded as a window of time, so the suite can bound a person's wait
// beyond the faults, and printed.
import Database from "better-sqlite3";
import type { ZaloHarness } from "../helpers/zalo-harness.js";
import { Leader, Strangers } from "./leader.js";
import type { Platform } from "./people.js";
import { rng, type Rng } from "./prng.js";
import type { FaultContext, FaultMode, Kill } from "./world.js";

export interface FaultSize {
  /** Write locks held from a second connection, each 2–10 s. */
  locks: number;
  /** Streaks of 5xx on each stand-in's sends (3–8 calls each; the OA's are HTTP 502 from its gateway). */
  streaks: number;
  /** Streaks of hung sends on each stand-in (1–3 calls each). */
  hangs: number;
  /** Reports the leader asks for, each with a SIGKILL while it compiles. */
  reports: number;
  /** Unregistered chats (shared by the stand-ins), each writing twice. */
  strangers: number;
}

/** CRASH_SIZE=ci is the CI run; CRASH_LOCKS, CRASH_STREAKS, CRASH_HANGS, CRASH_REPORTS, CRASH_STRANGERS override. */
export function faultSizeFromEnv(env: NodeJS.ProcessEnv = process.env): FaultSize {
  const base = env.CRASH_SIZE === "ci"
    ? { locks: 3, streaks: 3, hangs: 2, reports: 3, strangers: 300 }
    : { locks: 5, streaks: 5, hangs: 3, reports: 5, strangers: 600 };
  const n = (k: string, d: number) => (env[k] ? Number(env[k]) : d);
  return { locks: n("CRASH_LOCKS", base.locks), streaks: n("CRASH_STREAKS", base.streaks), hangs: n("CRASH_HANGS", base.hangs),
    reports: n("CRASH_REPORTS", base.reports), strangers: n("CRASH_STRANGERS", base.strangers) };
}

/** The bot child's timeout for a message call and a document call in this mode (short, so a hung call costs seconds). */
export const SEND_TIMEOUT_MS = 2000;
export const DOCUMENT_TIMEOUT_MS = 5000;
/**
 * How long the bot child holds every report build before compiling (bot-child.ts): the leader's
 * kill strikes 0–400 ms after its job is seen running, so it always falls within the build, even
 * on an idle machine where February's report compiles in a fraction of a second.
 */
export const BUILD_HOLD_MS = 2000;

/** A period during which a fault was in force (performance.now()). */
export interface FaultWindow { kind: "lock" | "5xx" | "hang" | "kill"; from: number; to: number }

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const isSend = (m: string) => m.startsWith("send") && m !== "sendChatAction";
const OA_CS = "/v3.0/oa/message/cs";
const LABEL: Record<Platform, string> = { telegram: "Telegram", zalo: "Zalo", "zalo-oa": "Zalo OA" };

export class Faults implements FaultMode {
  readonly childEnv = { CRASH_SEND_TIMEOUT_MS: String(SEND_TIMEOUT_MS), CRASH_DOCUMENT_TIMEOUT_MS: String(DOCUMENT_TIMEOUT_MS), CRASH_BUILD_HOLD_MS: String(BUILD_HOLD_MS) };
  readonly windows: FaultWindow[] = [];
  readonly lockMs: number[] = [];
  /** 5xx streaks: calls planned, and calls that met a 5xx (a streak the people's end cut short may use fewer). */
  readonly streaks: Array<{ platform: Platform; calls: number; used: number }> = [];
  /** Hung-call streaks that caught at least one call, and how many (an armed streak that caught none is not counted). */
  readonly hangs: Array<{ platform: Platform; calls: number }> = [];
  /** The channels in this run (the OA's only with OA people). */
  platforms: Platform[] = ["telegram", "zalo"];
  /** Every hung send that came, for the check that the bot gave each up by its timeout. */
  readonly hungCalls: HungCall[] = [];
  readonly leader: Leader;
  readonly strangers: Strangers;
  private running: Array<Promise<void>> = [];
  private settled = 0;
  private stopped = false;
  private over = () => this.stopped;
  private lockDb?: Database.Database;
  /** Undoes hangs not yet taken (at stop, so no later call hangs). */
  private readonly lifts: Array<() => void> = [];

  /** Which sends may hang: those to the people filing (a stranger's hung reply would test nobody's wait). */
  private readonly personChats = new Set<string>();
  private readonly isPerson = (params: Record<string, unknown>) => this.personChats.has(String(params.chat_id));
  private readonly isOaPerson = (body: Record<string, unknown>) => this.personChats.has(String((body.recipient as { user_id?: unknown } | undefined)?.user_id));

  constructor(readonly seed: number, readonly size: FaultSize) {
    this.leader = new Leader(size.reports, rng(seed ^ 0x1ead));
    this.strangers = new Strangers(size.strangers, rng(seed ^ 0x5757));
  }

  async prepare(z: ZaloHarness, personChats: string[]): Promise<void> {
    for (const c of personChats) this.personChats.add(c);
    await this.leader.register(z);
  }

  start(ctx: FaultContext): void {
    const stop = () => this.stopped;
    // Faults strike while people file: once all are done, nothing new is injected or waited for.
    this.over = () => this.stopped || ctx.peopleDone();
    this.platforms = ctx.platforms;
    const all = [
      this.lockLoop(ctx, rng(this.seed ^ 0x10c4)),
      this.streakLoop(ctx, rng(this.seed ^ 0x5e44)),
      this.hangLoop(ctx, rng(this.seed ^ 0x4a46)),
      this.leader.run(ctx, stop, (k) => this.windows.push({ kind: "kill", from: k.at, to: k.at + k.downMs })),
      this.strangers.run(ctx, stop),
    ];
    this.running = all.map((p) => p.finally(() => { this.settled++; }));
  }

  done(): boolean { return this.settled === this.running.length; }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const lift of this.lifts) lift();
    await Promise.allSettled(this.running);
    this.lockDb?.close();
  }

  /** The kills of the leader's reports, for the checks that explain a message delivered twice. */
  get reportKills(): Kill[] { return this.leader.kills; }

  /** One line: every fault injected, with counts and lengths, and the seed. */
  summary(): string {
    const s = (xs: number[]) => xs.map((ms) => (ms / 1000).toFixed(1)).join(", ");
    const streaks = (p: Platform) => {
      const mine = this.streaks.filter((x) => x.platform === p);
      return `${LABEL[p]} ${mine.length} (${mine.map((x) => x.used === x.calls ? String(x.calls) : `${x.used} of ${x.calls}`).join("+") || "0"} calls)`;
    };
    const hangs = (p: Platform) => {
      const mine = this.hangs.filter((x) => x.platform === p).map((x) => x.calls);
      return `${LABEL[p]} ${mine.length} (${mine.join("+") || "0"} calls)`;
    };
    const l = this.leader;
    return `crash faults: seed ${this.seed}; ${this.lockMs.length} write locks (${s(this.lockMs)} s); ` +
      `5xx streaks ${this.platforms.map(streaks).join(", ")}; ` +
      `hung-call streaks ${this.platforms.map(hangs).join(", ")} (timeout ${SEND_TIMEOUT_MS} ms); ` +
      `${l.requests} reports asked, ${l.kills.length} SIGKILLs while one was built (${l.killedBeforeDocument} with its job running and no document yet), ${l.resends} asked again; ` +
      `${this.strangers.sent} messages from ${this.strangers.chats} strangers`;
  }

  /** Write locks of 2–10 s: BEGIN IMMEDIATE on a second connection, held, then COMMIT. */
  private async lockLoop(ctx: FaultContext, r: Rng): Promise<void> {
    // timeout 0: never block this process (the stand-ins live in it) waiting for the bot's own writes.
    const db = new Database(ctx.dbPath, { timeout: 0 });
    this.lockDb = db;
    for (let i = 0; i < this.size.locks && !this.over(); i++) {
      await sleep(r.int(1000, 4000));
      const hold = r.int(2000, 10_000);
      let locked = false;
      while (!locked && !this.over()) {
        try { db.exec("BEGIN IMMEDIATE"); locked = true; } catch { await sleep(20); }
      }
      if (!locked) return;
      const from = performance.now();
      const until = from + hold;
      while (!this.stopped && performance.now() < until) await sleep(50);
      db.exec("COMMIT");
      const to = performance.now();
      this.lockMs.push(to - from);
      this.windows.push({ kind: "lock", from, to });
    }
  }

  /**
   * Streaks of 5xx on the sends of each stand-in, the stand-ins side by side (one after another,
   * nine streaks with the OA's did not fit while the people filed on a quiet machine); the window
   * lasts until the streak is used up.
   */
  private async streakLoop(ctx: FaultContext, r: Rng): Promise<void> {
    const seeds = ctx.platforms.map(() => r.int(0, 2 ** 31));
    await Promise.all(ctx.platforms.map((platform, k) => this.streaksOn(ctx, platform, rng(seeds[k]!))));
  }

  private async streaksOn(ctx: FaultContext, platform: Platform, r: Rng): Promise<void> {
    const { h, zalo } = ctx.z;
    for (let i = 0; i < this.size.streaks && !this.over(); i++) {
      await sleep(r.int(1000, 3000));
      const calls = r.int(3, 8);
      const from = performance.now();
      let used: () => number;
      if (platform === "telegram") {
        const start = h.standin.calls.length;
        h.standin.failNext("*send*", { code: 500 }, calls);
        used = () => h.standin.calls.slice(start).filter((c) => isSend(c.method) && c.failed === 500).length;
      } else if (platform === "zalo") {
        const start = zalo.calls.length;
        zalo.failNext("sendMessage", { code: 500 }, calls);
        used = () => zalo.calls.slice(start).filter((c) => c.method === "sendMessage" && c.failed === 500).length;
      } else {
        // The OA's errors come as HTTP 200 with a code; a 5xx is its gateway's (an HTML page, no JSON).
        const oa = ctx.oa!;
        const start = oa.calls.length;
        oa.failNext(OA_CS, { error: 502, message: "502 Bad Gateway", status: 502 }, calls);
        used = () => oa.calls.slice(start).filter((c) => c.path === OA_CS && c.error === 502).length;
      }
      const streak = { platform, calls, used: 0 };
      this.streaks.push(streak);
      while (!this.over() && used() < calls) await sleep(50);
      streak.used = used();
      this.windows.push({ kind: "5xx", from, to: performance.now() });
    }
  }

  /**
   * Streaks of a registered person's sends that are never answered, on every stand-in at once (one
   * turn per round, not one per stand-in: the rounds must fit while people file). No kill strikes
   * during a round, so only the bot's own send timeout can end a hung call; the round ends when
   * every hung call was given up, or the timeout and 3 s after the last came. A stand-in whose
   * armed calls caught none in a round (no send to a filing person came within 10 s, e.g. behind a
   * write lock) is armed again in the next: only streaks that hung a call count as injected.
   */
  private async hangLoop(ctx: FaultContext, r: Rng): Promise<void> {
    const { h, zalo } = ctx.z;
    const short = () => ctx.platforms.filter((p) => this.hangs.filter((x) => x.platform === p).length < this.size.hangs);
    while (short().length > 0 && !this.over()) {
      await sleep(r.int(1000, 4000));
      const armed = short().map((platform) => ({ platform, calls: r.int(1, 3) }));
      await ctx.withoutKills(async () => {
        const from = performance.now();
        const mine: HungCall[] = [];
        const lifts: Array<() => void> = [];
        let open = true;
        const zaloStart = zalo.calls.length;
        const oaStart = ctx.oa?.calls.length ?? 0;
        for (const { platform, calls } of armed) {
          if (platform === "telegram") {
            for (let k = 0; k < calls; k++) {
              const held = h.standin.holdNext("sendMessage", this.isPerson);
              let came = false;
              // A hold not taken is released at once when the round ends (a later call passes it
              // unheld); a taken one only at stop().
              lifts.push(() => { if (!came) held.release(); });
              this.lifts.push(held.release);
              void held.arrived.then((c) => { if (open && !this.stopped) { came = true; c.failed = 0; mine.push({ platform, call: c, at: c.at }); } });
            }
          } else if (platform === "zalo") lifts.push(zalo.hangNext("sendMessage", calls, this.isPerson));
          else lifts.push(ctx.oa!.hangNext(OA_CS, calls, this.isOaPerson));
        }
        const caught = (p: Platform) => mine.filter((m) => m.platform === p).length;
        const collect = () => {
          for (const c of zalo.calls.slice(zaloStart)) if (c.hungAt !== undefined && !mine.some((m) => m.call === c)) mine.push({ platform: "zalo", call: c, at: c.hungAt });
          for (const c of ctx.oa?.calls.slice(oaStart) ?? []) if (c.hungAt !== undefined && !mine.some((m) => m.call === c)) mine.push({ platform: "zalo-oa", call: c, at: c.hungAt });
        };
        const arrivedBy = performance.now() + 10_000;
        while (!this.over() && armed.some((a) => caught(a.platform) < a.calls) && performance.now() < arrivedBy) {
          collect();
          await sleep(20);
        }
        // Hangs not taken are lifted now (a later call must not hang outside this round); the
        // taken ones stay unanswered until the bot lets go.
        open = false;
        for (const lift of lifts) lift();
        collect();
        const last = Math.max(0, ...mine.map((m) => m.at - performance.timeOrigin));
        while (!this.stopped && mine.some((m) => m.call.abandonedAt === undefined) && performance.now() < last + SEND_TIMEOUT_MS + 3000) await sleep(20);
        for (const { platform } of armed) if (caught(platform) > 0) this.hangs.push({ platform, calls: caught(platform) });
        this.hungCalls.push(...mine);
        this.windows.push({ kind: "hang", from, to: performance.now() });
      });
    }
  }
}

/** A send the stand-in never answered: when it came and when the bot let go of it (Date.now()). */
export interface HungCall { platform: Platform; at: number; call: { abandonedAt?: number } }
