// Writes entries straight into SQLite for tests that need figures in place. The counting day is
// worked out here in SQL (the middle day of the span, rounded down), apart from the ledger's code.
import type { Db } from "../../src/db/client.js";

export function addEntry(db: Db, e: { unit: string; form: string; date: string; values: Record<string, number>; period?: string; spanStart?: string; spanEnd?: string }): number {
  const period = e.period ?? e.date.slice(0, 7);
  const start = e.spanStart ?? e.date;
  const end = e.spanEnd ?? e.date;
  const id = db.$client.prepare(`insert into entries (unit_code, form_id, activity_date, period, span_start, span_end, counted_on, source, created_at)
    values (?, ?, ?, ?, ?, ?, date(julianday(?) + (julianday(?) - julianday(?)) / 2), ?, 0)`)
    .run(e.unit, e.form, e.date, period, start, end, start, end, start, start === end ? "chat" : "import").lastInsertRowid;
  const insert = db.$client.prepare("insert into entry_values (entry_id, metric, amount, scale) " +
    "values (@id, @metric, cast(round(@value * (case when @metric = 'tuyen_truyen.gio_loa' then 10 else 1 end)) as integer), " +
    "case when @metric = 'tuyen_truyen.gio_loa' then 10 else 1 end)");
  for (const [metric, value] of Object.entries(e.values)) insert.run({ id, metric, value });
  return Number(id);
}
