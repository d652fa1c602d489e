// /cuatoi: the entries of the person's unit this month and last, each of which can be corrected
// or deleted while its month is open (correction.ts).
import { formById, metricByKey, metricIndex } from "../domain/catalogue.js";
import { monthOf, previousPeriod } from "../domain/periods.js";
import { formatDateShort, formatVnNumber } from "../domain/vn.js";
import { keepForm, reply, type StepResult, type UserContext } from "./command-types.js";
import type { EntryLine } from "./ports.js";
import { text } from "./types.js";

const SHOWN = 10;
/** Figures in the order the form asks them. */

/** One line of the list, named by the entry's own number: the one "Đã lưu" gave and /sua, /xoa take. */
function describeEntry(e: EntryLine): string {
  return `• Số ${e.id}: ${entryText(e)}${e.status === "returned" ? ` (↩️ lãnh đạo trả lại: ${e.returnReason ?? ""})` : ""}`;
}

export function entryText(e: EntryLine): string {
  const title = formById(e.formId)?.title ?? e.formId;
  if (e.source === "nil") return `${title}: không phát sinh`;
  const figures = Object.entries(e.values).filter(([, v]) => v !== 0)
    .sort(([a], [b]) => (metricIndex(a) ?? 0) - (metricIndex(b) ?? 0))
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
  const list = recentEntries(c);
  if (list.length === 0) return reply(keepForm(c.state), text(`${c.user.unitName} chưa có bản ghi nào trong tháng này và tháng trước. Gõ /nhap để nhập.`));
  // One button per line, in the order shown: a typed choice number (Zalo) still picks its button,
  // and every label names the entry's own number.
  return reply(keepForm(c.state), text(
    [`Bản ghi của ${c.user.unitName} (tháng này và tháng trước, mới nhất trước):`, ...list.map(describeEntry),
      "Nhập sai thì bấm nút của bản ghi đó, hoặc gõ /sua <số> để sửa một số, /xoa <số> để xóa (ví dụ: /sua " + list[0]!.id + ")."].join("\n"),
    list.map((e) => ({ id: `fix:${e.id}`, label: `✏️ Sửa / xóa số ${e.id}` })),
  ));
}
