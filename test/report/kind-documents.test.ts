// Each kind of report on the model's figures, read back from the generated DOCX: its title, no
// passage of another kind, figures written as an office writes them, appendix tables numbered
// without gaps, nothing internal. Expected phrases are worked out by hand from the figures below.
import { beforeAll, describe, expect, it } from "vitest";
import { loadReportTemplates, type TemplateSet } from "../../src/app/start.js";
import type { Period } from "../../src/domain/periods.js";
import { renderDocx } from "../../src/report/docx.js";
import { reportKindOf } from "../../src/report/kinds.js";
import type { ReportData } from "../../src/report/model.js";
import { renderTemplate } from "../../src/report/template.js";
import { docxText } from "./docx-text.js";
import { MODEL_PHRASES, figures, modelReportData, spreadOverMonths } from "./model-figures.js";

let templates: TemplateSet;
beforeAll(async () => {
  templates = await loadReportTemplates({});
});

const p = (kind: Period["kind"], key: string, start: string, end: string, label: string): Period => ({ kind, key, start, end, label });

/** The model's figures over `period`, compared with the periods before (figures chosen for round percentages). */
function dataFor(period: Period, previousPeriod: Period | null, yearAgoPeriod: Period | null, extra: Partial<ReportData> = {}): ReportData {
  const base = modelReportData();
  return modelReportData({
    period, previousPeriod, yearAgoPeriod,
    // 480 buổi now: 500 before (giảm 4%); 648 tin now: 648 before (bằng), 576 a year ago (tăng 12,5%)
    previous: previousPeriod ? figures({ "tuyen_truyen.so_buoi": 500, "tin.co_gia_tri": 329, "tin.tham_khao": 319 }) : null,
    yearAgo: yearAgoPeriod ? figures({ "tuyen_truyen.so_buoi": 400, "tin.co_gia_tri": 300, "tin.tham_khao": 276 }) : null,
    // 5 vụ/7 người XNC; a smuggling "case" of 0 with a stray value of 1 đồng; support of 550.000 đồng
    totals: { ...base.totals, "vi_pham.xnc_vu": 5, "vi_pham.xnc_nguoi": 7, "vi_pham.buon_lau_vu": 0, "vi_pham.buon_lau_gia_tri": 1, "ho_tro.cbcs_gia_tri": 550_000 },
    byMonth: spreadOverMonths(base.totals, period.start, period.end),
    number: "35",
    ...extra,
  });
}

async function documentOf(data: ReportData): Promise<string> {
  const template = templates[reportKindOf(data.period)];
  return docxText(await renderDocx(renderTemplate(template, data), data));
}

const INTERNAL = /đơn vị báo cáo|chưa báo cáo|bản ghi|phiếu số liệu|\d+\/8 đơn vị/;
const TEN_YEAR_ONLY = /kinh nghiệm rút ra|10 năm|Khóa VII|cụm trưởng|Tổng kết|giai đoạn 2015/;

/** Common checks: appendix caption with number and date, "Biểu 1, 2, …" without gaps, nothing internal. */
function commonChecks(text: string) {
  expect(text).toContain("(Kèm theo Báo cáo số 35/BC-UBND ngày 26/02/2025 của Ủy ban nhân dân phường Nhơn Hưng)");
  const numbers = [...text.matchAll(/^Biểu (\d+)\./gm)].map((m) => Number(m[1]));
  expect(numbers.length).toBeGreaterThan(0);
  expect(numbers).toEqual(numbers.map((_, i) => i + 1));
  expect(text).not.toMatch(INTERNAL);
  expect(text).toContain("Huỳnh Thanh Vũ");
  expect(text).toBe(text.normalize("NFC"));
}

/** Figures written per the office rules, the same in every calendar kind. */
function figureChecks(text: string) {
  expect(text).toContain("Phát hiện, xử lý 05 vụ/07 người xuất nhập cảnh trái phép.");
  expect(text).not.toMatch(/vụ buôn lậu|\b1 đồng/); // lead figure 0: the sentence goes, with its 1 đồng
  expect(text).toContain("550.000 đồng");
  expect(text).toContain("566 phần quà trị giá 356 triệu đồng");
  expect(text).toContain("04 mốc chính, 10 mốc phụ, 09 cọc dấu và 28 điểm đặc trưng");
  expect(text).not.toMatch(/\b\d+,\d+ triệu/);
}

const JAN = p("month", "2025-01", "2025-01-01", "2025-01-31", "tháng 01/2025");
const FEB = p("month", "2025-02", "2025-02-01", "2025-02-28", "tháng 02/2025");
const FEB_2024 = p("month", "2024-02", "2024-02-01", "2024-02-29", "tháng 02/2024");

describe("a monthly report", () => {
  let text: string;
  beforeAll(async () => {
    text = await documentOf(dataFor(FEB, JAN, FEB_2024, { extraBasis: ["Kế hoạch số 564/KH-UBND ngày 24/02/2025 của UBND thị xã Tịnh Biên"] }));
  });

  it("has the month's title and scope", () => {
    expect(text).toContain("Kết quả thực hiện Chỉ thị số 01/CT-TTg ngày 09/01/2015 của Thủ tướng Chính phủ “về việc tổ chức phong trào toàn dân tham gia bảo vệ chủ quyền lãnh thổ, an ninh biên giới quốc gia trong tình hình mới” tháng 02/2025");
    expect(text).toContain("báo cáo kết quả thực hiện Chỉ thị số 01 tháng 02/2025 (từ ngày 01/02/2025 đến ngày 28/02/2025)");
    expect(text).toContain("IV. PHƯƠNG HƯỚNG, NHIỆM VỤ THÁNG 03/2025");
  });

  it("compares with the previous month and the same month a year earlier, naming them", () => {
    expect(text).toContain("Số buổi tuyên truyền giảm 4% so với tháng 01/2025, tăng 20% so với cùng kỳ năm 2024.");
    expect(text).toContain("648 tin (329 tin có giá trị, 319 tin tham khảo). Số tin thu được bằng tháng 01/2025, tăng 12,5% so với cùng kỳ năm 2024.");
  });

  it("writes figures as an office does, prints the round's căn cứ, and no passage of the ten-year report", () => {
    figureChecks(text);
    expect(text).toContain("Chỉ thị số 01;\nCăn cứ Kế hoạch số 564/KH-UBND ngày 24/02/2025 của UBND thị xã Tịnh Biên;\nỦy ban nhân dân phường Nhơn Hưng báo cáo");
    expect(text).not.toMatch(TEN_YEAR_ONLY);
    expect(text).not.toMatch(/KIẾN NGHỊ|ĐÁNH GIÁ CHUNG/);
    commonChecks(text);
  });

  it("a month in progress says up to which day it counts", async () => {
    const nov = p("month", "2026-11", "2026-11-01", "2026-11-30", "tháng 11/2026");
    const t = await documentOf(dataFor(nov, null, null, { countedUntil: "2026-11-20" }));
    expect(t).toContain("tháng 11/2026 (số liệu tính đến ngày 20/11/2026)");
  });
});

describe("a quarterly report", () => {
  let text: string;
  beforeAll(async () => {
    const q4 = p("quarter", "2024-Q4", "2024-10-01", "2024-12-31", "quý IV/2024");
    const q1y = p("quarter", "2024-Q1", "2024-01-01", "2024-03-31", "quý I/2024");
    text = await documentOf(dataFor(p("quarter", "2025-Q1", "2025-01-01", "2025-03-31", "quý I/2025"), q4, q1y));
  });

  it("has the quarter's title, comparisons, figures, a table by month and no passage of another kind", () => {
    expect(text).toMatch(/^Kết quả thực hiện Chỉ thị số 01\/CT-TTg .* quý I\/2025$/m);
    expect(text).toContain("Số buổi tuyên truyền giảm 4% so với quý IV/2024, tăng 20% so với cùng kỳ năm 2024.");
    expect(text).toContain("IV. PHƯƠNG HƯỚNG, NHIỆM VỤ QUÝ II/2025");
    expect(text).toMatch(/^Biểu \d+\. Một số kết quả theo từng tháng$/m);
    expect(text).toContain("Tháng 03/2025");
    expect(text).not.toMatch(TEN_YEAR_ONLY);
    expect(text).not.toMatch(/THÁNG TỚI|Trong tháng/);
    figureChecks(text);
    commonChecks(text);
  });
});

describe("a six-month report", () => {
  it("is a sơ kết with an assessment, comparisons and no passage of another kind", async () => {
    const h2 = p("half", "2024-H2", "2024-07-01", "2024-12-31", "6 tháng cuối năm 2024");
    const h1y = p("half", "2024-H1", "2024-01-01", "2024-06-30", "6 tháng đầu năm 2024");
    const text = await documentOf(dataFor(p("half", "2025-H1", "2025-01-01", "2025-06-30", "6 tháng đầu năm 2025"), h2, h1y));
    expect(text).toMatch(/^Sơ kết 6 tháng đầu năm 2025 thực hiện Chỉ thị số 01\/CT-TTg/m);
    expect(text).toContain("Số buổi tuyên truyền giảm 4% so với 6 tháng cuối năm 2024, tăng 20% so với cùng kỳ năm 2024.");
    expect(text).toContain("IV. PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM 2025");
    expect(text).toContain("III. ĐÁNH GIÁ CHUNG");
    expect(text).toContain("V. KIẾN NGHỊ, ĐỀ XUẤT");
    expect(text).not.toMatch(TEN_YEAR_ONLY);
    expect(text).not.toMatch(/THÁNG TỚI|QUÝ TỚI/);
    figureChecks(text);
    commonChecks(text);
  });
});

describe("a yearly report", () => {
  it("compares with the year before once, and has no passage of another kind", async () => {
    const y2023 = p("year", "2023", "2023-01-01", "2023-12-31", "năm 2023");
    const text = await documentOf(dataFor(p("year", "2024", "2024-01-01", "2024-12-31", "năm 2024"), y2023, y2023));
    expect(text).toMatch(/^Kết quả thực hiện Chỉ thị số 01\/CT-TTg .* năm 2024$/m);
    expect(text).toContain("Số buổi tuyên truyền giảm 4% so với năm 2023.");
    expect(text).toContain("IV. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2025");
    expect(text).not.toMatch(TEN_YEAR_ONLY);
    expect(text).not.toMatch(/THÁNG TỚI|QUÝ TỚI|cùng kỳ năm/);
    figureChecks(text);
    commonChecks(text);
  });
});

describe("the ten-year (tổng kết) report", () => {
  let text: string;
  beforeAll(async () => {
    const data = modelReportData({ number: "35" });
    data.totals = { ...data.totals, "vi_pham.xnc_vu": 5, "vi_pham.xnc_nguoi": 7, "vi_pham.buon_lau_gia_tri": 1 };
    text = await documentOf(data);
  });

  it("reproduces the model's title and wording", () => {
    expect(text).toContain("Tổng kết 10 năm thực hiện Chỉ thị số 01/CT-TTg ngày 09/01/2015 của Thủ tướng Chính phủ “về việc tổ chức phong trào toàn dân tham gia bảo vệ chủ quyền lãnh thổ, an ninh biên giới quốc gia trong tình hình mới” giai đoạn 2015 – 2025");
    expect(text).toContain("qua 10 năm thực hiện Chỉ thị số 01");
    expect(text).toContain("3. Kết quả 10 năm thực hiện Chỉ thị số 01");
    expect(text).toContain("Một số kinh nghiệm rút ra");
    expect(text).toContain("Số: 35/BC-UBND");
  });

  it.each(MODEL_PHRASES)("contains “%s”", (phrase) => {
    expect(text).toContain(phrase);
  });

  it("writes figures per the office rules, numbers its tables without gaps and holds nothing internal", () => {
    expect(text).toContain("Phát hiện, xử lý 05 vụ/07 người xuất nhập cảnh trái phép.");
    expect(text).not.toMatch(/vụ buôn lậu|\b1 đồng/);
    expect(text).not.toMatch(/THÁNG TỚI|QUÝ TỚI|NĂM TỚI/);
    commonChecks(text);
  });
});
