import JSZip from "jszip";
import { beforeAll, describe, expect, it } from "vitest";
import { docText, type DocModel } from "../../src/report/document.js";
import { renderDocx } from "../../src/report/docx.js";
import { loadTemplate, renderTemplate, type Template } from "../../src/report/template.js";
import { MODEL_PHRASES, figures, modelReportData } from "./model-figures.js";

const TEMPLATE = new URL("../../templates/bao-cao-tong-ket.md", import.meta.url).pathname;
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

describe("default template (templates/bao-cao-tong-ket.md)", () => {
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
      expect(doc.subject).toMatch(/^Tổng kết 10 năm thực hiện Chỉ thị số 01\/CT-TTg ngày 09\/01\/2015 .* giai đoạn 2015 – 2025$/);
      expect(text).toContain("qua 10 năm thực hiện Chỉ thị số 01");
      expect(text).not.toMatch(/Đoàn Biên phòng|Nhon |Camuchia| ực lượng/);
      expect(text).toBe(text.normalize("NFC"));
    });

    it("leaves out the awards sentence (no awards) and keeps the standing text", () => {
      expect(text).not.toContain("tập thể và 0");
      expect(text).toContain("Địa phương cùng Đồn Biên phòng luôn làm tốt công tác biểu dương, khen thưởng");
    });

    it("has the appendix tables numbered without gaps, and nothing internal", () => {
      expect(doc.appendix?.title).toBe("PHỤ LỤC");
      const titles = doc.appendix!.blocks.flatMap((b) => (b.kind === "table" ? [b.title!.replace(/\..*/, "")] : []));
      // Biểu 6 (violations) has no figures: the over-time table after it is Biểu 6, not 7
      expect(titles).toEqual(["Biểu 1", "Biểu 2", "Biểu 3", "Biểu 4", "Biểu 5", "Biểu 6"]);
      expect(text).not.toMatch(/đơn vị báo cáo|chưa báo cáo|bản ghi|phiếu/);
    });
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
