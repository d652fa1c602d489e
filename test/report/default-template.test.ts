import JSZip from "jszip";
import { beforeAll, describe, expect, it } from "vitest";
import { docText, type DocModel } from "../../src/report/document.js";
import { renderDocx } from "../../src/report/docx.js";
import { loadTemplate, renderTemplate, type Template } from "../../src/report/template.js";
import { MODEL_PHRASES, figures, modelReportData } from "./model-figures.js";

const TEMPLATE = new URL("../../templates/bao-cao.md", import.meta.url).pathname;
let template: Template;

beforeAll(async () => {
  const r = await loadTemplate(TEMPLATE);
  if (!r.ok) throw new Error(r.errors.map(String).join("\n"));
  template = r.template;
});

/** Text of every paragraph of word/document.xml (runs joined), one per line. */
async function docxParagraphs(bytes: Buffer): Promise<string[]> {
  const zip = await JSZip.loadAsync(bytes);
  const xml = await zip.file("word/document.xml")!.async("string");
  const unescape = (s: string) =>
    s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, "&");
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((p) =>
    [...p[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => unescape(m[1]!)).join(""));
}

describe("default template (templates/bao-cao.md)", () => {
  it("parses with no errors", async () => {
    const r = await loadTemplate(TEMPLATE);
    expect(r.ok ? [] : r.errors.map(String)).toEqual([]);
  });

  describe("with the model report's figures", () => {
    let doc: DocModel;
    let text: string;
    beforeAll(() => {
      doc = renderTemplate(template, modelReportData());
      text = docText(doc);
    });

    it.each(MODEL_PHRASES)("prints “%s”", (phrase) => {
      expect(text).toContain(phrase);
    });

    it("follows the model's sections, ends the body with ./. and the subject uses the period", () => {
      const headings = doc.body.flatMap((b) => (b.kind === "heading" && b.level === 1 ? [b.text] : []));
      expect(headings).toEqual([
        "I. ĐẶC ĐIỂM TÌNH HÌNH", "II. KẾT QUẢ TỔ CHỨC THỰC HIỆN", "III. ĐÁNH GIÁ CHUNG",
        "IV. PHƯƠNG HƯỚNG THỰC HIỆN THỜI GIAN TỚI", "V. KIẾN NGHỊ, ĐỀ XUẤT",
      ]);
      const last = doc.body[doc.body.length - 1]!;
      expect(last.kind === "paragraph" && last.spans.map((s) => s.text).join("").endsWith("./.")).toBe(true);
      expect(doc.subject).toMatch(/^Kết quả thực hiện Chỉ thị số 01\/CT-TTg ngày 09\/01\/2015 .* từ ngày 01\/01\/2015 đến ngày 26\/02\/2025$/);
      expect(text).not.toMatch(/10 năm|Đoàn Biên phòng|Nhon |Camuchia| ực lượng/);
      expect(text).toBe(text.normalize("NFC"));
    });

    it("leaves out the awards sentence (no awards) and keeps the standing text", () => {
      expect(text).not.toContain("tập thể và 0");
      expect(text).toContain("Địa phương cùng Đồn Biên phòng luôn làm tốt công tác biểu dương, khen thưởng");
    });

    it("has the appendix tables and the completeness line", () => {
      expect(doc.appendix?.title).toBe("PHỤ LỤC");
      const titles = doc.appendix!.blocks.flatMap((b) => (b.kind === "table" ? [b.title] : []));
      expect(titles).toHaveLength(6);
      expect(text).toContain("Kỳ tháng 02/2025: đã có 8/8 đơn vị báo cáo.");
    });
  });

  it("a month with comparisons and awards", () => {
    const data = modelReportData({
      period: { kind: "month", key: "2025-02", start: "2025-02-01", end: "2025-02-28", label: "tháng 02/2025" },
      totals: figures({
        "tuyen_truyen.so_buoi": 9, "tuyen_truyen.luot_nguoi": 310, "tin.co_gia_tri": 4, "tin.tham_khao": 2,
        "khen_thuong.tap_the": 2, "khen_thuong.ca_nhan": 5, "dan_so.ho": 1667, "dan_so.khau": 6139,
      }),
      yearAgo: figures({ "tuyen_truyen.so_buoi": 8, "tin.co_gia_tri": 3, "tin.tham_khao": 3 }),
      previous: figures({ "tuyen_truyen.so_buoi": 10 }),
      byMonth: [],
    });
    const text = docText(renderTemplate(template, data));
    expect(text).toContain("Kết quả đã tổ chức tuyên truyền được 9 buổi, có 310 lượt người dân dự nghe (số buổi tăng 12,5% so với cùng kỳ), góp phần");
    expect(text).toContain("Kết quả thu được 6 tin (4 tin có giá trị, 2 tin tham khảo), bằng cùng kỳ, phục vụ");
    expect(text).toContain("Kết quả khen thưởng tháng 02/2025: 02 tập thể và 05 cá nhân được các cấp, các ngành khen thưởng.");
    expect(text).toContain("3. Kết quả thực hiện Chỉ thị số 01 tháng 02/2025");
    expect(text).not.toMatch(/lượt tổ\/|mốc chính|phần quà trị giá|tổng trị giá khoảng/);
  });

  it("a period with no figures at all keeps only standing text", () => {
    const data = modelReportData({ totals: figures(), byUnit: [], byMonth: [], completeness: null });
    const doc = renderTemplate(template, data);
    const text = docText(doc);
    expect(text).not.toMatch(/\b0 (buổi|tin|lượt|lần|phần|mốc|hộ)/);
    expect(text).toContain("Nhơn Hưng có 03 khóm (Đông Hưng, Tây Hưng, Trung Bắc Hưng); có 03 dân tộc");
    expect(doc.appendix).toBeNull();
  });
});

describe("DOCX of the model report", () => {
  let paragraphs: string[];
  let xml: string;
  beforeAll(async () => {
    const data = modelReportData();
    const bytes = await renderDocx(renderTemplate(template, data), data);
    paragraphs = await docxParagraphs(bytes);
    xml = paragraphs.join("\n");
  });

  it.each(MODEL_PHRASES)("word/document.xml contains “%s”", (phrase) => {
    expect(xml).toContain(phrase);
  });

  it("has the national header, number, date, recipients and signer", () => {
    for (const p of [
      "UBND THỊ XÃ TỊNH BIÊN", "ỦY BAN NHÂN DÂN", "PHƯỜNG NHƠN HƯNG",
      "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
      "Số:      /BC-UBND", "Nhơn Hưng, ngày 26 tháng 02 năm 2025", "BÁO CÁO",
      "Nơi nhận:", "- UBND thị xã (để b/c);", "- Đồn Biên phòng Nhơn Hưng;", "- Lưu: VT.",
      "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Huỳnh Thanh Vũ", "PHỤ LỤC", "Tổng cộng",
    ]) expect(paragraphs).toContain(p);
    expect(xml).toContain("./.");
  });

  it("is A4 with Times New Roman, vi-VN and page numbers from page 2", async () => {
    const data = modelReportData();
    const zip = await JSZip.loadAsync(await renderDocx(renderTemplate(template, data), data));
    const doc = await zip.file("word/document.xml")!.async("string");
    const styles = await zip.file("word/styles.xml")!.async("string");
    expect(doc).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    expect(doc).toMatch(/<w:pgMar w:top="1134" w:right="851" w:bottom="1134" w:left="1701"/);
    expect(doc).toContain("<w:titlePg/>");
    expect(styles).toContain('w:ascii="Times New Roman"');
    expect(styles).toContain('w:val="vi-VN"');
    const headers = Object.keys(zip.files).filter((f) => /^word\/header\d+\.xml$/.test(f));
    const withPage = await Promise.all(headers.map(async (h) => (await zip.file(h)!.async("string")).includes("PAGE")));
    expect(withPage.filter(Boolean)).toHaveLength(1);
  });
});
