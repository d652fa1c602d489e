// The XLSX export of a period (/xuat, `cli export`, the office page), written with exceljs: one
// sheet per form of the catalogue, one row per entry and one column per metric of the form, so
// a clerk reads an entry as it was filed. Cells are typed: figures are numbers, days and times
// are dates (Asia/Ho_Chi_Minh wall-clock, as Excel has no time zones), everything else is a
// string cell, so no note can ever run as a formula (a string cell is never evaluated, whatever
// it starts with; there is no formula cell in the file at all). The header row is frozen and
// filtered, the columns as wide as their longest value. With the history, a last sheet lists
// every change (who, when, why, old and new), as the CSV's second table does.
import ExcelJS from "exceljs";
import type { Db } from "../db/client.js";
import { stmt } from "../db/statements.js";
import { forms, metricByKey, metricIndex, metrics, type FormDef } from "../domain/catalogue.js";
import { xmlSafe } from "../domain/xml-text.js";
import { exportRows, revisionRows, type ExportRow, type RevisionRow } from "../ledger/read.js";

export const HISTORY_SHEET = "Lịch sử sửa";
const SOURCES: Record<string, string> = { chat: "Tin nhắn", import: "Nhập tệp" };
const ACTIONS: Record<string, string> = { edit: "Sửa", delete: "Xóa", return: "Trả lại", restore: "Khôi phục", migrate: "Chuyển đổi" };
const DAY = "dd/mm/yyyy";
const TIME = "dd/mm/yyyy hh:mm";

type Cell = string | number | Date | null;
interface Column { header: string; numFmt?: string; width?: number }

/** An ISO day as the Date Excel shows as that day. */
const day = (iso: string): Date => new Date(`${iso}T00:00:00Z`);
/** Epoch ms as Vietnam's wall-clock time (UTC+7 all year). */
const vnTime = (ms: number): Date => new Date(ms + 7 * 3_600_000);
/** Text a spreadsheet cell can hold: no XML-forbidden character (one would make Excel refuse the file). */
const textCell = (s: string | null | undefined): string | null => (s ? xmlSafe(s.normalize("NFC")) : null);

/** Excel's sheet names: at most 31 characters, none of []:*?/\, unique. */
function sheetName(title: string, taken: Set<string>): string {
  const base = title.replace(/[[\]:*?/\\]/g, " ").replace(/\s+/g, " ").trim().slice(0, 31) || "Biểu mẫu";
  let name = base;
  for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${base.slice(0, 31 - String(i).length - 1)} ${i}`;
  taken.add(name.toLowerCase());
  return name;
}

/** What a cell shows, to size its column. */
function shown(v: Cell, numFmt?: string): number {
  if (v === null) return 0;
  if (v instanceof Date) return numFmt === TIME ? 16 : 10;
  if (typeof v === "number") return v.toLocaleString("vi-VN").length + 1;
  return Math.max(...v.split("\n").map((l) => l.length));
}

function addSheet(wb: ExcelJS.Workbook, name: string, columns: Column[], rows: Cell[][]): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name, { views: [{ state: "frozen", xSplit: 0, ySplit: 1, activeCell: "A2" }] });
  ws.addRow(columns.map((c) => c.header));
  for (const r of rows) ws.addRow(r);
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).alignment = { vertical: "middle", wrapText: true };
  columns.forEach((c, i) => {
    const col = ws.getColumn(i + 1);
    if (c.numFmt) col.numFmt = c.numFmt;
    // Wide enough for the longest value and the header's longest word; capped so a long note wraps.
    const longest = Math.max(...c.header.split(" ").map((w) => w.length), Math.min(c.header.length, 24), ...rows.map((r) => shown(r[i] ?? null, c.numFmt)));
    col.width = Math.min(60, Math.max(8, longest + 2));
  });
  ws.getRow(1).commit?.();
  if (columns.length > 0) ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  return ws;
}

/** The metric's column header: its label, with its unit when the label does not carry one. */
function metricHeader(key: string): string {
  const m = metricByKey(key);
  if (!m) return key;
  return m.label.endsWith(")") ? m.label : `${m.label} (${m.unit})`;
}

/** The form's sheet: one row per entry of the period, in the export's order. */
function formRows(form: FormDef, rows: ExportRow[], unitNames: Map<string, string>): { columns: Column[]; rows: Cell[][] } {
  const keys = metrics().filter((m) => m.formId === form.id).map((m) => m.key);
  const numFmt = (k: string) => (metricByKey(k)?.decimals ? "#,##0.0" : "#,##0");
  const columns: Column[] = [
    { header: "Số bản ghi", numFmt: "0" }, { header: "Kỳ" }, { header: "Từ ngày", numFmt: DAY }, { header: "Đến ngày", numFmt: DAY },
    { header: "Mã đơn vị" }, { header: "Đơn vị" },
    ...keys.map((k) => ({ header: metricHeader(k), numFmt: numFmt(k) })),
    { header: "Ghi chú" }, { header: "Nguồn" }, { header: "Thời điểm nhập", numFmt: TIME }, { header: "Người báo cáo" },
  ];
  const byEntry = new Map<number, ExportRow[]>();
  for (const r of rows) {
    if (metricByKey(r.metric)?.formId !== form.id) continue;
    const list = byEntry.get(r.id);
    if (list) list.push(r);
    else byEntry.set(r.id, [r]);
  }
  const out: Cell[][] = [...byEntry.values()].map((values) => {
    const e = values[0]!;
    const of = new Map(values.map((v) => [v.metric, v.value]));
    return [
      e.id, e.spanStart === e.spanEnd ? textCell(e.spanStart) : textCell(e.period), day(e.spanStart), day(e.spanEnd),
      textCell(e.unitCode), textCell(unitNames.get(e.unitCode) ?? e.unitCode),
      ...keys.map((k) => of.get(k) ?? null),
      textCell(e.note), SOURCES[e.source] ?? textCell(e.source), vnTime(e.createdAt), textCell(e.reporter),
    ];
  });
  return { columns, rows: out };
}

/** "Buổi tuyên truyền: 3; Lượt người dự nghe: 150", in the form's order. */
function valuesText(json: string | null): string | null {
  if (json === null) return null;
  const values = Object.entries(JSON.parse(json) as Record<string, number>)
    .sort(([a], [b]) => (metricIndex(a) ?? 1e9) - (metricIndex(b) ?? 1e9));
  return values.map(([k, v]) => `${metricByKey(k)?.label ?? k}: ${v.toLocaleString("vi-VN")}`).join("; ");
}

function historyRows(rows: RevisionRow[]): { columns: Column[]; rows: Cell[][] } {
  const columns: Column[] = [
    { header: "Số bản ghi", numFmt: "0" }, { header: "Mã đơn vị" }, { header: "Biểu mẫu" }, { header: "Phiên bản", numFmt: "0" },
    { header: "Thao tác" }, { header: "Người sửa" }, { header: "Thời điểm", numFmt: TIME }, { header: "Lý do" },
    { header: "Ngày cũ", numFmt: DAY }, { header: "Số liệu cũ" }, { header: "Ngày mới", numFmt: DAY }, { header: "Số liệu mới" },
  ];
  const title = (id: string) => forms().find((f) => f.id === id)?.title ?? id;
  return {
    columns,
    rows: rows.map((r) => [
      r.entryId, textCell(r.unitCode), textCell(title(r.formId)), r.revision, ACTIONS[r.action] ?? textCell(r.action), textCell(r.changedBy),
      vnTime(r.changedAt), textCell(r.reason), day(r.oldDate), textCell(valuesText(r.oldValues)), r.newDate ? day(r.newDate) : null,
      textCell(valuesText(r.newValues)),
    ]),
  };
}

/** The values the ledger counts in the period (as its report does), as an XLSX file. */
export async function exportXlsx(db: Db, period: { start: string; end: string; key: string; history?: boolean }): Promise<Buffer> {
  const rows = exportRows(db, period);
  const unitNames = new Map(stmt<[], { code: string; name: string }>(db, "select code, name from units").all().map((u) => [u.code, u.name]));
  const wb = new ExcelJS.Workbook();
  wb.creator = "Bot báo cáo biên giới";
  const taken = new Set<string>([HISTORY_SHEET.toLowerCase()]);
  for (const form of forms()) {
    const sheet = formRows(form, rows, unitNames);
    addSheet(wb, sheetName(form.title, taken), sheet.columns, sheet.rows);
  }
  if (period.history) {
    const h = historyRows(revisionRows(db, period));
    addSheet(wb, HISTORY_SHEET, h.columns, h.rows);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Entries (not values) in the export: the caption's count. */
export function exportedEntries(db: Db, period: { start: string; end: string }): number {
  return new Set(exportRows(db, period).map((r) => r.id)).size;
}
