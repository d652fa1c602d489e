// Brings the forms and metrics tables in line with the catalogue at every open, so the foreign
// keys of entries and entry_values name what the code knows. A key dropped from the catalogue
// stays (old entries keep their meaning); a metric's scale never changes here: stored figures
// depend on it, and changing it needs a migration that moves them.
import type { Database } from "better-sqlite3";
import type { Catalogue } from "../domain/catalogue.js";

export function syncCatalogue(client: Database, catalogue: Catalogue): void {
  const form = client.prepare("insert into forms (id, title) values (?, ?) on conflict (id) do update set title = excluded.title");
  const metric = client.prepare("insert into metrics (key, form_id, scale) values (?, ?, ?) on conflict (key) do update set form_id = excluded.form_id");
  const scaleOf = client.prepare<[string], { scale: number }>("select scale from metrics where key = ?");
  client.transaction(() => {
    for (const f of catalogue.forms) form.run(f.id, f.title);
    for (const m of catalogue.metrics) {
      const scale = m.decimals ? 10 : 1;
      metric.run(m.key, m.formId, scale);
      const stored = scaleOf.get(m.key)!.scale;
      if (stored !== scale) throw new Error(`metric ${m.key}: stored in units of 1/${stored}, the catalogue says 1/${scale}; a migration must move its figures`);
    }
  })();
}
