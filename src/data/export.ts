// CSV export of the entries of a period, one row per value:
//
//   ky,don_vi,chi_tieu,gia_tri,ghi_chu,nguon,ngay,nguoi_bao_cao
//
// The first five columns are the import format (src/data/import.ts), so an export can be
// imported into another database: `ky` is the activity date for a one-day entry (chat) and the
// entry's period key otherwise (an imported year or month); `gia_tri` is written the
// Vietnamese way ("14.209", "2,5"). `nguon` is the source (chat | import), `ngay` the day the
// entry was recorded (Asia/Ho_Chi_Minh), `nguoi_bao_cao` the reporter's name (empty for imports).
// UTF-8 with a BOM and CRLF line ends, so Excel shows Vietnamese correctly.
//
// With the history (`--lich-su`, "/xuat <kỳ> lịch sử"), a second table follows after an empty
// line: one row per change of an entry of the period (corrections, deletions, returns), with
// the version it replaced, who, when, why, and the old and new date and values. Such a file is
// for reading; only the first table is the import format.
//
// Every cell but the figures goes through csvText, so no spreadsheet runs any of it as a formula
// whatever its list separator; free text (notes, names, reasons) is always in quotes, which
// LibreOffice's "quoted field as text" keeps as text (a note "1/2" is not a date).
import { stringify, type Options } from "csv-stringify/sync";
import type { Db } from "../db/client.js";
import { metricIndex } from "../domain/catalogue.js";
import { todayInVietnam } from "../domain/vn.js";
import { csvText } from "./csv-text.js";
import { exportRows, revisionRows, type ExportRow, type RevisionRow } from "../ledger/read.js";

export const EXPORT_COLUMNS = ["ky", "don_vi", "chi_tieu", "gia_tri", "ghi_chu", "nguon", "ngay", "nguoi_bao_cao"] as const;
export const HISTORY_COLUMNS = ["so_ban_ghi", "don_vi", "bieu_mau", "phien_ban", "thao_tac", "nguoi_sua", "thoi_diem", "ly_do",
  "ngay_cu", "gia_tri_cu", "ngay_moi", "gia_tri_moi"] as const;
const ACTIONS: Record<string, string> = { edit: "sửa", delete: "xóa", return: "trả lại", restore: "khôi phục" };


/** The values the ledger counts in the period (as its report does), as CSV text starting with a BOM. */
export function exportCsv(db: Db, period: { start: string; end: string; key: string; history?: boolean }): string {
  const rows = exportRows(db, period);
  const records = metricsInFormOrder(rows).map((r) => [
    r.spanStart === r.spanEnd ? r.spanStart : r.period,
    r.unitCode,
    r.metric,
    formatCsvNumber(r.value),
    r.note ?? "",
    r.source,
    todayInVietnam(new Date(r.createdAt)),
    r.reporter ?? "",
  ]);
  const csv = stringify(records, { header: true, columns: [...EXPORT_COLUMNS], bom: true, ...cells(EXPORT_COLUMNS, ["gia_tri"], ["ghi_chu", "nguoi_bao_cao"]) });
  return period.history ? `${csv}\r\n${historyCsv(revisionRows(db, period))}` : csv;
}

/** The changes, one row each: values as "metric=value; …" the Vietnamese way. */
function historyCsv(rows: RevisionRow[]): string {
  const values = (json: string | null) => Object.entries(JSON.parse(json ?? "{}") as Record<string, number>)
    .sort(([a], [b]) => (metricIndex(a) ?? 1e9) - (metricIndex(b) ?? 1e9))
    .map(([k, v]) => `${k}=${formatCsvNumber(v)}`).join("; ");
  const records = rows.map((r) => [
    String(r.entryId), r.unitCode, r.formId, String(r.revision), ACTIONS[r.action] ?? r.action, r.changedBy ?? "",
    vietnamTime(r.changedAt), r.reason ?? "", r.oldDate, values(r.oldValues), r.newDate ?? "", r.newValues === null ? "" : values(r.newValues),
  ]);
  return stringify(records, { header: true, columns: [...HISTORY_COLUMNS], ...cells(HISTORY_COLUMNS, ["so_ban_ghi", "phien_ban"], ["nguoi_sua", "ly_do"]) });
}

/** CRLF rows; each cell through csvText but the figures, and the free-text columns quoted. */
function cells(columns: readonly string[], figures: string[], text: string[]): Options {
  const kind = columns.map((c) => (figures.includes(c) ? "figure" : text.includes(c) ? "text" : "code"));
  return {
    record_delimiter: "windows",
    cast: { string: (value, ctx) => {
      if (ctx.header || kind[ctx.index] === "figure") return value;
      const safe = csvText(value);
      return kind[ctx.index] === "text" ? { value: safe, quoted: true } : safe;
    } },
  };
}

/** "2025-02-20 10:00", Asia/Ho_Chi_Minh (UTC+7 all year). */
function vietnamTime(ms: number): string {
  return new Date(ms + 7 * 3_600_000).toISOString().slice(0, 16).replace("T", " ");
}

/** Rows come grouped by entry; within an entry, put metrics in catalogue order (the form's questions). */
function metricsInFormOrder(rows: ExportRow[]): ExportRow[] {
  const out: ExportRow[] = [];
  let i = 0;
  while (i < rows.length) {
    let j = i;
    while (j < rows.length && rows[j]!.id === rows[i]!.id) j++;
    out.push(...rows.slice(i, j).sort((a, b) => (metricIndex(a.metric) ?? 1e9) - (metricIndex(b.metric) ?? 1e9) || a.metric.localeCompare(b.metric)));
    i = j;
  }
  return out;
}

/**
 * A number the Vietnamese way, exactly (no rounding), readable by parseVnNumber:
 * 14209 → "14.209", 2.5 → "2,5", 1234.75 → "1.234,75", 356000000 → "356.000.000".
 */
export function formatCsvNumber(n: number): string {
  const sign = n < 0 ? "-" : "";
  let s = String(Math.abs(n));
  if (/e/i.test(s)) s = Math.abs(n).toFixed(12).replace(/0+$/, "").replace(/\.$/, "");
  const [int = "0", frac] = s.split(".");
  return sign + int.replace(/\B(?=(\d{3})+(?!\d))/g, ".") + (frac ? `,${frac}` : "");
}
