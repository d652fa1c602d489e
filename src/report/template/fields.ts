// What a template may name: fields (period, ward, signer, report) and filters.
// Metric keys come from the catalogue (METRIC_KEYS) and read ReportData.totals.
import { formById } from "../../domain/catalogue.js";
import type { ReportData } from "../model.js";
import {
  formatCount2, formatDate, formatDateFull, formatList, formatMillions, formatMoney, formatNumber,
  formatPercent, lowerFirst, upper, upperFirst,
} from "../format.js";
import type { ValueType } from "./types.js";

export type Value = number | string | readonly string[] | null;

export interface FieldDef {
  type: ValueType;
  /** What it prints, for the README and error messages. */
  doc: string;
  get(data: ReportData): Value;
}

const khom = (d: ReportData) => d.profile.units.filter((u) => u.kind === "khom");

export const FIELDS: Readonly<Record<string, FieldDef>> = {
  "ky.ten": { type: "text", doc: "tên kỳ báo cáo: “tháng 02/2025”, “quý I/2025”, “năm 2024”…", get: (d) => d.period.label },
  "ky.pham_vi": {
    type: "text", doc: "tên kỳ kèm ngày: “tháng 02/2025 (từ ngày 01/02/2025 đến ngày 28/02/2025)”",
    get: (d) => (d.period.kind === "range" ? d.period.label
      : `${d.period.label} (từ ngày ${formatDate(d.period.start)} đến ngày ${formatDate(d.period.end)})`),
  },
  "ky.tu_ngay": { type: "date", doc: "ngày đầu kỳ", get: (d) => d.period.start },
  "ky.den_ngay": { type: "date", doc: "ngày cuối kỳ", get: (d) => d.period.end },
  "phuong.ten": { type: "text", doc: "tên phường: “Phường Nhơn Hưng”", get: (d) => d.profile.ward.name },
  "phuong.dia_danh": { type: "text", doc: "địa danh: “Nhơn Hưng”", get: (d) => d.profile.ward.place },
  "phuong.cap_tren": { type: "text", doc: "cơ quan cấp trên: “UBND THỊ XÃ TỊNH BIÊN”", get: (d) => d.profile.ward.parentBody },
  "phuong.don_bien_phong": {
    type: "text", doc: "đồn biên phòng: “Đồn Biên phòng Nhơn Hưng”",
    get: (d) => d.profile.ward.borderPost ?? "Đồn Biên phòng",
  },
  "phuong.so_khom": { type: "number", doc: "số khóm", get: (d) => khom(d).length },
  "phuong.ds_khom": { type: "list", doc: "tên các khóm: “Đông Hưng, Tây Hưng, …”", get: (d) => khom(d).map((u) => u.shortName ?? u.name) },
  "phuong.dan_toc": { type: "list", doc: "các dân tộc: “Kinh, Khmer, Hoa”", get: (d) => d.profile.ward.ethnicGroups },
  "phuong.so_dan_toc": { type: "number", doc: "số dân tộc", get: (d) => d.profile.ward.ethnicGroups.length },
  "phuong.ton_giao": { type: "list", doc: "các tôn giáo", get: (d) => d.profile.ward.religions },
  "phuong.so_ton_giao": { type: "number", doc: "số tôn giáo", get: (d) => d.profile.ward.religions.length },
  "phuong.so_don_vi": { type: "number", doc: "số đơn vị báo cáo trong hồ sơ", get: (d) => d.profile.units.length },
  "nguoi_ky.ho_ten": { type: "text", doc: "họ tên người ký", get: (d) => d.profile.signer.name },
  "nguoi_ky.chuc_vu": { type: "text", doc: "chức vụ người ký: “CHỦ TỊCH”", get: (d) => d.profile.signer.title },
  "nguoi_ky.tham_quyen": { type: "text", doc: "thẩm quyền ký: “TM. ỦY BAN NHÂN DÂN”", get: (d) => d.profile.signer.authority ?? "" },
  "bao_cao.ngay": { type: "date", doc: "ngày ban hành báo cáo", get: (d) => d.issuedOn },
  "bao_cao.so_phieu": { type: "number", doc: "số phiếu số liệu đã gộp", get: (d) => d.entryCount },
  "bao_cao.da_bao_cao": { type: "number", doc: "số đơn vị đã báo cáo (trống nếu không theo dõi)", get: (d) => d.completeness?.reported ?? null },
  "bao_cao.tong_don_vi": { type: "number", doc: "số đơn vị phải báo cáo", get: (d) => d.completeness?.total ?? null },
  "bao_cao.ty_le": {
    type: "number", doc: "tỷ lệ đơn vị đã báo cáo, dùng với bộ lọc phantram: 62,5%",
    get: (d) => (d.completeness && d.completeness.total > 0 ? (100 * d.completeness.reported) / d.completeness.total : null),
  },
  "bao_cao.chua_bao_cao": { type: "list", doc: "các đơn vị chưa báo cáo", get: (d) => d.completeness?.missing.map((m) => m.unit) ?? null },
};

export const FIELD_NAMESPACES: ReadonlySet<string> = new Set(Object.keys(FIELDS).map((k) => k.split(".")[0] ?? k));

export interface FilterDef {
  /** Accepted input types. */
  input: readonly ValueType[];
  output: ValueType;
  doc: string;
  /** Compares with an earlier period: metrics only, first filter only. */
  compare?: "yearAgo" | "previous";
  apply?(v: number | string | readonly string[]): number | string;
}

const asText = (v: number | string | readonly string[]): string =>
  typeof v === "string" ? v : typeof v === "number" ? formatNumber(v) : formatList(v);

export const FILTERS: Readonly<Record<string, FilterDef>> = {
  so: { input: ["number"], output: "text", doc: "số có dấu chấm hàng nghìn: 14.209; 1.234,5", apply: (v) => formatNumber(v as number) },
  so2: { input: ["number"], output: "text", doc: "số nhỏ hai chữ số: 03, 09; từ 10 trở lên giữ nguyên", apply: (v) => formatCount2(v as number) },
  tien: { input: ["number"], output: "text", doc: "tiền đầy đủ: 327.900.000 đồng", apply: (v) => formatMoney(v as number) },
  trieu: { input: ["number"], output: "text", doc: "tiền theo triệu: 356 triệu đồng; 356,5 triệu đồng", apply: (v) => formatMillions(v as number) },
  phantram: { input: ["number"], output: "text", doc: "phần trăm: 12,5%", apply: (v) => formatPercent(v as number) },
  so_cung_ky: { input: ["number"], output: "text", doc: "so với cùng kỳ năm trước: “tăng 12,5% so với cùng kỳ”; trống nếu không có số cũ", compare: "yearAgo" },
  so_ky_truoc: { input: ["number"], output: "text", doc: "so với kỳ trước: “giảm 3% so với kỳ trước”; trống nếu không có số cũ", compare: "previous" },
  ngay: { input: ["date"], output: "text", doc: "ngày ngắn: 09/01/2015", apply: (v) => formatDate(v as string) },
  ngay_day_du: { input: ["date"], output: "text", doc: "ngày đầy đủ: ngày 26 tháng 02 năm 2025", apply: (v) => formatDateFull(v as string) },
  dem: { input: ["list"], output: "number", doc: "đếm số mục của danh sách", apply: (v) => (v as readonly string[]).length },
  hoa: { input: ["text", "list"], output: "text", doc: "viết hoa toàn bộ", apply: (v) => upper(asText(v)) },
  hoa_dau: { input: ["text", "list"], output: "text", doc: "viết hoa chữ đầu", apply: (v) => upperFirst(asText(v)) },
  thuong_dau: { input: ["text", "list"], output: "text", doc: "viết thường chữ đầu: “phường Nhơn Hưng”", apply: (v) => lowerFirst(asText(v)) },
};

/** Default printing of a value with no (more) filters. */
export function printValue(v: Value, type: ValueType): string {
  if (v === null) return "";
  switch (type) {
    case "number":
      return formatNumber(v as number);
    case "date":
      return formatDate(v as string);
    case "list":
      return formatList(v as readonly string[]);
    case "text":
      return String(v);
  }
}

/** Form id → readable name for "chưa báo cáo" lists. */
export function formName(id: string): string {
  const f = formById(id);
  return f ? lowerFirst(f.title) : id;
}
