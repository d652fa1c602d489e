// A chart's flows in one query: the counted flow values summed over every unit (or one unit) for
// each of several spans that do not overlap (a chart's months or years), for the metrics asked.
// The same counting rule as CountedValues.flows (COUNTED_IN, per span), read in one pass instead
// of one grouped query per span and per chart: the board's four charts over twelve months were
// 48 queries, each grouping a month of every unit by unit and metric.
import type { Db } from "../db/client.js";
import { stmt } from "../db/statements.js";
import { countedIn, type Span } from "./read.js";

/** Per span (in the order given), metric → the sum counted in it; a metric with nothing counted is absent. */
export function flowSumsBySpan(db: Db, spans: readonly Span[], metrics: readonly string[], unitCode?: string): Map<string, number>[] {
  const sums = spans.map(() => new Map<string, number>());
  if (spans.length === 0 || metrics.length === 0) return sums;
  // Whole numbers summed as stored, then scaled once (hours in tenths), as CountedValues does.
  const rows = stmt<[{ spans: string; metrics: string; unit: string | null }], { i: number; metric: string; value: number }>(db, `
    with p(i, start, end) as (select cast(key as integer), json_extract(value, '$[0]'), json_extract(value, '$[1]') from json_each(@spans)),
      m(metric) as (select value from json_each(@metrics))
    select p.i as i, v.metric, case when max(v.scale) = 1 then sum(v.amount) else sum(v.amount) * 1.0 / max(v.scale) end as value
    from p join entries e on ${countedIn("p.start", "p.end")}
      join m join entry_values v on v.entry_id = e.id and v.metric = m.metric
    where e.status <> 'deleted' and (@unit is null or e.unit_code = @unit)
    group by p.i, v.metric`).all({ spans: JSON.stringify(spans.map((s) => [s.start, s.end])), metrics: JSON.stringify(metrics), unit: unitCode ?? null });
  for (const r of rows) sums[r.i]!.set(r.metric, r.value);
  return sums;
}
