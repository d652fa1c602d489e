// The chat bench's load: the reporters' script, pushing it as a burst or paced, and counting the
// replies as they reach the platform's stand-in. Shared by every bot the bench measures (the
// floors in chat-floors.ts, ours in chat.ts, ours on Zalo in chat-zalo.ts) so each gets exactly
// the same load.
import type Database from "better-sqlite3";
import type { BotApiStandin } from "../test/helpers/bot-api-standin.js";
import { percentile, sleep } from "./lib.js";

export const CHATS = 100;
/** One filing, as a reporter types it. "luu" picks the "✅ Lưu" button by its label. */
// No two answers in a row are equal: a repeat typed within the second its question arrived reads as
// a resend (issue 17, point 6), which a person answering after reading never is.
export const SCRIPT = ["/nhap tuyen_truyen", "3", "60", "1,5", "0", "2", "0", "luu"] as const;

interface Pending { pushedAt: number; expected: number; got: number }

/**
 * Counts the replies as they reach a stand-in (record), per chat against what each pushed step
 * expects, for the latencies and the burst's closed loop. trackBotApi attaches it to Telegram's
 * stand-in; chat-zalo.ts to Zalo's.
 */
export class Tracker {
  sent = 0;
  texts: string[] = [];
  latencies: number[] = [];
  /** Called once a chat's step has all its replies (the burst's closed loop). */
  onAnswered: ((chat: number) => void) | undefined;
  private target = Infinity;
  private reached: (() => void) | undefined;
  private readonly queues = new Map<string, Pending[]>();
  private latencyTarget = Infinity;
  private latencyReached: (() => void) | undefined;

  constructor(private readonly keepTexts: boolean) {}

  /** A reply to `chatId` reached the stand-in now. */
  record(chatId: string, text: string): void {
    const now = performance.now();
    this.sent++;
    if (this.keepTexts) this.texts.push(text);
    const q = this.queues.get(chatId);
    const head = q?.[0];
    if (head && ++head.got === head.expected) {
      q!.shift();
      this.latencies.push(now - head.pushedAt);
      if (this.latencies.length >= this.latencyTarget) this.latencyReached?.();
      if (this.onAnswered) { const chat = Number(chatId); setImmediate(() => this.onAnswered?.(chat)); }
    }
    if (this.sent >= this.target) this.reached?.();
  }

  /** Resolves when `n` more sendMessage calls arrived; returns performance.now() at that moment. */
  untilSent(n: number, timeoutMs: number): Promise<number> {
    this.target = this.sent + n;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${this.sent} of ${this.target} replies after ${timeoutMs} ms`)), timeoutMs);
      this.reached = () => { clearTimeout(timer); this.reached = undefined; this.target = Infinity; resolve(performance.now()); };
    });
  }

  expect(chat: number, pushedAt: number, expected: number): void {
    const key = String(chat);
    const q = this.queues.get(key) ?? [];
    q.push({ pushedAt, expected, got: 0 });
    this.queues.set(key, q);
  }

  untilLatencies(n: number, timeoutMs: number): Promise<void> {
    this.latencyTarget = n;
    if (this.latencies.length >= n) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${this.latencies.length} of ${n} paced replies after ${timeoutMs} ms`)), timeoutMs);
      this.latencyReached = () => { clearTimeout(timer); this.latencyReached = undefined; resolve(); };
    });
  }
}

/** A tracker of the replies reaching a Bot API stand-in (its onCall hook runs when a request arrives). */
export function trackBotApi(standin: BotApiStandin, keepTexts: boolean): Tracker {
  const tracker = new Tracker(keepTexts);
  standin.onCall = (method, params) => {
    if (method === "sendMessage") tracker.record(String(params.chat_id), String(params.text ?? ""));
    return undefined;
  };
  return tracker;
}

/** Per-chat position in the script, so every chat sends its steps in order across phases. */
export class Script {
  private readonly step = new Map<number, number>();
  luuSent = 0;
  next(chat: number): { text: string; index: number } {
    const i = this.step.get(chat) ?? 0;
    this.step.set(chat, (i + 1) % SCRIPT.length);
    if (SCRIPT[i] === "luu") this.luuSent++;
    return { text: SCRIPT[i]!, index: i };
  }
}

export interface Subject {
  name: string;
  tracker: Tracker;
  /** Hands one text message of `chat` to the bot (queued for its next poll, or posted to its webhook). */
  push(chat: number, text: string): void;
  script: Script;
  /** The bot's SQLite connection, when it has one (its WAL pages per update are measured). */
  sqlite?: Database.Database;
  /** The channel the bot's outbox rows carry, for a bot with an outbox (ours): what burst() waits on. */
  channel?: string;
  /** sendMessage calls expected for a script step. */
  replies(index: number): number;
  stop(): Promise<void>;
}

/** A subject whose bot runs in this process, on one channel: waited on until what was pushed is handled. */
export interface ChannelSubject extends Subject {
  bot: { db: { $client: Database.Database }; settle(timeoutMs: number): Promise<void> };
  pushed: number;
}

/** Waits until every update pushed on `channel` was handled and every reply sent. */
export async function settleChannel(s: ChannelSubject, channel: string, timeoutMs = 120_000): Promise<void> {
  const processed = s.bot.db.$client.prepare("select count(*) n from processed_events where channel = ?");
  const handled = () => (processed.get(channel) as { n: number }).n;
  const deadline = performance.now() + timeoutMs;
  while (handled() < s.pushed) {
    if (performance.now() > deadline) throw new Error(`only ${handled()} of ${s.pushed} updates handled after ${timeoutMs} ms`);
    await sleep(5);
  }
  await s.bot.settle(timeoutMs);
  await sleep(50);
}

/** Sends every step of the script to one chat, one at a time: the replies each step earns on `channel`. */
export async function repliesPerStep(s: ChannelSubject, channel: string, chat: number, settleMs: number): Promise<number[]> {
  const counts: number[] = [];
  for (let i = 0; i < SCRIPT.length; i++) {
    const before = s.tracker.sent;
    s.push(chat, s.script.next(chat).text);
    await settleChannel(s, channel, settleMs);
    await sleep(20);
    counts.push(s.tracker.sent - before);
  }
  return counts;
}

/** What a channel bench counts after its run, and its verdict: every update answered, every "luu" saved exactly once, no apology. */
export interface RunCheck { entries: number; luu: number; saved: number; apologies: number; processed: number; pushed: number }
export const runCorrect = (c: RunCheck): boolean =>
  c.entries === c.luu && c.saved === c.luu && c.apologies === 0 && c.processed === c.pushed;

export interface BurstResult { updates: number; seconds: number; perSecond: number; cpuUsPerUpdate: number }

/**
 * n updates from the CHATS chats at once, each chat answering once its previous step's replies have
 * reached it and (for a bot with an outbox) are recorded as delivered: a closed loop, as people
 * answer what they have read. Since issue 17 a text typed before its question reached the phone is
 * not taken as its answer, so pushing a chat's steps all at once no longer measures filing.
 */
export async function burst(s: Subject, n: number, timeoutMs = 120_000): Promise<BurstResult> {
  let pushed = 0;
  let answered = 0;
  // Only a bot with an outbox (ours; the durable echo has a table of its own) records delivery.
  const hasOutbox = s.sqlite?.prepare("select 1 from sqlite_master where type = 'table' and name = 'outbox'").get() !== undefined;
  if (hasOutbox && s.channel === undefined) throw new Error(`${s.name}: a bot with an outbox must name its channel`);
  // Through the index of unsent rows by chat (migration 0018): a scan of the outbox per check, or of
  // the chat's rows, was the bench's own cost growing with the table and counted as the bot's.
  const undelivered = hasOutbox ? s.sqlite!.prepare<[string, string], { n: number }>(
    "select count(*) as n from outbox indexed by outbox_unsent where channel = ? and chat_id = ? and status in ('pending', 'sending')") : undefined;
  const push = (chat: number) => {
    if (undelivered && undelivered.get(s.channel!, String(chat))!.n > 0) { setImmediate(() => push(chat)); return; }
    const { text, index } = s.script.next(chat);
    s.tracker.expect(chat, performance.now(), s.replies(index));
    s.push(chat, text);
  };
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const t1 = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => { s.tracker.onAnswered = undefined; reject(new Error(`only ${answered} of ${n} steps answered after ${timeoutMs} ms`)); }, timeoutMs);
    s.tracker.onAnswered = (chat) => {
      if (++answered === n) { clearTimeout(timer); s.tracker.onAnswered = undefined; resolve(performance.now()); return; }
      if (pushed < n) { pushed++; push(chat); }
    };
    for (let chat = 1; chat <= Math.min(CHATS, n); chat++) { pushed++; push(chat); }
  });
  const cpu = process.cpuUsage(cpu0);
  const seconds = (t1 - t0) / 1000;
  return { updates: n, seconds, perSecond: n / seconds, cpuUsPerUpdate: (cpu.user + cpu.system) / n };
}

/** Pushes n updates one at a time at `rate`/s; returns the latencies (ms) of their replies. */
export async function paced(s: Subject, n: number, rate: number): Promise<{ p50: number; p99: number; max: number }> {
  const before = s.tracker.latencies.length;
  const interval = 1000 / rate;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const wait = t0 + i * interval - performance.now();
    if (wait > 0.5) await sleep(wait);
    const chat = (i % CHATS) + 1;
    const { text, index } = s.script.next(chat);
    s.tracker.expect(chat, performance.now(), s.replies(index));
    s.push(chat, text);
  }
  await s.tracker.untilLatencies(before + n, 30_000);
  const lat = s.tracker.latencies.slice(before);
  return { p50: percentile(lat, 50), p99: percentile(lat, 99), max: Math.max(...lat) };
}

