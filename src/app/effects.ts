// Carries out the slow work the core asks for after the chat state is committed: a report
// (built in a worker, archived once, delivered through the outbox), a report sent again (a new
// outbox row pointing at the same archive), a CSV export (written in a worker, stored in the
// outbox row).
import { periodFromKey } from "../domain/periods.js";
import { formatDateShort, todayInVietnam } from "../domain/vn.js";
import { brokenArchiveMessage, issuedBytes, issuedHeader } from "../store/issued-reports.js";
import { docxOpens } from "../report/docx-check.js";
import { text, type Effect, type Outbound } from "../conversation/types.js";
import { enqueue, type IssuedDocument } from "../outbox/sender.js";
import type { Logger } from "../log.js";
import type { Channel } from "../channels/channel.js";
import type { EffectRunner } from "./bot-app.js";
import type { ReportBuilder } from "./report-builder.js";
import type { ReportQueue } from "./report-queue.js";
import { archiveBuilt, type ReportDeps, type ReportRequest } from "./reports.js";
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
  reports: ReportQueue;
  /** Called after a document row is committed, so the outbox sends it at once. */
  wakeOutbox(): void;
  /** Awaited before each build (tests hold builds with it to fill the queue). */
  beforeBuild?(req: ReportRequest): Promise<void>;
  /** The data folder, where photos are kept; undefined for an in-memory database. */
  dataDir?: string;
}

export const REPORT_BUSY = "⏳ Báo cáo trước của anh/chị đang được lập, xin chờ nhận xong rồi hãy yêu cầu báo cáo khác.";
export const EXPORT_BUSY = "⏳ Bản xuất số liệu trước của anh/chị đang được lập, xin chờ nhận xong rồi hãy xuất tiếp.";
export const REPORTS_FULL = "⏳ Bot đang lập nhiều báo cáo cùng lúc nên chưa nhận thêm được. Xin gửi lại yêu cầu sau ít phút.";

export function createEffectRunner(deps: EffectDeps): EffectRunner {
  const { db, log, clock } = deps;
  // Every document goes out through the outbox: retried on 429/5xx, marked unreachable on 403,
  // never held by the quiet hours (kind "document"). The key is unique per request:
  // an archived report's id, or the event and the time (Telegram may reuse update ids after a
  // quiet week, and a clash would silently drop the document).
  const queueDocument = (ctx: { channel: Channel; chatId: string; eventId: string }, effect: Exclude<Effect, { type: "photo" }>, document: Outbound | IssuedDocument) => {
    const unique = document.type === "issued" && effect.type === "report" ? `${document.reportId}` : `${ctx.eventId}:${clock().getTime()}`;
    // Where documents cannot be sent (Zalo), the file goes as a signed, expiring link.
    const message = ctx.channel.capabilities.documents ? document : documentAsLink(document, deps.links);
    const id = enqueue(db, { channel: ctx.channel.name, chatId: ctx.chatId, userId: effect.requestedBy, message, kind: "document",
      dedupeKey: `reply:${effect.type}:${ctx.channel.name}:${ctx.chatId}:${unique}` }, clock());
    if (id === null) log.warn({ effect: effect.type, eventId: ctx.eventId }, "document already queued for this request; not queued again");
  };

  return async (effect, ctx) => {
    const { channel, send } = ctx;
    if (effect.type === "photo") {
      // Nothing to tell the person: the entry is saved either way (see photos.ts).
      // The app filled in the new entry's number (apply-writes fillRefs) before any effect runs.
      if (typeof effect.entryId !== "number") throw new Error(`photo effect with an unfilled entry ref ${effect.entryId.ref}`);
      await keepPhoto({ db, log, clock, dataDir: deps.dataDir }, channel, { entryId: effect.entryId, fileId: effect.fileId });
      return;
    }
    if (effect.type === "resend") {
      const issued = issuedHeader(db, effect.reportId);
      if (!issued) { await send(text(`Không có báo cáo số ${effect.reportId}. Gõ /guilai để chọn.`)); return; }
      // "Byte for byte" must not mean resending a file Word refuses (e.g. a raw U+FFFE in a note).
      if (!docxOpens(issuedBytes(db, issued.id) ?? Buffer.alloc(0))) {
        await send(text(brokenArchiveMessage(periodFromKey(issued.period, deps.cutoffDay)?.label ?? issued.period, issued.period)));
        return;
      }
      queueDocument(ctx, effect, { type: "issued", reportId: issued.id,
        caption: `📑 Bản đã phát hành ngày ${formatDateShort(todayInVietnam(issued.createdAt))} (mã ${issued.fileHash.slice(0, 12)}), gửi lại đúng nguyên bản.` });
      deps.wakeOutbox();
      return;
    }
    const period = periodFromKey(effect.periodKey, deps.cutoffDay);
    if (!period) throw new Error(`unknown period key ${effect.periodKey}`);
    if (effect.type === "export") {
      // Written in the worker too (a ten-year export reads every value); one at a time per person.
      const admission = deps.reports.submit(`export:${effect.requestedBy}`, async () => {
        const csv = await deps.builder.exportCsv({ start: period.start, end: period.end, key: period.key, history: effect.history });
        // Rows of the values table (the history, when asked, follows an empty line).
        const rows = Math.max(0, csv.trimEnd().split(/\r?\n\r?\n/)[0]!.split("\n").length - 1);
        // Stored in the outbox row itself: unlike a report, an export is not archived.
        const history = effect.history ? "-lich-su" : "";
        queueDocument(ctx, effect, { type: "document", fileName: `so-lieu-${period.key.replace("..", "_")}${history}.csv`, bytes: Buffer.from(csv, "utf8"),
          caption: `📤 Số liệu kỳ ${period.label}: ${rows} dòng${history ? ", kèm lịch sử sửa" : ""} (mở bằng Excel).` });
        deps.wakeOutbox();
      });
      if (admission.status === "busy") await send(text(EXPORT_BUSY));
      else if (admission.status === "full") await send(text(REPORTS_FULL));
      else await admission.done;
      return;
    }

    const req: ReportRequest = { periodKey: period.key, requestedBy: effect.requestedBy, channel: channel.name,
      ...(effect.number ? { number: effect.number } : {}), ...(effect.issuedOn ? { issuedOn: effect.issuedOn } : {}),
      ...(effect.typedKey ? { typedKey: effect.typedKey } : {}) };
    const askedAt = clock();
    // Decided before anything is awaited, so two requests of one leader cannot both get in.
    let toldDone!: () => void;
    const told = new Promise<void>((r) => { toldDone = r; });
    const admission = deps.reports.submit(String(effect.requestedBy), async () => {
      await told; // "đang tổng hợp" is queued first, so the outbox's per-chat order sends it before the document
      await deps.beforeBuild?.(req);
      const started = performance.now();
      const built = await deps.builder.build({ profile: deps.profile, templates: deps.templates, cutoffDay: deps.cutoffDay }, req, askedAt);
      const report = db.$client.transaction(() => {
        const r = archiveBuilt(db, req, built, clock());
        queueDocument(ctx, effect, { type: "issued", reportId: r.id, caption: r.caption });
        return r;
      })();
      deps.wakeOutbox();
      log.info({ period: period.key, entries: report.data.entryCount, ms: Math.round(performance.now() - started), id: report.id }, "report issued");
    });
    if (admission.status === "busy") { await send(text(REPORT_BUSY)); return; }
    if (admission.status === "full") { await send(text(REPORTS_FULL)); return; }
    const waiting = admission.ahead > 0 ? ` (đang chờ sau ${admission.ahead} báo cáo khác)` : "";
    void send(text(`⏳ Đang tổng hợp báo cáo ${period.label}…${waiting}`))
      .catch((err: unknown) => log.warn({ err, eventId: ctx.eventId }, "could not send the 'đang tổng hợp' message"))
      .finally(toldDone);
    await admission.done;
  };
}
