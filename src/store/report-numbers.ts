// Document numbers already given to reports (issued or being built): a report of another period
// under the same number in the same year would be a second document with one number. Read from
// the report jobs, which keep the number and issue date they were asked with (a report built with
// `cli report` makes no job and is not seen). Jobs are few: read whole, newest first.
import type { Db } from "../db/client.js";
import { stmt } from "../db/statements.js";
import { todayInVietnam } from "../domain/vn.js";

export interface NumberUse {
  periodKey: string;
  /** The issue date asked for, else the day the report was asked for (its build date). */
  issuedOn: string;
}

/** "035" on the page is the chat's "35": numbers are compared as numbers. */
const sameNumber = (a: unknown, b: string) => typeof a === "string" && /^\d+$/.test(a) && /^\d+$/.test(b) ? Number(a) === Number(b) : a === b;

/** The latest report of another period given `number` in the year `year` (by issue date); none when unused. */
export function reportNumberUse(db: Db, number: string, year: number, periodKey: string): NumberUse | undefined {
  const rows = stmt<[], { effectJson: string; createdAt: number }>(db,
    "select effect_json as effectJson, created_at as createdAt from jobs where kind = 'report' and status <> 'failed' order by id desc").all();
  for (const r of rows) {
    let e: { periodKey?: unknown; number?: unknown; issuedOn?: unknown };
    try { e = JSON.parse(r.effectJson) as typeof e; } catch { continue; }
    if (!sameNumber(e.number, number) || typeof e.periodKey !== "string" || e.periodKey === periodKey) continue;
    const issuedOn = typeof e.issuedOn === "string" ? e.issuedOn : todayInVietnam(new Date(r.createdAt));
    if (issuedOn.startsWith(`${year}-`)) return { periodKey: e.periodKey, issuedOn };
  }
  return undefined;
}
