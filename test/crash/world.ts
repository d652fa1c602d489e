// The crash suite's world: both stand-ins, registered people, the bot in a child process that is
// SIGKILLed at seeded random moments and restarted on the same SQLite file, and every message each
// person's phone received. Used by test/crash/crash.test.ts and bench/crash.ts.
import { join } from "node:path";
import { repliesDue } from "../../src/outbox/sender.js";
import { testClock } from "../helpers/harness.js";
import { ChildBot } from "./child-bot.js";
import { startZaloHarness, type ZaloHarness } from "../helpers/zalo-harness.js";
import { ZaloWebhookPoster } from "./zalo-webhook.js";
import { Person, planFor, type Action, type Platform, type Received } from "./people.js";
import { rng, type Rng } from "./prng.js";

export const START = "2025-02-20T03:00:00Z";
/** Units whose people may file "Tuyên truyền" (three khóm and the border post). */
export const UNITS = ["dong-hung", "tay-hung", "trung-bac-hung", "don-bp-nhon-hung"] as const;

export interface CrashSize { people: number; entries: number; kills: number }

/** CRASH_SIZE=ci is the CI run; CRASH_PEOPLE, CRASH_ENTRIES and CRASH_KILLS override either. */
export function sizeFromEnv(env: NodeJS.ProcessEnv = process.env): CrashSize {
  const base = env.CRASH_SIZE === "ci" ? { people: 50, entries: 3, kills: 5 } : { people: 100, entries: 4, kills: 8 };
  const n = (k: string, d: number) => (env[k] ? Number(env[k]) : d);
  return { people: n("CRASH_PEOPLE", base.people), entries: n("CRASH_ENTRIES", base.entries), kills: n("CRASH_KILLS", base.kills) };
}

export interface Delivery { person: number; text: string; at: number }
/** A kill: when (performance.now()), how many entries were confirmed by then, and how long until the next child was ready. */
export interface Kill { at: number; confirmedBefore: number; downMs: number }

export interface CrashRun {
  z: ZaloHarness;
  people: Person[];
  /** users.id of each person, by index. */
  userIds: number[];
  /** Every message each person's phone showed, in order. */
  deliveries: Delivery[];
  kills: Kill[];
  /** From the first person's first message until the last one was told its last entry is saved (or the deadline). */
  filingMs: number;
  timedOut: boolean;
  /** Zalo messages the people sent that the bot never recorded (by webhook, posted again until recorded: none). */
  zaloLost: number;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * The run's clock, shared by the bot and the people's phones: it starts at START and runs with
 * elapsed time (only elapsed wall time is read, never the date), and jumps a minute ahead at each
 * restart. Messages carry their send time on it (Telegram in whole seconds, Zalo in ms), so the
 * bot can tell an answer sent before its question reached the phone (conversation/stale.ts).
 */
class RunClock {
  private offset = Date.parse(START) - Date.now();
  now(): number { return Date.now() + this.offset; }
  /** A minute ahead, for a restart: the moment and the wall instant it holds at, for the child. */
  restart(): { iso: string; wall: number } {
    this.offset += 60_000;
    const wall = Date.now();
    return { iso: new Date(wall + this.offset).toISOString(), wall };
  }
}

/** Routes what the stand-ins delivered to each person's phone (only successful sends count). */
class Phones {
  private tg = 0;
  private za = 0;
  readonly deliveries: Delivery[] = [];
  constructor(private readonly z: ZaloHarness, private readonly byChat: Map<string, Person>) {
    this.tg = z.h.standin.calls.length;
    this.za = z.zalo.sent.length;
  }

  route(): void {
    const calls = this.z.h.standin.calls;
    for (; this.tg < calls.length; this.tg++) {
      const c = calls[this.tg]!;
      if (c.method !== "sendMessage" || c.failed !== undefined) continue;
      const p = this.byChat.get(`telegram:${String(c.params.chat_id)}`);
      if (!p) continue;
      const kb = (c.params.reply_markup as { inline_keyboard?: Array<Array<{ text: string; callback_data: string }>> } | undefined)?.inline_keyboard ?? [];
      const messageId = (c.result as { message_id?: number } | undefined)?.message_id;
      this.deliver(p, { text: String(c.params.text ?? ""), buttons: kb.flat().map((b) => ({ text: b.text, data: b.callback_data })), messageId, at: performance.now() });
    }
    const sent = this.z.zalo.sent;
    for (; this.za < sent.length; this.za++) {
      const s = sent[this.za]!;
      const p = this.byChat.get(`zalo:${s.chatId}`);
      if (p) this.deliver(p, { text: s.text, buttons: [], at: performance.now() });
    }
  }

  private deliver(p: Person, m: Received): void {
    this.deliveries.push({ person: p.index, text: m.text, at: m.at });
    p.receive(m);
  }
}

/** CRASH_ZALO_MODE=polling: Zalo by long polling, as before issue 18 (to compare; it loses updates to kills). */
export const ZALO_BY_WEBHOOK = process.env.CRASH_ZALO_MODE !== "polling";

function actor(z: ZaloHarness, zaloSent: string[], clock: RunClock, webhook: ZaloWebhookPoster) {
  return (p: Person, a: Action) => {
    if (p.platform === "zalo") {
      if (a.kind !== "text") return;
      const u = z.zalo.textMessage(p.chatId, a.text, { displayName: `Người ${p.index}`, date: clock.now() });
      zaloSent.push(String(u.message.message_id));
      if (ZALO_BY_WEBHOOK) webhook.post(p.chatId, u);
      else z.zalo.push(u);
      return;
    }
    const id = Number(p.chatId);
    const s = z.h.standin;
    s.pushUpdates([a.kind === "text" ? s.textMessage(id, a.text, { date: Math.floor(clock.now() / 1000) }) : s.callbackQuery(id, a.data, { messageId: a.messageId })]);
  };
}

async function registerAll(z: ZaloHarness, people: Person[]): Promise<number[]> {
  for (let i = 0; i < people.length; i += 10) {
    await Promise.all(people.slice(i, i + 10).map((p) => (p.platform === "telegram"
      ? z.h.register(Number(p.chatId), "bao_cao", p.unitCode, `Người ${p.index}`)
      : z.register(p.chatId, "bao_cao", p.unitCode, `Người ${p.index}`))));
  }
  const q = z.h.bot.db.$client.prepare("select user_id as id from identities where channel = ? and chat_id = ?");
  return people.map((p) => (q.get(p.platform, p.chatId) as { id: number }).id);
}

/** What the fault mode (test/crash/faults.ts) needs from the world. */
export interface FaultContext {
  z: ZaloHarness;
  dbPath: string;
  /** Every person has filed all their entries. */
  peopleDone(): boolean;
  /** Entries whose "✅ Đã lưu" has reached their person (so they are in the database). */
  confirmed(): number;
  /** Runs `fn` while no kill may strike (a hung call must be ended by the bot's timeout, not by a kill). */
  withoutKills<T>(fn: () => Promise<T>): Promise<T>;
  /**
   * SIGKILLs the bot and restarts it (one at a time with the timed kills); the kill as recorded.
   * `when`, if given, is awaited inside that turn before the kill: no other kill, restart or
   * hung-call streak can come between what it waits for and the kill.
   */
  killAndRestart(when?: () => Promise<void>): Promise<Kill>;
}

/** A fault mode: registers its own actors, then injects faults while the people file. */
export interface FaultMode {
  /** More environment for the bot child (short send timeouts). */
  childEnv: Record<string, string>;
  /** Before the bot child starts, while the in-process bot can register people. */
  prepare(z: ZaloHarness, personChats: string[]): Promise<void>;
  /** When the people begin. */
  start(ctx: FaultContext): void;
  /** Every planned fault injected, lifted, and every actor of the mode finished (or gave up). */
  done(): boolean;
  /** Lifts whatever is still held (at the deadline). */
  stop(): Promise<void>;
}

export interface RunOptions {
  size: CrashSize;
  seed: number;
  /** Kill the bot (false: the same load without kills, for the benchmark). */
  kill?: boolean;
  deadlineMs?: number;
  timing?: { quietMs: number; resendMs: number; thinkMs: [number, number] };
  faults?: FaultMode;
}

export async function runCrash(o: RunOptions): Promise<CrashRun> {
  const rand = rng(o.seed);
  // Zalo by webhook, as in production: the child's own server while it runs, the last in-process boot after.
  const z = await startZaloHarness({ clock: testClock(START), webhook: ZALO_BY_WEBHOOK });
  const child = new ChildBot(z, { ...(ZALO_BY_WEBHOOK ? {} : { ZALO_MODE: "polling" }), ...o.faults?.childEnv });
  let booted = false;
  const webhook = new ZaloWebhookPoster(z.zalo, () => child.url ?? (booted ? z.h.bot.web?.url : undefined));
  let ticker: NodeJS.Timeout | undefined;
  const close = async () => {
    webhook.stop();
    if (ticker) clearInterval(ticker);
    await child.kill();
    await z.close();
  };
  try {
    // CRASH_RESEND_MS: impatient people (more repeated messages, more races with a restart).
    const timing = o.timing ?? { quietMs: 120, resendMs: Number(process.env.CRASH_RESEND_MS ?? 6000), thinkMs: [0, 250] as [number, number] };
    const zaloSent: string[] = [];
    const clock = new RunClock();
    const act = actor(z, zaloSent, clock, webhook);
    const people = Array.from({ length: o.size.people }, (_, i) => {
      const platform: Platform = i % 2 === 0 ? "telegram" : "zalo";
      const chatId = platform === "telegram" ? String(700_000 + i) : `88${String(i).padStart(14, "0")}`;
      const plans = Array.from({ length: o.size.entries }, (_, e) => planFor(i, e));
      return new Person(i, platform, chatId, UNITS[i % UNITS.length]!, plans, rng(o.seed ^ ((i + 1) * 0x9e3779b1)), act, timing);
    });
    const userIds = await registerAll(z, people);
    await o.faults?.prepare(z, people.map((p) => p.chatId));
    await z.h.halt();
    const phones = new Phones(z, new Map(people.map((p) => [`${p.platform}:${p.chatId}`, p])));
    const kills: Kill[] = [];
    await child.start(clock.restart());

    const confirmed = () => people.reduce((n, p) => n + p.log.confirmed.size, 0);
    const allDone = () => people.every((p) => p.done);
    let acting = true;
    const verbose = process.env.CRASH_VERBOSE === "1";
    let lastReport = performance.now();
    ticker = setInterval(() => {
      phones.route();
      const now = performance.now();
      if (acting) for (const p of people) p.tick(now);
      if (verbose && now - lastReport > 5000) {
        lastReport = now;
        process.stderr.write(`[crash] ${((now - t0) / 1000).toFixed(0)} s: ${confirmed()} confirmed, ${people.filter((p) => p.done).length} done, ` +
          `${kills.length} kills, ${people.reduce((n, p) => n + p.log.resends, 0)} resends, ${phones.deliveries.length} messages\n`);
      }
    }, 20);
    const t0 = performance.now();
    const deadline = t0 + (o.deadlineMs ?? 240_000);
    for (const p of people) p.begin(t0);
    o.faults?.start({
      z, dbPath: join(z.h.dir, "bot.sqlite"), peopleDone: allDone, confirmed, withoutKills: (fn) => child.exclusive(fn),
      killAndRestart: (when) => child.exclusive(async () => {
        await when?.();
        const kill: Kill = { at: performance.now(), confirmedBefore: confirmed(), downMs: NaN };
        await child.kill();
        await child.startPatiently(clock.restart());
        kill.downMs = performance.now() - kill.at;
        return kill;
      }),
    });

    if (o.kill !== false) await killAtRandom(o.size, rand, { confirmed, allDone, deadline, kills, child, z, restart: () => clock.restart() });
    const finished = () => allDone() && (o.faults?.done() ?? true);
    while (!finished() && performance.now() < deadline) await sleep(50);
    const timedOut = !finished();
    const filingMs = (timedOut ? performance.now() : Math.max(...people.map((p) => p.doneAt))) - t0;
    acting = false;
    await o.faults?.stop();
    // Let late sends (a repeated confirmation) land, then stop the child in order.
    await quiet(phones, 1500);
    await child.kill("SIGTERM");

    // The last restart, in this process, with no kills: whatever is still due is sent.
    z.h.clock.set(clock.restart().iso);
    await z.h.boot();
    booted = true;
    await webhook.settle();
    await z.zalo.waitFor(() => z.h.bot.app.idle() && repliesDue(z.h.bot.db, z.h.clock.now) === 0, 30_000);
    await quiet(phones, 1000);
    if (ticker) clearInterval(ticker);
    ticker = undefined;
    phones.route();
    const recorded = z.h.bot.db.$client.prepare("select 1 from processed_events where channel = 'zalo' and event_id = ?");
    const zaloLost = zaloSent.filter((id) => !recorded.get(id)).length;
    return { z, people, userIds, deliveries: phones.deliveries, kills, filingMs, timedOut, zaloLost, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/** Waits until no message has reached any phone for `ms`. */
async function quiet(phones: Phones, ms: number): Promise<void> {
  let n = -1;
  let since = performance.now();
  for (;;) {
    phones.route();
    if (phones.deliveries.length !== n) { n = phones.deliveries.length; since = performance.now(); }
    if (performance.now() - since >= ms) return;
    await sleep(50);
  }
}

/**
 * The kills: the k-th comes once a random share of all entries is confirmed (so kills fall while
 * people file), then after a random pause of up to half a second; a kill is never held back for
 * longer than a few seconds of uptime. About half of them instead strike the moment Telegram's
 * stand-in receives a "✅ Đã lưu" (delivered, but the bot dies before it can mark it sent). Each
 * is followed by a restart on the same database.
 */
async function killAtRandom(size: CrashSize, rand: Rng, s: {
  confirmed(): number; allDone(): boolean; deadline: number; kills: Kill[]; child: ChildBot; restart(): { iso: string; wall: number }; z: ZaloHarness;
}): Promise<void> {
  const total = size.people * size.entries;
  const shares = Array.from({ length: size.kills }, () => 0.03 + rand.next() * 0.82).sort((a, b) => a - b);
  for (const share of shares) {
    const up = performance.now();
    const maxUp = rand.int(1500, 5000);
    const atConfirmation = rand.chance(0.5);
    while (s.confirmed() < share * total && performance.now() - up < maxUp && performance.now() < s.deadline) await sleep(10);
    let kill: Kill | undefined;
    if (atConfirmation) {
      // The kill is sent from inside the stand-in's request handler, before it answers.
      const struck = new Promise<void>((resolve) => {
        s.z.h.standin.onCall = (method, params) => {
          if (method === "sendMessage" && String(params.text ?? "").includes("✅ Đã lưu") && !s.child.restarting) {
            kill = { at: performance.now(), confirmedBefore: s.confirmed(), downMs: NaN };
            s.child.signal("SIGKILL");
            s.z.h.standin.onCall = undefined;
            resolve();
          }
          return undefined;
        };
      });
      await Promise.race([struck, sleep(maxUp)]);
      s.z.h.standin.onCall = undefined;
    } else await sleep(rand.int(0, 500));
    const pause = rand.int(0, 300);
    await s.child.exclusive(async () => {
      kill ??= { at: performance.now(), confirmedBefore: s.confirmed(), downMs: NaN };
      s.kills.push(kill);
      await s.child.kill();
      await sleep(pause);
      await s.child.startPatiently(s.restart());
      kill.downMs = performance.now() - kill.at;
    });
  }
}
