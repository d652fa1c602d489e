// What a template may name: fields (period, ward, signer, report) and filters.
// Metric keys come from the catalogue (metricKeys()) and read ReportData.totals.
import { levelWord } from "../../domain/ward-level.js";
import { residentialKind, residentialWord } from "../../domain/catalogue.js";
import { yearSpan, yearsCovered } from "../kinds.js";
import type { ReportData } from "../model.js";
import {
  formatCount2, formatDate, formatDateFull, formatList, formatMillions, formatMoney, formatNumber,
  formatPercent, lowerFirst, upper, upperFirst,
} from "../format.js";
import type { ValueType } from "./types.js";
import { nextPeriodName } from "../next-period.js";
import { ROUND_FACTS } from "../round-facts.js";
import { unitsOn } from "../../domain/org-dates.js";

/** A leader's words as running text: one line, without the final stop the template writes itself. */
const words = (s: string) => s.normalize("NFC").replace(/\s+/g, " ").trim().replace(/[\s.;,]+$/u, "");

export type Value = number | string | readonly string[] | null;

/** What the document itself settles (number and symbol may come from the template's front matter). */
export interface DocRefs {
  /** Document number ("35"), "" when left blank for the records office. */
  number: string;
  /** Ký hiệu: "BC-UBND". */
  symbol: string;
}

/** Stands for the blank the records office fills in ("Số:      /BC-UBND"); tidy() turns it into spaces. */
export const BLANK_NUMBER = "\uE000";

export interface FieldDef {
  type: ValueType;
  /** What it prints, for the README and error messages. */
  doc: string;
  get(data: ReportData, doc: DocRefs): Value;
}

// The units in force on the day of issue, as the ward's name is (profileOn in compile.ts).
// The residential units are the catalogue's `residential` kind (khóm, or ấp in a commune).
const khom = (d: ReportData) => unitsOn(d.profile.units, d.issuedOn).filter((u) => u.kind === residentialKind());

export const FIELDS: Readonly<Record<string, FieldDef>> = {
  "ky.ten": { type: "text", doc: "tên kỳ báo cáo: “tháng 02/2025”, “quý I/2025”, “năm 2024”…", get: (d) => d.period.label },
  "ky.pham_vi": {
    type: "text", doc: "tên kỳ kèm ngày: “tháng 02/2025 (từ ngày 01/02/2025 đến ngày 28/02/2025)”; kỳ chưa kết thúc: “tháng 11/2026 (số liệu tính đến ngày 30/11/2026)”",
    get: (d) => {
      if (d.countedUntil) return `${d.period.label} (số liệu tính đến ngày ${formatDate(d.countedUntil)})`;
      return d.period.kind === "range" ? d.period.label
        : `${d.period.label} (từ ngày ${formatDate(d.period.start)} đến ngày ${formatDate(d.period.end)})`;
    },
  },
  "ky.tinh_den": { type: "date", doc: "kỳ chưa kết thúc: ngày số liệu được tính đến (trống nếu kỳ đã kết thúc)", get: (d) => d.countedUntil },
  "ky.so_nam": { type: "number", doc: "số năm của kỳ, làm tròn: 10 (cho báo cáo tổng kết)", get: (d) => yearsCovered(d.period) },
  "ky.giai_doan": { type: "text", doc: "năm đầu – năm cuối của kỳ: “2015 – 2025”", get: (d) => yearSpan(d.period) },
  "ky.tiep_theo": {
    type: "text", doc: "kỳ tiếp theo, cho đề mục “Phương hướng, nhiệm vụ …”: “tháng 02/2025”, “quý II/2025”, “6 tháng cuối năm 2025”, “3 tháng cuối năm 2025” (sau 9 tháng), “năm 2026”; khoảng ngày hoặc nhiều năm: “thời gian tới”",
    get: (d) => nextPeriodName(d.period),
  },
  "ky.tu_ngay": { type: "date", doc: "ngày đầu kỳ", get: (d) => d.period.start },
  "ky.den_ngay": { type: "date", doc: "ngày cuối kỳ", get: (d) => d.period.end },
  "phuong.ten": { type: "text", doc: "tên phường: “Phường Nhơn Hưng”", get: (d) => d.profile.ward.name },
  "phuong.cap": {
    type: "text", doc: "cấp của phường, viết thường, để viết trong câu: “phường” hoặc “xã” (“trên địa bàn {{phuong.cap}}”); lấy mục ward.level của hồ sơ, không có thì lấy chữ đầu của tên",
    get: (d) => levelWord(d.profile.ward),
  },
  "phuong.dia_danh": { type: "text", doc: "địa danh: “Nhơn Hưng”", get: (d) => d.profile.ward.place },
  "phuong.cap_tren": { type: "text", doc: "cơ quan chủ quản: “UBND THỊ XÃ TỊNH BIÊN”; trống khi không có", get: (d) => d.profile.ward.parentBody ?? "" },
  "phuong.co_quan_cap_tren": {
    type: "text", doc: "cơ quan phường báo cáo lên, viết trong câu: “Ủy ban nhân dân thị xã Tịnh Biên” (hồ sơ phường, superior)",
    get: (d) => d.profile.ward.superior ?? "",
  },
  "phuong.don_bien_phong": {
    type: "text", doc: "đồn biên phòng: “Đồn Biên phòng Nhơn Hưng”",
    get: (d) => d.profile.ward.borderPost ?? "Đồn Biên phòng",
  },
  "phuong.so_khom": { type: "number", doc: "số khóm (đơn vị dân cư: loại đơn vị ghi residential trong danh mục; ấp ở một xã)", get: (d) => khom(d).length },
  "phuong.loai_khom": { type: "text", doc: "tên loại đơn vị dân cư, viết thường, để viết trong câu: “khóm” hoặc “ấp”", get: () => residentialWord() },
  "phuong.ds_khom": { type: "list", doc: "tên các khóm: “Đông Hưng, Tây Hưng, …”", get: (d) => khom(d).map((u) => u.shortName ?? u.name) },
  "phuong.dan_toc": { type: "list", doc: "các dân tộc: “Kinh, Khmer, Hoa”", get: (d) => d.profile.ward.ethnicGroups },
  "phuong.so_dan_toc": { type: "number", doc: "số dân tộc", get: (d) => d.profile.ward.ethnicGroups.length },
  "phuong.ton_giao": { type: "list", doc: "các tôn giáo", get: (d) => d.profile.ward.religions },
  "phuong.so_ton_giao": { type: "number", doc: "số tôn giáo", get: (d) => d.profile.ward.religions.length },
  "phuong.so_don_vi": { type: "number", doc: "số đơn vị báo cáo đang hoạt động vào ngày ban hành", get: (d) => unitsOn(d.profile.units, d.issuedOn).length },
  "phuong.nhap_tu": {
    type: "list", doc: "các phường, xã đã nhập thành phường (formedFrom): “Phường Nhơn Hưng, Phường Nhà Bàng, Phường Thới Sơn”; trống nếu không có",
    get: (d) => d.profile.ward.formedFrom ?? [],
  },
  "phuong.ngay_thanh_lap": { type: "date", doc: "ngày phường bắt đầu (ward.from hoặc ngày của thay đổi có formedFrom); trống nếu không có", get: (d) => d.profile.ward.from ?? null },
  "nguoi_ky.ho_ten": { type: "text", doc: "họ tên người ký", get: (d) => d.profile.signer.name },
  "nguoi_ky.chuc_vu": { type: "text", doc: "chức vụ người ký: “CHỦ TỊCH”", get: (d) => d.profile.signer.title },
  "nguoi_ky.tham_quyen": { type: "text", doc: "thẩm quyền ký: “TM. ỦY BAN NHÂN DÂN”", get: (d) => d.profile.signer.authority ?? "" },
  nhan_dinh: {
    type: "text", doc: "câu nhận định tình hình của lãnh đạo (nhập khi lập báo cáo); trống nếu chưa nhập — dùng trong [[neu co nhan_dinh]]",
    get: (d) => words(d.words.situation ?? ""),
  },
  ...Object.fromEntries(Object.entries(ROUND_FACTS).map(([name, what]): [string, FieldDef] => [`dot.${name}`, {
    type: "text", doc: `sự kiện của đợt (nhập khi lập báo cáo): ${what}; trống nếu chưa nhập — dùng trong [[neu co dot.${name}]]`,
    get: (d) => words(d.words.facts[name] ?? ""),
  }])),
  "bao_cao.ngay": { type: "date", doc: "ngày ban hành báo cáo", get: (d) => d.issuedOn },
  "bao_cao.so": { type: "text", doc: "số văn bản: “35” (để trống cho văn thư nếu chưa có số)", get: (_d, doc) => doc.number || BLANK_NUMBER },
  "bao_cao.so_ky_hieu": {
    type: "text", doc: "số và ký hiệu: “35/BC-UBND”; chưa có số: “      /BC-UBND”",
    get: (_d, doc) => `${doc.number || BLANK_NUMBER}/${doc.symbol}`,
  },
};

/**
 * Fields that no longer exist because what they print is internal (who has reported, how many
 * entries): it goes in the chat caption with the file, never in the official document.
 */
export const INTERNAL_FIELDS: ReadonlySet<string> = new Set([
  "bao_cao.so_phieu", "bao_cao.da_bao_cao", "bao_cao.tong_don_vi", "bao_cao.ty_le", "bao_cao.chua_bao_cao",
]);

export const FIELD_NAMESPACES: ReadonlySet<string> = new Set(Object.keys(FIELDS).map((k) => k.split(".")[0] ?? k));

export interface FilterDef {
  /** Accepted input types. */
  input: readonly ValueType[];
  output: ValueType;
  doc: string;
  /** Compares with an earlier period: metrics only, first filter only. */
  compare?: "yearAgo" | "previous" | "both";
  apply?(v: number | string | readonly string[]): number | string;
}

const asText = (v: number | string | readonly string[]): string =>
  typeof v === "string" ? v : typeof v === "number" ? formatNumber(v) : formatList(v);

export const FILTERS: Readonly<Record<string, FilterDef>> = {
  so: { input: ["number"], output: "text", doc: "số viết thường, không thêm số 0: 5; 14.209; 1.234,5", apply: (v) => formatNumber(v as number) },
  so2: { input: ["number"], output: "text", doc: "như không ghi bộ lọc: số nhỏ hai chữ số 03, 09; từ 10 trở lên giữ nguyên", apply: (v) => formatCount2(v as number) },
  tien: { input: ["number"], output: "text", doc: "tiền đầy đủ: 327.900.000 đồng", apply: (v) => formatMoney(v as number) },
  trieu: {
    input: ["number"], output: "text", doc: "tiền theo triệu khi tròn triệu: 356 triệu đồng; số lẻ thì in đủ: 7.560.000 đồng",
    apply: (v) => formatMillions(v as number),
  },
  phantram: { input: ["number"], output: "text", doc: "phần trăm: 12,5%", apply: (v) => formatPercent(v as number) },
  so_cung_ky: {
    input: ["number"], output: "text", compare: "yearAgo",
    doc: "so với cùng kỳ năm trước: “tăng 12,5% so với cùng kỳ năm 2024”; trống nếu không có số cũ",
  },
  so_ky_truoc: {
    input: ["number"], output: "text", compare: "previous",
    doc: "so với kỳ liền trước: “giảm 3% so với tháng 01/2025”, “bằng tháng 01/2025”; trống nếu không có số cũ",
  },
  so_sanh: {
    input: ["number"], output: "text", compare: "both",
    doc: "cả hai: “giảm 4% so với tháng 01/2025, tăng 12,5% so với cùng kỳ năm 2024”; trống nếu không có số cũ",
  },
  ngay: { input: ["date"], output: "text", doc: "ngày ngắn: 09/01/2015", apply: (v) => formatDate(v as string) },
  ngay_day_du: { input: ["date"], output: "text", doc: "ngày đầy đủ: ngày 26 tháng 02 năm 2025", apply: (v) => formatDateFull(v as string) },
  dem: { input: ["list"], output: "number", doc: "đếm số mục của danh sách", apply: (v) => (v as readonly string[]).length },
  hoa: { input: ["text", "list"], output: "text", doc: "viết hoa toàn bộ", apply: (v) => upper(asText(v)) },
  hoa_dau: { input: ["text", "list"], output: "text", doc: "viết hoa chữ đầu", apply: (v) => upperFirst(asText(v)) },
  thuong_dau: { input: ["text", "list"], output: "text", doc: "viết thường chữ đầu: “phường Nhơn Hưng”", apply: (v) => lowerFirst(asText(v)) },
};

/** Default printing of a value with no (more) filters: counts under ten get a leading zero ("05"). */
export function printValue(v: Value, type: ValueType): string {
  if (v === null) return "";
  switch (type) {
    case "number":
      return formatCount2(v as number);
    case "date":
      return formatDate(v as string);
    case "list":
      return formatList(v as readonly string[]);
    case "text":
      return String(v);
  }
}
