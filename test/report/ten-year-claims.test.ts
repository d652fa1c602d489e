// The ten-year report's standing sentences follow its own figures: "vi phạm … giảm rõ rệt / giảm
// đáng kể" only when the period's last year had fewer violations than its first, "đường biên, cột
// mốc luôn được giữ nguyên hiện trạng" only when no marker was found damaged or moved. Figures are
// set by hand on the model report's ten year rows (2015…2025), never read from the compiler.
import { beforeAll, describe, expect, it } from "vitest";
import { docText } from "../../src/report/document.js";
import { loadTemplate, renderTemplate, type Template } from "../../src/report/template.js";
import { modelReportData } from "./model-figures.js";
import type { ReportData } from "../../src/report/model.js";

let template: Template;
beforeAll(async () => {
  const r = await loadTemplate("templates/bao-cao-tong-ket.md");
  if (!r.ok) throw new Error(r.errors.map(String).join("\n"));
  template = r.template;
});

const VIOLATIONS = ["vi_pham.xnc_vu", "vi_pham.buon_lau_vu", "vi_pham.khac_vu"] as const;

/** The model's data with violations per year ({ "2015": [xnc, buôn lậu, khác] }) and damaged markers. */
function withFigures(years: Record<string, [number, number, number]>, damagedMarkers: number): ReportData {
  const d = modelReportData();
  for (const row of d.byMonth) {
    const v = years[row.key] ?? [0, 0, 0];
    VIOLATIONS.forEach((k, i) => { row.values[k] = v[i]!; });
  }
  VIOLATIONS.forEach((k, i) => { d.totals[k] = Object.values(years).reduce((s, v) => s + v[i]!, 0); });
  d.totals["moc.bat_thuong"] = damagedMarkers;
  return d;
}

const text = (d: ReportData) => docText(renderTemplate(template, d));

describe("ten-year report: the claims follow the figures", () => {
  it("a rise of violations (3 in 2017, 17 in 2025, as in the demo) and damaged markers: no claim of a fall, no 'giữ nguyên hiện trạng'", () => {
    // 2015: 2 + 1 + 1 = 4 cases; 2017: 3; 2025: 10 + 4 + 3 = 17, the most of any year. 3 markers damaged.
    const t = text(withFigures({ "2015": [2, 1, 1], "2017": [2, 0, 1], "2025": [10, 4, 3] }, 3));
    expect(t).not.toContain("giảm rõ rệt");
    expect(t).not.toContain("giảm đáng kể");
    expect(t).not.toContain("giữ nguyên hiện trạng");
    expect(t).toContain("xây dựng nền Biên phòng toàn dân vững chắc.");
    expect(t).toContain("Phát hiện 03 mốc hư hỏng, xê dịch");
    // The figures themselves are still told: 14 XNC, 5 smuggling, 5 other cases over the period.
    expect(t).toContain("Phát hiện, xử lý 14 vụ/");
  });

  it("fewer violations in the last year than in the first, no damaged marker: the model's sentences", () => {
    // 2015: 5 + 2 + 1 = 8; 2025: 1 + 0 + 0 = 1.
    const t = text(withFigures({ "2015": [5, 2, 1], "2020": [3, 1, 0], "2025": [1, 0, 0] }, 0));
    expect(t).toContain("xây dựng nền Biên phòng toàn dân vững chắc, các vụ việc vi phạm pháp luật, quy chế biên giới giảm rõ rệt.");
    expect(t).toContain("Tình hình vi phạm quy chế khu vực biên giới, sang Campuchia làm ăn trái phép, các tệ nạn xã hội giảm đáng kể.");
    expect(t).toContain("hệ thống đường biên, cột mốc luôn được giữ nguyên hiện trạng.");
    expect(t).not.toContain("mốc hư hỏng, xê dịch");
  });

  it("the same number in the first and last year is no fall", () => {
    const t = text(withFigures({ "2015": [1, 0, 0], "2025": [0, 1, 0] }, 0));
    expect(t).not.toContain("giảm rõ rệt");
    expect(t).not.toContain("giảm đáng kể");
  });
});
