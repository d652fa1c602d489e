// The one entry pipeline: every figure group that reaches the ledger — a chat form, quick entry,
// a correction, a CSV import, the demo — comes through recordEntry. It reads nothing typed (the
// domain's readFigure did) but checks each figure with its field's rules, the form's
// cross-checks (atLeast, needs) and the period locks, then writes with the metric's scale.
// Refusals are values, all of them at once, never exceptions.
import type { Db } from "../db/client.js";
import { stmt } from "../db/statements.js";
import { formById, unitKindLabel, type Answers } from "../domain/catalogue.js";
import { brokenChecks, checkValue, fieldOfMetric } from "../domain/figure.js";
import { monthOf, monthsIn, periodFromKey } from "../domain/periods.js";
import { isLocked } from "./locks.js";
import { editEntry, insertImported, saveEntry } from "./write.js";

export interface RecordRequest {
  /** chat: a person's form (new or corrected); import: a CSV figure group; demo: sample data (never refused by locks). */
  source: "chat" | "import" | "demo";
  unitCode: string;
  formId: string;
  /** metric key → figure, as the person means it (2,5 giờ is 2.5). */
  values: Readonly<Record<string, number>>;
  /** chat: the activity day. */
  activityDate?: string;
  /** import, demo: the period key ("2024", "2024-06") and the span it covers. */
  span?: { period: string; start: string; end: string };
  reporterId?: number | null;
  note?: string | null;
  photoFileId?: string | null;
  latitude?: number | null;
  longitude?: number | null;
  /** chat: the app it was filed from (the event's channel name); a correction keeps the entry's own. */
  channel?: string | null;
  now: Date;
  /** When the entry was recorded, if not `now` (demo months). */
  createdAt?: number;
  /** A correction of a chat entry: the old version is kept as a revision. */
  edit?: { entryId: number; by: number; reason: string; revision?: number };
}

export interface Refusal {
  reason: "unknown_form" | "unit_kind" | "unknown_metric" | "figure" | "check" | "locked" | "not_found" | "changed";
  message: string;
  /** The metric refused (figure, unknown_metric). */
  metric?: string;
  /** The form's field keys concerned, the one to change first (figure, check). */
  fields?: readonly string[];
  /** The metric keys of those fields (check): a file names its rows by metric. */
  metrics?: readonly string[];
  /** The locked period's key (locked). */
  period?: string;
}

export type RecordResult =
  | { ok: true; entryId: number; period: string; revision?: number }
  | { ok: false; refusals: Refusal[] };

/** Everything that would refuse the request, without writing. */
export function checkEntry(db: Db, req: RecordRequest, cutoffDay: number): Refusal[] {
  const form = formById(req.formId);
  if (!form) return [{ reason: "unknown_form", message: `Không có biểu mẫu "${req.formId}".` }];
  const refusals: Refusal[] = [];
  // The database refuses it too (migration 0013); said here first, in the person's words.
  const unit = stmt<[string], { name: string; kind: string }>(db, "select name, kind from units where code = ?").get(req.unitCode);
  if (unit && !form.unitKinds.includes(unit.kind)) {
    refusals.push({ reason: "unit_kind", message:
      `Biểu mẫu "${form.title}" chỉ dành cho: ${form.unitKinds.map(unitKindLabel).join(", ")}. ${unit.name} không nhập biểu mẫu này.` });
  }
  // Answers per choice ("tuan_tra" may hold several patrol kinds): each set is cross-checked on its own.
  const common: Answers = {};
  const byChoice = new Map<string, Answers>();
  const metricOfKey = new Map<string, string>(); // "<choice>\u0000<field key>" → metric
  for (const [metric, value] of Object.entries(req.values)) {
    const hit = fieldOfMetric(form, metric);
    if (!hit) {
      refusals.push({ reason: "unknown_metric", metric, message: `Chỉ tiêu "${metric}" không thuộc biểu mẫu "${form.title}".` });
      continue;
    }
    const v = checkValue(hit.field, value);
    if (!v.ok) refusals.push({ reason: "figure", metric, fields: [hit.field.key], message: v.message });
    metricOfKey.set(`${hit.choice?.[1] ?? ""}\u0000${hit.field.key}`, metric);
    if (!hit.choice) common[hit.field.key] = value;
    else {
      const set = byChoice.get(hit.choice[1]) ?? { [hit.choice[0]]: hit.choice[1] };
      set[hit.field.key] = value;
      byChoice.set(hit.choice[1], set);
    }
  }
  for (const [choice, own] of byChoice.size ? [...byChoice].map(([k, a]) => [k, { ...common, ...a }] as const) : [["", common] as const]) {
    for (const c of brokenChecks(form, own)) {
      const metrics = c.fields.map((f) => metricOfKey.get(`${choice}\u0000${f}`) ?? metricOfKey.get(`\u0000${f}`) ?? f);
      refusals.push({ reason: "check", fields: c.fields, metrics, message: c.message });
    }
  }
  if (req.source !== "demo") {
    const months = req.source === "chat" && req.activityDate ? [monthOf(req.activityDate, cutoffDay)]
      : req.span ? monthsIn({ kind: "range", key: req.span.period, label: "", start: req.span.start, end: req.span.end }, cutoffDay) : [];
    const locked = months.find((m) => isLocked(db, m.key, req.unitCode));
    if (locked) refusals.push({ reason: "locked", period: locked.key, message: `${locked.label} đã khóa sổ.` });
  }
  return refusals;
}

/** Checks the request and, when nothing refuses it, writes it (in the caller's transaction). */
export function recordEntry(db: Db, req: RecordRequest, cutoffDay: number): RecordResult {
  const refusals = checkEntry(db, req, cutoffDay);
  if (refusals.length) return { ok: false, refusals };
  if (req.source === "chat") {
    const form = formById(req.formId)!;
    if (!req.activityDate || (req.reporterId == null && !req.edit)) throw new TypeError("a chat entry needs its activity date and reporter");
    const e = { unitCode: req.unitCode, activityDate: req.activityDate, values: { ...req.values }, note: req.note ?? null, photoFileId: req.photoFileId ?? null };
    if (req.edit) {
      const r = editEntry(db, { ...e, formId: form.id, entryId: req.edit.entryId, by: req.edit.by, reason: req.edit.reason, revision: req.edit.revision, now: req.now }, cutoffDay);
      return r.ok ? { ok: true, entryId: req.edit.entryId, period: r.period, revision: r.revision }
        : { ok: false, refusals: [refusalOf(r.reason, r.period, cutoffDay)] };
    }
    const r = saveEntry(db, { ...e, reporterId: req.reporterId!, formId: form.id, latitude: req.latitude ?? null, longitude: req.longitude ?? null,
      channel: req.channel ?? null }, req.now, cutoffDay);
    return r.ok ? r : { ok: false, refusals: [refusalOf("locked", r.period, cutoffDay)] };
  }
  if (!req.span) throw new TypeError("an imported entry needs its span");
  const written = insertImported(db.$client, [{ unitCode: req.unitCode, formId: req.formId, period: req.span.period, spanStart: req.span.start,
    spanEnd: req.span.end, note: req.note ?? null, values: Object.entries(req.values), createdAt: req.createdAt }], req.now.getTime());
  return { ok: true, entryId: written.first, period: req.span.period };
}

function refusalOf(reason: "locked" | "not_found" | "changed", period: string | undefined, cutoffDay: number): Refusal {
  if (reason === "locked") {
    const label = (period && periodFromKey(period, cutoffDay)?.label) ?? period ?? "";
    return { reason, period, message: `${label} đã khóa sổ.` };
  }
  return { reason, message: reason === "changed" ? "Bản ghi vừa được thay đổi ở nơi khác." : "Không còn bản ghi này." };
}
