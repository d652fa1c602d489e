// Issuing a report: compile the period, render the template to DOCX, archive, return the file.
import type { Db } from "../db/client.js";
import { periodFromKey, type Period } from "../domain/periods.js";
import { countedMonthIn } from "../ledger/counting.js";
import { cutPeriods } from "../ledger/read.js";
import { edgeMonths } from "../ledger/check.js";
import { getExtraBasis } from "../store/report-settings.js";
import type { WardProfile } from "../domain/profile.js";
import { todayInVietnam } from "../domain/vn.js";
import { compileReport } from "../report/compile.js";
import { reportCaption } from "../report/caption.js";
import { renderDocx } from "../report/docx.js";
import { renderTemplate, type Template } from "../report/template.js";
import { reportKindOf, type ReportKind } from "../report/kinds.js";
import type { ReportData } from "../report/model.js";
import { checkCompleteness, toReportCompleteness } from "../reminders/completeness.js";
import { archiveReport } from "../store/issued-reports.js";

export interface IssuedReport { fileName: string; bytes: Buffer; caption: string; data: ReportData; id: number; fileHash: string }

/** templates: one per kind of report (month, quarter, …); the period's length picks it. */
export interface ReportDeps { db: Db; profile: WardProfile; templates: Record<ReportKind, Template>; cutoffDay: number; clock: () => Date }

export function reportFileName(period: Period): string {
  return `bao-cao-${period.key.replace("..", "_")}.docx`;
}


export interface ReportRequestFields {
  periodKey: string;
  requestedBy: number | null;
  channel: string | null;
  number?: string;
  /** Date of issue, ISO; today when not given. */
  issuedOn?: string;
}

export async function issueReport(deps: ReportDeps, req: ReportRequestFields): Promise<IssuedReport> {
  const period = periodFromKey(req.periodKey, deps.cutoffDay);
  if (!period) throw new Error(`unknown period key ${req.periodKey}`);
  const now = deps.clock();
  const today = todayInVietnam(now);
  const status = checkCompleteness(deps.db, deps.profile, countedMonthIn(period, today, deps.cutoffDay));
  const data = compileReport(deps.db, period, {
    profile: deps.profile, cutoffDay: deps.cutoffDay, issuedOn: req.issuedOn ?? today, number: req.number,
    completeness: period.start > today ? null : toReportCompleteness(status),
    extraBasis: getExtraBasis(deps.db),
    countedUntil: period.end > today ? today : null,
    coverage: cutPeriods(deps.db, period, edgeMonths(period, deps.cutoffDay)).map((c) => ({
      monthLabel: periodFromKey(c.periodKey, deps.cutoffDay)?.label ?? c.periodKey, counted: c.counted, entries: c.entries,
    })),
  });
  const bytes = await renderDocx(renderTemplate(deps.templates[reportKindOf(period)], data), data);
  const fileName = reportFileName(period);
  const { id, fileHash } = archiveReport(deps.db, {
    period: period.key, requestedBy: req.requestedBy, channel: req.channel, fileName, bytes, entryCount: data.entryCount, now,
  });
  return { fileName, bytes, caption: reportCaption(data), data, id, fileHash };
}
