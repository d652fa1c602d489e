// The entries list: a period's entries by unit and form, each with its figures, who filed it, on
// which app, its photos and its whole revision history (who, when, why, old → new). Leaders and
// the office see a "Trả lại" form on each entry that can still be returned (the /xem rules).
import type { Db } from "../db/client.js";
import { stmt } from "../db/statements.js";
import { formById, metricByKey, metricIndex } from "../domain/catalogue.js";
import type { Period } from "../domain/periods.js";
import { formatDateShort, formatVnNumber } from "../domain/vn.js";
import { COUNTED_IN } from "../ledger/read.js";
import { esc } from "./page.js";
import { vnDateTime } from "./board.js";

export interface EntryView {
  id: number;
  unitCode: string;
  unitName: string;
  formId: string;
  activityDate: string;
  period: string;
  source: string;
  status: string;
  who: string | null;
  /** The app the entry was filed from (entries.channel), null for an import or a row from before 0016. */
  channel: string | null;
  createdAt: Date;
  values: Record<string, number>;
  returnReason: string | null;
  photos: number[];
  revisions: RevisionView[];
}

export interface RevisionView {
  revision: number;
  action: string;
  by: string | null;
  at: Date;
  reason: string | null;
  before: Record<string, number>;
  after: Record<string, number> | null;
  dateBefore: string;
  dateAfter: string | null;
}

/** The most entries one page lists: a month of one ward fits; more asks for a narrower filter. */
export const ENTRIES_SHOWN = 200;

export function entriesOf(db: Db, f: { period: Period; unitCode?: string; formId?: string }): { entries: EntryView[]; total: number } {
  const p = { start: f.period.start, end: f.period.end, unit: f.unitCode ?? null, form: f.formId ?? null, limit: ENTRIES_SHOWN };
  const where = `e.status <> 'deleted' and ${COUNTED_IN} and (@unit is null or e.unit_code = @unit) and (@form is null or e.form_id = @form)`;
  const total = stmt<[typeof p], { n: number }>(db, `select count(*) as n from entries e where ${where}`).get(p)?.n ?? 0;
  const rows = stmt<[typeof p], { id: number; unitCode: string; unitName: string; formId: string; activityDate: string; period: string; source: string;
    status: string; who: string | null; channel: string | null; createdAt: number; returnReason: string | null }>(db,
    `select e.id, e.unit_code as unitCode, coalesce(n.name, e.unit_code) as unitName, e.form_id as formId, e.activity_date as activityDate,
       e.period, e.source, e.status, u.name as who, e.created_at as createdAt, e.return_reason as returnReason, e.channel
     from entries e left join users u on u.id = e.reporter_id left join units n on n.code = e.unit_code
     where ${where} order by e.activity_date desc, e.id desc limit @limit`).all(p);
  const values = stmt<[number], { metric: string; value: number }>(db, "select metric, value from entry_values where entry_id = ?");
  const photos = stmt<[number], { id: number }>(db, "select id from entry_photos where entry_id = ? order by id");
  const revisions = stmt<[number], { revision: number; action: string; by: string | null; at: number; reason: string | null; before: string; after: string | null;
    dateBefore: string; dateAfter: string | null }>(db,
    `select r.revision, r.action, u.name as by, r.changed_at as at, r.reason, r.values_json as before, r.new_values_json as after,
       r.activity_date as dateBefore, r.new_activity_date as dateAfter
     from entry_revisions r left join users u on u.id = r.changed_by where r.entry_id = ? order by r.revision, r.id`);
  const entries = rows.map((r): EntryView => ({
    ...r, createdAt: new Date(r.createdAt),
    values: Object.fromEntries(values.all(r.id).map((v) => [v.metric, v.value])),
    photos: photos.all(r.id).map((x) => x.id),
    revisions: revisions.all(r.id).map((x) => ({ ...x, at: new Date(x.at), before: parseValues(x.before), after: x.after === null ? null : parseValues(x.after) })),
  }));
  return { entries, total };
}

function parseValues(json: string): Record<string, number> {
  try {
    const v = JSON.parse(json) as unknown;
    return v && typeof v === "object" ? Object.fromEntries(Object.entries(v).filter(([, n]) => typeof n === "number")) as Record<string, number> : {};
  } catch {
    return {};
  }
}

const metricLabel = (k: string) => metricByKey(k)?.label ?? k;
const figure = (k: string, v: number) => `${formatVnNumber(v)} ${metricByKey(k)?.unit ?? ""}`.trim();
const byCatalogue = (a: string, b: string) => (metricIndex(a) ?? 0) - (metricIndex(b) ?? 0);

const ACTIONS: Record<string, string> = { edit: "Sửa", delete: "Rút lại", return: "Trả lại", restore: "Khôi phục", migrate: "Chuyển đổi dữ liệu" };
const STATUS: Record<string, string> = { active: "Đang tính", returned: "Bị trả lại, chờ đơn vị sửa" };
const SOURCE: Record<string, string> = { chat: "nhập qua bot", import: "nhập từ tệp", nil: "báo không phát sinh" };

/** "Zalo", "Telegram · báo không phát sinh", "nhập từ tệp"; an old chat row without its app says so. */
function appText(e: EntryView, appLabel: (c: string) => string): string {
  if (e.source === "import") return SOURCE.import!;
  const how = e.source === "nil" ? ` · ${SOURCE.nil}` : "";
  return e.channel ? `${appLabel(e.channel)}${how}` : `${SOURCE[e.source] ?? e.source}, không rõ ứng dụng`;
}

function revisionHtml(r: RevisionView): string {
  const keys = [...new Set([...Object.keys(r.before), ...Object.keys(r.after ?? {})])].sort(byCatalogue);
  const changes = keys.filter((k) => r.after === null || r.before[k] !== r.after[k])
    .map((k) => `${esc(metricLabel(k))}: ${esc(r.before[k] === undefined ? "—" : figure(k, r.before[k]!))} → ${esc(r.after === null || r.after[k] === undefined ? "—" : figure(k, r.after[k]!))}`);
  if (r.dateAfter && r.dateAfter !== r.dateBefore) changes.push(`Ngày: ${esc(formatDateShort(r.dateBefore))} → ${esc(formatDateShort(r.dateAfter))}`);
  return `<li><strong>${esc(ACTIONS[r.action] ?? r.action)}</strong> — ${esc(r.by ?? "không rõ")}, ${esc(vnDateTime(r.at))}${r.reason ? `, lý do: ${esc(r.reason)}` : ""}${changes.length ? `<br><span class="small">${changes.join("; ")}</span>` : ""}</li>`;
}

export function entryHtml(e: EntryView, o: { canReturn: boolean; csrf: string; filter: string; appLabel: (c: string) => string; photos: boolean }): string {
  const title = formById(e.formId)?.title ?? e.formId;
  const figures = Object.keys(e.values).sort(byCatalogue).map((k) => `<dt>${esc(metricLabel(k))}</dt><dd>${esc(figure(k, e.values[k]!))}</dd>`).join("");
  const returnable = o.canReturn && e.status === "active" && e.source !== "import";
  return `<article class="entry" id="ban-ghi-${e.id}" data-entry="${e.id}">
<h2>Số ${e.id}: ${esc(title)} — ${esc(e.unitName)}</h2>
<dl>
<dt>Ngày</dt><dd>${esc(formatDateShort(e.activityDate))}</dd>
<dt>Trạng thái</dt><dd>${esc(STATUS[e.status] ?? e.status)}${e.status === "returned" && e.returnReason ? ` (lý do: ${esc(e.returnReason)})` : ""}</dd>
<dt>Người nhập</dt><dd>${esc(e.who ?? (e.source === "import" ? "nhập từ tệp" : "không rõ"))}, ${esc(vnDateTime(e.createdAt))}</dd>
<dt>Ứng dụng</dt><dd class="app">${esc(appText(e, o.appLabel))}</dd>
${figures || `<dt>Số liệu</dt><dd>${e.source === "nil" ? "không phát sinh" : "toàn số 0"}</dd>`}
</dl>
${o.photos && e.photos.length ? `<p>${e.photos.map((id, i) => `<a href="/web/anh/${id}"><img src="/web/anh/${id}" alt="Ảnh ${i + 1} của bản ghi số ${e.id}" loading="lazy"></a>`).join(" ")}</p>` : ""}
<details${e.revisions.length ? "" : " hidden"}><summary>Lịch sử thay đổi (${e.revisions.length})</summary><ol>${e.revisions.map(revisionHtml).join("")}</ol></details>
${returnable ? `<form method="post" action="/web/muc/${e.id}/tra-lai" class="noprint">
<input type="hidden" name="csrf" value="${esc(o.csrf)}"><input type="hidden" name="quay-lai" value="${esc(o.filter)}">
<label for="ly-do-${e.id}">Lý do trả lại bản ghi số ${e.id}</label>
<input id="ly-do-${e.id}" name="ly-do" required minlength="3" maxlength="300" autocomplete="off">
<button type="submit">Trả lại</button></form>` : ""}
</article>`;
}
