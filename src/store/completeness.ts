// Who has reported: a unit has reported for a month when every form its kind owes has an
// entry counted in that month (the ledger's rule) or a "không phát sinh" (nil report), and none
// of its entries counted in the month was returned by a leader and left uncorrected.
import type { Db } from "../db/client.js";
import type { FormId, UnitKind } from "../domain/catalogue.js";
import type { Period } from "../domain/periods.js";
import type { WardProfile } from "../domain/profile.js";
import type { Completeness } from "../report/model.js";
import { contacts } from "./users.js";
import { unitsDuring } from "../domain/org-dates.js";
import { filedForms } from "../ledger/read.js";
import { openReturns } from "../ledger/review.js";
import type { ReturnedForm } from "../conversation/ports.js";

export interface UnitStatus {
  code: string;
  name: string;
  kind: UnitKind;
  owed: FormId[];
  missing: FormId[];
  /** Returned entries not yet corrected: the unit is not done until they are. */
  returned: ReturnedForm[];
  /** Reporters of the unit who can still be reached (for reminders and /tiendo). */
  reporters: { id: number; name: string; channel: string; chatId: string }[];
}

export interface CompletenessResult {
  period: Period;
  units: UnitStatus[];
  reported: number;
  total: number;
}

export function owedForms(profile: WardProfile, kind: UnitKind): FormId[] {
  return [...(profile.obligations[kind] ?? [])];
}

export function checkCompleteness(db: Db, profile: WardProfile, month: Period): CompletenessResult {
  const filed = filedForms(db, month);
  const returns = openReturns(db, month);
  // Only the units in force on some day of the month owe it (a unit merged away on 30/06 owes no July).
  const units: UnitStatus[] = unitsDuring(profile.units, month.start, month.end)
    .map((u) => ({ u, owed: owedForms(profile, u.kind) }))
    .filter(({ owed }) => owed.length > 0)
    .map(({ u, owed }) => ({
      code: u.code, name: u.name, kind: u.kind, owed,
      missing: owed.filter((f) => !filed.has(`${u.code}|${f}`)),
      returned: returns.filter((r) => r.unitCode === u.code)
        .map((r) => ({ entryId: r.entryId, formId: r.formId, activityDate: r.activityDate, reason: r.reason })),
      reporters: contacts(db, "bao_cao", u.code),
    }));
  return { period: month, units, reported: units.filter(isDone).length, total: units.length };
}

export function toReportCompleteness(r: CompletenessResult): Completeness {
  return {
    monthLabel: r.period.label,
    reported: r.reported,
    total: r.total,
    // A returned form is owed again (its correction), so it is listed with the missing ones.
    missing: r.units.filter((u) => !isDone(u))
      .map((u) => ({ unit: u.name, forms: [...new Set([...u.missing, ...u.returned.map((x) => x.formId)])] })),
  };
}

/** Every owed form filed, and nothing returned left uncorrected. */
export function isDone(u: Pick<UnitStatus, "missing" | "returned">): boolean {
  return u.missing.length === 0 && u.returned.length === 0;
}
