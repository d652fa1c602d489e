// The chat bench's load: the reporters' script, pushing it as a burst or paced, and counting the
// replies as they reach the Bot API stand-in. Shared by every bot the bench measures (the floors
// in chat-floors.ts, ours in chat.ts) so each gets exactly the same load.
import type Database from "better-sqlite3";
import type { BotApiStandin } from "../test/helpers/bot-api-standin.js";
import { percentile, sleep } from "./lib.js";

export const CHATS = 100;
/** One filing, as a reporter types it. "luu" picks the "✅ Lưu" button by its label. */
export const SCRIPT = ["/nhap tuyen_truyen", "3", "60", "1,5", "0", "0", "0", "luu"] as const;

interface Pending { pushedAt: number; expected: number; got: number }

/** Counts replies through the stand-in's onCall hook (runs when a request arrives). */
export class Tracker {
  sent = 0;
  texts: string[] = [];
  latencies: number[] = [];
  private target = Infinity;
  private reached: (() => void) | undefined;
  private readonly queues = new Map<string, Pending[]>();
  private latencyTarget = Infinity;
  private latencyReached: (() => void) | undefined;

  constructor(standin: BotApiStandin, private readonly keepTexts: boolean) {
    standin.onCall = (method, params) => {
      if (method !== "sendMessage") return undefined;
      const now = performance.now();
      this.sent++;
      if (this.keepTexts) this.texts.push(String(params.text ?? ""));
      const q = this.queues.get(String(params.chat_id));
      const head = q?.[0];
      if (head && ++head.got === head.expected) {
        q!.shift();
        this.latencies.push(now - head.pushedAt);
        if (this.latencies.length >= this.latencyTarget) this.latencyReached?.();
      }
      if (this.sent >= this.target) this.reached?.();
      return undefined;
    };
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
  standin: BotApiStandin;
  tracker: Tracker;
  script: Script;
  /** The bot's SQLite connection, when it has one (its WAL pages per update are measured). */
  sqlite?: Database.Database;
  /** sendMessage calls expected for a script step. */
  replies(index: number): number;
  stop(): Promise<void>;
}

export interface BurstResult { updates: number; seconds: number; perSecond: number; cpuUsPerUpdate: number }

/** Pushes n updates at once (round-robin over the chats) and waits for every reply. */
export async function burst(s: Subject, n: number): Promise<BurstResult> {
  const updates: Array<Record<string, unknown>> = [];
  let replies = 0;
  for (let i = 0; i < n; i++) {
    const chat = (i % CHATS) + 1;
    const { text, index } = s.script.next(chat);
    replies += s.replies(index);
    updates.push(s.standin.textMessage(chat, text));
  }
  const done = s.tracker.untilSent(replies, 120_000);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  s.standin.pushUpdates(updates);
  const t1 = await done;
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
    const update = s.standin.textMessage(chat, text);
    s.tracker.expect(chat, performance.now(), s.replies(index));
    s.standin.pushUpdates([update]);
  }
  await s.tracker.untilLatencies(before + n, 30_000);
  const lat = s.tracker.latencies.slice(before);
  return { p50: percentile(lat, 50), p99: percentile(lat, 99), max: Math.max(...lat) };
}

