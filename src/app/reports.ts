// Issuing a report in two steps: build (compile the period, render the template to DOCX — only
// reads the database, so it can run in a worker thread with its own connection) and archive
// (one issued_reports row, on the bot's own connection). issueReport does both, in-process.
import type { Db } from "../db/client.js";
import { periodFromKey, type Period } from "../domain/periods.js";
import type { WardProfile } from "../domain/profile.js";
import { reportCaption } from "../report/caption.js";
import { renderDocx } from "../report/docx.js";
import { renderTemplate, type Template } from "../report/template.js";
import { reportKindOf, type ReportKind } from "../report/kinds.js";
import type { ReportData } from "../report/model.js";
import { archiveReport } from "../store/issued-reports.js";
import { reportData, type ReportDataRequest } from "../store/report-data.js";

export interface IssuedReport { fileName: string; bytes: Buffer; caption: string; data: ReportData; id: number; fileHash: string }

/** templates: one per kind of report (month, quarter, …); the period's length picks it. */
export interface ReportDeps { db: Db; profile: WardProfile; templates: Record<ReportKind, Template>; cutoffDay: number; clock: () => Date }

/**
 * What a report is asked with. Plain data: it is posted to the report worker as it is, so fields
 * added here later (issue date, căn cứ lines, …) reach buildReport without touching the worker.
 */
export interface ReportRequest extends ReportDataRequest {
  requestedBy: number | null; channel: string | null;
}

/** A rendered report, not yet archived. */
export interface BuiltReport { periodKey: string; fileName: string; bytes: Buffer; caption: string; data: ReportData }

export function reportFileName(period: Period): string {
  return `bao-cao-${period.key.replace("..", "_")}.docx`;
}

/** Compile and render; reads the database only. `now` is the moment the report was asked for. */
export async function buildReport(deps: Omit<ReportDeps, "clock">, req: ReportRequest, now: Date): Promise<BuiltReport> {
  const period = periodFromKey(req.periodKey, deps.cutoffDay);
  if (!period) throw new Error(`unknown period key ${req.periodKey}`);
  const data = reportData(deps, req, now);
  const bytes = await renderDocx(renderTemplate(deps.templates[reportKindOf(period)], data), data);
  return { periodKey: period.key, fileName: reportFileName(period), bytes, caption: reportCaption(data), data };
}

/** The one issued_reports row of a built report. Runs on the caller's connection (and transaction). */
export function archiveBuilt(db: Db, req: ReportRequest, built: BuiltReport, now: Date): IssuedReport {
  const { id, fileHash } = archiveReport(db, {
    period: built.periodKey, requestedBy: req.requestedBy, channel: req.channel, fileName: built.fileName,
    bytes: built.bytes, entryCount: built.data.entryCount, now,
  });
  return { fileName: built.fileName, bytes: built.bytes, caption: built.caption, data: built.data, id, fileHash };
}

/** Build and archive in this thread (the CLI, tests). */
export async function issueReport(deps: ReportDeps, req: ReportRequest): Promise<IssuedReport> {
  const now = deps.clock();
  const built = await buildReport(deps, req, now);
  return archiveBuilt(deps.db, req, built, now);
}
