// The template language's conditions ([[neu]] / [[khac]] / [[het]]) and [[nhiem_vu]], the next
// period's name and comparisons in office words. Expected text written by hand.
import { describe, expect, it } from "vitest";
import { blockText, type DocModel } from "../../src/report/document.js";
import { compareWith, comparePhrase } from "../../src/report/format.js";
import type { ReportData } from "../../src/report/model.js";
import { nextPeriodName } from "../../src/report/next-period.js";
import { parseTemplate, renderTemplate, type Template } from "../../src/report/template.js";
import { figures, modelReportData } from "./model-figures.js";

const source = (body: string) => `---\ntrich_yeu: Kết quả {{ky.ten}}\n---\n${body}`;
function parse(body: string): Template {
  const r = parseTemplate(source(body), "t.md");
  if (!r.ok) throw new Error(r.errors.map(String).join("\n"));
  return r.template;
}
const errors = (body: string) => {
  const r = parseTemplate(source(body), "t.md");
  return r.ok ? [] : r.errors.map(String);
};
const texts = (doc: DocModel) => doc.body.map(blockText);
const render = (body: string, data: ReportData) => texts(renderTemplate(parse(body), data));
const withTotals = (values: Record<string, number>, extra: Partial<ReportData> = {}) => modelReportData({ totals: figures(values), ...extra });

describe("[[neu]] … [[khac]] … [[het]]", () => {
  const body = [
    "[[neu vi_pham.xnc_vu + vi_pham.buon_lau_vu > 0]]",
    "Cơ bản ổn định.",
    "[[khac]]",
    "Ổn định.",
    "[[het]]",
    "Luôn in.",
  ].join("\n");

  it("prints the first branch when the sum compares true, the second otherwise", () => {
    expect(render(body, withTotals({ "vi_pham.buon_lau_vu": 1 }))).toEqual(["Cơ bản ổn định.", "Luôn in."]);
    expect(render(body, withTotals({}))).toEqual(["Ổn định.", "Luôn in."]);
  });

  it("compares with every operator, and the unicode ones", () => {
    const data = withTotals({ "tuyen_truyen.so_buoi": 5 });
    const cases: [string, boolean][] = [
      ["> 4", true], ["> 5", false], [">= 5", true], ["< 5", false], ["<= 5", true], ["= 5", true], ["!= 5", false],
      ["≥ 6", false], ["≤ 5", true], ["≠ 4", true], ["<> 5", false],
    ];
    for (const [cmp, expected] of cases) {
      expect(render(`[[neu tuyen_truyen.so_buoi ${cmp}]]\nCó.\n[[khac]]\nKhông.\n[[het]]`, data), cmp).toEqual([expected ? "Có." : "Không."]);
    }
  });

  it("combines with và / hoặc / không and parentheses; names may carry diacritics", () => {
    const t = "[[nếu (vi_pham.xnc_vu > 0 hoặc vi_pham.khac_vu > 0) và không đủ_báo_cáo]]\nA.\n[[khác]]\nB.\n[[hết]]";
    const missing = { monthLabel: "tháng 01/2025", reported: 7, total: 8, missing: [] };
    expect(render(t, withTotals({ "vi_pham.khac_vu": 1 }, { completeness: missing }))).toEqual(["A."]);
    expect(render(t, withTotals({ "vi_pham.khac_vu": 1 }))).toEqual(["B."]); // 8/8
    expect(render(t, withTotals({}, { completeness: missing }))).toEqual(["B."]);
  });

  it("tests the named facts: figures, all units reported, the leader's words and round facts", () => {
    const facts = "[[neu co so_lieu]]\nS\n[[het]]\n[[neu du_bao_cao]]\nD\n[[het]]\n[[neu co nhan_dinh]]\nN\n[[het]]\n[[neu co nhiem_vu]]\nT\n[[het]]\n[[neu co dot.ngoai_bien]]\nF\n[[het]]";
    expect(render(facts, modelReportData({ entryCount: 0, completeness: null }))).toEqual([]);
    expect(render(facts, modelReportData({ words: { situation: "Ổn", tasks: ["Việc"], facts: { ngoai_bien: "sau bầu cử" } } })))
      .toEqual(["S", "D", "N", "T", "F"]);
    // blank words count as not given
    expect(render(facts, modelReportData({ entryCount: 0, words: { situation: "  ", tasks: [" "], facts: { ngoai_bien: "" } } }))).toEqual(["D"]);
  });

  it("nests", () => {
    const t = "[[neu co so_lieu]]\n[[neu du_bao_cao]]\nĐủ.\n[[khac]]\nThiếu.\n[[het]]\n[[khac]]\nTrống.\n[[het]]";
    expect(render(t, modelReportData())).toEqual(["Đủ."]);
    expect(render(t, modelReportData({ completeness: { monthLabel: "tháng 01/2025", reported: 0, total: 8, missing: [] } }))).toEqual(["Thiếu."]);
    expect(render(t, modelReportData({ entryCount: 0 }))).toEqual(["Trống."]);
  });

  it("reports every misplaced or wrong line with its number, in Vietnamese, suggesting a misspelt name", () => {
    expect(errors([
      "[[neu tuyen_truyen.so_buoii > 0]]", // 4
      "[[het]]",
      "[[khac]]", // 6
      "[[het]]", // 7
      "[[neu co nhan_dnh]]", // 8
      "[[het]]",
      "[[neu tuyen_truyen.so_buoi >]]", // 10
      "[[het]]",
      "[[neu tuyen_truyen.so_buoi > 0 tin.tham_khao > 0]]", // 12
      "[[het]]",
      "[[neu]]", // 14
      "[[het]]",
      "[[neu co so_lieu]]", // 16
      "[[khac]]",
      "[[khac]]", // 18
      "[[het]]",
      "[[neu co so_lieu]]", // 20
      "[[phu_luc: Kèm theo]]", // 21
    ].join("\n"))).toEqual([
      "t.md:4: Không có chỉ tiêu “tuyen_truyen.so_buoii” trong điều kiện. Có phải “tuyen_truyen.so_buoi”?",
      "t.md:6: Thừa [[khac]]: không có [[neu …]] nào đang mở.",
      "t.md:7: Thừa [[het]]: không có [[neu …]] nào đang mở.",
      "t.md:8: Không có điều kiện “có nhan_dnh”. Có phải “co nhan_dinh”? Các điều kiện: co so_lieu, du_bao_cao, co nhan_dinh, co nhiem_vu, co dot.ngoai_bien, co dot.phong_trao, co dot.ho_tro, co dot.kien_nghi.",
      "t.md:10: Sau “>” cần một số, ví dụ “> 0”.",
      "t.md:12: Điều kiện thừa “tin.tham_khao”: nối hai điều kiện bằng “và” hoặc “hoặc”.",
      "t.md:14: Lệnh [[neu]] cần một điều kiện, ví dụ: [[neu vi_pham.xnc_vu + vi_pham.buon_lau_vu > 0]].",
      "t.md:18: [[neu]] ở dòng 16 đã có [[khac]]; mỗi [[neu]] chỉ có một [[khac]].",
      "t.md:20: [[neu]] ở dòng 20 chưa được đóng bằng [[het]].",
      "t.md:21: Lệnh [[phu_luc]] không được nằm trong [[neu …]] (mở ở dòng 20): hãy đóng bằng [[het]] trước.",
    ]);
  });
});

describe("[[nhiem_vu]]", () => {
  it("numbers the leader's tasks, drops their own numbering and closes the last with the given text", () => {
    const data = modelReportData({ words: { situation: null, tasks: ["  tuần tra dịp Tết;", "2) Củng cố tổ tự quản.", ""], facts: {} } });
    expect(render("[[nhiem_vu | ./.]]", data)).toEqual(["1. Tuần tra dịp Tết.", "2. Củng cố tổ tự quản./."]);
    expect(render("[[nhiem_vu]]", data)).toEqual(["1. Tuần tra dịp Tết.", "2. Củng cố tổ tự quản."]);
    expect(render("[[nhiem_vu]]", modelReportData())).toEqual([]);
  });
});

describe("the leader's words as fields", () => {
  it("prints nhan_dinh and dot.* as running text, without a doubled stop", () => {
    const data = modelReportData({ words: { situation: "Tình hình có diễn biến mới.", tasks: [], facts: { ngoai_bien: "sau bầu cử Quốc hội Khóa VII/2023 của CPC." } } });
    expect(render("{{nhan_dinh}}.\nNhất là {{dot.ngoai_bien}}.", data)).toEqual(["Tình hình có diễn biến mới.", "Nhất là sau bầu cử Quốc hội Khóa VII/2023 của CPC."]);
  });
});

describe("the next period, as a heading names it", () => {
  it.each([
    ["2025-01", "tháng 02/2025"], ["2025-12", "tháng 01/2026"], ["2025-Q1", "quý II/2025"], ["2025-Q4", "quý I/2026"],
    ["2025-H1", "6 tháng cuối năm 2025"], ["2025-H2", "6 tháng đầu năm 2026"], ["2025-9M", "3 tháng cuối năm 2025"],
    ["2025", "năm 2026"], ["2015-01-01..2025-02-26", "thời gian tới"], ["2025-01-10..2025-02-20", "thời gian tới"],
  ])("%s → %s", (key, name) => {
    expect(nextPeriodName({ key })).toBe(name);
  });
});

describe("comparisons in office words", () => {
  it("growth over 100% as “gấp N lần”, with the difference in the metric's unit on a small base", () => {
    expect(compareWith(52, 4, "tháng 01/2025", "buổi")).toBe("gấp 13 lần so với tháng 01/2025 (tăng 48 buổi)");
    expect(compareWith(250, 100, "quý IV/2024", "buổi")).toBe("gấp 2,5 lần so với quý IV/2024");
    expect(compareWith(333, 100, "năm 2023", "tin")).toBe("gấp 3,3 lần so với năm 2023");
    expect(comparePhrase(52, 4)).toBe("gấp 13 lần");
    // exactly double is growth of 100%, not over it
    expect(compareWith(200, 100, "năm 2023", "buổi")).toBe("tăng 100% so với năm 2023");
  });
  it("a small base reads as a difference, not a percentage", () => {
    expect(compareWith(5, 3, "tháng 01/2025", "vụ")).toBe("tăng 02 vụ so với tháng 01/2025");
    expect(compareWith(1, 4, "tháng 01/2025", "vụ")).toBe("giảm 03 vụ so với tháng 01/2025");
    expect(compareWith(9, 9, "tháng 01/2025", "vụ")).toBe("bằng tháng 01/2025");
    expect(compareWith(12, 10, "tháng 01/2025", "buổi")).toBe("tăng 20% so với tháng 01/2025");
  });

  const NOV = { kind: "month" as const, key: "2026-11", start: "2026-11-01", end: "2026-11-30", label: "tháng 11/2026" };
  const DEC = { kind: "month" as const, key: "2026-12", start: "2026-12-01", end: "2026-12-31", label: "tháng 12/2026" };
  it("a period in progress is not compared with a whole earlier period (seven days of December against November)", () => {
    const body = "Có {{tuyen_truyen.so_buoi}} buổi[?, {{tuyen_truyen.so_buoi | so_sanh}}?].";
    const base = { period: DEC, previousPeriod: NOV, previous: figures({ "tuyen_truyen.so_buoi": 10 }) };
    expect(render(body, withTotals({ "tuyen_truyen.so_buoi": 4 }, { ...base, countedUntil: "2026-12-07" }))).toEqual(["Có 04 buổi."]);
    expect(render(body, withTotals({ "tuyen_truyen.so_buoi": 4 }, { ...base, countedUntil: null }))).toEqual(["Có 04 buổi, giảm 60% so với tháng 11/2026."]);
  });
});
