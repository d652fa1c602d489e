// The jobs table (migration 0012): slow work a chat asked for, recorded with the event that asked
// for it and run by src/app/jobs.ts. Plain statements on the caller's connection, so recording
// joins the event's transaction and finishing joins the archive's.
import type { Db } from "../db/client.js";
import { stmt } from "../db/statements.js";

export type JobKind = "report" | "export" | "resend";
export type JobStatus = "pending" | "running" | "done" | "failed";

export interface JobRow {
  id: number; kind: JobKind; channel: string; chatId: string; userId: number | null; eventId: string;
  effectIndex: number; effectJson: string; status: JobStatus; attempts: number; createdAt: number;
}

const COLUMNS = `id, kind, channel, chat_id as chatId, user_id as userId, event_id as eventId, effect_index as effectIndex,
  effect_json as effectJson, status, attempts, created_at as createdAt`;

export interface NewJob { kind: JobKind; channel: string; chatId: string; userId: number | null; eventId: string; effectIndex: number; effectJson: string }

/** Inserts a pending job; null when the event already made this one (its unique key). */
export function insertJob(db: Db, j: NewJob, now: Date): number | null {
  const row = stmt<unknown[], { id: number }>(db, `insert into jobs (kind, channel, chat_id, user_id, event_id, effect_index, effect_json, status, attempts, created_at)
    values (?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?) on conflict (channel, event_id, effect_index) do nothing returning id`)
    .get(j.kind, j.channel, j.chatId, j.userId, j.eventId, j.effectIndex, j.effectJson, now.getTime());
  return row ? row.id : null;
}

/** Jobs not finished (pending or running), oldest first. */
export function activeJobs(db: Db): JobRow[] {
  return stmt<[], JobRow>(db, `select ${COLUMNS} from jobs where status in ('pending', 'running') order by id`).all();
}

/** Marks a pending job running and counts the attempt; false if it was not pending. */
export function claimJob(db: Db, id: number, now: Date): boolean {
  return stmt(db, "update jobs set status = 'running', attempts = attempts + 1, started_at = ? where id = ? and status = 'pending'")
    .run(now.getTime(), id).changes === 1;
}

/** Marks a running job done with what it made; false if it was not running (then the caller rolls back). */
export function finishJob(db: Db, id: number, resultRef: number | null, now: Date): boolean {
  return stmt(db, "update jobs set status = 'done', finished_at = ?, result_ref = ?, last_error = null where id = ? and status = 'running'")
    .run(now.getTime(), resultRef, id).changes === 1;
}

/** Gives up on a job for good. */
export function failJob(db: Db, id: number, error: string, now: Date): boolean {
  return stmt(db, "update jobs set status = 'failed', finished_at = ?, last_error = ? where id = ? and status in ('pending', 'running')")
    .run(now.getTime(), error.slice(0, 2000), id).changes === 1;
}

/** Puts a running job back to wait; `uncount` takes back the attempt (the bot itself was stopping). */
export function releaseJob(db: Db, id: number, error: string, uncount: boolean): void {
  stmt(db, `update jobs set status = 'pending', last_error = ?, attempts = max(0, attempts - ?) where id = ? and status = 'running'`)
    .run(error.slice(0, 2000), uncount ? 1 : 0, id);
}

/** At start-up: jobs left running by a process that died. */
export function interruptedJobs(db: Db): JobRow[] {
  return stmt<[], JobRow>(db, `select ${COLUMNS} from jobs where status = 'running' order by id`).all();
}

export function jobById(db: Db, id: number): JobRow | undefined {
  return stmt<[number], JobRow>(db, `select ${COLUMNS} from jobs where id = ?`).get(id);
}
