// Entries and their values. Every write checks the period lock first.
import type { Db } from "../db/client.js";
import { stmt } from "../db/statements.js";
import { nilReports } from "../db/schema.js";
import type { NewEntry, SaveResult } from "../conversation/ports.js";
import { formById, METRICS, type FormId } from "../domain/catalogue.js";
import { monthOf, periodFromKey } from "../domain/periods.js";
import { isLocked } from "./locks.js";

export function saveEntry(db: Db, e: NewEntry, now: Date, cutoffDay: number): SaveResult {
  const period = monthOf(e.activityDate, cutoffDay).key;
  if (isLocked(db, period, e.unitCode)) return { ok: false, reason: "locked", period };
  const id = Number(stmt(db, `insert into entries (unit_code, reporter_id, form_id, activity_date, period, span_start, span_end,
      source, note, photo_file_id, created_at) values (?, ?, ?, ?, ?, ?, ?, 'chat', ?, ?, ?)`)
    .run(e.unitCode, e.reporterId, e.formId, e.activityDate, period, e.activityDate, e.activityDate, e.note ?? null, e.photoFileId ?? null, now.getTime())
    .lastInsertRowid);
  const insertValue = stmt(db, "insert into entry_values (entry_id, metric, value) values (?, ?, ?)");
  for (const [metric, value] of Object.entries(e.values)) insertValue.run(id, metric, value);
  return { ok: true, entryId: id, period };
}

/**
 * "Không phát sinh": the unit has reported the form for the month, with nothing to count. For a
 * flow form it also adds an entry of zeros over the month, so exports show the unit answered;
 * a stock form gets none (nothing happened does not mean the population is zero).
 */
export function saveNilReport(db: Db, a: { unitCode: string; formId: FormId; periodKey: string; reporterId: number }, cutoffDay: number): SaveResult {
  if (isLocked(db, a.periodKey, a.unitCode)) return { ok: false, reason: "locked", period: a.periodKey };
  const added = db.insert(nilReports).values({ unitCode: a.unitCode, formId: a.formId, period: a.periodKey, reporterId: a.reporterId })
    .onConflictDoNothing().run().changes === 1;
  const month = periodFromKey(a.periodKey, cutoffDay);
  if (!added || !month || formById(a.formId)?.aggregation !== "flow") return { ok: true, entryId: 0, period: a.periodKey };
  const id = Number(stmt(db, `insert into entries (unit_code, reporter_id, form_id, activity_date, period, span_start, span_end, source, note, created_at)
      values (?, ?, ?, ?, ?, ?, ?, 'nil', 'không phát sinh', ?)`)
    .run(a.unitCode, a.reporterId, a.formId, month.end, month.key, month.start, month.end, Date.now()).lastInsertRowid);
  const insertValue = stmt(db, "insert into entry_values (entry_id, metric, value) values (?, ?, 0)");
  for (const m of METRICS.filter((x) => x.formId === a.formId)) insertValue.run(id, m.key);
  return { ok: true, entryId: id, period: a.periodKey };
}
