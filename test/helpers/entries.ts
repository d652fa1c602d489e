// Writes entries straight into SQLite for tests that need figures in place.
import type { Db } from "../../src/db/client.js";

export function addEntry(db: Db, e: { unit: string; form: string; date: string; values: Record<string, number>; period?: string; spanStart?: string; spanEnd?: string }): number {
  const period = e.period ?? e.date.slice(0, 7);
  const id = db.$client.prepare(`insert into entries (unit_code, form_id, activity_date, period, span_start, span_end, source, created_at)
    values (?, ?, ?, ?, ?, ?, 'chat', ?)`).run(e.unit, e.form, e.date, period, e.spanStart ?? e.date, e.spanEnd ?? e.date, Date.now()).lastInsertRowid;
  const insert = db.$client.prepare("insert into entry_values (entry_id, metric, value) values (?, ?, ?)");
  for (const [metric, value] of Object.entries(e.values)) insert.run(id, metric, value);
  return Number(id);
}
