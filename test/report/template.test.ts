import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { blockText, docText, type DocBlock, type DocModel } from "../../src/report/document.js";
import { loadTemplate, parseTemplate, renderTemplate, type Template } from "../../src/report/template.js";
import { tidy, toSpans } from "../../src/report/template/tidy.js";
import type { ReportData } from "../../src/report/model.js";
import { figures, modelReportData } from "./model-figures.js";

const FIXTURES = new URL("../fixtures/templates/", import.meta.url).pathname;

function parse(body: string, front = "trich_yeu: Kết quả {{ky.ten}}"): Template {
  const r = parseTemplate(`---\n${front}\n---\n${body}`, "t.md");
  if (!r.ok) throw new Error(r.errors.map(String).join("\n"));
  return r.template;
}
const render = (body: string, data: ReportData = modelReportData(), front?: string) => renderTemplate(parse(body, front), data);
const texts = (doc: DocModel) => doc.body.map(blockText);
const withTotals = (values: Record<string, number>, extra: Partial<ReportData> = {}) =>
  modelReportData({ totals: figures(values), ...extra });

describe("broken templates (test/fixtures/templates)", () => {
  const cases = readdirSync(FIXTURES).filter((f) => f.endsWith(".md"));
  it("has fixtures", () => expect(cases.length).toBeGreaterThanOrEqual(8));
  it.each(cases)("%s reports its expected errors with their lines", (file) => {
    const source = readFileSync(join(FIXTURES, file), "utf8");
    const expected = readFileSync(join(FIXTURES, file.replace(/\.md$/, ".errors.txt")), "utf8").trim().split("\n");
    const r = parseTemplate(source, file);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map(String)).toEqual(expected);
  });

  it("errors carry file, line and message", () => {
    const r = parseTemplate("---\ntrich_yeu: x\n---\n\nCó {{tuyen_truyen.so_buoi | tiền_triệu}} buổi.", "mau.md");
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ file: "mau.md", line: 5 });
    expect(r.errors[0]!.message).toContain("“tiền_triệu”");
  });

  it("loadTemplate reports a missing file as an error value", async () => {
    const r = await loadTemplate("/nonexistent/mau.md");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(String(r.errors[0])).toBe("/nonexistent/mau.md:0: Mẫu báo cáo: không tìm thấy tệp.");
  });

  it("accepts diacritics and spaces in command names and folds names", () => {
    const doc = render("[[bảng đơn vị: tuyen_truyen.so_buoi]]\n{{Tuyen_truyen.So_buoi | SO2}}");
    expect(doc.body[0]?.kind).toBe("table");
    expect(texts(doc)[1]).toBe("480");
  });
});

describe("placeholders", () => {
  it("prints metrics, sums, fields and filters", () => {
    const doc = render([
      "Thu được {{tin.co_gia_tri + tin.tham_khao}} tin ({{tin.co_gia_tri}} tin có giá trị).",
      "{{phuong.dia_danh}} có {{phuong.so_khom | so2}} khóm ({{phuong.ds_khom}}); {{phuong.so_dan_toc | so2}} dân tộc {{phuong.dan_toc}}.",
      "Trị giá {{doi_ngoai.gia_tri_qua | trieu}}; hỗ trợ {{ho_tro.cbcs_gia_tri | tien}}; {{doi_ngoai.gia_tri_qua}}.",
      "Kỳ {{ky.ten}} từ {{ky.tu_ngay}} đến {{ky.den_ngay | ngay_day_du}}; báo cáo {{bao_cao.ngay | ngay}}.",
      "Người ký {{nguoi_ky.ho_ten}}, {{nguoi_ky.chuc_vu}}; {{phuong.ten | thuong_dau}}; {{phuong.ton_giao | dem | so2}} tôn giáo.",
      "Có {{moc.moc_chinh}} mốc chính, {{moc.moc_chinh | so}} viết thường; {{phuong.so_dan_toc}} dân tộc; {{ky.so_nam}} năm, giai đoạn {{ky.giai_doan}}.",
      "Kèm theo Báo cáo số {{bao_cao.so_ky_hieu}}.",
    ].join("\n"));
    expect(texts(doc)).toEqual([
      "Thu được 648 tin (329 tin có giá trị).",
      "Nhơn Hưng có 03 khóm (Đông Hưng, Tây Hưng, Trung Bắc Hưng); 03 dân tộc Kinh, Khmer, Hoa.",
      "Trị giá 356 triệu đồng; hỗ trợ 327.900.000 đồng; 356.000.000.",
      "Kỳ từ ngày 01/01/2015 đến ngày 26/02/2025 từ 01/01/2015 đến ngày 26 tháng 02 năm 2025; báo cáo 26/02/2025.",
      "Người ký Huỳnh Thanh Vũ, CHỦ TỊCH; phường Nhơn Hưng; 03 tôn giáo.",
      "Có 04 mốc chính, 4 viết thường; 03 dân tộc; 10 năm, giai đoạn 2015 – 2025.",
      "Kèm theo Báo cáo số      /BC-UBND.",
    ]);
    expect(texts(render("Số {{bao_cao.so_ky_hieu}}.", modelReportData({ number: "35" })))).toEqual(["Số 35/BC-UBND."]);
  });

  it("compares with the same period a year ago and the previous period", () => {
    const data = withTotals(
      { "tuyen_truyen.so_buoi": 45, "tin.co_gia_tri": 30, "tin.tham_khao": 20 },
      { previous: figures({ "tuyen_truyen.so_buoi": 50, "tin.co_gia_tri": 25, "tin.tham_khao": 25 }),
        yearAgo: figures({ "tuyen_truyen.so_buoi": 40 }),
        period: { kind: "month", key: "2025-02", start: "2025-02-01", end: "2025-02-28", label: "tháng 02/2025" },
        previousPeriod: { kind: "month", key: "2025-01", start: "2025-01-01", end: "2025-01-31", label: "tháng 01/2025" },
        yearAgoPeriod: { kind: "month", key: "2024-02", start: "2024-02-01", end: "2024-02-29", label: "tháng 02/2024" } },
    );
    const doc = render([
      "Có {{tuyen_truyen.so_buoi}} buổi, {{tuyen_truyen.so_buoi | so_cung_ky}}, {{tuyen_truyen.so_buoi | so_ky_truoc}}.",
      "Tin: {{tin.co_gia_tri + tin.tham_khao | so_ky_truoc}}; {{tin.co_gia_tri + tin.tham_khao | so_cung_ky}}.",
      "Buổi: {{tuyen_truyen.so_buoi | so_sanh}}.",
    ].join("\n"), data);
    expect(texts(doc)).toEqual([
      "Có 45 buổi, tăng 12,5% so với cùng kỳ năm 2024, giảm 10% so với tháng 01/2025.",
      // A year ago no tin at all (0 of 50): no percentage, the rise in tin.
      "Tin: bằng tháng 01/2025; tăng 50 tin so với cùng kỳ năm 2024.",
      "Buổi: giảm 10% so với tháng 01/2025, tăng 12,5% so với cùng kỳ năm 2024.",
    ]);
  });

  it("hours may be decimal: no leading zero is forced on them", () => {
    expect(texts(render("Loa {{tuyen_truyen.gio_loa}} giờ.", withTotals({ "tuyen_truyen.gio_loa": 2.5 })))).toEqual(["Loa 2,5 giờ."]);
    expect(texts(render("Loa {{tuyen_truyen.gio_loa}} giờ.", withTotals({ "tuyen_truyen.gio_loa": 452.5 })))).toEqual(["Loa 452,5 giờ."]);
    expect(texts(render("Loa {{tuyen_truyen.gio_loa}} giờ.", withTotals({ "tuyen_truyen.gio_loa": 3 })))).toEqual(["Loa 03 giờ."]);
  });

  it("prints no comparison when there is no earlier period", () => {
    const doc = render("Có {{tuyen_truyen.so_buoi}} buổi[? ({{tuyen_truyen.so_buoi | so_cung_ky}})?].");
    expect(texts(doc)).toEqual(["Có 480 buổi."]);
  });

  it("*italic* and **bold** spans", () => {
    const doc = render("Phong trào “*Quần chúng tham gia*” và **{{tuyen_truyen.so_buoi}} buổi**.");
    const p = doc.body[0] as Extract<DocBlock, { kind: "paragraph" }>;
    expect(p.spans).toEqual([
      { text: "Phong trào “" }, { text: "Quần chúng tham gia", italic: true }, { text: "” và " },
      { text: "480 buổi", bold: true }, { text: "." },
    ]);
  });

  it("headings: level 1 upper case, a) kept lower case, comments left out", () => {
    const doc = render("<!-- ghi chú\nnhiều dòng -->\n# I. Kết quả {{ky.ten}}\n## 1. Tuyên truyền\n### a) Chi tiết <!-- x -->");
    expect(doc.body).toEqual([
      { kind: "heading", level: 1, text: "I. KẾT QUẢ TỪ NGÀY 01/01/2015 ĐẾN NGÀY 26/02/2025" },
      { kind: "heading", level: 2, text: "1. Tuyên truyền" },
      { kind: "heading", level: 3, text: "a) Chi tiết" },
    ]);
  });
});

describe("sentences and paragraphs whose figures are all zero", () => {
  const body = [
    "- Tổ chức tuyên truyền.[? Kết quả được {{tuyen_truyen.so_buoi}} buổi, có {{tuyen_truyen.luot_nguoi}} lượt người dự nghe.?][? Phát {{tuyen_truyen.to_roi}} tờ bướm.?]",
    "[?- Hỗ trợ CBCS tổng trị giá {{ho_tro.cbcs_gia_tri | tien}}.?]",
    "- [?Phối hợp tuần tra được {{tuan_tra.phoi_hop.luot_to}} lượt tổ; ?][?kiểm soát lưu động {{tuan_tra.kiem_soat.luot_to}} lượt tổ; ?][?dẫn đường {{tuan_tra.dan_duong.luot_to}} tổ?]. [?Đã cắm {{moc.moc_chinh | so2}} mốc chính.?]",
    "Câu cố định.",
  ].join("\n");

  it("keeps everything when figures are there", () => {
    const data = withTotals({
      "tuyen_truyen.so_buoi": 5, "tuyen_truyen.luot_nguoi": 120, "tuyen_truyen.to_roi": 300, "ho_tro.cbcs_gia_tri": 5_000_000,
      "tuan_tra.phoi_hop.luot_to": 4, "tuan_tra.kiem_soat.luot_to": 2, "tuan_tra.dan_duong.luot_to": 1, "moc.moc_chinh": 1,
    });
    expect(texts(render(body, data))).toEqual([
      "- Tổ chức tuyên truyền. Kết quả được 05 buổi, có 120 lượt người dự nghe. Phát 300 tờ bướm.",
      "- Hỗ trợ CBCS tổng trị giá 5.000.000 đồng.",
      "- Phối hợp tuần tra được 04 lượt tổ; kiểm soát lưu động 02 lượt tổ; dẫn đường 01 tổ. Đã cắm 01 mốc chính.",
      "Câu cố định.",
    ]);
  });

  it("leaves out a sentence whose lead (first) figure is zero, with its dependent figures", () => {
    const data = withTotals({ "tuyen_truyen.so_buoi": 0, "tuyen_truyen.luot_nguoi": 0, "tuyen_truyen.to_roi": 300 });
    expect(texts(render(body, data))[0]).toBe("- Tổ chức tuyên truyền. Phát 300 tờ bướm.");
    const some = withTotals({ "tuyen_truyen.so_buoi": 0, "tuyen_truyen.luot_nguoi": 7 });
    expect(texts(render(body, some))[0]).toBe("- Tổ chức tuyên truyền.");
    const smuggling = "[?Phát hiện {{vi_pham.buon_lau_vu}} vụ buôn lậu, trị giá hàng hóa {{vi_pham.buon_lau_gia_tri | tien}}.?]";
    expect(texts(render(smuggling, withTotals({ "vi_pham.buon_lau_gia_tri": 1 })))).toEqual([]);
    expect(texts(render(smuggling, withTotals({ "vi_pham.buon_lau_vu": 5, "vi_pham.buon_lau_gia_tri": 550_000 }))))
      .toEqual(["Phát hiện 05 vụ buôn lậu, trị giá hàng hóa 550.000 đồng."]);
  });

  it("drops a paragraph left empty", () => {
    expect(texts(render(body, withTotals({})))).toEqual(["- Tổ chức tuyên truyền.", "Câu cố định."]);
  });

  it("tidies punctuation around left-out clauses", () => {
    const first = withTotals({ "tuan_tra.kiem_soat.luot_to": 2 });
    expect(texts(render(body, first))[1]).toBe("- Kiểm soát lưu động 02 lượt tổ.");
    const last = withTotals({ "tuan_tra.phoi_hop.luot_to": 4, "moc.moc_chinh": 4 });
    expect(texts(render(body, last))[1]).toBe("- Phối hợp tuần tra được 04 lượt tổ. Đã cắm 04 mốc chính.");
    const onlyMarkers = withTotals({ "moc.moc_chinh": 4 });
    expect(texts(render(body, onlyMarkers))[1]).toBe("- Đã cắm 04 mốc chính.");
  });

  it("nested parts", () => {
    const t = "[?Có {{tin.co_gia_tri}} tin[? (tăng {{tin.tham_khao}})?].?]";
    expect(texts(render(t, withTotals({ "tin.co_gia_tri": 3 })))).toEqual(["Có 03 tin."]);
    expect(texts(render(t, withTotals({ "tin.tham_khao": 2 })))).toEqual([]);
    expect(texts(render(t, withTotals({ "tin.co_gia_tri": 12, "tin.tham_khao": 2 })))).toEqual(["Có 12 tin (tăng 02)."]);
    expect(texts(render(t, withTotals({})))).toEqual([]);
  });

  it("tidy() and toSpans()", () => {
    expect(tidy("-  . Kết quả ")).toBe("- Kết quả");
    expect(tidy("- ;  ")).toBe("");
    expect(tidy("tham gia; . ")).toBe("Tham gia.");
    expect(tidy("A ( ) , b")).toBe("A, b");
    expect(tidy("đất nước.... Chủ động")).toBe("Đất nước... Chủ động");
    expect(tidy("xong./.")).toBe("Xong./.");
    expect(tidy("a) mục nhỏ")).toBe("a) mục nhỏ");
    expect(toSpans("a *b")).toEqual([{ text: "a b" }]);
  });
});

describe("tables, appendix, căn cứ", () => {
  it("per unit: units with figures, then Tổng cộng", () => {
    const doc = render("[[bang don_vi: tuan_tra.antt.luot_to, tuan_tra.antt.luot_nguoi (Lượt người) | Tuần tra ANTT {{ky.ten}}]]");
    expect(doc.body).toEqual([{
      kind: "table",
      title: "Tuần tra ANTT từ ngày 01/01/2015 đến ngày 26/02/2025",
      header: ["STT", "Đơn vị", "Tuần tra đảm bảo ANTT, lễ tết (lượt tổ)", "Lượt người"],
      rows: [
        ["1", "Tổ ANTT Đông Hưng", "80", "400"],
        ["2", "Tổ ANTT Tây Hưng", "80", "400"],
        ["3", "Tổ ANTT Trung Bắc Hưng", "77", "386"],
        ["", "Tổng cộng", "237", "1.186"],
      ],
      numeric: [false, false, true, true],
      totalRow: true,
    }]);
  });

  it("per unit: no table when nothing was reported", () => {
    expect(render("[[bang don_vi: vi_pham.xnc_vu]]").body).toEqual([]);
  });

  it("per month: months, or years past 24 months; nothing for a single month", () => {
    const t = "[[bang thang: tuyen_truyen.so_buoi]]";
    const years = render(t).body[0] as Extract<DocBlock, { kind: "table" }>;
    expect(years.header.slice(0, 2)).toEqual(["STT", "Năm"]);
    expect(years.rows).toHaveLength(12);
    expect(years.rows[0]).toEqual(["1", "2015", "46"]); // MODEL_YEARS: 46 sessions in 2015
    expect(years.rows[11]).toEqual(["", "Tổng cộng", "480"]);

    const m = (key: string, n: number) => ({ key, label: `Tháng ${key.slice(5)}/${key.slice(0, 4)}`, values: figures({ "tuyen_truyen.so_buoi": n, "dan_so.ho": 1667 }) });
    const quarter = modelReportData({ byMonth: [m("2025-01", 3), m("2025-02", 4), m("2025-03", 5)], totals: figures({ "tuyen_truyen.so_buoi": 12, "dan_so.ho": 1667 }) });
    const months = render(t, quarter).body[0] as Extract<DocBlock, { kind: "table" }>;
    expect(months.rows.map((r) => r.slice(1))).toEqual([
      ["Tháng 01/2025", "3"], ["Tháng 02/2025", "4"], ["Tháng 03/2025", "5"], ["Tổng cộng", "12"],
    ]);
    expect(render(t, modelReportData({ byMonth: [m("2025-01", 3)] })).body).toEqual([]);

    // compile.ts already buckets long periods by year: keys "2015", labels "Năm 2015"
    const y = (key: string, n: number) => ({ key, label: `Năm ${key}`, values: figures({ "tuyen_truyen.so_buoi": n, "dan_so.ho": 1667 }) });
    const yearly = render(t, modelReportData({ byMonth: [y("2023", 40), y("2024", 44)] })).body[0] as Extract<DocBlock, { kind: "table" }>;
    expect(yearly.header[1]).toBe("Năm");
    expect(yearly.rows.slice(0, 2)).toEqual([["1", "2023", "40"], ["2", "2024", "44"]]);
  });

  it("refuses internal content (completeness, entry counts) with a line naming the chat caption", () => {
    const r = parseTemplate("---\ntrich_yeu: x\n---\n[[tien_do]]\nCó {{bao_cao.chua_bao_cao}}.", "m.md");
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.line)).toEqual([4, 5]);
    for (const e of r.errors) expect(e.message).toMatch(/nội bộ.*không được in trong văn bản chính thức.*lời nhắn kèm tệp báo cáo/);
  });

  it("appendix after [[phu_luc]] with the document's number and date; dropped when it has nothing to show", () => {
    const t = "Nội dung./.\n[[phu_luc: (Kèm theo Báo cáo số {{bao_cao.so_ky_hieu}} ngày {{bao_cao.ngay}})]]\n[[bang don_vi: vi_pham.xnc_vu]]\n[[bang don_vi: tin.co_gia_tri | Biểu #. Tin]]";
    const doc = render(t, modelReportData({ number: "35" }));
    expect(texts(doc)).toEqual(["Nội dung./."]);
    expect(doc.appendix?.subtitle).toBe("(Kèm theo Báo cáo số 35/BC-UBND ngày 26/02/2025)");
    expect(render(t).appendix?.subtitle).toBe("(Kèm theo Báo cáo số      /BC-UBND ngày 26/02/2025)");
    expect(render(t, modelReportData({ byUnit: [] })).appendix).toBeNull();
  });

  it("numbers the tables printed without gaps (an empty one is skipped)", () => {
    const t = [
      "[[bang don_vi: tuyen_truyen.so_buoi | Biểu 1. Tuyên truyền]]",
      "[[bang don_vi: vi_pham.xnc_vu | Biểu 2. Vi phạm]]",
      "[[bang don_vi: tin.co_gia_tri | Biểu 3. Tin]]",
      "[[phu_luc: (Kèm theo)]]",
      "[[bang don_vi: moc.moc_chinh | Biểu #: Mốc]]",
    ].join("\n");
    const doc = render(t);
    const titles = [...doc.body, ...doc.appendix!.blocks].flatMap((b) => (b.kind === "table" ? [b.title] : []));
    expect(titles).toEqual(["Biểu 1. Tuyên truyền", "Biểu 2. Tin", "Biểu 3. Mốc"]);
  });

  it("round-specific căn cứ: at [[can_cu]], or after the template's own Căn cứ lines", () => {
    const extraBasis = ["Căn cứ Kế hoạch số 564/KH-UBND ngày 24/02/2025 của UBND thị xã Tịnh Biên.", "  kế hoạch số 12/KH-UBND của UBND phường  "];
    const data = modelReportData({ extraBasis });
    const printed = ["Căn cứ Kế hoạch số 564/KH-UBND ngày 24/02/2025 của UBND thị xã Tịnh Biên;", "Căn cứ kế hoạch số 12/KH-UBND của UBND phường;"];
    expect(texts(render("Căn cứ A;\n[[can_cu]]\nCăn cứ B;\nUBND báo cáo:", data))).toEqual(["Căn cứ A;", ...printed, "Căn cứ B;", "UBND báo cáo:"]);
    expect(texts(render("Căn cứ A;\nCăn cứ B;\nUBND báo cáo:", data))).toEqual(["Căn cứ A;", "Căn cứ B;", ...printed, "UBND báo cáo:"]);
    expect(texts(render("Căn cứ A;\n[[can_cu]]\nUBND báo cáo:"))).toEqual(["Căn cứ A;", "UBND báo cáo:"]);
  });

  it("a period in progress says up to which day its figures are counted", () => {
    const period = { kind: "month" as const, key: "2026-11", start: "2026-11-01", end: "2026-11-30", label: "tháng 11/2026" };
    expect(texts(render("Kỳ {{ky.pham_vi}}; đến {{ky.tinh_den}}.", modelReportData({ period, countedUntil: "2026-11-20" }))))
      .toEqual(["Kỳ tháng 11/2026 (số liệu tính đến ngày 20/11/2026); đến 20/11/2026."]);
    expect(texts(render("Kỳ {{ky.pham_vi}}.", modelReportData({ period }))))
      .toEqual(["Kỳ tháng 11/2026 (từ ngày 01/11/2026 đến ngày 30/11/2026)."]);
  });
});

describe("front matter", () => {
  it("defaults come from the profile", () => {
    const doc = render("Nội dung.");
    expect(doc).toMatchObject({
      type: "BÁO CÁO",
      subject: "Kết quả từ ngày 01/01/2015 đến ngày 26/02/2025",
      number: "",
      numberLine: "Số:      /BC-UBND",
      placeDate: "Nhơn Hưng, ngày 26 tháng 02 năm 2025",
      recipients: ["UBND thị xã (để b/c)", "Đồn Biên phòng Nhơn Hưng", "Lưu: VT"],
      signer: { authority: "TM. ỦY BAN NHÂN DÂN", title: "CHỦ TỊCH", name: "Huỳnh Thanh Vũ" },
      parentBody: "UBND THỊ XÃ TỊNH BIÊN",
      issuingBody: ["ỦY BAN NHÂN DÂN", "PHƯỜNG NHƠN HƯNG"],
    });
    expect(docText(doc)).toContain("- Lưu: VT.");
  });

  it("the template overrides them; the data's number wins over the template's", () => {
    const front = [
      "loai: Báo cáo nhanh",
      "trich_yeu: Tình hình {{ky.ten}}",
      "so: 7",
      "ky_hieu: BC-CAP",
      "noi_nhan:",
      "  - Thường trực Đảng ủy (để b/c)",
      "  - \"{{phuong.don_bien_phong}}\"",
      "  - \"Lưu: VT, VP\"",
      "tham_quyen: KT. CHỦ TỊCH",
      "chuc_vu: PHÓ CHỦ TỊCH",
    ].join("\n");
    const doc = render("x", modelReportData(), front);
    expect(doc).toMatchObject({
      type: "BÁO CÁO NHANH",
      subject: "Tình hình từ ngày 01/01/2015 đến ngày 26/02/2025",
      numberLine: "Số: 07/BC-CAP",
      recipients: ["Thường trực Đảng ủy (để b/c)", "Đồn Biên phòng Nhơn Hưng", "Lưu: VT, VP"],
      signer: { authority: "KT. CHỦ TỊCH", title: "PHÓ CHỦ TỊCH", name: "Huỳnh Thanh Vũ" },
    });
    expect(render("x", modelReportData({ number: "35" }), front).numberLine).toBe("Số: 35/BC-CAP");
  });
});

describe("templates/README.md", () => {
  it("documents every field, filter and metric key", async () => {
    const { metricKeys } = await import("../../src/domain/catalogue.js");
    const { FIELDS, FILTERS } = await import("../../src/report/template.js");
    const readme = readFileSync(new URL("../../templates/README.md", import.meta.url), "utf8");
    const missing = [...Object.keys(FIELDS), ...Object.keys(FILTERS), ...metricKeys()].filter((k) => !readme.includes(`\`${k}\``));
    expect(missing).toEqual([]);
  });
});
