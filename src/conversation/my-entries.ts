// /cuatoi: the entries of the person's unit this month and last, each of which can be withdrawn
// while its month is open (a wrong figure is withdrawn, then filed again with /nhap).
import { formById, metricByKey, METRICS } from "../domain/catalogue.js";
import { monthOf, periodFromKey, previousPeriod } from "../domain/periods.js";
import { formatDateShort, formatVnNumber } from "../domain/vn.js";
import { keepForm, reply, type StepResult, type UserContext } from "./command-types.js";
import type { EntryLine } from "./ports.js";
import { text } from "./types.js";

const SHOWN = 10;
/** Figures in the order the form asks them. */
const METRIC_ORDER = new Map(METRICS.map((m, i) => [m.key, i]));

/** One line of the list, numbered by its position: the number typed (or shown by a no-button channel) picks it. */
function describeEntry(e: EntryLine, position: number): string {
  return `${position}. ${entryText(e)}${e.status === "returned" ? ` (↩️ lãnh đạo trả lại: ${e.returnReason ?? ""})` : ""}`;
}

function entryText(e: EntryLine): string {
  const title = formById(e.formId)?.title ?? e.formId;
  if (e.source === "nil") return `${title}: không phát sinh`;
  const figures = Object.entries(e.values).filter(([, v]) => v !== 0)
    .sort(([a], [b]) => (METRIC_ORDER.get(a) ?? 0) - (METRIC_ORDER.get(b) ?? 0))
    .map(([k, v]) => `${formatVnNumber(v)} ${metricByKey(k)?.unit ?? ""}`.trim());
  return `${formatDateShort(e.activityDate)}, ${title}: ${figures.length ? figures.join(", ") : "toàn số 0"}`;
}

/** The unit's entries of this month and last, newest first. */
function recentEntries(c: UserContext): EntryLine[] {
  const month = monthOf(c.today, c.services.cutoffDay);
  const months = [month.key, previousPeriod(month, c.services.cutoffDay)?.key].filter((k): k is string => Boolean(k));
  return c.services.entriesOfUnit(c.user.unitCode, months, SHOWN);
}

export function cuatoiCommand(c: UserContext): StepResult {
  const [action = "", idText = ""] = c.args.trim().split(":");
  const id = Number(idText);
  if (action === "xoa" && Number.isInteger(id)) {
    const entry = recentEntries(c).find((e) => e.id === id);
    const what = entry ? ` (${entryText(entry)})` : "";
    return reply(keepForm(c.state), text(`Rút lại bản ghi số ${id}${what}? Số liệu của bản ghi này sẽ không được tính vào báo cáo.`, [
      { id: `cmd:cuatoi:xoa!:${id}`, label: "🗑 Rút lại" }, { id: "cmd:cuatoi", label: "Không" },
    ]));
  }
  if (action === "xoa!" && Number.isInteger(id)) {
    const r = c.services.deleteEntry({ entryId: id, unitCode: c.user.unitCode, by: c.user.id, now: c.now });
    if (r.ok) return reply(keepForm(c.state), text(`✅ Đã rút lại bản ghi số ${id}. Gõ /nhap để nhập lại số đúng.`));
    if (r.reason === "locked") {
      const label = (r.period && periodFromKey(r.period, c.services.cutoffDay)?.label) ?? r.period;
      return reply(keepForm(c.state), text(`🔒 Kỳ ${label} đã khóa sổ nên không rút lại được. Lãnh đạo phường có thể mở lại cho đơn vị bạn (lệnh /mokhoa).`));
    }
    return reply(keepForm(c.state), text(`Không có bản ghi số ${id} của ${c.user.unitName}. Gõ /cuatoi để xem danh sách.`));
  }
  const list = recentEntries(c);
  if (list.length === 0) return reply(keepForm(c.state), text(`${c.user.unitName} chưa có bản ghi nào trong tháng này và tháng trước. Gõ /nhap để nhập.`));
  return reply(keepForm(c.state), text(
    [`Bản ghi của ${c.user.unitName} (tháng này và tháng trước, mới nhất trước):`, ...list.map((e, i) => describeEntry(e, i + 1)),
      "Nhập sai thì chọn rút lại bản ghi đó (bấm nút hoặc gõ số thứ tự), rồi nhập lại bằng /nhap."].join("\n"),
    list.map((e, i) => ({ id: `cmd:cuatoi:xoa:${e.id}`, label: `🗑 Rút lại mục ${i + 1}` })),
  ));
}
