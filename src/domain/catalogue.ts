// The catalogue of unit kinds, forms and metrics. Metric keys are a contract shared with
// imports, templates and exports: never rename one.
import { z } from "zod";

export const UNIT_KINDS = ["phuong", "khom", "to_antt", "to_phu_nu", "don_bp", "doan_the"] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export const UNIT_KIND_LABELS: Record<UnitKind, string> = {
  phuong: "Phường",
  khom: "Khóm",
  to_antt: "Tổ tự quản ANTT",
  to_phu_nu: "Tổ phụ nữ tự quản",
  don_bp: "Đồn Biên phòng",
  doan_the: "Đoàn thể",
};

export type Aggregation = "flow" | "stock";

export interface MetricDef {
  key: string;
  label: string;
  /** Unit of measure as people say it: "buổi", "lượt người", "đồng". */
  unit: string;
  aggregation: Aggregation;
  /** Money in đồng: formatted as money in reports. */
  money?: boolean;
  /** Decimals allowed (only "giờ loa" today). */
  decimals?: boolean;
  formId: FormId;
}

export const PATROL_KINDS = [
  { id: "phoi_hop", label: "Phối hợp tuần tra bảo vệ biên giới" },
  { id: "to_phu_nu", label: "Tuần tra cùng tổ phụ nữ" },
  { id: "doc_lap", label: "Đồn độc lập tuần tra" },
  { id: "kiem_soat", label: "Kiểm soát lưu động" },
  { id: "dan_duong", label: "Bảo vệ dẫn đường phân giới cắm mốc" },
  { id: "antt", label: "Tuần tra đảm bảo ANTT, lễ tết" },
  { id: "song_phuong", label: "Tuần tra song phương" },
] as const;
export type PatrolKind = (typeof PATROL_KINDS)[number]["id"];

export const FORM_IDS = [
  "tuyen_truyen", "tuan_tra", "nam_tinh_hinh", "moc_quoc_gioi", "doi_ngoai",
  "vi_pham", "tu_quan", "dan_so", "hau_phuong", "khen_thuong",
] as const;
export type FormId = (typeof FORM_IDS)[number];

export interface ChoiceOption { id: string; label: string }

interface FieldBase {
  key: string;
  prompt: string;
  /** Asked only when this returns true for the answers so far. */
  when?: (answers: Answers) => boolean;
}
export interface NumberField extends FieldBase {
  kind: "number";
  /** Metric key; "{kind}" is replaced by the answer of the field named kind. */
  metric: string;
  /** Short label for summaries and tables ("Buổi tuyên truyền"). */
  label: string;
  unit: string;
  /** Other words that may follow the number ("3 tiếng" for giờ); the unit's own words always may. */
  unitWords?: readonly string[];
  schema: z.ZodType<number>;
}
export interface ChoiceField extends FieldBase { kind: "choice"; options: readonly ChoiceOption[] }
export interface TextField extends FieldBase { kind: "text"; optional: true; maxLength: number }
export interface PhotoField extends FieldBase { kind: "photo"; optional: true }
export type FieldDef = NumberField | ChoiceField | TextField | PhotoField;

export type AnswerValue = number | string | null;
export type Answers = Record<string, AnswerValue>;

/** A check over several answers; a failure re-asks the field just answered. */
export interface CrossCheck { fields: readonly string[]; check: (a: Answers) => boolean; message: string }

export interface FormDef {
  id: FormId;
  title: string;
  unitKinds: readonly UnitKind[];
  aggregation: Aggregation;
  fields: readonly FieldDef[];
  checks: readonly CrossCheck[];
}

/** Short labels for tables and exports (the prompts are questions). */
const METRIC_LABELS: Record<string, string> = {
  "tuyen_truyen.so_buoi": "Buổi tuyên truyền", "tuyen_truyen.luot_nguoi": "Lượt người dự nghe",
  "tuyen_truyen.gio_loa": "Giờ loa truyền thanh", "tuyen_truyen.to_roi": "Tờ bướm", "tuyen_truyen.tin_bai": "Tin, bài",
  "tuyen_truyen.ho_cam_ket": "Hộ ký cam kết", "tin.co_gia_tri": "Tin có giá trị", "tin.tham_khao": "Tin tham khảo",
  "moc.luot_kiem_tra": "Lượt kiểm tra mốc", "moc.bat_thuong": "Mốc hư hỏng, xê dịch", "moc.bao_cao_cap_tren": "Mốc đã báo cáo cấp trên", "moc.moc_chinh": "Mốc chính",
  "moc.moc_phu": "Mốc phụ", "moc.coc_dau": "Cọc dấu", "moc.diem_dac_trung": "Điểm đặc trưng",
  "doi_ngoai.gap_go": "Gặp gỡ đối ngoại", "doi_ngoai.phan_qua": "Phần quà tặng bạn", "doi_ngoai.gia_tri_qua": "Trị giá quà (đồng)",
  "vi_pham.xnc_vu": "Vụ XNC trái phép", "vi_pham.xnc_nguoi": "Người XNC trái phép", "vi_pham.buon_lau_vu": "Vụ buôn lậu",
  "vi_pham.buon_lau_gia_tri": "Trị giá buôn lậu (đồng)", "vi_pham.khac_vu": "Vụ vi phạm khác",
  "tu_quan.ho": "Hộ tự quản", "tu_quan.ca_nhan": "Cá nhân tự quản", "to_antt.so_to": "Tổ ANTT",
  "to_antt.thanh_vien": "Thành viên tổ ANTT", "to_phu_nu.so_to": "Tổ phụ nữ", "to_phu_nu.thanh_vien": "Thành viên tổ phụ nữ",
  "dan_so.ho": "Hộ dân", "dan_so.khau": "Nhân khẩu", "ho_tro.cbcs_gia_tri": "Hỗ trợ CBCS (đồng)", "ho_tro.qua": "Phần quà hỗ trợ",
  "khen_thuong.tap_the": "Tập thể được khen", "khen_thuong.ca_nhan": "Cá nhân được khen",
  "tuan_tra.{kind}.luot_to": "Lượt tổ", "tuan_tra.{kind}.luot_nguoi": "Lượt người",
};

const MAX_COUNT = 1_000_000;
const MAX_MONEY = 1_000_000_000_000;
const count = (unit: string) =>
  z.number()
    .int({ error: `Xin nhập số nguyên (số ${unit}), ví dụ: 12.` })
    .min(0, { error: "Số không được âm." })
    .max(MAX_COUNT, { error: `Số quá lớn (tối đa ${MAX_COUNT.toLocaleString("vi-VN")}). Xin kiểm tra lại.` });
const money = z.number()
  .int({ error: "Xin nhập số tiền tròn đồng, ví dụ: 1.500.000." })
  .min(0, { error: "Số tiền không được âm." })
  .max(MAX_MONEY, { error: "Số tiền quá lớn. Xin kiểm tra lại." });
/** Hours are kept in tenths (the database stores whole numbers): 2,5 giờ, not 2,25. */
const inTenths = (n: number) => Math.abs(n * 10 - Math.round(n * 10)) < 1e-9;
const hours = z.number().min(0, { error: "Số giờ không được âm." }).max(100_000, { error: "Số giờ quá lớn. Xin kiểm tra lại." })
  .refine(inTenths, { error: "Số giờ chỉ lấy một chữ số lẻ, ví dụ: 2,5." });

const num = (key: string, metric: string, unit: string, prompt: string, extra: Partial<NumberField> = {}): NumberField =>
  ({ kind: "number", key, metric, label: METRIC_LABELS[metric] ?? unit, unit, prompt, schema: unit === "đồng" ? money : count(unit), ...extra });
/** A value or a number of people needs its count: "trị giá 1 đồng" with 0 cases is refused. */
const needs = (value: string, countField: string, message: string): CrossCheck => ({
  fields: [value, countField],
  check: (x) => Number(x[value] ?? 0) === 0 || Number(x[countField] ?? 0) > 0,
  message,
});
/** Decimals are read (and a lone "1.500" is asked) only where the metric allows them. */
export function allowsDecimals(field: NumberField): boolean { return field.schema === hours; }
const atLeast = (a: string, b: string, message: string): CrossCheck => ({
  fields: [a, b],
  check: (x) => Number(x[a] ?? 0) >= Number(x[b] ?? 0),
  message,
});

export const FORMS: readonly FormDef[] = [
  {
    id: "tuyen_truyen", title: "Tuyên truyền, phổ biến", aggregation: "flow",
    unitKinds: ["khom", "doan_the", "don_bp", "phuong"],
    fields: [
      num("so_buoi", "tuyen_truyen.so_buoi", "buổi", "Số buổi tuyên truyền đã tổ chức?"),
      num("luot_nguoi", "tuyen_truyen.luot_nguoi", "lượt người", "Tổng số lượt người dự nghe?"),
      num("gio_loa", "tuyen_truyen.gio_loa", "giờ", "Số giờ phát trên loa truyền thanh? (có thể có số lẻ, ví dụ 2,5)", { schema: hours, unitWords: ["tiếng", "h"] }),
      num("to_roi", "tuyen_truyen.to_roi", "tờ", "Số tờ bướm, tờ rơi đã phát?", { unitWords: ["bướm", "rơi"] }),
      num("tin_bai", "tuyen_truyen.tin_bai", "tin, bài", "Số tin, bài đã phát trên đài?"),
      num("ho_cam_ket", "tuyen_truyen.ho_cam_ket", "hộ", "Số hộ ký cam kết?"),
    ],
    checks: [atLeast("luot_nguoi", "so_buoi", "Số lượt người phải lớn hơn hoặc bằng số buổi (mỗi buổi có ít nhất 1 người dự).")],
  },
  {
    id: "tuan_tra", title: "Tuần tra, kiểm soát", aggregation: "flow",
    unitKinds: ["to_antt", "to_phu_nu", "don_bp"],
    fields: [
      { kind: "choice", key: "kind", prompt: "Hình thức tuần tra?", options: PATROL_KINDS },
      num("luot_to", "tuan_tra.{kind}.luot_to", "lượt tổ", "Số lượt tổ (lần) tuần tra?"),
      num("luot_nguoi", "tuan_tra.{kind}.luot_nguoi", "lượt người", "Tổng số lượt người tham gia?"),
    ],
    checks: [
      atLeast("luot_nguoi", "luot_to", "Số lượt người phải lớn hơn hoặc bằng số lượt tổ."),
      needs("luot_nguoi", "luot_to", "Có lượt người tham gia nhưng số lượt tổ là 0. Xin sửa số lượt tổ hoặc số lượt người."),
    ],
  },
  {
    id: "nam_tinh_hinh", title: "Nắm tình hình", aggregation: "flow",
    unitKinds: ["don_bp", "to_antt", "khom"],
    fields: [
      num("co_gia_tri", "tin.co_gia_tri", "tin", "Số tin có giá trị? (chỉ nhập số lượng, không gửi nội dung tin)"),
      num("tham_khao", "tin.tham_khao", "tin", "Số tin tham khảo?"),
    ],
    checks: [],
  },
  {
    id: "moc_quoc_gioi", title: "Đường biên, mốc quốc giới", aggregation: "flow",
    unitKinds: ["don_bp", "to_antt", "to_phu_nu"],
    fields: [
      num("luot_kiem_tra", "moc.luot_kiem_tra", "lượt", "Số lượt kiểm tra đường biên, mốc?"),
      num("bat_thuong", "moc.bat_thuong", "mốc", "Số mốc hư hỏng, xê dịch phát hiện? (không có thì nhập 0)"),
      { kind: "text", key: "ghi_chu", optional: true, maxLength: 500,
        prompt: "Ghi chú ngắn về mốc bất thường (số hiệu mốc, tình trạng). Gõ \"bỏ qua\" nếu không có.",
        when: (a) => Number(a["bat_thuong"] ?? 0) > 0 },
      { kind: "photo", key: "anh", optional: true, prompt: "Gửi ảnh mốc (nếu có), hoặc gõ \"bỏ qua\".",
        when: (a) => Number(a["bat_thuong"] ?? 0) > 0 },
      // What lets a report say "đã báo cáo cấp trên xử lý": recorded, never assumed.
      num("bao_cao_cap_tren", "moc.bao_cao_cap_tren", "mốc", "Trong số mốc đó, đã báo cáo cấp trên xử lý bao nhiêu mốc? (chưa báo cáo thì nhập 0)",
        { when: (a) => Number(a["bat_thuong"] ?? 0) > 0 }),
      num("moc_chinh", "moc.moc_chinh", "mốc chính", "Số mốc chính đã cắm trong kỳ? (không có thì nhập 0)"),
      num("moc_phu", "moc.moc_phu", "mốc phụ", "Số mốc phụ đã cắm?"),
      num("coc_dau", "moc.coc_dau", "cọc dấu", "Số cọc dấu đã cắm?"),
      num("diem_dac_trung", "moc.diem_dac_trung", "điểm", "Số điểm đặc trưng đã cắm?"),
    ],
    checks: [atLeast("bat_thuong", "bao_cao_cap_tren", "Số mốc đã báo cáo cấp trên không được lớn hơn số mốc hư hỏng, xê dịch.")],
  },
  {
    id: "doi_ngoai", title: "Đối ngoại", aggregation: "flow",
    unitKinds: ["don_bp", "phuong"],
    fields: [
      num("gap_go", "doi_ngoai.gap_go", "lần", "Số lần gặp gỡ, trao đổi, hợp tác đối ngoại?", { unitWords: ["cuộc", "lượt", "buổi"] }),
      num("phan_qua", "doi_ngoai.phan_qua", "phần", "Số phần quà đã tặng phía bạn?", { unitWords: ["quà", "suất"] }),
      num("gia_tri_qua", "doi_ngoai.gia_tri_qua", "đồng", "Tổng trị giá quà (đồng)? Ví dụ: 15.000.000"),
    ],
    checks: [{ fields: ["phan_qua", "gia_tri_qua"], check: (a) => Number(a["phan_qua"] ?? 0) > 0 || Number(a["gia_tri_qua"] ?? 0) === 0,
      message: "Có trị giá quà nhưng số phần quà là 0. Xin sửa số phần quà hoặc trị giá." }],
  },
  {
    id: "vi_pham", title: "Phát hiện, xử lý vi phạm", aggregation: "flow",
    unitKinds: ["don_bp", "to_antt", "khom"],
    fields: [
      num("xnc_vu", "vi_pham.xnc_vu", "vụ", "Số vụ xuất nhập cảnh trái phép?"),
      num("xnc_nguoi", "vi_pham.xnc_nguoi", "người", "Số người xuất nhập cảnh trái phép?"),
      num("buon_lau_vu", "vi_pham.buon_lau_vu", "vụ", "Số vụ buôn lậu?"),
      num("buon_lau_gia_tri", "vi_pham.buon_lau_gia_tri", "đồng", "Trị giá hàng buôn lậu (đồng)?"),
      num("khac_vu", "vi_pham.khac_vu", "vụ", "Số vụ vi phạm khác?"),
    ],
    checks: [
      atLeast("xnc_nguoi", "xnc_vu", "Số người XNC trái phép phải lớn hơn hoặc bằng số vụ."),
      needs("xnc_nguoi", "xnc_vu", "Có người XNC trái phép nhưng số vụ XNC là 0. Xin sửa số vụ XNC hoặc số người."),
      needs("buon_lau_gia_tri", "buon_lau_vu", "Có trị giá hàng buôn lậu nhưng số vụ buôn lậu là 0. Xin sửa số vụ buôn lậu hoặc trị giá."),
    ],
  },
  {
    id: "tu_quan", title: "Phong trào tự quản", aggregation: "stock",
    unitKinds: ["khom", "don_bp", "phuong"],
    fields: [
      num("ho", "tu_quan.ho", "hộ", "Hiện có bao nhiêu hộ tham gia tự quản đường biên, mốc?"),
      num("ca_nhan", "tu_quan.ca_nhan", "người", "Bao nhiêu cá nhân tham gia tự quản?"),
      num("antt_so_to", "to_antt.so_to", "tổ", "Số tổ tự quản ANTT hiện có?"),
      num("antt_thanh_vien", "to_antt.thanh_vien", "thành viên", "Tổng số thành viên các tổ ANTT?"),
      num("pn_so_to", "to_phu_nu.so_to", "tổ", "Số tổ phụ nữ tự quản đường biên cột mốc?"),
      num("pn_thanh_vien", "to_phu_nu.thanh_vien", "thành viên", "Tổng số thành viên tổ phụ nữ?"),
    ],
    checks: [
      atLeast("antt_thanh_vien", "antt_so_to", "Số thành viên tổ ANTT phải lớn hơn hoặc bằng số tổ."),
      atLeast("pn_thanh_vien", "pn_so_to", "Số thành viên tổ phụ nữ phải lớn hơn hoặc bằng số tổ."),
      needs("antt_thanh_vien", "antt_so_to", "Có thành viên tổ ANTT nhưng số tổ ANTT là 0. Xin sửa số tổ hoặc số thành viên."),
      needs("pn_thanh_vien", "pn_so_to", "Có thành viên tổ phụ nữ nhưng số tổ phụ nữ là 0. Xin sửa số tổ hoặc số thành viên."),
    ],
  },
  {
    id: "dan_so", title: "Dân số", aggregation: "stock",
    unitKinds: ["khom"],
    fields: [
      num("ho", "dan_so.ho", "hộ", "Số hộ hiện có trong khóm?"),
      num("khau", "dan_so.khau", "khẩu", "Số nhân khẩu?", { unitWords: ["nhân", "người"] }),
    ],
    checks: [
      atLeast("khau", "ho", "Số khẩu phải lớn hơn hoặc bằng số hộ."),
      needs("khau", "ho", "Có nhân khẩu nhưng số hộ là 0. Xin sửa số hộ hoặc số khẩu."),
    ],
  },
  {
    id: "hau_phuong", title: "Hỗ trợ, hậu phương", aggregation: "flow",
    unitKinds: ["phuong", "doan_the", "khom"],
    fields: [
      num("cbcs_gia_tri", "ho_tro.cbcs_gia_tri", "đồng", "Trị giá hỗ trợ CBCS (đồng)? Ví dụ: 5.000.000"),
      num("qua", "ho_tro.qua", "phần", "Số phần quà đã tặng?", { unitWords: ["quà", "suất"] }),
    ],
    checks: [],
  },
  {
    id: "khen_thuong", title: "Khen thưởng", aggregation: "flow",
    unitKinds: ["phuong", "don_bp"],
    fields: [
      num("tap_the", "khen_thuong.tap_the", "tập thể", "Số tập thể được khen thưởng?"),
      num("ca_nhan", "khen_thuong.ca_nhan", "cá nhân", "Số cá nhân được khen thưởng?"),
    ],
    checks: [],
  },
];

const FORM_BY_ID = new Map<string, FormDef>(FORMS.map((f) => [f.id, f]));
export function formById(id: string): FormDef | undefined { return FORM_BY_ID.get(id); }
export function formsForUnitKind(kind: UnitKind): FormDef[] { return FORMS.filter((f) => f.unitKinds.includes(kind)); }

/** Expand "{kind}" metric patterns into the concrete metric keys they stand for. */
function expandMetric(field: NumberField, form: FormDef): MetricDef[] {
  const base = { label: field.label, unit: field.unit, aggregation: form.aggregation, formId: form.id,
    money: field.unit === "đồng" || undefined, decimals: field.schema === hours || undefined };
  if (!field.metric.includes("{kind}")) return [{ key: field.metric, ...base }];
  return PATROL_KINDS.map((k) => ({ ...base, key: field.metric.replace("{kind}", k.id), label: `${k.label} (${field.unit})` }));
}

export const METRICS: readonly MetricDef[] = FORMS.flatMap((form) =>
  form.fields.flatMap((f) => (f.kind === "number" ? expandMetric(f, form) : [])));
const METRIC_BY_KEY = new Map(METRICS.map((m) => [m.key, m]));
export const METRIC_KEYS: ReadonlySet<string> = new Set(METRIC_BY_KEY.keys());
export function metricByKey(key: string): MetricDef | undefined { return METRIC_BY_KEY.get(key); }

/** The metric a number field writes to, given the answers so far (patrol kind). */
export function metricOf(field: NumberField, answers: Answers): string {
  return field.metric.replace("{kind}", String(answers["kind"] ?? ""));
}

/**
 * Metrics with decimals, stored in tenths (entry_values.scale = 10); every other figure is a
 * whole count or đồng. The database's CHECK on entry_values.scale names the same keys.
 */
export const STORED_IN_TENTHS: readonly string[] = METRICS.filter((m) => m.decimals).map((m) => m.key);

/**
 * A figure as the database stores it: a whole number and its scale. Only float noise is rounded
 * (2,3 × 10 = 23,000000000000004); a figure finer than its scale is a bug upstream, refused here.
 */
export function storedFigure(metric: string, value: number): { amount: number; scale: 1 | 10 } {
  const scale = STORED_IN_TENTHS.includes(metric) ? 10 : 1;
  const amount = Math.round(value * scale);
  if (Math.abs(amount - value * scale) > 1e-6) throw new RangeError(`${metric}: ${value} is finer than 1/${scale}`);
  return { amount, scale };
}
