// The reports page: the archive of issued reports (each downloadable) and the form that asks for
// a new one through /baocao's rules and queue; a progress page follows the job.
import type { Db } from "../db/client.js";
import { stmt } from "../db/statements.js";
import { periodFromKey } from "../domain/periods.js";
import { numberUsedText } from "../domain/number-reuse.js";
import { formatDateShort, todayInVietnam } from "../domain/vn.js";
import { recentIssued } from "../store/issued-reports.js";
import { reportNumberUse } from "../store/report-numbers.js";
import type { PageReportForm } from "../conversation/web-report.js";
import { esc } from "./page.js";
import { vnDateTime } from "./board.js";

export const ARCHIVE_SHOWN = 50;

export function archiveHtml(db: Db, cutoffDay: number): string {
  const rows = recentIssued(db, ARCHIVE_SHOWN);
  if (rows.length === 0) return `<p>Chưa có báo cáo nào được lập.</p>`;
  return `<div class="scroll"><table id="luu-tru"><thead><tr><th scope="col">Kỳ</th><th scope="col">Lập lúc</th><th scope="col">Tệp</th></tr></thead><tbody>
${rows.map((r) => `<tr><td>${esc(periodFromKey(r.period, cutoffDay)?.label ?? r.period)}</td><td>${esc(vnDateTime(r.createdAt))}</td>
<td><a href="/web/bao-cao/${r.id}/tai" download>Tải ${esc(r.fileName)}</a></td></tr>`).join("\n")}
</tbody></table></div>`;
}

export interface FormState {
  form: PageReportForm;
  message?: string;
  cutChoices?: { value: string; label: string }[];
  cutLines?: string[];
  canBlank?: boolean;
}

export function reportFormHtml(s: FormState, csrf: string, today: string): string {
  const f = s.form;
  const cut = s.cutChoices ? `<fieldset><legend>Kỳ chỉ chứa một phần của một số tháng</legend>
<ul class="small">${(s.cutLines ?? []).map((l) => `<li>${esc(l.replace(/^•\s*/, ""))}</li>`).join("")}</ul>
${s.cutChoices.map((x, i) => `<label><input type="radio" name="cat" value="${esc(x.value)}"${i === 0 ? " required" : ""}> ${esc(x.label)}</label>`).join("")}
</fieldset>` : "";
  return `${s.message ? `<p class="msg err" role="alert">${esc(s.message)}</p>` : ""}
<form method="post" action="/web/bao-cao" class="stack" id="lap-bao-cao">
<input type="hidden" name="csrf" value="${esc(csrf)}">
<label for="ky">Kỳ báo cáo<input id="ky" name="ky" required value="${esc(f.period)}" placeholder="tháng 2/2025, quý 1/2025, năm 2024"></label>
<label for="so">Số văn bản (để trống để văn thư điền)<input id="so" name="so" inputmode="numeric" value="${esc(f.number)}" placeholder="35"></label>
<label for="ngay">Ngày ban hành (để trống: ngày lập)<input id="ngay" name="ngay" value="${esc(f.issuedOn)}" placeholder="${esc(formatDateShort(today))}"></label>
<label for="cancu">Căn cứ riêng của loại báo cáo này (mỗi dòng một căn cứ; để trống giữ như cũ)<textarea id="cancu" name="cancu">${esc(f.basis)}</textarea></label>
<label for="nhiemvu">Nhiệm vụ kỳ tới (mỗi dòng một việc; để trống giữ như cũ)<textarea id="nhiemvu" name="nhiemvu">${esc(f.tasks)}</textarea></label>
${cut}
${s.canBlank ? `<label><input type="checkbox" name="trong" value="1"> Vẫn lập một báo cáo trống</label>` : ""}
<button type="submit">Lập báo cáo</button>
</form>`;
}

export interface JobView {
  id: number; status: string; periodKey: string; reportId: number | null; error: string | null;
  /** The document number and issue date asked for (none: left for the records office, the build date). */
  number: string | null; issuedOn: string | null; createdAt: number;
}

/** A report job of this person (a job of someone else is none). */
export function reportJob(db: Db, jobId: number, userId: number): JobView | undefined {
  const row = stmt<[number, number], { id: number; status: string; effectJson: string; reportId: number | null; error: string | null; createdAt: number }>(db,
    `select id, status, effect_json as effectJson, result_ref as reportId, last_error as error, created_at as createdAt from jobs
     where id = ? and user_id = ? and kind = 'report'`).get(jobId, userId);
  if (!row) return undefined;
  let e: { periodKey?: unknown; number?: unknown; issuedOn?: unknown } = {};
  try { e = JSON.parse(row.effectJson) as typeof e; } catch { /* shown without its period */ }
  return { id: row.id, status: row.status, periodKey: String(e.periodKey ?? ""), reportId: row.reportId, error: row.error,
    number: typeof e.number === "string" ? e.number : null, issuedOn: typeof e.issuedOn === "string" ? e.issuedOn : null, createdAt: row.createdAt };
}

/** /baocao's warning on the progress page: the job's number already given to a report of another period that year. */
function numberUsedHtml(db: Db, j: JobView, cutoffDay: number): string {
  if (!j.number) return "";
  const year = Number((j.issuedOn ?? todayInVietnam(new Date(j.createdAt))).slice(0, 4));
  const use = reportNumberUse(db, j.number, year, j.periodKey);
  return use ? `<p class="msg err" role="alert" id="so-da-dung">${esc(numberUsedText(j.number, year, use, cutoffDay, "lập lại với số khác"))}</p>\n` : "";
}

export function progressHtml(db: Db, j: JobView, cutoffDay: number): string {
  return numberUsedHtml(db, j, cutoffDay) + progressLine(j, cutoffDay);
}

function progressLine(j: JobView, cutoffDay: number): string {
  const label = periodFromKey(j.periodKey, cutoffDay)?.label ?? j.periodKey;
  if (j.status === "done" && j.reportId !== null) {
    return `<p class="msg" role="status" id="tien-do" data-status="done">Đã lập xong báo cáo ${esc(label)}. Bản này cũng được gửi cho bạn trong ứng dụng chat.</p>
<p><a class="button" id="tai-bao-cao" href="/web/bao-cao/${j.reportId}/tai" download>Tải báo cáo (DOCX)</a></p>`;
  }
  if (j.status === "failed") return `<p class="msg err" role="status" id="tien-do" data-status="failed">Không lập được báo cáo ${esc(label)}. Xin thử lại, hoặc gõ /baocao trong bot.</p>`;
  const state = j.status === "running" ? "đang tổng hợp" : "đang chờ đến lượt";
  return `<p class="msg" role="status" id="tien-do" data-status="${esc(j.status)}">Báo cáo ${esc(label)} ${state}… Trang tự tải lại sau vài giây.</p>
<p class="noprint"><a href="/web/bao-cao/tien-do/${j.id}">Tải lại ngay</a></p>`;
}
