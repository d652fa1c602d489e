// The ledger's writes: every entry and its values is written here (chat filing, "không phát
// sinh", correction and withdrawal, CSV import, demo data), each with the day it is counted by (counting.ts).
// Chat writes check the period lock first.
import type { Database } from "better-sqlite3";
import type { Db } from "../db/client.js";
import { prepared, stmt } from "../db/statements.js";
import { nilReports } from "../db/schema.js";
import type { DeleteResult, EditResult, EntryEdit, NewEntry, SaveResult } from "../conversation/ports.js";
import { formById, metrics, storedFigure, type FormId } from "../domain/catalogue.js";
import { monthOf, periodFromKey } from "../domain/periods.js";
import { isLocked } from "./locks.js";
import { countedOn } from "./counting.js";

/** What the writers below answer: the pipeline's own checks (record.ts) come before them. */
type Written<T> = Exclude<T, { reason: "refused" }>;

export function saveEntry(db: Db, e: NewEntry, now: Date, cutoffDay: number): Written<SaveResult> {
  const period = monthOf(e.activityDate, cutoffDay).key;
  if (isLocked(db, period, e.unitCode)) return { ok: false, reason: "locked", period };
  const id = Number(stmt(db, `insert into entries (unit_code, reporter_id, form_id, activity_date, period, span_start, span_end,
      counted_on, source, note, photo_file_id, latitude, longitude, created_at, channel) values (?, ?, ?, ?, ?, ?, ?, ?, 'chat', ?, ?, ?, ?, ?, ?)`)
    .run(e.unitCode, e.reporterId, e.formId, e.activityDate, period, e.activityDate, e.activityDate, countedOn(e.activityDate, e.activityDate),
      e.note ?? null, e.photoFileId ?? null, e.latitude ?? null, e.longitude ?? null, now.getTime(), e.channel ?? null)
    .lastInsertRowid);
  insertValues(db.$client, id, Object.entries(e.values));
  return { ok: true, entryId: id, period };
}

/**
 * "Không phát sinh": the unit has reported the form for the month, with nothing to count. For a
 * flow form it also adds an entry of zeros over the month, so exports show the unit answered;
 * a stock form gets none (nothing happened does not mean the population is zero).
 */
export function saveNilReport(db: Db, a: { unitCode: string; formId: FormId; periodKey: string; reporterId: number; channel?: string | null }, cutoffDay: number, now: Date): Written<SaveResult> {
  if (isLocked(db, a.periodKey, a.unitCode)) return { ok: false, reason: "locked", period: a.periodKey };
  const added = db.insert(nilReports).values({ unitCode: a.unitCode, formId: a.formId, period: a.periodKey, reporterId: a.reporterId })
    .onConflictDoNothing().run().changes === 1;
  const month = periodFromKey(a.periodKey, cutoffDay);
  if (!added || !month || formById(a.formId)?.aggregation !== "flow") return { ok: true, entryId: 0, period: a.periodKey };
  const id = Number(stmt(db, `insert into entries (unit_code, reporter_id, form_id, activity_date, period, span_start, span_end, counted_on, source, note, created_at, channel)
      values (?, ?, ?, ?, ?, ?, ?, ?, 'nil', 'không phát sinh', ?, ?)`)
    .run(a.unitCode, a.reporterId, a.formId, month.end, month.key, month.start, month.end, countedOn(month.start, month.end), now.getTime(),
      a.channel ?? null).lastInsertRowid);
  insertValues(db.$client, id, metrics().filter((x) => x.formId === a.formId).map((m) => [m.key, 0]));
  return { ok: true, entryId: id, period: a.periodKey };
}


/** An entry of the unit that chat may still change: filed by chat (or "không phát sinh"), not deleted. */
function changeable(db: Db, entryId: number, unitCode: string) {
  return stmt<[number, string], { period: string; formId: string; source: string; revision: number; activityDate: string }>(db,
    `select period, form_id as formId, source, revision, activity_date as activityDate from entries
     where id = ? and unit_code = ? and status in ('active', 'returned') and source in ('chat', 'nil')`).get(entryId, unitCode);
}

function valuesOf(db: Db, entryId: number): Record<string, number> {
  return Object.fromEntries((stmt<[number], { metric: string; value: number }>(db, "select metric, value from entry_values where entry_id = ?")
    .all(entryId)).map((v) => [v.metric, v.value]));
}

/**
 * Withdraws an entry of the person's own unit while its month is open: the entry is kept with
 * status "deleted" and its values are copied into entry_revisions (who, when, why).
 * With `revision`, refuses when the entry changed since the person looked at it.
 */
export function deleteEntry(db: Db, a: { entryId: number; unitCode: string; by: number; now: Date; reason?: string; revision?: number }): DeleteResult {
  const e = changeable(db, a.entryId, a.unitCode);
  if (!e) return { ok: false, reason: "not_found" };
  if (isLocked(db, e.period, a.unitCode)) return { ok: false, reason: "locked", period: e.period };
  if (a.revision !== undefined && a.revision !== e.revision) return { ok: false, reason: "changed" };
  stmt(db, `insert into entry_revisions (entry_id, revision, values_json, activity_date, changed_by, reason, changed_at, action, new_values_json)
    values (?, ?, ?, ?, ?, ?, ?, 'delete', '{}')`)
    .run(a.entryId, e.revision, JSON.stringify(valuesOf(db, a.entryId)), e.activityDate, a.by, a.reason ?? "xóa qua chat", a.now.getTime());
  stmt(db, "update entries set status = 'deleted', revision = revision + 1, updated_at = ? where id = ?").run(a.now.getTime(), a.entryId);
  if (e.source === "nil") stmt(db, "delete from nil_reports where unit_code = ? and form_id = ? and period = ?").run(a.unitCode, e.formId, e.period);
  return { ok: true };
}

/**
 * Corrects a chat entry in place: the old values and date go into entry_revisions beside the
 * new ones (who, when, why), and the entry row and its values become the latest version, so
 * every report and export reads it. Both the old and the new month must be open. A returned
 * entry, once corrected, is active again.
 */
export function editEntry(db: Db, a: EntryEdit, cutoffDay: number): Written<EditResult> {
  const e = changeable(db, a.entryId, a.unitCode);
  if (!e || e.source !== "chat") return { ok: false, reason: "not_found" };
  if (isLocked(db, e.period, a.unitCode)) return { ok: false, reason: "locked", period: e.period };
  const period = monthOf(a.activityDate, cutoffDay).key;
  if (isLocked(db, period, a.unitCode)) return { ok: false, reason: "locked", period };
  if (a.revision !== undefined && a.revision !== e.revision) return { ok: false, reason: "changed" };
  const t = a.now.getTime();
  stmt(db, `insert into entry_revisions (entry_id, revision, values_json, activity_date, changed_by, reason, changed_at, action, new_values_json, new_activity_date)
    values (?, ?, ?, ?, ?, ?, ?, 'edit', ?, ?)`)
    .run(a.entryId, e.revision, JSON.stringify(valuesOf(db, a.entryId)), e.activityDate, a.by, a.reason, t, JSON.stringify(a.values), a.activityDate);
  stmt(db, `update entries set activity_date = ?, period = ?, span_start = ?, span_end = ?, counted_on = ?, note = ?, photo_file_id = ?,
      revision = revision + 1, updated_at = ?, status = 'active', return_reason = null where id = ?`)
    .run(a.activityDate, period, a.activityDate, a.activityDate, countedOn(a.activityDate, a.activityDate), a.note ?? null, a.photoFileId ?? null, t, a.entryId);
  stmt(db, "delete from entry_values where entry_id = ?").run(a.entryId);
  insertValues(db.$client, a.entryId, Object.entries(a.values));
  return { ok: true, revision: e.revision + 1, period };
}

/** The one place figures are written: each as a whole number and its scale (hours in tenths). */
function insertValues(client: Database, entryId: number, values: Iterable<readonly [metric: string, value: number]>): void {
  const insert = prepared(client, "insert into entry_values (entry_id, metric, amount, scale) values (?, ?, ?, ?)");
  for (const [metric, value] of values) {
    const { amount, scale } = storedFigure(metric, value);
    insert.run(entryId, metric, amount, scale);
  }
}

/** Removes the demo's sample entries (their values and revisions go with them), keeping every other entry. */
export function removeDemoEntries(db: Db, note: string): void {
  stmt(db, "delete from entries where source = 'import' and reporter_id is null and note = ?").run(note);
}

/** An imported (or demo) figure group: one entry over a span, with its values. */
export interface ImportedEntry {
  unitCode: string;
  formId: string;
  /** The imported period's key ("2024", "2024-06"), or the month of a dated row. */
  period: string;
  spanStart: string;
  spanEnd: string;
  note: string | null;
  values: readonly (readonly [metric: string, value: number])[];
  /** When the entry was recorded, if not the import's time (demo months). */
  createdAt?: number;
}

/**
 * Writes imported entries; the caller holds the transaction (an import is all or nothing).
 * Returns the first and last entry ids written.
 */
export function insertImported(client: Database, list: Iterable<ImportedEntry>, createdAt: number): { first: number; last: number; values: number } {
  const insertEntry = prepared(client,
    "insert into entries (unit_code, reporter_id, form_id, activity_date, period, span_start, span_end, counted_on, source, note, created_at) " +
    "values (?, null, ?, ?, ?, ?, ?, ?, 'import', ?, ?)");
  let first = 0;
  let last = 0;
  let values = 0;
  for (const g of list) {
    const id = Number(insertEntry.run(g.unitCode, g.formId, g.spanEnd, g.period, g.spanStart, g.spanEnd, countedOn(g.spanStart, g.spanEnd),
      g.note, g.createdAt ?? createdAt).lastInsertRowid);
    if (!first) first = id;
    last = id;
    insertValues(client, id, g.values);
    values += g.values.length;
  }
  return { first, last, values };
}
