// Carries out the slow work the core asks for. A report (built in a worker, archived once,
// delivered through the outbox), a report sent again (a new outbox row pointing at the same
// archive) and a CSV export (written in a worker, stored in the outbox row) are durable jobs:
// recorded with their event and run by src/app/jobs.ts, which calls doJob here. A photo is kept
// straight after the event (createEffectRunner; photos.ts catches up on those a crash missed).
import { periodFromKey } from "../domain/periods.js";
import { chartTargetById } from "../domain/chart-figures.js";
import { chartWardName } from "../chart/series.js";
import { formatDateShort, todayInVietnam } from "../domain/vn.js";
import { brokenArchiveMessage, issuedBytes, issuedHeader } from "../store/issued-reports.js";
import { docxOpens } from "../report/docx-check.js";
import { text, type Effect, type Outbound } from "../conversation/types.js";
import { enqueue, type IssuedDocument } from "../outbox/sender.js";
import type { Logger } from "../log.js";
import { takesFile, type Channel } from "../channels/channel.js";
import type { EffectRunner } from "./bot-app.js";
import { BuilderUnavailable, type ReportBuilder } from "./report-builder.js";
import { archiveBuilt, type IssuedReport, type ReportDeps, type ReportRequest } from "./reports.js";
import { keepPhoto } from "./photos.js";

/** Signed, expiring links to files, for channels that cannot receive documents (src/http/file-links.ts). */
export interface DocumentLinks {
  linkForReport(reportId: number): { url: string; expiresAt: Date };
  shareFile(file: { fileName: string; contentType: string; bytes: Buffer }): { url: string; expiresAt: Date };
}

export const NO_LINKS = "⚠️ Kênh này không nhận được tệp, và bot chưa có địa chỉ công khai (PUBLIC_BASE_URL) để gửi liên kết tải. Xin nhận tệp trên ứng dụng khác đã liên kết (gõ /guilai ở đó) hoặc báo Văn phòng UBND phường.";

/** The text that replaces a document on a channel without documents: the caption and a link to the file. */
export function documentAsLink(message: Outbound | IssuedDocument, links: DocumentLinks | undefined): Outbound {
  if (message.type === "text") return message;
  if (!links) return text(`${message.caption ? `${message.caption}\n\n` : ""}${NO_LINKS}`);
  const link = message.type === "issued"
    ? links.linkForReport(message.reportId)
    : links.shareFile({ fileName: message.fileName, contentType: contentTypeOf(message.fileName), bytes: message.bytes });
  const until = `${formatTimeVn(link.expiresAt)} ngày ${formatDateShort(todayInVietnam(link.expiresAt))}`;
  return text(`${message.caption ? `${message.caption}\n\n` : ""}📥 Tải tệp tại: ${link.url}\n(Liên kết dùng được đến ${until}.)`);
}

function contentTypeOf(fileName: string): string {
  if (fileName.endsWith(".csv")) return "text/csv; charset=utf-8";
  if (fileName.endsWith(".xlsx")) return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  if (fileName.endsWith(".png")) return "image/png";
  if (fileName.endsWith(".docx")) return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
  return "application/octet-stream";
}

/** "14:05" in Vietnam's time. */
function formatTimeVn(d: Date): string {
  return new Intl.DateTimeFormat("vi-VN", { timeZone: "Asia/Ho_Chi_Minh", hour: "2-digit", minute: "2-digit", hour12: false }).format(d);
}

export interface EffectDeps extends ReportDeps {
  log: Logger;
  /** Signed links for channels without documents; undefined without PUBLIC_BASE_URL. */
  links?: DocumentLinks;
  builder: ReportBuilder;
  /** Awaited before each build (tests hold builds with it). */
  beforeBuild?(req: ReportRequest): Promise<void>;
  /** The data folder, where photos are kept; undefined for an in-memory database. */
  dataDir?: string;
}

export const REPORT_BUSY = "⏳ Báo cáo trước của anh/chị đang được lập, xin chờ nhận xong rồi hãy yêu cầu báo cáo khác.";
export const EXPORT_BUSY = "⏳ Bản xuất số liệu trước của anh/chị đang được lập, xin chờ nhận xong rồi hãy xuất tiếp.";
export const REPORTS_FULL = "⏳ Bot đang lập nhiều báo cáo cùng lúc nên chưa nhận thêm được. Xin gửi lại yêu cầu sau ít phút.";

/** The effects run after the event's commit: only photos (the rest are jobs). */
export function createEffectRunner(deps: Pick<EffectDeps, "db" | "log" | "clock" | "dataDir">): EffectRunner {
  return async (effect, ctx) => {
    if (effect.type !== "photo") throw new Error(`effect ${effect.type} is a job, not run after the event`);
    // Nothing to tell the person: the entry is saved either way (see photos.ts).
    // The app filled in the new entry's number (apply-writes fillRefs) before any effect runs.
    if (typeof effect.entryId !== "number") throw new Error(`photo effect with an unfilled entry ref ${effect.entryId.ref}`);
    await keepPhoto({ db: deps.db, log: deps.log, clock: deps.clock, dataDir: deps.dataDir }, ctx.channel, { entryId: effect.entryId, fileId: effect.fileId });
  };
}

/** The effects that are durable jobs. */
export type JobEffect = Exclude<Effect, { type: "photo" }>;

/**
 * What a job's work commits, in one transaction with marking the job done: the caller's `finish`
 * throws when the job is no longer running (another run finished it), which rolls back the
 * archive and the queued document, so each is made once.
 */
export interface JobContext {
  id: number; channel: Channel; chatId: string; eventId: string;
  /** When the job was asked for: a rebuild after a crash dates the report as the first build would. */
  askedAt: Date;
  finish(resultRef: number | null): void;
}

/** A request that cannot succeed however often it is tried; the person gets the apology once. */
export class JobRefused extends Error {}

/** A build that throws would throw again: refused, unless the builder itself was unavailable. */
async function ownFailure<T>(build: () => Promise<T>): Promise<T> {
  try {
    return await build();
  } catch (err) {
    if (err instanceof BuilderUnavailable) throw err;
    throw new JobRefused(err instanceof Error ? err.message : String(err), { cause: err });
  }
}

/** Does one job: builds what it needs (outside any transaction), then commits it with `finish`. */
export async function doJob(deps: EffectDeps, effect: JobEffect, job: JobContext): Promise<void> {
  const { db, log, clock } = deps;
  // Every document goes out through the outbox (kind "document": retried on 429/5xx, never held by
  // the quiet hours). Its key is the job's: queued once however often the job is run.
  const queue = (message: Outbound | IssuedDocument, kind: "document" | "reply") => {
    // Where documents (or pictures) cannot be sent (Zalo), the file goes as a signed, expiring link.
    // A channel may take some file types only (a CSV export on one that takes DOCX and PDF): those go as a link too.
    const caps = job.channel.capabilities;
    const asFile = message.type === "document" ? takesFile(caps, message.fileName) : message.type === "image" ? caps.images === true : caps.documents;
    const m = kind === "reply" || asFile ? message : documentAsLink(message, deps.links);
    return enqueue(db, { channel: job.channel.name, chatId: job.chatId, userId: effect.requestedBy, message: m, kind, dedupeKey: `job:${job.id}` }, clock());
  };
  const commit = (work: () => number | null) => db.$client.transaction(() => job.finish(work()))();

  if (effect.type === "resend") {
    commit(() => {
      const issued = issuedHeader(db, effect.reportId);
      if (!issued) return queue(text(`Không có báo cáo số ${effect.reportId}. Gõ /guilai để chọn.`), "reply");
      // "Byte for byte" must not mean resending a file Word refuses (e.g. a raw U+FFFE in a note).
      if (!docxOpens(issuedBytes(db, issued.id) ?? Buffer.alloc(0))) {
        return queue(text(brokenArchiveMessage(periodFromKey(issued.period, deps.cutoffDay)?.label ?? issued.period, issued.period)), "reply");
      }
      return queue({ type: "issued", reportId: issued.id,
        caption: `📑 Bản đã phát hành ngày ${formatDateShort(todayInVietnam(issued.createdAt))} (mã ${issued.fileHash.slice(0, 12)}), gửi lại đúng nguyên bản.` }, "document");
    });
    return;
  }
  const period = periodFromKey(effect.periodKey, deps.cutoffDay);
  if (!period) throw new JobRefused(`unknown period key ${effect.periodKey}`);
  if (effect.type === "export") {
    const span = { start: period.start, end: period.end, key: period.key, history: effect.history };
    const history = effect.history ? "-lich-su" : "";
    const name = `so-lieu-${period.key.replace("..", "_")}${history}`;
    const withHistory = history ? ", kèm lịch sử sửa" : "";
    // Written in the worker too (a ten-year export reads every value). Stored in the outbox row
    // itself: unlike a report, an export is not archived.
    if (effect.format === "csv") {
      const csv = await ownFailure(() => deps.builder.exportCsv(span));
      // Rows of the values table (the history, when asked, follows an empty line).
      const rows = Math.max(0, csv.trimEnd().split(/\r?\n\r?\n/)[0]!.split("\n").length - 1);
      commit(() => queue({ type: "document", fileName: `${name}.csv`, bytes: Buffer.from(csv, "utf8"),
        caption: `📤 Số liệu kỳ ${period.label}: ${rows} dòng${withHistory} (tệp CSV).` }, "document"));
      return;
    }
    const xlsx = await ownFailure(() => deps.builder.exportXlsx(span));
    commit(() => queue({ type: "document", fileName: `${name}.xlsx`, bytes: xlsx,
      caption: `📤 Số liệu kỳ ${period.label}: mỗi biểu mẫu một trang tính${withHistory} (mở bằng Excel). Cần tệp CSV: /xuat ${period.label} csv` }, "document"));
    return;
  }
  if (effect.type === "chart") {
    const target = chartTargetById(effect.target);
    if (!target) throw new JobRefused(`unknown chart ${effect.target}`);
    const unit = effect.unitCode ? deps.profile.units.find((u) => u.code === effect.unitCode) : undefined;
    const wardName = chartWardName(deps.profile, period, deps.cutoffDay);
    const query = { target, period, cutoffDay: deps.cutoffDay, today: todayInVietnam(clock()), wardName,
      ...(unit ? { unit: { code: unit.code, name: unit.name } } : {}) };
    const png = await ownFailure(() => deps.builder.chartPng(query));
    const who = unit?.name ?? wardName;
    commit(() => queue({ type: "image", fileName: `bieu-do-${target.id.replace(/[^a-z0-9_]+/g, "-")}-${period.key.replace("..", "_")}.png`, bytes: png,
      caption: `📈 ${target.title}, ${who}, theo ${period.kind === "month" ? "12 tháng đến " : ""}${period.label}.` }, "document"));
    return;
  }
  const req: ReportRequest = { periodKey: period.key, requestedBy: effect.requestedBy, channel: job.channel.name,
    ...(effect.number ? { number: effect.number } : {}), ...(effect.issuedOn ? { issuedOn: effect.issuedOn } : {}),
    ...(effect.typedKey ? { typedKey: effect.typedKey } : {}) };
  const started = performance.now();
  // The test hook stands for the build: what it throws counts as the build's own failure.
  const built = await ownFailure(async () => {
    await deps.beforeBuild?.(req);
    return deps.builder.build({ profile: deps.profile, templates: deps.templates, cutoffDay: deps.cutoffDay }, req, job.askedAt);
  });
  let report!: IssuedReport;
  // Archived, queued and marked done together: after a crash either all three happened or none.
  commit(() => {
    report = archiveBuilt(db, req, built, clock());
    queue({ type: "issued", reportId: report.id, caption: report.caption }, "document");
    return report.id;
  });
  log.info({ period: period.key, entries: report.data.entryCount, ms: Math.round(performance.now() - started), id: report.id }, "report issued");
}
