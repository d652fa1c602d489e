// Scheduled jobs: reminders before the monthly close, the digest after it, and the optional
// automatic lock. Each slot runs once (job_runs), each person is reminded once per job and
// period (reminder_log), and every message goes through the durable outbox.
import type { Db } from "../db/client.js";
import { formById } from "../domain/catalogue.js";
import { monthOf, monthsIn, type Period } from "../domain/periods.js";
import type { WardProfile } from "../domain/profile.js";
import { addDays, formatDateShort, todayInVietnam, vnMonthStart } from "../domain/vn.js";
import { text, type Outbound, type ReminderTemplate } from "../conversation/types.js";
import { reportData } from "../store/report-data.js";
import { reportCaption } from "../report/caption.js";
import { lockMonths } from "../ledger/locks.js";
import { contacts, type Contact } from "../store/users.js";
import { checkCompleteness, isDone, type UnitStatus } from "../store/completeness.js";
import { describeReturned, fixChoices } from "../conversation/review.js";
import { openReturns } from "../ledger/review.js";
import { cronMatches, inQuietHours, vnMinute } from "./cron.js";
import { queueReached, reachPerson, tellOfficeUnreached, type Routing, type Unreached } from "./routing.js";

export interface JobSettings {
  cutoffDay: number;
  remindCronEarly: string;
  remindCronClose: string;
  digestCron: string;
  remindDaysBefore: number[];
  quietHours: string;
  autoLockDays: number;
  /** Finished outbox rows, job runs, reminder log and handled inbox rows older than this go (PRUNE_AFTER_DAYS; 90 when unset). */
  pruneAfterDays?: number;
  /** Channels with a monthly message limit: their messages delivered this month are kept (store/plan-usage.ts counts them). */
  keepMonthOn?: readonly string[];
}

export interface JobDeps {
  db: Db; profile: WardProfile; settings: JobSettings;
  /** The channels running, for interaction windows (routing.ts); without it each person's last-seen channel. */
  routing?: Routing;
}

export interface Recipient {
  userId: number; name: string; unit: string; forms: string[]; queued: boolean;
  /** No channel reaches them now (closed windows, nothing else linked): why; the office is told. */
  unreached?: string;
}
export interface JobOutcome { job: string; slot: string; period?: string; note: string; recipients: Recipient[] }

export interface JobDef {
  name: string;
  cron: string;
  /** Sends messages to people: never run in quiet hours. */
  sends: boolean;
  run(deps: JobDeps, date: string, o: { dryRun: boolean; now: Date }): Omit<JobOutcome, "job" | "slot">;
}


/** Queues the message on the way that reaches the person (routing.ts); false when already reminded or no way. */
function queue(deps: JobDeps, job: string, period: string, person: Contact, message: Outbound, now: Date, kind: "reminder" | "digest"): { queued: boolean; unreached?: string } {
  const { db } = deps;
  const reach = reachPerson(db, deps.routing, person, now, kind === "reminder");
  if (reach.kind === "none") return { queued: false, unreached: reach.reason };
  const logged = db.$client.prepare("insert into reminder_log (job, period, user_id, created_at) values (?, ?, ?, ?) on conflict do nothing")
    .run(job, period, person.id, now.getTime());
  if (logged.changes === 0) return { queued: false };
  const id = queueReached(db, reach, { userId: person.id, message, kind, dedupeKey: `${job}:${period}:${person.id}` }, now);
  if (id !== null) db.$client.prepare("update reminder_log set outbox_id = ? where job = ? and period = ? and user_id = ?").run(id, job, period, person.id);
  return { queued: true };
}

/** What a pre-approved reminder template needs, for channels that can send one (ReminderTemplate). */
function templateHint(person: Contact, forms: string[], month: Period, daysLeft: number): ReminderTemplate {
  return { kind: "reminder", name: person.name, form: forms.join("; "), period: month.label, daysLeft };
}

/** What a unit still owes: forms never filed, and entries a leader returned (naming why). */
function reminderMessage(unit: UnitStatus, month: Period): Outbound {
  const head = `⏰ Nhắc báo cáo kỳ ${month.label} (hạn cuối ngày ${formatDateShort(month.end)}).`;
  const missing = unit.missing.map((f) => formById(f)?.title ?? f);
  // The buttons carry the month: pressed after the close, they still answer for this month.
  const missingChoices = unit.missing.length === 0 ? [] : [...unit.missing.map((f) => ({ id: `cmd:form:${f}:${month.key}`, label: `📝 ${formById(f)?.title ?? f}` })),
    { id: `cmd:khongphatsinh::${month.key}`, label: "➖ Không phát sinh" }];
  if (unit.returned.length === 0) return text(`${head} ${unit.name} còn thiếu: ${missing.join("; ")}. Bấm để nhập ngay:`, missingChoices);
  return text([`${head} ${unit.name} có bản ghi bị lãnh đạo trả lại, cần sửa:`, ...unit.returned.map((r) => `• ${describeReturned(r)}`),
    ...(missing.length ? [`Còn thiếu: ${missing.join("; ")}.`] : []), "Bấm để sửa hoặc nhập ngay:"].join("\n"),
  [...fixChoices(unit.returned), ...missingChoices]);
}

/** The digest's list of returns not yet corrected, whatever their month; empty when none. */
function openReturnLines(deps: JobDeps): string {
  const open = openReturns(deps.db);
  if (open.length === 0) return "";
  const unitName = new Map(deps.profile.units.map((u) => [u.code, u.name]));
  return ["", "↩️ Bản ghi bị trả lại, đơn vị chưa sửa:",
    ...open.map((r) => `• ${unitName.get(r.unitCode) ?? r.unitCode}: ${describeReturned(r)}`)].join("\n");
}

function remindOwing(deps: JobDeps, job: string, month: Period, daysLeft: number, o: { dryRun: boolean; now: Date }): Omit<JobOutcome, "job" | "slot"> {
  const status = checkCompleteness(deps.db, deps.profile, month);
  const recipients: Recipient[] = [];
  const unreached: Unreached[] = [];
  for (const unit of status.units.filter((u) => !isDone(u))) {
    const forms = [...unit.missing, ...unit.returned.map((r) => r.formId)].map((f) => formById(f)?.title ?? f);
    const message = reminderMessage(unit, month);
    for (const person of unit.reporters) {
      const withHint: Outbound = message.type === "text" ? { ...message, template: templateHint(person, forms, month, daysLeft) } : message;
      const r = o.dryRun ? dryReach(deps, person, o.now) : queue(deps, job, month.key, person, withHint, o.now, "reminder");
      recipients.push({ userId: person.id, name: person.name, unit: unit.name, forms, ...r });
      if (r.unreached !== undefined) unreached.push({ userId: person.id, name: person.name, unit: unit.name, reason: r.unreached });
    }
  }
  // Before the close, in one notice: who could not be reminded and why.
  if (!o.dryRun && unreached.length > 0) tellOfficeUnreached(deps.db, deps.routing, { job, periodKey: month.key, periodLabel: month.label, people: unreached }, o.now);
  return { period: month.key, note: `${status.reported}/${status.total} đơn vị đã báo cáo`, recipients };
}

/** A dry run queues nothing but says who could not be reached. */
function dryReach(deps: JobDeps, person: Contact, now: Date): { queued: false; unreached?: string } {
  const reach = reachPerson(deps.db, deps.routing, person, now, true);
  return reach.kind === "none" ? { queued: false, unreached: reach.reason } : { queued: false };
}

export function buildJobs(s: JobSettings): JobDef[] {
  const jobs: JobDef[] = [
    {
      name: "nhac-truoc", cron: s.remindCronEarly, sends: true,
      run(deps, date, o) {
        const month = monthOf(date, s.cutoffDay);
        const daysLeft = s.remindDaysBefore.find((d) => addDays(month.end, -d) === date);
        if (daysLeft === undefined) return { note: "không phải ngày nhắc", recipients: [] };
        return remindOwing(deps, `nhac-truoc-${daysLeft}`, month, daysLeft, o);
      },
    },
    {
      name: "nhac-khoa-so", cron: s.remindCronClose, sends: true,
      run(deps, date, o) {
        const month = monthOf(date, s.cutoffDay);
        if (month.end !== date) return { note: "không phải ngày khóa sổ", recipients: [] };
        return remindOwing(deps, "nhac-khoa-so", month, 0, o);
      },
    },
    {
      name: "tong-hop", cron: s.digestCron, sends: true,
      run(deps, date, o) {
        const month = monthOf(addDays(date, -1), s.cutoffDay);
        if (month.end !== addDays(date, -1)) return { note: "không phải ngày sau khóa sổ", recipients: [] };
        const status = checkCompleteness(deps.db, deps.profile, month);
        // The same data as /baocao of this month gives (store/report-data.ts).
        const data = reportData({ db: deps.db, profile: deps.profile, cutoffDay: s.cutoffDay }, { periodKey: month.key, issuedOn: date }, o.now);
        const message = text(`📊 Kỳ ${month.label} đã kết thúc hôm qua.\n${reportCaption(data)}${openReturnLines(deps)}`,
          [{ id: `cmd:baocao:${month.key}`, label: "📑 Nhận báo cáo DOCX" }, { id: `cmd:tiendo:${month.key}`, label: "📊 Xem ai chưa báo cáo" }]);
        const recipients = contacts(deps.db, "lanh_dao").map((p) => ({
          userId: p.id, name: p.name, unit: deps.profile.ward.name, forms: [],
          ...(o.dryRun ? { queued: false } : queue(deps, "tong-hop", month.key, p, message, o.now, "digest")),
        }));
        return { period: month.key, note: `${status.reported}/${status.total} đơn vị đã báo cáo`, recipients };
      },
    },
  ];
  jobs.push({
    // Telegram forgets an update within a day; an id seen long ago may come back after a week
    // without updates (ids restart at random), so old ids must not be kept forever.
    name: "don-dep", cron: "30 3 * * *", sends: false,
    run(deps, _date, o) {
      if (o.dryRun) return { note: "dọn dữ liệu cũ", recipients: [] };
      const r = prune(deps.db, o.now, s.pruneAfterDays ?? 90, s.cutoffDay, s.keepMonthOn);
      return { note: `đã xóa ${r.events} mã sự kiện cũ, ${r.outbox} tin đã gửi xong, ${r.jobRuns} lượt chạy việc, ${r.reminders} dòng nhật ký nhắc`, recipients: [] };
    },
  });
  if (s.autoLockDays > 0) {
    jobs.push({
      name: "tu-khoa", cron: "5 0 * * *", sends: false,
      run(deps, date, o) {
        const month = monthOf(addDays(date, -s.autoLockDays - 1), s.cutoffDay);
        if (addDays(month.end, s.autoLockDays + 1) !== date) return { note: "không có kỳ đến hạn tự khóa", recipients: [] };
        if (!o.dryRun) lockMonths(deps.db, monthsIn(month, s.cutoffDay).map((m) => m.key), null, o.now, true);
        return { period: month.key, note: `tự khóa sổ kỳ ${month.label}`, recipients: [] };
      },
    });
  }
  return jobs;
}

/**
 * The daily clean-up. After a week: seen update ids, handled inbox rows, replies' outbox rows,
 * finished report jobs and failed invite attempts. After `days`: every other finished outbox row (sent, failed,
 * unreachable; never pending or sending), job runs, handled inbox rows and the reminder log, but
 * never the log of the current or previous month, which keeps anyone from being reminded twice.
 */
export function prune(db: Db, now: Date, days: number, cutoffDay: number, keepMonthOn: readonly string[] = []): { events: number; outbox: number; jobRuns: number; reminders: number } {
  const weekAgo = now.getTime() - 7 * 24 * 3600_000;
  const before = now.getTime() - days * 24 * 3600_000;
  const run = (sql: string, ...args: (string | number)[]) => db.$client.prepare(sql).run(...args).changes;
  const current = monthOf(todayInVietnam(now), cutoffDay);
  const previous = monthOf(addDays(current.start, -1), cutoffDay);
  return db.$client.transaction(() => {
    const events = run("delete from processed_events where processed_at < ?", weekAgo);
    // The inbox likewise: a handled event's id may come back; an unhandled one is kept.
    run("delete from inbound_events where handled_at is not null and handled_at < ?", weekAgo);
    run("delete from invite_failures where at < ?", weekAgo);
    // Report jobs likewise: keyed by their event's id, which may come back; unfinished ones are kept.
    run("delete from jobs where status in ('done', 'failed') and finished_at < ?", weekAgo);
    const reminders = run("delete from reminder_log where created_at < ? and period not in (?, ?)", before, current.key, previous.key);
    const jobRuns = run("delete from job_runs where ran_at < ?", before);
    // Every reply and document asked for is an outbox row: a week of their record is enough; other messages are kept
    // for `days`, unless a kept reminder log row still points at one.
    // On a channel whose plan counts messages a month, this month's delivered ones stay until the month is over.
    const finished = `status in ('sent', 'failed', 'unreachable') and id not in (select outbox_id from reminder_log where outbox_id is not null)
      and not (status = 'sent' and channel in (select value from json_each(?)) and sent_at >= ?)`;
    const counted = [JSON.stringify(keepMonthOn), vnMonthStart(now).getTime()] as const;
    const outbox = run(`delete from outbox where kind in ('reply', 'document') and ${finished} and created_at < ?`, ...counted, weekAgo)
      + run(`delete from outbox where ${finished} and created_at < ?`, ...counted, before);
    return { events, outbox, jobRuns, reminders };
  })();
}

/** Runs one job for the slot at `at` (its Vietnamese minute), once per slot across processes. */
export function runJob(deps: JobDeps, job: JobDef, at: Date, o: { dryRun: boolean; now: Date }): JobOutcome {
  const m = vnMinute(at);
  const slot = `${m.date}T${String(m.hour).padStart(2, "0")}:${String(m.minute).padStart(2, "0")}`;
  if (job.sends && inQuietHours(deps.settings.quietHours, at)) {
    return { job: job.name, slot, note: "giờ yên lặng: không gửi", recipients: [] };
  }
  if (o.dryRun) return { job: job.name, slot, ...job.run(deps, m.date, o) };
  return deps.db.transaction(() => {
    const claimed = deps.db.$client.prepare("insert into job_runs (job, slot, ran_at) values (?, ?, ?) on conflict do nothing")
      .run(job.name, slot, o.now.getTime());
    if (claimed.changes === 0) return { job: job.name, slot, note: "đã chạy rồi", recipients: [] };
    return { job: job.name, slot, ...job.run(deps, m.date, o) };
  });
}

/** Every job whose cron expression fires at the minute of `at`. */
export function runDueJobs(deps: JobDeps, at: Date, o: { dryRun: boolean; now?: Date }): JobOutcome[] {
  const minute = vnMinute(at);
  return buildJobs(deps.settings)
    .filter((j) => cronMatches(j.cron, minute))
    .map((j) => runJob(deps, j, at, { dryRun: o.dryRun, now: o.now ?? at }));
}
