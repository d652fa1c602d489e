// The default template reports violations only when there are any.
import { describe, expect, it } from "vitest";
import { loadTemplate, renderTemplate } from "../../src/report/template.js";
import { docText } from "../../src/report/document.js";
import { modelReportData } from "./model-figures.js";

describe("default template: violations", () => {
  it("leaves the sentences out at zero and writes each kind that occurred", async () => {
    const t = await loadTemplate("templates/bao-cao-tong-ket.md");
    if (!t.ok) throw new Error(t.errors.join("\n"));
    const data = modelReportData();
    expect(docText(renderTemplate(t.template, data))).not.toContain("xuất nhập cảnh trái phép.");
    Object.assign(data.totals, { "vi_pham.xnc_vu": 3, "vi_pham.xnc_nguoi": 7, "vi_pham.buon_lau_vu": 2, "vi_pham.buon_lau_gia_tri": 15_000_000 });
    const text = docText(renderTemplate(t.template, data));
    expect(text).toContain("Phát hiện, xử lý 03 vụ/07 người xuất nhập cảnh trái phép. Phát hiện 02 vụ buôn lậu, trị giá hàng hóa 15.000.000 đồng.");
    expect(text).not.toContain("vụ vi phạm khác");
  });
});
