// The crash suite's world: the three stand-ins (Telegram, Zalo's Bot Platform, the Zalo OA), registered people, the bot in a child process that is
// SIGKILLed at seeded random moments and restarted on the same SQLite file, and every message each
// person's phone received. Used by test/crash/crash.test.ts and bench/crash.ts.
import { join } from "node:path";
import { repliesDue } from "../../src/outbox/sender.js";
import { testClock } from "../helpers/harness.js";
import { ChildBot } from "./child-bot.js";
import { startZaloHarness, WEBHOOK_SECRET, type ZaloHarness } from "../helpers/zalo-harness.js";
import { expireOnce, killAtRandom } from "./kills.js";
import type { ZaloOaStandin } from "../helpers/zalo-oa-standin.js";
import { OA_IN_CRASH, OaSide } from "./oa-side.js";
import { WebhookPoster } from "./webhook-poster.js";
import { Person, planFor, type Action, type Platform, type Received } from "./people.js";
import { rng } from "./prng.js";

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

export interface Delivery {
  person: number; text: string; at: number;
  /** The platform delivered it but its answer never reached the bot (the bot's timeout came first): the bot sends it again. */
  unanswered(): boolean;
}
/** A kill: when (performance.now()), how many entries were confirmed by then, and how long until the next child was ready. */
export interface Kill { at: number; confirmedBefore: number; downMs: number }

export interface CrashRun {
  z: ZaloHarness;
  /** The OA's side (undefined with CRASH_OA=0). */
  oa?: OaSide;
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
  /** The same for the OA's events (posted again until recorded, as Zalo retries a webhook: none). */
  oaLost: number;
  /** Webhook posts refused or cut (by a kill, or the bot down) and posted again. */
  reposted: number;
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
  private oaSeen = 0;
  constructor(private readonly z: ZaloHarness, private readonly byChat: Map<string, Person>, private readonly oa?: ZaloOaStandin) {
    this.tg = z.h.standin.calls.length;
    this.za = z.zalo.sent.length;
    this.oaSeen = oa?.sent.length ?? 0;
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
      this.deliver(p, { text: String(c.params.text ?? ""), buttons: kb.flat().map((b) => ({ text: b.text, data: b.callback_data })), messageId, at: performance.now() },
        () => c.abandonedAt !== undefined);
    }
    const sent = this.z.zalo.sent;
    for (; this.za < sent.length; this.za++) {
      const s = sent[this.za]!;
      const p = this.byChat.get(`zalo:${s.chatId}`);
      if (p) this.deliver(p, { text: s.text, buttons: [], at: performance.now() }, () => s.unanswered === true);
    }
    const oaSent = this.oa?.sent ?? [];
    for (; this.oaSeen < oaSent.length; this.oaSeen++) {
      const s = oaSent[this.oaSeen]!;
      const p = this.byChat.get(`zalo-oa:${s.userId}`);
      if (p && s.text !== undefined) this.deliver(p, { text: s.text, buttons: [], at: performance.now() }, () => s.unanswered === true);
    }
  }

  private deliver(p: Person, m: Received, unanswered: () => boolean): void {
    this.deliveries.push({ person: p.index, text: m.text, at: m.at, unanswered });
    p.receive(m);
  }
}

/** CRASH_ZALO_MODE=polling: Zalo by long polling, as before issue 18 (to compare; it loses updates to kills). */
export const ZALO_BY_WEBHOOK = process.env.CRASH_ZALO_MODE !== "polling";

function actor(z: ZaloHarness, zaloSent: string[], clock: RunClock, webhook: WebhookPoster, oa: OaSide | undefined) {
  return (p: Person, a: Action) => {
    if (p.platform === "zalo-oa") {
      if (a.kind === "text") oa!.say(webhook, p.chatId, a.text, clock.now());
      return;
    }
    if (p.platform === "zalo") {
      if (a.kind !== "text") return;
      const u = z.zalo.textMessage(p.chatId, a.text, { displayName: `Người ${p.index}`, date: clock.now() });
      zaloSent.push(String(u.message.message_id));
      if (ZALO_BY_WEBHOOK) webhook.post(`zalo:${p.chatId}`, async (root) => (await z.zalo.postWebhook(`${root}/webhook/zalo`, WEBHOOK_SECRET, u)).status);
      else z.zalo.push(u);
      return;
    }
    const id = Number(p.chatId);
    const s = z.h.standin;
    s.pushUpdates([a.kind === "text" ? s.textMessage(id, a.text, { date: Math.floor(clock.now() / 1000) }) : s.callbackQuery(id, a.data, { messageId: a.messageId })]);
  };
}

async function registerAll(z: ZaloHarness, people: Person[], oa: OaSide | undefined, clock: RunClock): Promise<number[]> {
  for (let i = 0; i < people.length; i += 10) {
    await Promise.all(people.slice(i, i + 10).map((p) => (p.platform === "telegram"
      ? z.h.register(Number(p.chatId), "bao_cao", p.unitCode, `Người ${p.index}`)
      // An OA person follows the OA first (greeted), then types /start with the invite code.
      : p.platform === "zalo-oa" ? oa!.register(z.h, p.chatId, z.h.invite("bao_cao", p.unitCode), clock.now())
        : z.register(p.chatId, "bao_cao", p.unitCode, `Người ${p.index}`))));
  }
  const q = z.h.bot.db.$client.prepare("select user_id as id from identities where channel = ? and chat_id = ?");
  return people.map((p) => (q.get(p.platform, p.chatId) as { id: number }).id);
}

/** What the fault mode (test/crash/faults.ts) needs from the world. */
export interface FaultContext {
  z: ZaloHarness;
  /** The OA stand-in, when OA people take part. */
  oa?: ZaloOaStandin;
  /** The channels people write on in this run. */
  platforms: Platform[];
  /** A message from an unregistered chat on a Zalo channel, delivered as the people's are (by webhook, posted until taken). */
  stranger(platform: "zalo" | "zalo-oa", chatId: string, text: string): void;
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
  // The OA (issue 18): its people post signed events to /webhook/zalo-oa; the same variables reach the child.
  const oaSide = OA_IN_CRASH ? await OaSide.start() : undefined;
  const z = await startZaloHarness({ clock: testClock(START), webhook: ZALO_BY_WEBHOOK, env: oaSide?.env() ?? {} });
  const child = new ChildBot(z, { ...(ZALO_BY_WEBHOOK ? {} : { ZALO_MODE: "polling" }), ...oaSide?.env(), ...o.faults?.childEnv });
  let booted = false;
  const webhook = new WebhookPoster(() => child.url ?? (booted ? z.h.bot.web?.url : undefined));
  let ticker: NodeJS.Timeout | undefined;
  const close = async () => {
    webhook.stop();
    if (ticker) clearInterval(ticker);
    await child.kill();
    await z.close();
    await oaSide?.close();
  };
  try {
    // CRASH_RESEND_MS: impatient people (more repeated messages, more races with a restart).
    const timing = o.timing ?? { quietMs: 120, resendMs: Number(process.env.CRASH_RESEND_MS ?? 6000), thinkMs: [0, 250] as [number, number] };
    const zaloSent: string[] = [];
    const clock = new RunClock();
    const act = actor(z, zaloSent, clock, webhook, oaSide);
    const people = Array.from({ length: o.size.people }, (_, i) => {
      const platform = platformOf(i);
      // OA user ids are 19 digits, beyond 2^53 as Zalo's are (never read as numbers).
      const chatId = platform === "telegram" ? String(700_000 + i) : platform === "zalo" ? `88${String(i).padStart(14, "0")}` : `71${String(i).padStart(17, "0")}`;
      const plans = Array.from({ length: o.size.entries }, (_, e) => planFor(i, e));
      return new Person(i, platform, chatId, UNITS[i % UNITS.length]!, plans, rng(o.seed ^ ((i + 1) * 0x9e3779b1)), act, timing);
    });
    const userIds = await registerAll(z, people, oaSide, clock);
    await o.faults?.prepare(z, people.map((p) => p.chatId));
    await z.h.halt();
    const phones = new Phones(z, new Map(people.map((p) => [`${p.platform}:${p.chatId}`, p])), oaSide?.oa);
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
      z, ...(oaSide ? { oa: oaSide.oa } : {}), platforms: [...new Set(people.map((p) => p.platform))],
      stranger: (platform, chatId, text) => {
        if (platform === "zalo-oa") { webhook.post(`zalo-oa:${chatId}`, async (root) => (await oaSide!.oa.postEvent(`${root}/webhook/zalo-oa`, oaSide!.oa.textEvent(chatId, text))).status); return; }
        const u = z.zalo.textMessage(chatId, text, { displayName: `Người lạ ${chatId.slice(-4)}` });
        if (ZALO_BY_WEBHOOK) webhook.post(`zalo:${chatId}`, async (root) => (await z.zalo.postWebhook(`${root}/webhook/zalo`, WEBHOOK_SECRET, u)).status);
        else z.zalo.push(u);
      },
      dbPath: join(z.h.dir, "bot.sqlite"), peopleDone: allDone, confirmed, withoutKills: (fn) => child.exclusive(fn),
      killAndRestart: (when) => child.exclusive(async () => {
        await when?.();
        const kill: Kill = { at: performance.now(), confirmedBefore: confirmed(), downMs: NaN };
        await child.kill();
        await child.startPatiently(clock.restart());
        kill.downMs = performance.now() - kill.at;
        return kill;
      }),
    });

    // One expiry of the OA's access token while people file, where no kill strikes (oa-side.ts).
    const oaPeople = people.filter((p) => p.platform === "zalo-oa");
    const expiry = oaSide ? expireOnce(oaSide, rng(o.seed ^ 0x0a7e), {
      confirmed, allDone, total: o.size.people * o.size.entries, child,
      oaFiling: () => oaPeople.some((p) => !p.done),
      poke: () => oaSide.say(webhook, oaPeople[0]!.chatId, "/menu", clock.now()),
    }) : undefined;
    if (o.kill !== false) await killAtRandom(o.size, rand, { confirmed, allDone, deadline, kills, child, z, oa: oaSide?.oa, restart: () => clock.restart() });
    await expiry;
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
    const oaLost = oaSide?.lost(z.h) ?? 0;
    return { z, ...(oaSide ? { oa: oaSide } : {}), people, userIds, deliveries: phones.deliveries, kills, filingMs, timedOut, zaloLost, oaLost, reposted: webhook.refused, close };
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

/** Which channel the i-th person writes on: a third each with the OA, else half Telegram and half Zalo. */
function platformOf(i: number): Platform {
  if (!OA_IN_CRASH) return i % 2 === 0 ? "telegram" : "zalo";
  return (["telegram", "zalo", "zalo-oa"] as const)[i % 3]!;
}
