// The warning when a report's document number was already given to a report of another period
// issued the same year (store/report-numbers.ts finds it): said alike in the chat, on the office's
// page and by `cli report`; only the way to ask again differs.
import { formatDateShort } from "./vn.js";

export function numberUsedText(number: string, year: number, otherLabel: string, otherIssuedOn: string, howToFix: string): string {
  return `⚠️ Số ${number} năm ${year} đã dùng cho báo cáo ${otherLabel} (ngày ${formatDateShort(otherIssuedOn)}). Bản này vẫn được lập với số ${number}; nếu nhầm số, ${howToFix}.`;
}
