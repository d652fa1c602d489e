// A chart's flows in one query: the counted flow values summed over every unit (or one unit) for
// each of several spans that do not overlap (a chart's months or years), for the metrics asked.
// The same counting rule as CountedValues.flows (COUNTED_IN, per span), read in one pass instead
// of one grouped query per span and per chart: the board's four charts over twelve months were
// 48 queries, each grouping a month of every unit by unit and metric.
//
// The sums are kept until the database changes, so the board asked again (another leader, a
// reload) reads nothing. "Changes" is SQLite's own word for it, no table of ours: data_version
// moves when another connection commits (a `cli import`), total_changes() when this one writes a
// row (every chat save, correction, return). Both are cheap. Inside a transaction nothing is kept:
// what it wrote may still roll back, and total_changes() would not move back with it.
import type { Database } from "better-sqlite3";
import type { Db } from "../db/client.js";
import { prepared, stmt } from "../db/statements.js";
import { metricByKey } from "../domain/catalogue.js";
import { countedIn, type Span } from "./read.js";

/** The most distinct questions kept per connection between two changes (periods × units asked). */
const KEPT = 64;
type Sums = ReadonlyMap<string, number>[];
const kept = new WeakMap<Database, { stamp: string; byQuestion: Map<string, Sums> }>();

/** What moves whenever the data this connection can read may have changed. */
function dataStamp(client: Database): string {
  const changes = prepared<[], { n: number }>(client, "select total_changes() as n").get()?.n;
  return `${String(client.pragma("data_version", { simple: true }))}:${changes}`;
}

/**
 * Per span (in the order given), metric → the sum counted in it; a metric with nothing counted is
 * absent. Each call gets its own maps, free to change.
 */
export function flowSumsBySpan(db: Db, spans: readonly Span[], metrics: readonly string[], unitCode?: string): Map<string, number>[] {
  const client = db.$client;
  if (client.inTransaction) return readSums(db, spans, metrics, unitCode);
  const stamp = dataStamp(client);
  let cache = kept.get(client);
  if (!cache || cache.stamp !== stamp) {
    cache = { stamp, byQuestion: new Map() };
    kept.set(client, cache);
  }
  const question = JSON.stringify([spans.map((s) => [s.start, s.end]), metrics, unitCode ?? null]);
  let sums = cache.byQuestion.get(question);
  if (!sums) {
    sums = readSums(db, spans, metrics, unitCode);
    if (cache.byQuestion.size >= KEPT) cache.byQuestion.clear();
    cache.byQuestion.set(question, sums);
  }
  return sums.map((m) => new Map(m));
}

function readSums(db: Db, spans: readonly Span[], metrics: readonly string[], unitCode?: string): Map<string, number>[] {
  const sums = spans.map(() => new Map<string, number>());
  if (spans.length === 0 || metrics.length === 0) return sums;
  // Only the entries of the metrics' forms have their values read (most of the time is there).
  const forms = [...new Set(metrics.map((m) => metricByKey(m)?.formId ?? ""))];
  // Whole numbers summed as stored, then scaled once (hours in tenths), as CountedValues does.
  const rows = stmt<[{ spans: string; metrics: string; forms: string; unit: string | null }], { i: number; metric: string; value: number }>(db, `
    with p(i, start, end) as (select cast(key as integer), json_extract(value, '$[0]'), json_extract(value, '$[1]') from json_each(@spans))
    select p.i as i, v.metric, case when max(v.scale) = 1 then sum(v.amount) else sum(v.amount) * 1.0 / max(v.scale) end as value
    from p join entries e on ${countedIn("p.start", "p.end")}
      join entry_values v on v.entry_id = e.id
    where e.status <> 'deleted' and (@unit is null or e.unit_code = @unit)
      and e.form_id in (select value from json_each(@forms)) and v.metric in (select value from json_each(@metrics))
    group by p.i, v.metric`).all({ spans: JSON.stringify(spans.map((s) => [s.start, s.end])), metrics: JSON.stringify(metrics),
    forms: JSON.stringify(forms), unit: unitCode ?? null });
  for (const r of rows) sums[r.i]!.set(r.metric, r.value);
  return sums;
}
