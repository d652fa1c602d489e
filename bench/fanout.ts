// Reminder fan-out: the real reminder job queues one reminder for each of 300 reporters, and the
// outbox sends them to the Telegram Bot API stand-in at the configured rate (25/s overall, 1 s
// per chat). The target is at least 90% of the configured rate, none lost, none sent twice.
// The floor is the configured rate itself: the outbox may not exceed it, only approach it.
import { join } from "node:path";
import { startBotApiStandin } from "../test/helpers/bot-api-standin.js";
import { loadConfig } from "../src/app/environment.js";
import { createLogger } from "../src/log.js";
import { openDb, closeDb } from "../src/db/client.js";
import { loadProfile } from "../src/app/profile-file.js";
import { syncProfile } from "../src/store/profile-sync.js";
import { bindIdentity } from "../src/store/users.js";
import { runDueJobs } from "../src/reminders/jobs.js";
import { OutboxSender, outboxStats } from "../src/outbox/sender.js";
import { jobSettings, outboxSettings } from "../src/app/start.js";
import { createMessagingChannels } from "../src/channels/registry.js";
import { ROOT, isMain, num, runAlone, table, tempDir, type BenchResult } from "./lib.js";

const PEOPLE = 300;
const RATE = 25;

export async function benchFanout(): Promise<BenchResult> {
  const tmp = tempDir("bench-fanout-");
  const standin = await startBotApiStandin();
  const log = createLogger({ level: "silent" });
  try {
    const config = loadConfig({
      BOT_TOKEN: standin.token, TELEGRAM_API_ROOT: standin.apiRoot, DATABASE_PATH: join(tmp.dir, "bot.sqlite"),
      WARD_PROFILE_PATH: join(ROOT, "templates/ward-profile.yaml"), OUTBOX_RATE_PER_SECOND: String(RATE), LOG_LEVEL: "silent",
    });
    const profile = loadProfile(config.WARD_PROFILE_PATH);
    const db = openDb(config.DATABASE_PATH);
    // 08:00 in Vietnam, four days before February 2025's close: the first reminder slot.
    const at = new Date("2025-02-24T01:00:00Z");
    syncProfile(db, profile, at);
    const units = profile.units.filter((u) => u.kind !== "phuong");
    for (let i = 0; i < PEOPLE; i++) {
      const id = String(500_000 + i);
      bindIdentity(db, { channel: "telegram", platformUserId: id, chatId: id, name: `Người ${i}`, role: "bao_cao", unitCode: units[i % units.length]!.code, now: at });
    }
    const outcomes = runDueJobs({ db, profile, settings: jobSettings(config) }, at, { dryRun: false, now: at });
    const queued = outcomes.reduce((n, o) => n + o.recipients.filter((r) => r.queued).length, 0);
    const channels = createMessagingChannels({ config, log, db, clock: () => at });
    // The clock stays at 08:00 (outside quiet hours) so the run measures sending only.
    const sender = new OutboxSender({ db, log, clock: () => at, channelFor: (n) => channels.find((c) => c.name === n), ...outboxSettings(config) });
    const times: number[] = [];
    const perChat = new Map<string, number>();
    standin.onCall = (method, params) => {
      if (method !== "sendMessage") return undefined;
      times.push(performance.now());
      perChat.set(String(params.chat_id), (perChat.get(String(params.chat_id)) ?? 0) + 1);
      return undefined;
    };
    const t0 = performance.now();
    await sender.drain({ timeoutMs: 120_000 });
    await sender.stop();
    const seconds = (times.at(-1)! - t0) / 1000;
    const twice = [...perChat.values()].filter((n) => n > 1).length;
    const stats = outboxStats(db);
    closeDb(db);
    // Sends after the first, over the time they took: the pacing rate.
    const achieved = (times.length - 1) / ((times.at(-1)! - times[0]!) / 1000);
    const rows = [[num(queued), num(times.length), num(perChat.size), num(twice), `${num(seconds, 1)} s`, `${num(achieved, 1)}/s`, `${num((achieved / RATE) * 100, 0)}%`, String(stats.pending + stats.failed + stats.unreachable)]];
    return {
      title: `Reminder fan-out to ${PEOPLE} people through the outbox`,
      markdown: `${table(["queued", "sendMessage calls", "people reached", "reached twice", "time", "rate", "of the configured 25/s", "not sent"], rows)}\n\n`
        + "The real reminder job queues the reminders; the outbox sends them to the Telegram stand-in on 127.0.0.1. Target: at least 90% of the configured rate, none lost, none twice.",
    };
  } finally {
    await standin.close();
    tmp.cleanup();
  }
}

if (isMain(import.meta.url)) await runAlone(benchFanout);
