// ReportData with the figures of the model report (Báo cáo 35/BC-UBND, 26/02/2025, UBND
// phường Nhơn Hưng: ten years of Chỉ thị 01). Figures are given per unit; totals are their
// written out from the report (MODEL_TOTALS), as are the yearly rows (MODEL_YEARS). Reusable by any test: call modelReportData() for a fresh copy.
import { metricByKey, metricKeys } from "../../src/domain/catalogue.js";
import { wardProfileSchema, type WardProfile } from "../../src/domain/profile.js";
import type { Period } from "../../src/domain/periods.js";
import type { Figures, MonthFigures, ReportData, UnitFigures } from "../../src/report/model.js";

export const MODEL_PROFILE: WardProfile = wardProfileSchema.parse({
  ward: {
    code: "nhon-hung",
    name: "Phường Nhơn Hưng",
    place: "Nhơn Hưng",
    parentBody: "UBND THỊ XÃ TỊNH BIÊN",
    issuingBody: ["ỦY BAN NHÂN DÂN", "PHƯỜNG NHƠN HƯNG"],
    reportSymbol: "BC-UBND",
    ethnicGroups: ["Kinh", "Khmer", "Hoa"],
    religions: ["Phật giáo", "Phật giáo Hòa Hảo", "Cao Đài"],
    borderPost: "Đồn Biên phòng Nhơn Hưng",
    superior: "Ủy ban nhân dân thị xã Tịnh Biên",
  },
  signer: { authority: "TM. ỦY BAN NHÂN DÂN", title: "CHỦ TỊCH", name: "Huỳnh Thanh Vũ" },
  recipients: ["UBND thị xã (để b/c)", "Đồn Biên phòng Nhơn Hưng", "Lưu: VT"],
  units: [
    { code: "dong-hung", name: "Khóm Đông Hưng", shortName: "Đông Hưng", kind: "khom" },
    { code: "tay-hung", name: "Khóm Tây Hưng", shortName: "Tây Hưng", kind: "khom" },
    { code: "trung-bac-hung", name: "Khóm Trung Bắc Hưng", shortName: "Trung Bắc Hưng", kind: "khom" },
    { code: "to-antt-dong-hung", name: "Tổ tự quản ANTT khóm Đông Hưng", shortName: "Tổ ANTT Đông Hưng", kind: "to_antt" },
    { code: "to-antt-tay-hung", name: "Tổ tự quản ANTT khóm Tây Hưng", shortName: "Tổ ANTT Tây Hưng", kind: "to_antt" },
    { code: "to-antt-trung-bac-hung", name: "Tổ tự quản ANTT khóm Trung Bắc Hưng", shortName: "Tổ ANTT Trung Bắc Hưng", kind: "to_antt" },
    { code: "to-phu-nu", name: "Tổ Phụ nữ tự quản đường biên cột mốc", shortName: "Tổ phụ nữ", kind: "to_phu_nu" },
    { code: "don-bp-nhon-hung", name: "Đồn Biên phòng Nhơn Hưng", shortName: "Đồn BP Nhơn Hưng", kind: "don_bp" },
  ],
  obligations: { khom: ["tuyen_truyen"], to_antt: ["tuan_tra"], to_phu_nu: ["tuan_tra"], don_bp: ["tuan_tra", "nam_tinh_hinh", "moc_quoc_gioi"] },
});

/** Non-zero figures per unit code. */
const PER_UNIT: Record<string, Figures> = {
  "dong-hung": {
    "tuyen_truyen.so_buoi": 120, "tuyen_truyen.luot_nguoi": 3500, "tuyen_truyen.gio_loa": 150, "tuyen_truyen.to_roi": 600,
    "tuyen_truyen.ho_cam_ket": 400, "dan_so.ho": 560, "dan_so.khau": 2050, "tu_quan.ho": 10, "tu_quan.ca_nhan": 10,
    "to_antt.so_to": 1, "to_antt.thanh_vien": 7, "ho_tro.cbcs_gia_tri": 100_000_000,
  },
  "tay-hung": {
    "tuyen_truyen.so_buoi": 110, "tuyen_truyen.luot_nguoi": 3200, "tuyen_truyen.gio_loa": 152, "tuyen_truyen.to_roi": 500,
    "tuyen_truyen.ho_cam_ket": 420, "dan_so.ho": 547, "dan_so.khau": 2010, "tu_quan.ho": 9, "tu_quan.ca_nhan": 9,
    "to_antt.so_to": 1, "to_antt.thanh_vien": 7, "ho_tro.cbcs_gia_tri": 110_000_000,
  },
  "trung-bac-hung": {
    "tuyen_truyen.so_buoi": 100, "tuyen_truyen.luot_nguoi": 3009, "tuyen_truyen.gio_loa": 150, "tuyen_truyen.to_roi": 500,
    "tuyen_truyen.ho_cam_ket": 380, "dan_so.ho": 560, "dan_so.khau": 2079, "tu_quan.ho": 9, "tu_quan.ca_nhan": 9,
    "to_antt.so_to": 1, "to_antt.thanh_vien": 7, "ho_tro.cbcs_gia_tri": 117_900_000,
  },
  "to-antt-dong-hung": { "tin.co_gia_tri": 10, "tin.tham_khao": 13, "tuan_tra.antt.luot_to": 80, "tuan_tra.antt.luot_nguoi": 400 },
  "to-antt-tay-hung": { "tin.co_gia_tri": 10, "tin.tham_khao": 13, "tuan_tra.antt.luot_to": 80, "tuan_tra.antt.luot_nguoi": 400 },
  "to-antt-trung-bac-hung": { "tin.co_gia_tri": 9, "tin.tham_khao": 13, "tuan_tra.antt.luot_to": 77, "tuan_tra.antt.luot_nguoi": 386 },
  "to-phu-nu": { "tuan_tra.to_phu_nu.luot_to": 120, "tuan_tra.to_phu_nu.luot_nguoi": 1200 },
  "don-bp-nhon-hung": {
    "tuyen_truyen.so_buoi": 150, "tuyen_truyen.luot_nguoi": 4500, "tuyen_truyen.to_roi": 1000, "tuyen_truyen.tin_bai": 100,
    "to_phu_nu.so_to": 1, "to_phu_nu.thanh_vien": 10,
    "tin.co_gia_tri": 300, "tin.tham_khao": 280,
    "tuan_tra.phoi_hop.luot_to": 300, "tuan_tra.phoi_hop.luot_nguoi": 1800,
    "tuan_tra.doc_lap.luot_to": 3650, "tuan_tra.doc_lap.luot_nguoi": 25550,
    "tuan_tra.kiem_soat.luot_to": 790, "tuan_tra.kiem_soat.luot_nguoi": 3950,
    "tuan_tra.dan_duong.luot_to": 85, "tuan_tra.dan_duong.luot_nguoi": 625,
    "tuan_tra.song_phuong.luot_to": 60, "tuan_tra.song_phuong.luot_nguoi": 600,
    "moc.moc_chinh": 4, "moc.moc_phu": 10, "moc.coc_dau": 9, "moc.diem_dac_trung": 28,
    "doi_ngoai.gap_go": 123, "doi_ngoai.phan_qua": 566, "doi_ngoai.gia_tri_qua": 356_000_000,
  },
};

/** Every metric key at 0, overridden by `values`. */
export function figures(values: Figures = {}): Figures {
  const f: Figures = {};
  for (const k of metricKeys()) f[k] = 0;
  return Object.assign(f, values);
}

/**
 * The ward's totals, copied by hand from the model report's text
 * (/work/shared/reference/bao-cao-35-BC-UBND-2025.txt, line numbers given), not summed here:
 * the tables and text must agree with the report, not with this file's arithmetic.
 */
export const MODEL_TOTALS: Readonly<Figures> = {
  "dan_so.ho": 1667, "dan_so.khau": 6139, // line 21: 1.667 hộ/6.139 khẩu
  "tuyen_truyen.so_buoi": 480, "tuyen_truyen.luot_nguoi": 14209, // line 45: 480 buổi, 14.209 lượt người
  "tuyen_truyen.gio_loa": 452, "tuyen_truyen.to_roi": 2600, // line 45: 452 giờ, 2.600 tờ bướm
  "tuyen_truyen.ho_cam_ket": 1200, "tuyen_truyen.tin_bai": 100, // line 47: 1.200 hộ ký cam kết, 100 tin, bài
  "tu_quan.ho": 28, "tu_quan.ca_nhan": 28, // line 59: 28 hộ gia đình và 28 cá nhân
  "to_antt.so_to": 3, "to_antt.thanh_vien": 21, // line 61: 03 Tổ tự quản ANTT với 21 thành viên
  "to_phu_nu.so_to": 1, "to_phu_nu.thanh_vien": 10, // line 63: 01 Tổ Phụ nữ … 10 thành viên
  "tin.co_gia_tri": 329, "tin.tham_khao": 319, // line 69: 648 tin (329 có giá trị, 319 tham khảo)
  "tuan_tra.phoi_hop.luot_to": 300, "tuan_tra.phoi_hop.luot_nguoi": 1800, // line 71: 300 lượt tổ/1.800 lượt đ/c
  "tuan_tra.to_phu_nu.luot_to": 120, "tuan_tra.to_phu_nu.luot_nguoi": 1200, // line 71: 120 lần/1.200 lượt đ/c
  "tuan_tra.doc_lap.luot_to": 3650, "tuan_tra.doc_lap.luot_nguoi": 25550, // line 71: 3.650 lượt tổ/25.550 lượt CBCS
  "tuan_tra.kiem_soat.luot_to": 790, "tuan_tra.kiem_soat.luot_nguoi": 3950, // line 71: 790 lượt tổ/3.950 lượt đ/c
  "tuan_tra.dan_duong.luot_to": 85, "tuan_tra.dan_duong.luot_nguoi": 625, // line 71: 85 tổ/625 lượt CBCS
  "tuan_tra.antt.luot_to": 237, "tuan_tra.antt.luot_nguoi": 1186, // line 71: 237 lượt tổ có 1.186 lượt đồng chí
  "moc.moc_chinh": 4, "moc.moc_phu": 10, "moc.coc_dau": 9, "moc.diem_dac_trung": 28, // line 71: 04 mốc chính, 10 mốc phụ, 09 cọc dấu, 28 điểm
  "tuan_tra.song_phuong.luot_to": 60, "tuan_tra.song_phuong.luot_nguoi": 600, // line 77: 60 lần/600 lượt CBCS
  "doi_ngoai.gap_go": 123, "doi_ngoai.phan_qua": 566, "doi_ngoai.gia_tri_qua": 356_000_000, // line 77: 123 lần; 566 phần quà, 356 triệu
  "ho_tro.cbcs_gia_tri": 327_900_000, // line 91: 327.900.000 đồng
};

/**
 * Yearly figures of the ten-year report (keys "2015"…"2025", labels "Năm 2015"), written out by
 * hand: propaganda sessions and valuable tips per year as in test/fixtures/import/model-report.csv
 * (its rows summed by hand per year; each column adds up to the report's 480 and 329), stocks
 * at the report's figures. Not produced by grouping months, so nothing here copies compile.ts.
 */
const YEARLY: ReadonlyArray<[year: string, soBuoi: number, tinCoGiaTri: number]> = [
  ["2015", 46, 30], ["2016", 49, 32], ["2017", 48, 35], ["2018", 49, 31], ["2019", 47, 34], ["2020", 51, 31],
  ["2021", 47, 37], ["2022", 46, 34], ["2023", 46, 32], ["2024", 47, 29], ["2025", 4, 4],
];
export const MODEL_YEARS: MonthFigures[] = YEARLY.map(([year, soBuoi, tin]) => ({
  key: year,
  label: `Năm ${year}`,
  values: figures({ "tuyen_truyen.so_buoi": soBuoi, "tin.co_gia_tri": tin, "dan_so.ho": 1667, "dan_so.khau": 6139 }),
}));

/** Months "YYYY-MM" from start to end (inclusive). */
function monthKeys(start: string, end: string): string[] {
  const keys: string[] = [];
  let y = Number(start.slice(0, 4));
  let m = Number(start.slice(5, 7));
  const endKey = end.slice(0, 7);
  for (;;) {
    const key = `${y}-${String(m).padStart(2, "0")}`;
    keys.push(key);
    if (key >= endKey) return keys;
    if (++m > 12) [y, m] = [y + 1, 1];
  }
}

/** Spreads flow totals evenly over the months (remainder in the last one); stocks stay constant. */
export function spreadOverMonths(totals: Figures, start: string, end: string): MonthFigures[] {
  const keys = monthKeys(start, end);
  return keys.map((key, i) => {
    const values = figures();
    for (const [k, v] of Object.entries(totals)) {
      if (metricByKey(k)?.aggregation === "stock") values[k] = v;
      else {
        const share = Math.floor(v / keys.length);
        values[k] = i === keys.length - 1 ? v - share * (keys.length - 1) : share;
      }
    }
    return { key, label: `Tháng ${key.slice(5, 7)}/${key.slice(0, 4)}`, values };
  });
}

export const MODEL_PERIOD: Period = {
  kind: "range",
  key: "2015-01-01..2025-02-26",
  start: "2015-01-01",
  end: "2025-02-26",
  label: "từ ngày 01/01/2015 đến ngày 26/02/2025",
};

/**
 * The model report's data: ten years (byMonth holds the hand-written year rows MODEL_YEARS),
 * no comparisons (free range), 8/8 units reported. byUnit starts with the ward itself, as in compile.ts.
 */
export function modelReportData(overrides: Partial<ReportData> = {}): ReportData {
  const ward = MODEL_PROFILE.ward;
  const units = [{ code: ward.code, name: ward.name, shortName: ward.name, kind: "phuong" }, ...MODEL_PROFILE.units];
  const byUnit: UnitFigures[] = units.map((u) => ({
    code: u.code,
    name: u.name,
    shortName: u.shortName ?? u.name,
    kind: u.kind,
    values: figures(PER_UNIT[u.code] ?? {}),
  }));
  const totals = figures({ ...MODEL_TOTALS });
  return {
    period: MODEL_PERIOD,
    issuedOn: "2025-02-26",
    profile: MODEL_PROFILE,
    totals,
    previous: null,
    yearAgo: null,
    byUnit,
    byMonth: MODEL_YEARS.map((y) => ({ ...y, values: { ...y.values } })),
    completeness: { monthLabel: "tháng 02/2025", reported: 8, total: 8, missing: [] },
    entryCount: 1250,
    previousPeriod: null,
    yearAgoPeriod: null,
    extraBasis: [],
    words: { situation: null, tasks: [], facts: {} },
    countedUntil: null,
    coverage: [],
    ...overrides,
  };
}

/** The model's figure phrases, as the default template must print them. */
export const MODEL_PHRASES: readonly string[] = [
  "Nhơn Hưng có 03 khóm (Đông Hưng, Tây Hưng, Trung Bắc Hưng), dân số là 1.667 hộ/6.139 khẩu; có 03 dân tộc Kinh, Khmer, Hoa cùng sinh sống.",
  "có 03 tôn giáo chính là Phật giáo, Phật giáo Hòa Hảo, Cao Đài",
  "480 buổi, có 14.209 lượt người dân dự nghe",
  "loa truyền thanh 452 giờ, phát 2.600 tờ bướm",
  "1.200 hộ ký cam kết",
  "100 tin, bài",
  "28 hộ gia đình và 28 cá nhân",
  "03 “Tổ tự quản an ninh trật tự” với 21 thành viên",
  "01 Tổ Phụ nữ tự quản đường biên cột mốc 10 thành viên",
  "648 tin (329 tin có giá trị, 319 tin tham khảo)",
  "300 lượt tổ/1.800 lượt đ/c",
  "120 lần/1.200 lượt đ/c",
  "3.650 lượt tổ/25.550 lượt CBCS",
  "790 lượt tổ/3.950 lượt đ/c",
  "85 tổ/625 lượt CBCS",
  "237 lượt tổ có 1.186 lượt đồng chí",
  "60 lần/600 lượt CBCS",
  "04 mốc chính, 10 mốc phụ, 09 cọc dấu và 28 điểm đặc trưng",
  "123 lần",
  "566 phần quà trị giá 356 triệu đồng",
  "327.900.000 đồng",
];
