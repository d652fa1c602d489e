// The chat's saves and corrections through the one entry pipeline (record.ts), answered in the
// shapes the conversation core's ports expect.
import type { Db } from "../db/client.js";
import type { EditResult, EntryEdit, NewEntry, SaveResult } from "../conversation/ports.js";
import { recordEntry, type Refusal } from "./record.js";

const told = (refusals: Refusal[]) => refusals.map((r) => ({ message: r.message, ...(r.fields ? { fields: r.fields } : {}) }));

export function chatSave(db: Db, e: NewEntry, now: Date, cutoffDay: number): SaveResult {
  const r = recordEntry(db, { source: "chat", ...e, now }, cutoffDay);
  if (r.ok) return { ok: true, entryId: r.entryId, period: r.period };
  const locked = r.refusals.find((x) => x.reason === "locked");
  if (locked) return { ok: false, reason: "locked", period: locked.period ?? "" };
  return { ok: false, reason: "refused", refusals: told(r.refusals) };
}

export function chatEdit(db: Db, a: EntryEdit, cutoffDay: number): EditResult {
  const r = recordEntry(db, { source: "chat", unitCode: a.unitCode, formId: a.formId, values: a.values, activityDate: a.activityDate,
    note: a.note ?? null, photoFileId: a.photoFileId ?? null, now: a.now,
    edit: { entryId: a.entryId, by: a.by, reason: a.reason, ...(a.revision !== undefined ? { revision: a.revision } : {}) } }, cutoffDay);
  if (r.ok) return { ok: true, revision: r.revision ?? 0, period: r.period };
  const first = r.refusals.find((x) => x.reason === "locked" || x.reason === "changed" || x.reason === "not_found");
  if (first) return { ok: false, reason: first.reason as "locked" | "changed" | "not_found", ...(first.period ? { period: first.period } : {}) };
  return { ok: false, reason: "refused", refusals: told(r.refusals) };
}
