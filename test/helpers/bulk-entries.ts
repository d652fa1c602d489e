// Ten years of entries for load tests and benchmarks, in one transaction (as bench/report-query.ts
// builds its million values): `units` extra khóm × `entriesPerUnitForm` entries × 30 metrics.
import type { Db } from "../../src/db/client.js";
import { formById, type FormId } from "../../src/domain/catalogue.js";

const FIRST_DAY = Date.UTC(2015, 0, 1);
const DAYS = 3653; // 2015-01-01 .. 2024-12-31

/**
 * 30 metrics: 28 flows of 9 forms and the 2 stocks of dan_so. Read when called, not at import:
 * the catalogue is installed by whoever imports this (a bench imports it before its lib does).
 */
const forms = (): Array<{ form: FormId; metrics: string[] }> => (["tuyen_truyen", "tuan_tra", "nam_tinh_hinh", "moc_quoc_gioi", "doi_ngoai",
  "vi_pham", "hau_phuong", "khen_thuong", "dan_so"] as const).map((form) => {
  const metrics = form === "tuan_tra" ? ["tuan_tra.phoi_hop.luot_to", "tuan_tra.phoi_hop.luot_nguoi"]
    : formById(form)!.fields.flatMap((f) => (f.kind === "number" ? [f.metric] : []));
  return { form, metrics };
});

/** 60 units and 556 entries per unit and form give ~1,000,000 values. Returns the number of values. */
export function insertTenYears(db: Db, o: { units: number; entriesPerUnitForm: number }): number {
  const c = db.$client;
  const insUnit = c.prepare("insert into units (code, name, short_name, kind, parent_code, sort_order, active) values (?, ?, ?, 'khom', null, ?, 1)");
  const codes = Array.from({ length: o.units }, (_, i) => `tai-${String(i + 1).padStart(2, "0")}`);
  const FORMS = forms();
  // A day's entries, then their values, in one statement each: the tables' triggers (migration
  // 0013) make every statement keep a statement journal, which row-by-row would triple the time.
  const entriesPerDay = codes.length * FORMS.length;
  const valuesPerDay = codes.length * FORMS.reduce((n, f) => n + f.metrics.length, 0);
  const rows = (n: number, one: string) => Array.from({ length: n }, () => one).join(", ");
  const insEntries = c.prepare(`insert into entries (unit_code, reporter_id, form_id, activity_date, period, span_start, span_end, counted_on, source, created_at)
    values ${rows(entriesPerDay, "(?, null, ?, ?, ?, ?, ?, ?, 'chat', 0)")}`);
  const insValues = c.prepare(`insert into entry_values (entry_id, metric, amount, scale) values ${rows(valuesPerDay, "(?, ?, ?, ?)")}`);
  let x = 12345;
  let n = 0;
  c.transaction(() => {
    // The load's khóm file every form: the database refuses a form the unit's kind does not file
    // (migration 0013), so this database's catalogue rows say khóm file them all (the next open's
    // sync puts the catalogue's back).
    c.prepare("insert or ignore into form_unit_kinds (form_id, unit_kind) select id, 'khom' from forms").run();
    codes.forEach((code, i) => insUnit.run(code, `Khóm tải ${i + 1}`, `Tải ${i + 1}`, 100 + i));
    for (let k = 0; k < o.entriesPerUnitForm; k++) {
      const day = new Date(FIRST_DAY + Math.floor(((k + 0.5) * DAYS) / o.entriesPerUnitForm) * 86_400_000).toISOString().slice(0, 10);
      const entryParams = codes.flatMap((code) => FORMS.flatMap((f) => [code, f.form, day, day.slice(0, 7), day, day, day]));
      // One statement into an AUTOINCREMENT table: its rows take consecutive ids ending at the last.
      let id = Number(insEntries.run(entryParams).lastInsertRowid) - entriesPerDay + 1;
      const valueParams: (number | string)[] = [];
      for (let u = 0; u < codes.length; u++) {
        for (const f of FORMS) {
          for (const m of f.metrics) {
            x = (x * 1103515245 + 12345) & 0x7fffffff;
            const scale = m === "tuyen_truyen.gio_loa" ? 10 : 1;
            valueParams.push(id, m, ((x >> 8) % 50) * scale, scale);
            n++;
          }
          id++;
        }
      }
      insValues.run(valueParams);
    }
  })();
  return n;
}
