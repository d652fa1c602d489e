// Issuing a report: compile the period, render the template to DOCX, archive, return the file.
import type { Db } from "../db/client.js";
import { latestMonthIn, periodFromKey, type Period } from "../domain/periods.js";
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


export async function issueReport(deps: ReportDeps, req: { periodKey: string; requestedBy: number | null; channel: string | null; number?: string }): Promise<IssuedReport> {
  const period = periodFromKey(req.periodKey, deps.cutoffDay);
  if (!period) throw new Error(`unknown period key ${req.periodKey}`);
  const now = deps.clock();
  const today = todayInVietnam(now);
  const status = checkCompleteness(deps.db, deps.profile, latestMonthIn(period, today, deps.cutoffDay));
  const data = compileReport(deps.db, period, {
    profile: deps.profile, cutoffDay: deps.cutoffDay, issuedOn: today, number: req.number,
    completeness: period.start > today ? null : toReportCompleteness(status),
  });
  const bytes = await renderDocx(renderTemplate(deps.templates[reportKindOf(period)], data), data);
  const fileName = reportFileName(period);
  const { id, fileHash } = archiveReport(deps.db, {
    period: period.key, requestedBy: req.requestedBy, channel: req.channel, fileName, bytes, entryCount: data.entryCount, now,
  });
  return { fileName, bytes, caption: reportCaption(data), data, id, fileHash };
}
