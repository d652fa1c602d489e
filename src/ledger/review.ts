// A leader's review of a unit's entries: the list (/xem), returning one entry for correction, and
// the open returns that /tiendo, the reminders and the digest speak of.
//
// A returned entry is not deleted and its figures still count in reports until it is corrected
// (read.ts counts every entry that is not deleted): a report issued meanwhile does not silently
// lose a unit's figures over a question. Completeness treats the unit's form as returned, not done.
import type { Db } from "../db/client.js";
import { stmt } from "../db/statements.js";
import type { ReturnResult, ReviewLine } from "../conversation/ports.js";
import type { FormId } from "../domain/catalogue.js";
import { isLocked } from "./locks.js";
import { COUNTED_IN, type Span } from "./read.js";

type Row = Omit<ReviewLine, "values"> & { metric: string | null; value: number | null };

const SELECT = `select e.id, e.unit_code as unitCode, e.form_id as formId, e.activity_date as activityDate, e.period, e.source,
    e.status, e.reporter_id as reporterId, u.name as reporterName, e.return_reason as returnReason, v.metric, v.value`;

function group(rows: Row[]): ReviewLine[] {
  const byId = new Map<number, ReviewLine>();
  for (const { metric, value, ...r } of rows) {
    const line = byId.get(r.id) ?? { ...r, values: {} };
    if (metric !== null && value !== null) line.values[metric] = value;
    byId.set(r.id, line);
  }
  return [...byId.values()];
}

/** A unit's entries counted in the span, not deleted, newest first, with who filed them; at most `limit`. */
export function entriesForReview(db: Db, unitCode: string, span: Span, limit: number): { lines: ReviewLine[]; total: number } {
  const params = { start: span.start, end: span.end, unit: unitCode };
  const total = stmt<[typeof params], { n: number }>(db,
    `select count(*) as n from entries e where e.unit_code = @unit and e.status <> 'deleted' and ${COUNTED_IN}`).get(params)?.n ?? 0;
  const rows = stmt<[typeof params & { limit: number }], Row>(db, `${SELECT}
    from (select * from entries e where e.unit_code = @unit and e.status <> 'deleted' and ${COUNTED_IN}
          order by e.activity_date desc, e.id desc limit @limit) e
    left join users u on u.id = e.reporter_id
    left join entry_values v on v.entry_id = e.id
    order by e.activity_date desc, e.id desc`).all({ ...params, limit });
  return { lines: group(rows), total };
}

/** One entry (not deleted) with who filed it. */
export function entryForReview(db: Db, entryId: number): ReviewLine | undefined {
  const rows = stmt<[number], Row>(db, `${SELECT} from entries e left join users u on u.id = e.reporter_id
    left join entry_values v on v.entry_id = e.id where e.id = ? and e.status <> 'deleted'`).all(entryId);
  return group(rows)[0];
}

/**
 * Returns an entry filed by chat for correction: status "returned" with why, who and when, and a
 * revision with action "return" (the values are unchanged: before and after are the same). The
 * period must be open, so the reporter can correct it.
 */
export function returnEntry(db: Db, a: { entryId: number; by: number; reason: string; now: Date }): ReturnResult {
  const e = entryForReview(db, a.entryId);
  if (!e) return { ok: false, reason: "not_found" };
  if (e.status === "returned") return { ok: false, reason: "already_returned", entry: e };
  if (e.source === "import") return { ok: false, reason: "not_returnable", entry: e };
  if (isLocked(db, e.period, e.unitCode)) return { ok: false, reason: "locked", entry: e };
  const revision = stmt<[number], { revision: number }>(db, "select revision from entries where id = ?").get(a.entryId)!.revision;
  const values = JSON.stringify(e.values);
  stmt(db, `insert into entry_revisions (entry_id, revision, values_json, activity_date, changed_by, reason, changed_at, action, new_values_json, new_activity_date)
    values (?, ?, ?, ?, ?, ?, ?, 'return', ?, ?)`)
    .run(a.entryId, revision, values, e.activityDate, a.by, a.reason, a.now.getTime(), values, e.activityDate);
  stmt(db, `update entries set status = 'returned', return_reason = ?, returned_by = ?, returned_at = ?, revision = revision + 1, updated_at = ?
    where id = ?`).run(a.reason, a.by, a.now.getTime(), a.now.getTime(), a.entryId);
  return { ok: true, entry: { ...e, status: "returned", returnReason: a.reason } };
}

/**
 * A returned entry is corrected: it counts as done again. The correction records its own revision
 * (the edit); the return's reason, author and time stay on the entry as the last return.
 */
export function resolveReturn(db: Db, a: { entryId: number; now: Date }): boolean {
  return stmt(db, "update entries set status = 'active', updated_at = ? where id = ? and status = 'returned'")
    .run(a.now.getTime(), a.entryId).changes === 1;
}

export interface OpenReturn {
  entryId: number;
  unitCode: string;
  formId: FormId;
  activityDate: string;
  reason: string;
  returnedBy: string | null;
}

/** Entries returned and not yet corrected, counted in the span (or all), oldest first. */
export function openReturns(db: Db, span?: Span): OpenReturn[] {
  const sql = `select e.id as entryId, e.unit_code as unitCode, e.form_id as formId, e.activity_date as activityDate,
      coalesce(e.return_reason, '') as reason, u.name as returnedBy
    from entries e left join users u on u.id = e.returned_by
    where e.status = 'returned'${span ? ` and ${COUNTED_IN}` : ""} order by e.activity_date, e.id`;
  return span ? stmt<[Span], OpenReturn>(db, sql).all({ start: span.start, end: span.end }) : stmt<[], OpenReturn>(db, sql).all();
}
