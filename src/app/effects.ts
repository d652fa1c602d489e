// Carries out the slow work the core asks for after the chat state is committed:
// compiling a report to DOCX, exporting a period as CSV.
import { periodFromKey } from "../domain/periods.js";
import { formatDateShort, todayInVietnam } from "../domain/vn.js";
import { issuedById } from "../store/issued-reports.js";
import { text } from "../conversation/types.js";
import { exportCsv } from "../data/export.js";
import type { Logger } from "../log.js";
import type { EffectRunner } from "./bot-app.js";
import { issueReport, type ReportDeps } from "./reports.js";

export function createEffectRunner(deps: ReportDeps & { log: Logger }): EffectRunner {
  return async (effect, { channel, send }) => {
    if (effect.type === "resend") {
      const issued = issuedById(deps.db, effect.reportId);
      if (!issued) { await send(text(`Không có báo cáo số ${effect.reportId}. Gõ /guilai để chọn.`)); return; }
      await send({ type: "document", fileName: issued.fileName, bytes: issued.bytes,
        caption: `📑 Bản đã phát hành ngày ${formatDateShort(todayInVietnam(issued.createdAt))} (mã ${issued.fileHash.slice(0, 12)}), gửi lại đúng nguyên bản.` });
      return;
    }
    const period = periodFromKey(effect.periodKey, deps.cutoffDay);
    if (!period) throw new Error(`unknown period key ${effect.periodKey}`);
    if (effect.type === "report") {
      await send(text(`⏳ Đang tổng hợp báo cáo ${period.label}…`));
      const started = Date.now();
      const report = await issueReport(deps, { periodKey: period.key, requestedBy: effect.requestedBy, channel: channel.name,
        number: effect.number, issuedOn: effect.issuedOn });
      deps.log.info({ period: period.key, entries: report.data.entryCount, ms: Date.now() - started, id: report.id }, "report issued");
      await send({ type: "document", fileName: report.fileName, bytes: report.bytes, caption: report.caption });
      return;
    }
    const csv = exportCsv(deps.db, period);
    const rows = Math.max(0, csv.trimEnd().split("\n").length - 1);
    await send({
      type: "document", fileName: `so-lieu-${period.key.replace("..", "_")}.csv`, bytes: Buffer.from(csv, "utf8"),
      caption: `📤 Số liệu kỳ ${period.label}: ${rows} dòng (mở bằng Excel).`,
    });
  };
}
