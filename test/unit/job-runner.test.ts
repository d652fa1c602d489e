// The job runner's rules on a real SQLite file: one job per event and effect, a double tap makes
// one, a passing fault (the builder gone) is tried again, three tries at most, then one apology.
// The work itself is scripted here (the real build is covered by test/chat/report-jobs.test.ts).
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import Database from "better-sqlite3";
import { closeDb, openDb, setBusyTimeout, type Db } from "../../src/db/client.js";
import { loadProfile } from "../../src/app/profile-file.js";
import { syncProfile } from "../../src/store/profile-sync.js";
import { JobRunner } from "../../src/app/jobs.js";
import { BuilderUnavailable } from "../../src/app/report-builder.js";
import type { JobContext, JobEffect } from "../../src/app/effects.js";
import type { Channel } from "../../src/channels/channel.js";
import type { Effect, InboundEvent } from "../../src/conversation/types.js";
import { silentLog } from "../helpers/harness.js";
import { tempDir } from "../helpers/temp.js";

const APOLOGY = "Xin lỗi, bot gặp trục trặc khi xử lý tin nhắn này. Xin gửi lại sau ít phút; nếu vẫn lỗi, báo Văn phòng UBND phường.";
const NOW = new Date("2025-02-20T03:00:00Z");
let db: Db | undefined;
let runner: JobRunner | undefined;
afterEach(() => { runner?.stop(); runner = undefined; if (db) closeDb(db); db = undefined; });

// Only the name and whether documents go are read by the runner.
const telegram = { name: "telegram", capabilities: { buttons: true, documents: true, editing: true, maxTextLength: 4096 } } as unknown as Channel;

function setUp(work: (effect: JobEffect, job: JobContext) => Promise<void>, limits = { concurrency: 1, maxWaiting: 3 }): { db: Db; runner: JobRunner } {
  db = openDb(join(tempDir("bienbot-jobs-"), "bot.sqlite"));
  const profile = loadProfile("templates/ward-profile.yaml");
  syncProfile(db, profile, NOW);
  db.$client.prepare("insert into users (id, name, role, unit_code, created_at) values (7, 'Vũ', 'lanh_dao', ?, ?)").run(profile.ward.code, NOW.getTime());
  runner = new JobRunner({ db, log: silentLog, clock: () => NOW, limits, cutoffDay: 0, channelFor: (n) => (n === "telegram" ? telegram : undefined),
    work, wakeOutbox: () => undefined, retryDelayMs: 1 });
  return { db, runner };
}

const event = (eventId: string): InboundEvent => ({ channel: "telegram", chatId: "3001", userId: "3001", userName: "Vũ", eventId, at: NOW, body: { type: "text", text: "/baocao" } });
const report: Effect = { type: "report", periodKey: "2025-02", requestedBy: 7 };
const record = (d: Db, r: JobRunner, eventId: string, effects: Effect[]) => d.$client.transaction(() => r.record(event(eventId), effects, NOW))();
const jobs = (d: Db) => d.$client.prepare("select kind, status, attempts, event_id as eventId from jobs order by id").all();
const apologies = (d: Db) => (d.$client.prepare("select payload_json p from outbox").all() as { p: string }[]).filter((r) => r.p.includes(APOLOGY)).length;
const until = async (cond: () => boolean) => { for (let i = 0; i < 500 && !cond(); i++) await new Promise((r) => setTimeout(r, 5)); };

describe("the job runner", () => {
  it("records one job per event and effect: a second record of the same event, and a double tap, make none", () => {
    const { db, runner } = setUp(async () => undefined);
    expect(record(db, runner, "1", [report]).messages.map((m) => (m.type === "text" ? m.text : ""))).toEqual(["⏳ Đang tổng hợp báo cáo tháng 02/2025…"]);
    expect(record(db, runner, "2", [report])).toEqual({ messages: [], rest: [], recorded: 0 }); // the same request again: silent
    expect(jobs(db)).toEqual([{ kind: "report", status: "pending", attempts: 0, eventId: "1" }]);
    // Finished, then the same event recorded again (its unique key): no second job, nothing said.
    db.$client.prepare("update jobs set status = 'done'").run();
    expect(record(db, runner, "1", [report])).toEqual({ messages: [], rest: [], recorded: 0 });
    expect(jobs(db)).toEqual([{ kind: "report", status: "done", attempts: 0, eventId: "1" }]);
    // A photo is not a job: handed back to run after the commit.
    const photo: Effect = { type: "photo", entryId: 1, channel: "telegram", fileId: "f" };
    expect(record(db, runner, "3", [photo]).rest).toEqual([photo]);
  });

  it("tries again after the builder was unavailable, and counts the tries", async () => {
    let calls = 0;
    const { db, runner } = setUp(async (_effect, job) => {
      if (++calls === 1) throw new BuilderUnavailable("report worker exited (code 1)");
      db.$client.transaction(() => job.finish(null))();
    });
    record(db, runner, "1", [report]);
    runner.start();
    await until(() => runner.idle() && calls === 2);
    expect(calls).toBe(2);
    expect(jobs(db)).toEqual([{ kind: "report", status: "done", attempts: 2, eventId: "1" }]);
    expect(apologies(db)).toBe(0);
  });

  it("gives up after three passing faults, with one apology", async () => {
    let calls = 0;
    const { db, runner } = setUp(async () => { calls++; throw new BuilderUnavailable("report builder stopped"); });
    record(db, runner, "1", [report]);
    runner.start();
    await until(() => runner.idle() && calls >= 3);
    await new Promise((r) => setTimeout(r, 50));
    expect(calls).toBe(3);
    expect(jobs(db)).toEqual([{ kind: "report", status: "failed", attempts: 3, eventId: "1" }]);
    expect(apologies(db)).toBe(1);
  });

  // A process killed from outside while a report builds (a deploy, a restart, the crash suite's
  // kills) is not the build's fault; the cap is for a build that kills the bot each time. So a
  // death leaves the job to run again up to five tries in all, a failed build only three.
  const leftRunning = (d: Db, attempts: number) => d.$client.prepare("update jobs set status = 'running', attempts = ?").run(attempts);

  it("runs a job again after four deaths of the process that ran it (more room than for build errors)", async () => {
    let calls = 0;
    const { db, runner } = setUp(async (_effect, job) => { calls++; db.$client.transaction(() => job.finish(null))(); });
    record(db, runner, "1", [report]);
    leftRunning(db, 4); // claimed four times, each process killed during the build
    runner.start();
    await until(() => runner.idle() && calls === 1);
    expect(calls).toBe(1);
    expect(jobs(db)).toEqual([{ kind: "report", status: "done", attempts: 5, eventId: "1" }]);
    expect(apologies(db)).toBe(0);
  });

  it("gives a job up, with one apology, when the fifth process running it died too (a build that kills the bot)", async () => {
    let calls = 0;
    const { db, runner } = setUp(async () => { calls++; });
    record(db, runner, "1", [report]);
    leftRunning(db, 5);
    runner.start();
    await new Promise((r) => setTimeout(r, 50));
    expect(calls).toBe(0);
    expect(jobs(db)).toEqual([{ kind: "report", status: "failed", attempts: 5, eventId: "1" }]);
    expect(apologies(db)).toBe(1);
  });

  it("a build error after two deaths still gives up at the third try", async () => {
    let calls = 0;
    const { db, runner } = setUp(async () => { calls++; throw new BuilderUnavailable("report worker exited (code 1)"); });
    record(db, runner, "1", [report]);
    leftRunning(db, 2);
    runner.start();
    await until(() => runner.idle() && calls >= 1);
    await new Promise((r) => setTimeout(r, 50));
    expect(calls).toBe(1);
    expect(jobs(db)).toEqual([{ kind: "report", status: "failed", attempts: 3, eventId: "1" }]);
    expect(apologies(db)).toBe(1);
  });

  it("starts while another connection holds the write lock: the dead process's job is put back once the lock goes, then built", async () => {
    let calls = 0;
    const { db, runner } = setUp(async (_effect, job) => { calls++; db.$client.transaction(() => job.finish(null))(); });
    record(db, runner, "1", [report]);
    leftRunning(db, 1);
    setBusyTimeout(db, 0);
    const other = new Database(db.$client.name, { timeout: 0 });
    try {
      other.exec("BEGIN IMMEDIATE");
      expect(() => runner.start()).not.toThrow();
      await new Promise((r) => setTimeout(r, 30));
      expect(calls).toBe(0);
      other.exec("COMMIT");
    } finally {
      other.close();
    }
    await until(() => runner.idle() && calls === 1);
    expect(calls).toBe(1);
    expect(jobs(db)).toEqual([{ kind: "report", status: "done", attempts: 2, eventId: "1" }]);
  });
});
