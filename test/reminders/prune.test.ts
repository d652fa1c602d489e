// The daily clean-up ("don-dep") deletes finished outbox rows, job runs, the reminder log and
// handled inbox rows older than PRUNE_AFTER_DAYS, and nothing that is still needed.
import { afterEach, describe, expect, it } from "vitest";
import { closeDb, openDb, type Db } from "../../src/db/client.js";
import { loadProfile } from "../../src/app/profile-file.js";
import { syncProfile } from "../../src/store/profile-sync.js";
import { buildJobs, runJob, type JobSettings } from "../../src/reminders/jobs.js";

const NOW = new Date("2025-06-15T03:00:00Z"); // 10:00 on 15 June in Vietnam
const at = (iso: string) => new Date(iso).getTime();
let db: Db | undefined;
afterEach(() => { if (db) closeDb(db); db = undefined; });

function setUp(): Db {
  db = openDb(":memory:");
  const profile = loadProfile("templates/ward-profile.yaml");
  syncProfile(db, profile, new Date("2025-01-01T00:00:00Z"));
  db.$client.prepare("insert into users (id, name, role, unit_code, created_at) values (1, 'Lan', 'bao_cao', ?, ?)")
    .run(profile.units.find((u) => u.code !== profile.ward.code)!.code, at("2025-01-01T00:00:00Z"));
  return db;
}

function outboxRow(db: Db, key: string, status: string, created: string, kind = key.startsWith("reply:") ? "reply" : "reminder"): number {
  return Number(db.$client.prepare(`insert into outbox (channel, chat_id, user_id, payload_json, dedupe_key, kind, status, next_attempt_at, created_at)
    values ('telegram', '1001', 1, '{"type":"text","text":"x"}', ?, ?, ?, ?, ?)`).run(key, kind, status, at(created), at(created)).lastInsertRowid);
}

function prune(db: Db, pruneAfterDays: number | undefined, keepMonthOn?: string[]) {
  const settings: JobSettings = { cutoffDay: 0, remindCronEarly: "0 8 * * *", remindCronClose: "0 15 * * *", digestCron: "0 8 * * *",
    remindDaysBefore: [4, 1], quietHours: "21:00-06:30", autoLockDays: 0, pruneAfterDays, ...(keepMonthOn ? { keepMonthOn } : {}) };
  const job = buildJobs(settings).find((j) => j.name === "don-dep")!;
  return runJob({ db, profile: loadProfile("templates/ward-profile.yaml"), settings }, job, NOW, { dryRun: false, now: NOW });
}

const keys = (db: Db) => (db.$client.prepare("select dedupe_key k from outbox order by id").all() as { k: string }[]).map((r) => r.k);

describe("pruning old rows", () => {
  it("deletes finished outbox rows older than the configured days, never pending or sending ones", () => {
    const db = setUp();
    for (const status of ["sent", "failed", "unreachable", "pending", "sending"]) outboxRow(db, `old-${status}`, status, "2025-02-01T00:00:00Z");
    outboxRow(db, "recent-sent", "sent", "2025-04-01T00:00:00Z"); // 75 days ago
    outboxRow(db, "reply:old", "sent", "2025-06-01T00:00:00Z"); // replies: a week
    outboxRow(db, "reply:new", "sent", "2025-06-12T00:00:00Z");
    // The row's kind decides, not its key: a document asked for goes after a week like a reply,
    // a notice whose key happens to start with "reply:" stays its 90 days.
    outboxRow(db, "doc-old", "sent", "2025-06-01T00:00:00Z", "document");
    outboxRow(db, "reply:notice-old", "sent", "2025-06-01T00:00:00Z", "notice");
    const outcome = prune(db, undefined); // 90 days when unset
    expect(outcome.note).toContain("5 tin đã gửi xong");
    expect(keys(db)).toEqual(["old-pending", "old-sending", "recent-sent", "reply:new", "reply:notice-old"]);
  });

  it("keeps this month's delivered rows of a channel whose plan counts messages a month, until the month is over", () => {
    const db = setUp();
    const row = (key: string, channel: string, status: string, created: string, kind: string) => db.$client.prepare(`insert into outbox
      (channel, chat_id, user_id, payload_json, dedupe_key, kind, status, next_attempt_at, created_at, sent_at)
      values (?, '1001', 1, '{"type":"text","text":"x"}', ?, ?, ?, ?, ?, ?)`).run(channel, key, kind, status, at(created), at(created), status === "sent" ? at(created) : null);
    // NOW is 15 June 2025 in Vietnam; June began at 2025-05-31T17:00:00Z.
    row("limited-june-reply", "limited", "sent", "2025-06-01T00:00:00Z", "reply");
    row("limited-june-notice", "limited", "sent", "2025-06-01T00:00:00Z", "notice");
    row("limited-june-failed", "limited", "failed", "2025-06-01T00:00:00Z", "reply");
    row("limited-may-reply", "limited", "sent", "2025-05-31T16:00:00Z", "reply");
    row("other-june-reply", "other", "sent", "2025-06-01T00:00:00Z", "reply");
    prune(db, 7, ["limited"]);
    expect(keys(db)).toEqual(["limited-june-reply", "limited-june-notice"]);
  });

  it("deletes old job runs and handled inbox rows, keeps recent runs and unhandled events", () => {
    const db = setUp();
    const run = db.$client.prepare("insert into job_runs (job, slot, ran_at) values (?, ?, ?)");
    run.run("nhac-truoc", "2025-01-24T08:00", at("2025-01-24T01:00:00Z"));
    run.run("nhac-truoc", "2025-05-27T08:00", at("2025-05-27T01:00:00Z"));
    const event = db.$client.prepare("insert into inbound_events (channel, event_id, event_json, received_at, handled_at) values ('telegram', ?, '{}', ?, ?)");
    event.run("old-handled", at("2025-01-01T00:00:00Z"), at("2025-01-01T00:00:01Z"));
    event.run("old-unhandled", at("2025-01-01T00:00:00Z"), null);
    event.run("new-handled", at("2025-06-14T00:00:00Z"), at("2025-06-14T00:00:01Z"));
    prune(db, 30);
    expect(db.$client.prepare("select slot from job_runs where job = 'nhac-truoc'").all()).toEqual([{ slot: "2025-05-27T08:00" }]);
    expect(db.$client.prepare("select event_id from inbound_events order by event_id").all())
      .toEqual([{ event_id: "new-handled" }, { event_id: "old-unhandled" }]);
    // The slot that ran is gone, but the catch-up only looks at today's slots: nothing runs again.
  });

  it("deletes report jobs finished over a week ago (their event ids may come back, like the seen ones), keeps unfinished and recent ones", () => {
    const db = setUp();
    const job = db.$client.prepare(`insert into jobs (kind, channel, chat_id, user_id, event_id, effect_index, effect_json, status, created_at, finished_at)
      values ('report', 'telegram', '1001', 1, ?, 0, '{}', ?, ?, ?)`);
    job.run("done-old", "done", at("2025-06-01T00:00:00Z"), at("2025-06-01T00:01:00Z"));
    job.run("failed-old", "failed", at("2025-06-01T00:00:00Z"), at("2025-06-01T00:01:00Z"));
    job.run("pending-old", "pending", at("2025-06-01T00:00:00Z"), null);
    job.run("running-old", "running", at("2025-06-01T00:00:00Z"), null);
    job.run("done-new", "done", at("2025-06-12T00:00:00Z"), at("2025-06-12T00:01:00Z"));
    prune(db, 90);
    expect((db.$client.prepare("select event_id e from jobs order by id").all() as { e: string }[]).map((r) => r.e))
      .toEqual(["pending-old", "running-old", "done-new"]);
  });

  it("keeps the reminder log of the current and previous month, whatever its age, and their outbox rows", () => {
    const db = setUp();
    const log = db.$client.prepare("insert into reminder_log (job, period, user_id, outbox_id, created_at) values (?, ?, 1, ?, ?)");
    const april = outboxRow(db, "nhac-truoc-4:2025-04:1", "sent", "2025-04-26T01:00:00Z");
    const may = outboxRow(db, "nhac-truoc-4:2025-05:1", "sent", "2025-05-27T01:00:00Z");
    const june = outboxRow(db, "nhac-truoc-4:2025-06:1", "sent", "2025-06-01T01:00:00Z");
    log.run("nhac-truoc-4", "2025-04", april, at("2025-04-26T01:00:00Z"));
    log.run("nhac-truoc-4", "2025-05", may, at("2025-05-27T01:00:00Z"));
    log.run("tong-hop", "2025-05", null, at("2025-06-01T01:00:00Z"));
    log.run("nhac-truoc-4", "2025-06", june, at("2025-06-01T01:00:00Z"));
    prune(db, 7); // everything above is more than a week old
    expect(db.$client.prepare("select job, period from reminder_log order by period, job").all()).toEqual([
      { job: "nhac-truoc-4", period: "2025-05" }, { job: "tong-hop", period: "2025-05" }, { job: "nhac-truoc-4", period: "2025-06" },
    ]);
    expect(keys(db)).toEqual(["nhac-truoc-4:2025-05:1", "nhac-truoc-4:2025-06:1"]);
  });

  it("deletes nothing on a dry run", () => {
    const db = setUp();
    outboxRow(db, "old-sent", "sent", "2025-01-01T00:00:00Z");
    const settings = { cutoffDay: 0, remindCronEarly: "0 8 * * *", remindCronClose: "0 15 * * *", digestCron: "0 8 * * *",
      remindDaysBefore: [4, 1], quietHours: "21:00-06:30", autoLockDays: 0, pruneAfterDays: 7 };
    const job = buildJobs(settings).find((j) => j.name === "don-dep")!;
    runJob({ db, profile: loadProfile("templates/ward-profile.yaml"), settings }, job, NOW, { dryRun: true, now: NOW });
    expect(keys(db)).toEqual(["old-sent"]);
  });
});
