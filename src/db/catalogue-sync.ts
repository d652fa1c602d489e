// Brings the forms, metrics and form_unit_kinds tables in line with the catalogue at every open,
// so the foreign keys and triggers of entries and entry_values (migrations 0007, 0013) know what
// the code knows: each form, the kinds of unit that file it, each metric and its largest figure.
// A key dropped from the catalogue stays (old entries keep their meaning); a metric's scale never
// changes here: stored figures depend on it, and changing it needs a migration that moves them.
import type { Database } from "better-sqlite3";
import type { Catalogue } from "../domain/catalogue.js";

export function syncCatalogue(client: Database, catalogue: Catalogue): void {
  const form = client.prepare("insert into forms (id, title) values (?, ?) on conflict (id) do update set title = excluded.title");
  const clearKinds = client.prepare("delete from form_unit_kinds where form_id = ?");
  const kind = client.prepare("insert into form_unit_kinds (form_id, unit_kind) values (?, ?) on conflict do nothing");
  const metric = client.prepare(`insert into metrics (key, form_id, scale, max_amount) values (?, ?, ?, ?)
    on conflict (key) do update set form_id = excluded.form_id, max_amount = excluded.max_amount`);
  const scaleOf = client.prepare<[string], { scale: number }>("select scale from metrics where key = ?");
  client.transaction(() => {
    for (const f of catalogue.forms) {
      form.run(f.id, f.title);
      clearKinds.run(f.id);
      for (const k of f.unitKinds) kind.run(f.id, k);
    }
    for (const m of catalogue.metrics) {
      const scale = m.decimals ? 10 : 1;
      // The bound in stored units: 100.000 giờ are 1.000.000 tenths.
      metric.run(m.key, m.formId, scale, Math.round(m.max * scale));
      const stored = scaleOf.get(m.key)!.scale;
      if (stored !== scale) throw new Error(`metric ${m.key}: stored in units of 1/${stored}, the catalogue says 1/${scale}; a migration must move its figures`);
    }
  })();
}
