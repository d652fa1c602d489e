// The floors' 30-page document, rebuilt with docx 9.15.2 so it can be timed in the same run:
// 150 paragraphs of body text and 5 bordered tables of 60 rows, Times New Roman, A4.
import { AlignmentType, BorderStyle, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from "docx";

const SENTENCE = "Tổ chức tuyên truyền, phổ biến các văn bản pháp luật về biên giới quốc gia cho cán bộ và nhân dân trên địa bàn, " +
  "kết hợp tuần tra, kiểm soát, bảo vệ đường biên, mốc quốc giới và giữ vững an ninh trật tự khu vực biên giới.";
const LINE = { style: BorderStyle.SINGLE, size: 6, color: "000000" };
const BORDERS = { top: LINE, bottom: LINE, left: LINE, right: LINE, insideHorizontal: LINE, insideVertical: LINE };

const para = (i: number) => new Paragraph({
  alignment: AlignmentType.JUSTIFIED,
  indent: { firstLine: 567 },
  spacing: { before: 60, after: 60 },
  children: [new TextRun({ text: `${i + 1}. ${SENTENCE}`, size: 28, font: "Times New Roman" })],
});

const cell = (text: string, bold = false) => new TableCell({
  children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text, bold, size: 24, font: "Times New Roman" })] })],
});

const tableOf = (t: number) => new Table({
  width: { size: 100, type: WidthType.PERCENTAGE },
  borders: BORDERS,
  rows: [
    new TableRow({ tableHeader: true, children: ["TT", "Đơn vị", "Chỉ tiêu", "Số lượng"].map((h) => cell(h, true)) }),
    ...Array.from({ length: 60 }, (_, r) => new TableRow({
      children: [cell(String(r + 1)), cell(`Khóm ${t + 1}.${r + 1}`), cell("Buổi tuyên truyền"), cell(((r * 37 + t * 11) % 500).toLocaleString("vi-VN"))],
    })),
  ],
});

/** Builds and packs the floor document; returns the .docx bytes. */
export async function buildFloorDocx(): Promise<Buffer> {
  const children: Array<Paragraph | Table> = [];
  for (let t = 0; t < 5; t++) {
    for (let i = 0; i < 30; i++) children.push(para(t * 30 + i));
    children.push(tableOf(t));
  }
  const doc = new Document({
    styles: { default: { document: { run: { font: "Times New Roman", size: 28 } } } },
    sections: [{ properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: 1134, bottom: 1134, left: 1701, right: 850 } } }, children }],
  });
  return Packer.toBuffer(doc);
}
