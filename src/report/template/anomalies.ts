// "[[bang moc_bat_thuong | Biểu #. …]]": the marker reports with a note or a photo, one row each
// (date, unit, markers, note, photos). Left out when the period has none, like an empty table.
import { formatDateShort } from "../../domain/vn.js";
import type { DocBlock } from "../document.js";
import type { MarkerAnomalyRow } from "../model.js";
import { formatNumber } from "../format.js";

export function anomalyTable(rows: readonly MarkerAnomalyRow[] | undefined, title: string): DocBlock[] {
  if (!rows || rows.length === 0) return [];
  const nfc = (r: string[]) => r.map((x) => x.normalize("NFC"));
  return [{
    kind: "table",
    ...(title ? { title } : {}),
    header: nfc(["STT", "Ngày", "Đơn vị", "Số mốc", "Ghi chú", "Số ảnh"]),
    rows: rows.map((r, i) => nfc([
      String(i + 1), formatDateShort(r.date), r.unit, formatNumber(r.markers), r.note.replace(/\s+/g, " ").trim() || "-", formatNumber(r.photos),
    ])),
    // The date is laid out like a figure: on one line.
    numeric: [false, true, false, true, false, true],
    totalRow: false,
  }];
}
