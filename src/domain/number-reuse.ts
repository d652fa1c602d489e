// The warning when a report's document number was already given to a report of another period
// issued the same year (store/report-numbers.ts finds it): said alike in the chat, on the office's
// page and by `cli report`; only the way to ask again differs.
import { periodFromKey } from "./periods.js";
import { formatDateShort } from "./vn.js";

/** `used`: the other report's period key and issue date (ISO). */
export function numberUsedText(number: string, year: number, used: { periodKey: string; issuedOn: string }, cutoffDay: number, howToFix: string): string {
  const other = periodFromKey(used.periodKey, cutoffDay)?.label ?? used.periodKey;
  return `⚠️ Số ${number} năm ${year} đã dùng cho báo cáo ${other} (ngày ${formatDateShort(used.issuedOn)}). Bản này vẫn được lập với số ${number}; nếu nhầm số, ${howToFix}.`;
}
