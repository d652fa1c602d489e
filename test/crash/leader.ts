// Two actors of the crash suite's fault mode (faults.ts). The leader, on Telegram, asks for
// February's report now and then and waits for its document; the bot is SIGKILLed a seeded
// moment after "⏳ Đang tổng hợp" reaches the stand-in, so the kill falls while the report
// compiles. The strangers: a few hundred unregistered chats on both stand-ins writing at once.
import Database from "better-sqlite3";
import type { ZaloHarness } from "../helpers/zalo-harness.js";
import type { Rng } from "./prng.js";
import type { FaultContext, Kill } from "./world.js";

export const LEADER_CHAT = 690_001;
const ASK = "/baocao tháng 2/2025";
/**
 * The leader asks again after this long without any message (a person would). Long, because a
 * report that needed asking again counts as not delivered (fault-checks.ts): a kill, a restart and
 * a rebuild, or a hung-call streak holding the kill back, fit well inside it.
 */
// Two minutes: on a loaded machine a restart under a write lock and a rebuild took over one (CI run
// of 2026-12-07, where the timed kills' hold below ran out and the report used up its three tries).
const PATIENCE_MS = 120_000;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class Leader {
  requests = 0;
  resends = 0;
  /** Kills after "Đang tổng hợp" that came before that request's document reached the leader. */
  killedBeforeDocument = 0;
  readonly kills: Kill[] = [];
  /** When each of the leader's documents reached the stand-in (performance.now(), seen by polling). */
  readonly documentsAt: number[] = [];

  constructor(readonly planned: number, private readonly r: Rng) {}

  async register(z: ZaloHarness): Promise<void> {
    await z.h.register(LEADER_CHAT, "lanh_dao", "nhon-hung", "Lãnh đạo");
  }

  documents(z: ZaloHarness): number {
    return z.h.standin.documents.filter((d) => d.chatId === String(LEADER_CHAT)).length;
  }

  async run(ctx: FaultContext, stopped: () => boolean, onKill: (k: Kill) => void): Promise<void> {
    const { z } = ctx;
    const s = z.h.standin;
    const ask = () => s.pushUpdates([s.textMessage(LEADER_CHAT, ASK)]);
    let seenDocs = this.documents(z);
    const watchDocs = () => {
      const n = this.documents(z);
      for (; seenDocs < n; seenDocs++) this.documentsAt.push(performance.now());
    };
    // Asked before any entry of the month is stored, the bot rightly offers a blank report and
    // waits for a choice the leader never makes (a lost minute, then "asked again"): the first
    // request waits for the first confirmed entry.
    while (!stopped() && ctx.confirmed() === 0) await sleep(50);
    for (let i = 0; i < this.planned && !stopped(); i++) {
      await sleep(this.r.int(1000, 3000));
      const before = this.documents(z);
      let cursor = s.calls.length;
      const killAfter = this.r.int(0, 400);
      ask();
      this.requests++;
      let heardAt = performance.now();
      let killed = false;
      while (!stopped() && this.documents(z) === before) {
        watchDocs();
        for (; cursor < s.calls.length; cursor++) {
          const c = s.calls[cursor]!;
          if (c.method !== "sendMessage" || c.failed !== undefined || String(c.params.chat_id) !== String(LEADER_CHAT)) continue;
          heardAt = performance.now();
          if (!killed && String(c.params.text ?? "").includes("Đang tổng hợp")) {
            killed = true;
            await sleep(killAfter);
            if (this.documents(z) === before) this.killedBeforeDocument++;
            const k = await ctx.killAndRestart();
            this.kills.push(k);
            onKill(k);
            // More kills while this report is built again would use up its tries: a job interrupted
            // three times is given up with an apology (jobs.ts MAX_JOB_ATTEMPTS, a build that may be
            // what kills the bot). So the timed kills wait until its document came (seed 1).
            // Until its row is marked sent, not only delivered: a kill in between sends it twice.
            await ctx.withoutKills(async () => {
              const until = performance.now() + 2 * PATIENCE_MS;
              const db = new Database(ctx.dbPath, { readonly: true, timeout: 0 });
              const sent = db.prepare("select count(*) as n from outbox where chat_id = ? and kind = 'document' and status = 'sent'");
              const marked = () => { try { return (sent.get(String(LEADER_CHAT)) as { n: number }).n > before; } catch { return false; } };
              try {
                while (!stopped() && !marked() && performance.now() < until) await sleep(50);
              } finally { db.close(); }
            });
            heardAt = performance.now();
          }
        }
        if (performance.now() - heardAt > PATIENCE_MS) {
          // A failure of the run: show what the leader's job and replies were doing meanwhile.
          process.stderr.write(`${leaderState(ctx.dbPath)}\n`);
          this.resends++;
          ask();
          heardAt = performance.now();
        }
        await sleep(20);
      }
      watchDocs();
    }
    // A document sent twice (a kill between its delivery and its "sent" mark) shows here.
    const until = performance.now() + 3000;
    while (!stopped() && performance.now() < until) { watchDocs(); await sleep(50); }
    watchDocs();
  }
}

/** The leader's jobs and outbox rows, read beside the bot (WAL: a reader waits for no lock). */
function leaderState(dbPath: string): string {
  let db: Database.Database | undefined;
  try {
    db = new Database(dbPath, { readonly: true, timeout: 0 });
    const chat = String(LEADER_CHAT);
    const jobs = db.prepare("select id, status, attempts, created_at, started_at, finished_at, last_error from jobs where chat_id = ?").all(chat);
    const outbox = db.prepare(`select id, kind, status, attempts, next_attempt_at, created_at, sent_at, last_error, substr(payload_json, 1, 60) as payload
      from outbox where chat_id = ? order by id`).all(chat);
    return `leader asked again at ${Date.now()} (ms): jobs ${JSON.stringify(jobs)}; outbox ${JSON.stringify(outbox)}`;
  } catch (err) {
    return `leader asked again; its rows could not be read: ${String(err)}`;
  } finally {
    db?.close();
  }
}

const WORDS = ["xin chào", "alo", "cho hỏi thủ tục", "ai đó không?", "giúp tôi với", "chào bạn", "tôi muốn đăng ký", "bot ơi"];

/** Unregistered chats, half on each stand-in; each writes in two bursts. */
export class Strangers {
  sent = 0;
  constructor(readonly chats: number, private readonly r: Rng) {}

  async run(z: ZaloHarness, stopped: () => boolean): Promise<void> {
    const s = z.h.standin;
    for (let burst = 0; burst < 2 && !stopped(); burst++) {
      await sleep(this.r.int(2000, 12_000));
      const tg: Array<Record<string, unknown>> = [];
      for (let i = 0; i < this.chats; i++) {
        const text = this.r.pick(WORDS);
        if (i % 2 === 0) tg.push(s.textMessage(900_000 + i, text));
        else z.zalo.push(z.zalo.textMessage(`77${String(i).padStart(14, "0")}`, text, { displayName: `Người lạ ${i}` }));
        this.sent++;
      }
      s.pushUpdates(tg);
    }
  }
}
