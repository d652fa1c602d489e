// The completeness board: one page per period, units down the side, forms across the top; each
// cell reported (who, when), "không phát sinh", returned (why) or missing. The rule of what
// counts is the store's (checkCompleteness, the ledger's counting); this only adds who and when.
import type { Db } from "../db/client.js";
import { stmt } from "../db/statements.js";
import { formById, type FormId } from "../domain/catalogue.js";
import type { Period } from "../domain/periods.js";
import type { WardProfile } from "../domain/profile.js";
import { formatDateShort, VN_OFFSET_MS } from "../domain/vn.js";
import { COUNTED_IN } from "../ledger/read.js";
import { openReturns } from "../ledger/review.js";
import { checkCompleteness, isDone } from "../store/completeness.js";
import { esc } from "./page.js";

export type Cell =
  | { state: "reported"; who: string; at: Date; entries: number }
  | { state: "nil"; who: string; at: Date }
  | { state: "returned"; reason: string; by: string }
  | { state: "missing" }
  | { state: "not-owed" };

export interface Board {
  period: Period;
  forms: { id: FormId; title: string }[];
  units: { code: string; name: string; done: boolean; cells: Record<string, Cell> }[];
  reported: number;
  total: number;
}

/** The board of a month; `unitCode` limits it to one unit (a reporter's own). */
export function boardOf(db: Db, profile: WardProfile, period: Period, unitCode?: string): Board {
  const done = checkCompleteness(db, profile, period);
  const units = done.units.filter((u) => unitCode === undefined || u.code === unitCode);
  const formIds = [...new Set(units.flatMap((u) => u.owed))];
  const span = { start: period.start, end: period.end };
  const latest = new Map<string, { who: string; at: number; n: number; nil: boolean }>();
  const rows = stmt<[typeof span], { k: string; source: string; who: string | null; at: number }>(db,
    `select e.unit_code || '|' || e.form_id as k, e.source, coalesce(u.name, case e.source when 'import' then 'nhập từ tệp' end) as who,
       e.created_at as at from entries e left join users u on u.id = e.reporter_id
     where e.status <> 'deleted' and ${COUNTED_IN} order by e.created_at`).all(span);
  for (const r of rows) {
    const prev = latest.get(r.k);
    // Figures beat a "không phát sinh" of the same form; the latest filing names who and when.
    const nil = r.source === "nil";
    if (prev && !prev.nil && nil) continue;
    latest.set(r.k, { who: r.who ?? "không rõ", at: r.at, n: (prev && !prev.nil ? prev.n : 0) + (nil ? 0 : 1), nil });
  }
  const nils = stmt<[string], { k: string; who: string | null; at: number }>(db,
    `select n.unit_code || '|' || n.form_id as k, u.name as who, n.created_at as at from nil_reports n
     left join users u on u.id = n.reporter_id where n.period = ?`).all(period.key);
  for (const r of nils) if (!latest.has(r.k)) latest.set(r.k, { who: r.who ?? "không rõ", at: r.at, n: 0, nil: true });
  const returns = openReturns(db, span);
  return {
    period,
    forms: formIds.map((id) => ({ id, title: formById(id)?.title ?? id })),
    reported: unitCode === undefined ? done.reported : units.filter(isDone).length,
    total: units.length,
    units: units.map((u) => ({
      code: u.code, name: u.name, done: isDone(u),
      cells: Object.fromEntries(formIds.map((f): [string, Cell] => {
        if (!u.owed.includes(f)) return [f, { state: "not-owed" }];
        const back = returns.find((r) => r.unitCode === u.code && r.formId === f);
        if (back) return [f, { state: "returned", reason: back.reason, by: back.returnedBy ?? "lãnh đạo" }];
        const hit = latest.get(`${u.code}|${f}`);
        if (!hit || u.missing.includes(f)) return [f, { state: "missing" }];
        return [f, hit.nil ? { state: "nil", who: hit.who, at: new Date(hit.at) } : { state: "reported", who: hit.who, at: new Date(hit.at), entries: hit.n }];
      })),
    })),
  };
}

/** "05/02/2025 14:30", Vietnamese time. */
export function vnDateTime(d: Date): string {
  const t = new Date(d.getTime() + VN_OFFSET_MS).toISOString();
  return `${formatDateShort(t.slice(0, 10))} ${t.slice(11, 16)}`;
}

function cellHtml(c: Cell): string {
  switch (c.state) {
    case "reported": return `<td class="ok"><span class="st">Đã báo cáo</span><span class="small">${esc(c.who)}, ${esc(vnDateTime(c.at))}${c.entries > 1 ? ` · ${c.entries} bản ghi` : ""}</span></td>`;
    case "nil": return `<td class="nil"><span class="st">Không phát sinh</span><span class="small">${esc(c.who)}, ${esc(vnDateTime(c.at))}</span></td>`;
    case "returned": return `<td class="ret"><span class="st">Bị trả lại</span><span class="small">Lý do: ${esc(c.reason)} (${esc(c.by)})</span></td>`;
    case "missing": return `<td class="miss"><span class="st">Chưa báo cáo</span></td>`;
    case "not-owed": return `<td><span class="small">Không phải nộp</span></td>`;
  }
}

/** Days from today to the period's last day (0 on the day itself), negative once it is over. */
export function daysToClose(period: Period, today: string): number {
  return Math.round((Date.parse(`${period.end}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}

export function boardHtml(b: Board, today: string, periods: Period[]): string {
  const left = daysToClose(b.period, today);
  const close = left > 0 ? `Còn ${left} ngày đến hết kỳ (ngày ${formatDateShort(b.period.end)}).`
    : left === 0 ? `Hôm nay là ngày cuối kỳ (${formatDateShort(b.period.end)}).` : `Kỳ đã kết thúc ngày ${formatDateShort(b.period.end)}.`;
  const pick = `<form method="get" action="/web" class="filters">
<label for="ky">Kỳ<select id="ky" name="ky">${periods.map((p) => `<option value="${esc(p.key)}"${p.key === b.period.key ? " selected" : ""}>${esc(p.label)}</option>`).join("")}</select></label>
<button type="submit">Xem kỳ này</button></form>`;
  const table = b.units.length === 0 ? `<p>Không có đơn vị nào phải báo cáo trong kỳ này.</p>` : `<div class="scroll"><table id="bang-tien-do">
<caption class="small">Đơn vị theo hàng, biểu mẫu theo cột.</caption>
<thead><tr><th scope="col">Đơn vị</th>${b.forms.map((f) => `<th scope="col">${esc(f.title)}</th>`).join("")}</tr></thead>
<tbody>${b.units.map((u) => `<tr data-unit="${esc(u.code)}"><th scope="row">${esc(u.name)}<span class="small st">${u.done ? "Đủ" : "Chưa đủ"}</span></th>${b.forms.map((f) => cellHtml(u.cells[f.id]!)).join("")}</tr>`).join("\n")}</tbody>
</table></div>`;
  return `${pick}
<p class="summary"><strong id="so-don-vi">${b.reported}/${b.total}</strong> đơn vị đã báo cáo đủ kỳ ${esc(b.period.label)}. ${esc(close)}</p>
${table}`;
}
