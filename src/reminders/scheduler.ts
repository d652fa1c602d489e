// Fires the jobs at their cron times (node-cron, Asia/Ho_Chi_Minh) and runs once a slot that
// passed today without running (the bot was down, or a tick came late), outside quiet hours.
import cron, { type ScheduledTask } from "node-cron";
import type { Logger } from "../log.js";
import { inQuietHours, lastSlotToday, vnMinute } from "./cron.js";
import { buildJobs, runJob, type JobDeps, type JobOutcome } from "./jobs.js";

export interface SchedulerDeps extends JobDeps {
  log: Logger;
  clock: () => Date;
  /** Called after a job queued messages, so the outbox sends them now. */
  onQueued(): void;
}

function report(deps: SchedulerDeps, outcome: JobOutcome): void {
  const queued = outcome.recipients.filter((r) => r.queued).length;
  deps.log.info({ job: outcome.job, slot: outcome.slot, period: outcome.period, queued, note: outcome.note }, "job ran");
  if (queued > 0) deps.onQueued();
}

/** Catch-up: today's latest slot of each job, if it has not run and it is not quiet now. */
export function catchUp(deps: SchedulerDeps): JobOutcome[] {
  const now = deps.clock();
  const ran = deps.db.$client.prepare("select 1 from job_runs where job = ? and slot = ?");
  const out: JobOutcome[] = [];
  for (const job of buildJobs(deps.settings)) {
    const slot = lastSlotToday(job.cron, now);
    if (!slot) continue;
    const m = vnMinute(slot);
    const key = `${m.date}T${String(m.hour).padStart(2, "0")}:${String(m.minute).padStart(2, "0")}`;
    if (ran.get(job.name, key)) continue;
    if (job.sends && inQuietHours(deps.settings.quietHours, now)) continue;
    const outcome = runJob(deps, job, slot, { dryRun: false, now });
    report(deps, outcome);
    out.push(outcome);
  }
  return out;
}

export function startScheduler(deps: SchedulerDeps): { stop(): Promise<void> } {
  const tasks: ScheduledTask[] = buildJobs(deps.settings).map((job) =>
    cron.schedule(job.cron, () => {
      try {
        const now = deps.clock();
        report(deps, runJob(deps, job, now, { dryRun: false, now }));
      } catch (err) {
        deps.log.error({ err, job: job.name }, "job failed");
      }
    }, { timezone: "Asia/Ho_Chi_Minh", name: job.name }));
  const sweep = () => {
    try {
      catchUp(deps);
    } catch (err) {
      deps.log.error({ err }, "catch-up failed");
    }
  };
  sweep();
  // node-cron skips a tick that comes more than a second late (a long report can hold the event
  // loop that long): a sweep each minute runs such a slot; job_runs keeps it to once.
  const timer = setInterval(sweep, 60_000);
  timer.unref();
  return { async stop() { clearInterval(timer); await Promise.all(tasks.map((t) => t.stop())); } };
}
