// The ledger's one query, "counted values of the units over a span", and the views built on
// the same rule (counting.ts): entry counts, completeness, coverage of cut months, /cuatoi,
// exports. Nothing else in the code selects entries by date. Every entry not deleted counts: a
// returned one too, until corrected (review.ts).
import type { Statement } from "better-sqlite3";
import type { Db } from "../db/client.js";
import { prepared, stmt } from "../db/statements.js";
import type { EntryDetail, EntryLine } from "../conversation/ports.js";
import { metricByKey, metrics, type FormId } from "../domain/catalogue.js";
import { stocksInForce, type DatedUnit } from "../domain/org-dates.js";
import { addDays } from "../domain/vn.js";
import { MAX_CUT_SPAN_DAYS } from "./counting.js";

export interface Span { start: string; end: string }
export interface UnitMetricValue { unit: string; metric: string; value: number }
/** A flow value of one unit, with the period key of the entries it sums ("2025-02", "2024"). */
export type UnitPeriodValue = UnitMetricValue & { period: string };

/**
 * The rule of counting.ts in SQL, over entries `e` and the parameters @start, @end: the span is
 * inside, or it is at most a month long (31 days) and the period holds its counting day and at
 * least half its days. The counting day is inside in both cases, so the first test is a range on
 * an index; the rest is checked only for the few entries it finds.
 */
export const COUNTED_IN = countedIn("@start", "@end");

/** COUNTED_IN with the period's first and last day from other SQL expressions (a joined table's columns). */
export function countedIn(start: string, end: string): string {
  return `e.counted_on between ${start} and ${end} and (
  (e.span_start >= ${start} and e.span_end <= ${end})
  or (julianday(e.span_end) - julianday(e.span_start) < ${MAX_CUT_SPAN_DAYS}
    and (julianday(min(e.span_end, ${end})) - julianday(max(e.span_start, ${start})) + 1) * 2
      >= julianday(e.span_end) - julianday(e.span_start) + 1))`;
}

/** Flow metrics of the installed catalogue. */
const isFlow = (key: string) => metricByKey(key)?.aggregation === "flow";
/** The stock metrics and their forms as SQL rows (none: an empty set). */
function stockRows(): string {
  const stock = metrics().filter((m) => m.aggregation === "stock");
  return stock.length ? `values ${stock.map((m) => `('${m.key}', '${m.formId}')`).join(", ")}` : "select null, null where 0";
}
/** The longest span an entry can have (an imported year): bounds the scans for cut months. */
export const LONGEST_SPAN_DAYS = 366;

/**
 * Prepared statements of the counted values, compiled once per connection (the statement cache, so
 * a compiler made per report does not prepare them again): flows summed per
 * unit (and per entry period, for the report's rows over time), stocks as each unit's latest
 * counted value at a day.
 */
export class CountedValues {
  private readonly flowByUnit: Statement<[Span], UnitPeriodValue>;
  private readonly flowByUnitPeriod: Statement<[Span], UnitPeriodValue>;
  private readonly flowTotal: Statement<[Span], { metric: string; value: number }>;
  private readonly stockByUnit: Statement<[{ day: string }], UnitMetricValue>;
  private readonly entryCount: Statement<[Span], { n: number }>;

  constructor(db: Db) {
    const c = db.$client;
    // A range scan on entries_counted; the figures come from the covering index, summed as the
    // whole numbers they are stored as (hours in tenths: 0,1 + 0,2 is 0,3, not 0,30000000000000004).
    const flows = (groupBy: string) => `
      select e.unit_code as unit, e.period, v.metric,
        case when max(v.scale) = 1 then sum(v.amount) else sum(v.amount) * 1.0 / max(v.scale) end as value
      from entries e join entry_values v on v.entry_id = e.id
      where ${COUNTED_IN} and e.status <> 'deleted'
      group by ${groupBy}`;
    this.flowByUnit = prepared(c, flows("e.unit_code, v.metric"));
    this.flowByUnitPeriod = prepared(c, flows("e.unit_code, e.period, v.metric"));
    // The ward's totals alone (comparisons with earlier periods): grouping by metric only spares
    // the sort over units x metrics, most of a month's cost.
    this.flowTotal = prepared(c, `
      select v.metric, case when max(v.scale) = 1 then sum(v.amount) else sum(v.amount) * 1.0 / max(v.scale) end as value
      from entries e join entry_values v on v.entry_id = e.id
      where ${COUNTED_IN} and e.status <> 'deleted'
      group by v.metric`);
    // One short walk back along entries_unit_form_counted per unit and stock metric. Units
    // dropped from the profile still count, like their flows, so past reports do not change.
    this.stockByUnit = prepared(c, `
      with m(metric, form) as (${stockRows()})
      select unit, metric, value from (
        select u.code as unit, m.metric, (
          select v.value from entries e join entry_values v on v.entry_id = e.id and v.metric = m.metric
          where e.unit_code = u.code and e.form_id = m.form and e.counted_on <= @day and e.status <> 'deleted'
          order by e.counted_on desc, e.id desc limit 1) as value
        from units u cross join m
      ) where value is not null`);
    this.entryCount = prepared(c, `select count(*) as n from entries e where ${COUNTED_IN} and e.status <> 'deleted'`);
  }

  /** Flow values counted in the span, per unit (and per entry period when asked). */
  flows(span: Span, perEntryPeriod = false): UnitPeriodValue[] {
    return (perEntryPeriod ? this.flowByUnitPeriod : this.flowByUnit).all(spanOf(span)).filter((r) => isFlow(r.metric));
  }

  /** Flow values counted in the span, summed over every unit. */
  flowTotals(span: Span): { metric: string; value: number }[] {
    return this.flowTotal.all(spanOf(span)).filter((r) => isFlow(r.metric));
  }

  /**
   * Each unit's latest counted value of every stock metric at the day. With the units' dates, an
   * ended unit's value gives way to its successor's own (stocksInForce), so a merger is not
   * counted twice; the dates are passed in, the ledger does not read the profile.
   */
  stocksAt(day: string, units: readonly DatedUnit[] = []): UnitMetricValue[] {
    return stocksInForce(this.stockByUnit.all({ day }), units, day);
  }

  /** Entries counted in the span. */
  count(span: Span): number {
    return this.entryCount.get(spanOf(span))?.n ?? 0;
  }
}

/** Only the two bound fields: better-sqlite3 refuses named parameters the SQL does not use. */
const spanOf = (s: Span): Span => ({ start: s.start, end: s.end });

/** "unit|form" of every form a unit filed (entries counted in the month) or waived (không phát sinh). */
export function filedForms(db: Db, month: Span & { key: string }): Set<string> {
  const filed = stmt<[Span], { k: string }>(db, `select distinct e.unit_code || '|' || e.form_id as k from entries e
    where e.status <> 'deleted' and ${COUNTED_IN}`).all(spanOf(month));
  const nil = stmt<[string], { k: string }>(db, "select unit_code || '|' || form_id as k from nil_reports where period = ?").all(month.key);
  return new Set([...filed, ...nil].map((r) => r.k));
}

/**
 * Entries of a period (a month, an imported year) that a span cuts, counted or not; `longer`
 * when they were filed for more than a month (a year), so no period shorter than their span
 * ever counts them.
 */
export interface CutPeriod { periodKey: string; entries: number; counted: boolean; longer: boolean }

/**
 * What a span cuts through: the entries whose span crosses one of its edges (whole-month
 * figures, a yearly import around a month or half-year), grouped by their period and whether
 * the span counts them. The leader is told about each. Entries wholly inside or wholly outside
 * the span (a chat entry of a day) are not cut and need no word.
 */
export function cutPeriods(db: Db, span: Span): CutPeriod[] {
  const rows = stmt<[Span & { startBack: string; beforeStart: string; endBack: string }], { periodKey: string; counted: number; longer: number; n: number }>(db, `
    select e.period as periodKey, ${COUNTED_IN} as counted,
      max(julianday(e.span_end) - julianday(e.span_start) + 1) > ${MAX_CUT_SPAN_DAYS} as longer, count(*) as n from (
      select * from entries where status <> 'deleted' and span_start between @startBack and @beforeStart and span_end >= @start
      union
      select * from entries where status <> 'deleted' and span_start between @endBack and @end and span_end > @end) e
    group by e.period, counted order by e.period, counted desc`)
    .all({ ...spanOf(span), startBack: addDays(span.start, -LONGEST_SPAN_DAYS), beforeStart: addDays(span.start, -1),
      endBack: addDays(span.end, -LONGEST_SPAN_DAYS) });
  return rows.map((r) => ({ periodKey: r.periodKey, entries: r.n, counted: r.counted === 1, longer: r.longer === 1 }));
}

/**
 * The earliest entry: the first day any entry spans and the period it was filed for ("2015-01",
 * or "2015" for a yearly import); null when the ledger is empty. A period ending before that
 * day has nothing to report.
 */
export function firstEntry(db: Db): { day: string; periodKey: string } | null {
  return stmt<[], { day: string; periodKey: string }>(db, `select span_start as day, period as periodKey from entries
    where status <> 'deleted' order by span_start, span_end limit 1`).get() ?? null;
}

/** A unit's entries filed by chat (or "không phát sinh") counted in the span, newest first (for /cuatoi). */
/** Ids of the unit's "không phát sinh" entries of a form in a month (entries_unit_period index). */
export function nilEntries(db: Db, unitCode: string, formId: string, periodKey: string): number[] {
  return stmt<[string, string, string], { id: number }>(db, `select id from entries
    where unit_code = ? and period = ? and form_id = ? and source = 'nil' and status <> 'deleted'`).all(unitCode, periodKey, formId).map((r) => r.id);
}

export function entriesOfUnit(db: Db, unitCode: string, span: Span, limit: number): EntryLine[] {
  type Row = { id: number; formId: FormId; activityDate: string; period: string; source: string; status: "active" | "returned";
    returnReason: string | null; metric: string | null; value: number | null };
  const rows = stmt<[Span & { unit: string; limit: number }], Row>(db,
    `select e.id, e.form_id as formId, e.activity_date as activityDate, e.period, e.source, e.status, e.return_reason as returnReason, v.metric, v.value
     from (select * from entries e where e.unit_code = @unit and e.status <> 'deleted' and e.source in ('chat', 'nil')
             and ${COUNTED_IN} order by e.activity_date desc, e.id desc limit @limit) e
     left join entry_values v on v.entry_id = e.id order by e.activity_date desc, e.id desc`).all({ ...spanOf(span), unit: unitCode, limit });
  const byId = new Map<number, EntryLine>();
  for (const r of rows) {
    const line = byId.get(r.id) ?? { id: r.id, formId: r.formId, activityDate: r.activityDate, period: r.period, source: r.source, values: {},
      status: r.status, returnReason: r.returnReason };
    if (r.metric !== null && r.value !== null) line.values[r.metric] = r.value;
    byId.set(r.id, line);
  }
  return [...byId.values()];
}

/**
 * A unit's largest month of a metric, over every active entry it has: a flow summed per month
 * (imported years are left out: a year is not a month), a stock as its largest value. Null when
 * the unit never filed the metric. Unusual new figures are compared with it before saving.
 */
export function largestMonth(db: Db, unitCode: string, metric: string): number | null {
  return largestOf(db, "e.unit_code = @unit", unitCode, metric);
}

/**
 * The largest month of a metric among the other units of the unit's kind (same counting as
 * largestMonth, per unit and month): what a unit with no history of its own is compared with.
 */
export function largestMonthOfKind(db: Db, unitCode: string, metric: string): number | null {
  return largestOf(db, "e.unit_code in (select code from units where kind = (select kind from units where code = @unit) and code <> @unit)", unitCode, metric);
}

function largestOf(db: Db, units: string, unit: string, metric: string): number | null {
  const stock = metricByKey(metric)?.aggregation === "stock";
  const sql = stock
    ? `select max(v.value) as m from entries e join entry_values v on v.entry_id = e.id
       where ${units} and v.metric = @metric and e.status = 'active' and e.source <> 'nil'`
    : `select max(total) as m from (select sum(v.value) as total from entries e join entry_values v on v.entry_id = e.id
       where ${units} and v.metric = @metric and e.status = 'active' and e.source <> 'nil' and e.period glob '[0-9][0-9][0-9][0-9]-[0-9][0-9]'
       group by e.unit_code, e.period)`;
  return stmt<[{ unit: string; metric: string }], { m: number | null }>(db, sql).get({ unit, metric })?.m ?? null;
}

/** One entry of a unit, whatever its status, with its latest values (the correction flow). */
export function entryOfUnit(db: Db, entryId: number, unitCode: string): EntryDetail | undefined {
  const e = stmt<[number, string], Omit<EntryDetail, "values">>(db, `select id, form_id as formId, activity_date as activityDate, period, source,
      status, note, photo_file_id as photoFileId, revision, return_reason as returnReason
    from entries where id = ? and unit_code = ?`).get(entryId, unitCode);
  if (!e) return undefined;
  const values = Object.fromEntries(stmt<[number], { metric: string; value: number }>(db, "select metric, value from entry_values where entry_id = ?")
    .all(entryId).map((v) => [v.metric, v.value]));
  return { ...e, values };
}

/** A change of an entry (entry_revisions), for the export with history. */
export interface RevisionRow {
  entryId: number;
  unitCode: string;
  formId: string;
  revision: number;
  action: string;
  changedBy: string | null;
  changedAt: number;
  reason: string | null;
  oldDate: string;
  oldValues: string;
  newDate: string | null;
  newValues: string | null;
}

/**
 * The changes of the entries a span counts, or counted before a change moved or deleted them
 * (whatever their status now, since a deleted entry's history is the point), oldest first.
 */
export function revisionRows(db: Db, span: Span): RevisionRow[] {
  return stmt<[Span], RevisionRow>(db, `
    select r.entry_id as entryId, e.unit_code as unitCode, e.form_id as formId, r.revision, r.action, u.name as changedBy,
           r.changed_at as changedAt, r.reason, r.activity_date as oldDate, r.values_json as oldValues,
           r.new_activity_date as newDate, r.new_values_json as newValues
    from entry_revisions r
    join entries e on e.id = r.entry_id
    left join users u on u.id = r.changed_by
    where (${COUNTED_IN}) or r.activity_date between @start and @end or r.new_activity_date between @start and @end
    order by r.entry_id, r.id`).all(spanOf(span));
}

export interface ExportRow {
  id: number;
  unitCode: string;
  period: string;
  spanStart: string;
  spanEnd: string;
  source: string;
  note: string | null;
  createdAt: number;
  reporter: string | null;
  metric: string;
  value: number;
}

/** Every value of the entries counted in the span, with who filed it (CSV export). */
export function exportRows(db: Db, span: Span): ExportRow[] {
  return stmt<[Span], ExportRow>(db, `
    select e.id, e.unit_code as unitCode, e.period, e.span_start as spanStart, e.span_end as spanEnd, e.source,
           e.note, e.created_at as createdAt, u.name as reporter, v.metric, v.value
    from entries e
    join entry_values v on v.entry_id = e.id
    left join units un on un.code = e.unit_code
    left join users u on u.id = e.reporter_id
    where e.status <> 'deleted' and ${COUNTED_IN}
    order by e.span_start, e.span_end, coalesce(un.sort_order, 0), e.unit_code, e.form_id, e.id`).all(spanOf(span));
}

/** How many entries the ledger holds, whatever their status (the demo fills an empty ledger only). */
export function entryCount(db: Db): number {
  return stmt<[], { n: number }>(db, "select count(*) as n from entries").get()!.n;
}

/** How many imported entries with ids in [first, last] are still active (an import repeated is refused while they are). */
export function activeImported(db: Db, first: number, last: number): number {
  return stmt<[number, number], { n: number }>(db, "select count(*) as n from entries where id between ? and ? and source = 'import' and status = 'active'")
    .get(first, last)!.n;
}
