// Test helpers for the data commands: a real SQLite file in a temp folder with the default
// ward's units, and the SQL that sums figures the way reports do (flows summed over the
// range; stocks: each unit's latest value at the range's end, summed).
import { rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach } from "vitest";
import { closeDb, openDb, type Db } from "../../src/db/client.js";
import { loadProfile } from "../../src/app/profile-file.js";
import { syncProfile } from "../../src/store/profile-sync.js";
import { metrics } from "../../src/domain/catalogue.js";
import { tempDir } from "../helpers/temp.js";

const PROFILE = fileURLToPath(new URL("../../templates/ward-profile.yaml", import.meta.url));
const opened: { db: Db; dir: string }[] = [];

afterEach(() => {
  for (const { db, dir } of opened.splice(0)) {
    closeDb(db);
    rmSync(dir, { recursive: true, force: true });
  }
});

/** A fresh database file with the units of templates/ward-profile.yaml; closed after the test. */
export function freshDb(): Db {
  const dir = tempDir("bienbot-data-");
  const db = openDb(join(dir, "bot.sqlite"));
  syncProfile(db, loadProfile(PROFILE), new Date("2025-01-01T00:00:00Z"));
  opened.push({ db, dir });
  return db;
}

export const STOCK_METRICS = metrics().filter((m) => m.aggregation === "stock").map((m) => m.key);
const stockList = STOCK_METRICS.map((k) => `'${k}'`).join(", ");

/** metric → sum of the flow values of active entries whose span lies within [start, end]. */
export function flowSums(db: Db, start: string, end: string): Record<string, number> {
  const rows = db.$client.prepare(`
    select v.metric, sum(v.value) as total
    from entries e join entry_values v on v.entry_id = e.id
    where e.status = 'active' and e.span_start >= ? and e.span_end <= ? and v.metric not in (${stockList})
    group by v.metric`).all(start, end) as { metric: string; total: number }[];
  return Object.fromEntries(rows.map((r) => [r.metric, r.total]));
}

/** metric → sum over units of each unit's latest stock value among entries ending by `end`. */
export function stockSums(db: Db, end: string): Record<string, number> {
  const rows = db.$client.prepare(`
    with ranked as (
      select e.unit_code, v.metric, v.value,
             row_number() over (partition by e.unit_code, v.metric order by e.span_end desc, e.id desc) as rn
      from entries e join entry_values v on v.entry_id = e.id
      where e.status = 'active' and e.span_end <= ? and v.metric in (${stockList})
    )
    select metric, sum(value) as total from ranked where rn = 1 group by metric`).all(end) as { metric: string; total: number }[];
  return Object.fromEntries(rows.map((r) => [r.metric, r.total]));
}

export function countEntries(db: Db): number {
  return (db.$client.prepare("select count(*) as n from entries").get() as { n: number }).n;
}

export function countValues(db: Db): number {
  return (db.$client.prepare("select count(*) as n from entry_values").get() as { n: number }).n;
}
