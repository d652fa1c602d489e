// The data of a report, built one way for every reader: /baocao and /xuat's document (through the
// worker) and the digest after the close. Reads only; the caller's connection.
import type { Db } from "../db/client.js";
import { periodFromKey } from "../domain/periods.js";
import type { WardProfile } from "../domain/profile.js";
import { wordsKeyOf } from "../domain/report-kinds.js";
import { todayInVietnam } from "../domain/vn.js";
import { countedMonthIn } from "../ledger/counting.js";
import { cutPeriods } from "../ledger/read.js";
import { compileReport } from "../report/compile.js";
import { reportKindOf } from "../report/kinds.js";
import type { ReportData } from "../report/model.js";
import { checkCompleteness, toReportCompleteness } from "./completeness.js";
import { getExtraBasis, getReportWords } from "./report-settings.js";

export interface ReportDataDeps { db: Db; profile: WardProfile; cutoffDay: number }

export interface ReportDataRequest {
  periodKey: string;
  number?: string;
  /** Date of issue, ISO; today when not given. */ issuedOn?: string;
  /** The range typed when the leader chose whole months instead (periodKey): the document states both. */ typedKey?: string;
}

/** `now` is the moment the report was asked for: it decides "today" and what is still being counted. */
export function reportData(deps: ReportDataDeps, req: ReportDataRequest, now: Date): ReportData {
  const period = periodFromKey(req.periodKey, deps.cutoffDay);
  if (!period) throw new Error(`unknown period key ${req.periodKey}`);
  const today = todayInVietnam(now);
  const status = checkCompleteness(deps.db, deps.profile, countedMonthIn(period, today, deps.cutoffDay));
  return compileReport(deps.db, period, {
    profile: deps.profile, cutoffDay: deps.cutoffDay, issuedOn: req.issuedOn ?? today, number: req.number,
    completeness: period.start > today ? null : toReportCompleteness(status),
    extraBasis: getExtraBasis(deps.db, reportKindOf(period)),
    words: getReportWords(deps.db, wordsKeyOf(period.key, req.typedKey, (key) => getReportWords(deps.db, key))),
    countedUntil: period.end > today ? today : null,
    coverage: cutPeriods(deps.db, period).map((c) => ({
      monthLabel: periodFromKey(c.periodKey, deps.cutoffDay)?.label ?? c.periodKey, counted: c.counted, entries: c.entries, longer: c.longer,
    })),
    typedPeriod: req.typedKey ? periodFromKey(req.typedKey, deps.cutoffDay) : null,
  });
}
