// DOCX writer for a rendered report, laid out as Nghị định 30/2020/NĐ-CP, Phụ lục I asks
// (see docs/nd30-layout.md): A4, Times New Roman, borderless header and
// signature tables, page numbers from page 2, bordered tables of figures.
import {
  AlignmentType, BorderStyle, Document, Header, ImageRun, LineRuleType, Packer, PageNumber, Paragraph, Table,
  TableCell, TableLayoutType, TableRow, TextRun, VerticalAlign, WidthType,
} from "docx";
import type { DocBlock, DocModel, Span } from "./document.js";
import { chartSvg, DEFAULT_CHART_SIZE } from "../chart/svg.js";
import { recipientLines } from "./document.js";
import type { ReportData } from "./model.js";
import { xmlSafe } from "../domain/xml-text.js";
import { columnWidths, estTw } from "./docx-columns.js";

// --- page geometry (twips) ---------------------------------------------------------------
const mm = (v: number) => Math.ceil((v * 1440) / 25.4); // docx's own helper rounds down
const A4 = { width: 11906, height: 16838 };
const MARGIN = { top: mm(20), bottom: mm(20), left: mm(30), right: mm(15), header: mm(10), footer: mm(10) };
const TEXT_W = A4.width - MARGIN.left - MARGIN.right;
const HEAD = [TEXT_W - 5670, 5670]; // Phụ lục III, Mẫu 1.4: ~6.5 cm | 10 cm
const SIGN = [TEXT_W - 5245, 5245];
const FIRST_LINE = 567; // 1 cm
// Body line spacing single (ND 30: single to 1.5 lines; 6 pt between paragraphs): a busy month's body
// with its signature fits in two pages (issue 15 measured three; at 1.1 the leader's words tipped it over).
const BODY_LINE = 240;
const BODY_PT = 14;
const TABLE_PT = 12;

const NONE = { style: BorderStyle.NONE, size: 0, color: "FFFFFF" };
const NO_BORDERS = { top: NONE, bottom: NONE, left: NONE, right: NONE, insideHorizontal: NONE, insideVertical: NONE };
const LINE = { style: BorderStyle.SINGLE, size: 6, color: "000000" };
const { CENTER, LEFT, RIGHT, JUSTIFIED } = AlignmentType;
type Align = (typeof AlignmentType)[keyof typeof AlignmentType];

/** The one door text goes through into the DOCX: XML 1.0 characters only (a note may hold anything), NFC. */
const nfc = (s: string) => xmlSafe(s).normalize("NFC");

interface RunOpts { b?: boolean; i?: boolean; pt?: number }
interface ParOpts extends RunOpts {
  align?: Align;
  before?: number;
  after?: number;
  first?: number;
  keepNext?: boolean;
  keepLines?: boolean;
  pageBreakBefore?: boolean;
}

const run = (text: string, o: RunOpts = {}) =>
  new TextRun({ text: nfc(text), bold: o.b, italics: o.i, size: (o.pt ?? BODY_PT) * 2 });

function par(text: string | Span[], o: ParOpts = {}): Paragraph {
  const spans = typeof text === "string" ? [{ text }] : text;
  return new Paragraph({
    alignment: o.align ?? CENTER,
    spacing: { before: o.before ?? 0, after: o.after ?? 0 },
    indent: o.first ? { firstLine: o.first } : undefined,
    keepNext: o.keepNext,
    keepLines: o.keepLines,
    pageBreakBefore: o.pageBreakBefore,
    children: spans.map((s) => run(s.text, { b: o.b || s.bold, i: o.i || s.italic, pt: o.pt })),
  });
}

/** A centred horizontal line of `len` twips inside a column of `col` twips. */
function rule(len: number, col: number): Paragraph {
  const side = Math.max(0, Math.round((col - len) / 2));
  return new Paragraph({
    indent: { left: side, right: side },
    border: { top: { ...LINE, space: 1 } },
    spacing: { before: 60, after: 0, line: 120, lineRule: LineRuleType.EXACT },
    children: [],
  });
}

/** Borderless layout table. */
function grid(cols: number[], rows: Paragraph[][][], cantSplit = false): Table {
  return new Table({
    width: { size: TEXT_W, type: WidthType.DXA },
    columnWidths: cols,
    layout: TableLayoutType.FIXED,
    borders: NO_BORDERS,
    rows: rows.map((cells) => new TableRow({
      cantSplit,
      children: cells.map((children, k) => new TableCell({
        width: { size: cols[k] ?? 0, type: WidthType.DXA },
        borders: NO_BORDERS,
        margins: { left: 0, right: 0, top: 0, bottom: 0 },
        children,
      })),
    })),
  });
}

// --- parts -----------------------------------------------------------------------------

function header(doc: DocModel): Table {
  const bodyW = Math.max(...doc.issuingBody.map((t) => estTw(t, 13, true)));
  const left = [
    ...(doc.parentBody ? [par(doc.parentBody, { pt: 13 })] : []), // none since 01/07/2025: no empty line
    ...doc.issuingBody.map((t) => par(t, { pt: 13, b: true })),
    rule(Math.round(Math.min(bodyW, HEAD[0]!) * 0.4), HEAD[0]!),
  ];
  const motto = "Độc lập - Tự do - Hạnh phúc";
  const right = [
    par("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", { pt: 13, b: true }),
    par(motto, { pt: 14, b: true }),
    rule(3430, HEAD[1]!), // measured width of the Tiêu ngữ at 14 pt bold
  ];
  return grid(HEAD, [
    [left, right],
    [[par(doc.numberLine, { pt: 13, before: 120 })], [par(doc.placeDate, { pt: 14, i: true, before: 120 })]],
  ]);
}

function title(doc: DocModel): Paragraph[] {
  const w = Math.min(estTw(doc.subject, 14, true), TEXT_W * 0.9);
  return [
    par(doc.type, { b: true, before: 360, keepNext: true }),
    par(doc.subject, { b: true, keepNext: true }),
    rule(Math.round(w / 3), TEXT_W),
  ];
}

const bodyPar = (spans: Span[], o: ParOpts = {}) =>
  new Paragraph({
    alignment: o.align ?? JUSTIFIED,
    indent: { firstLine: FIRST_LINE },
    spacing: { before: o.before ?? 120, after: 0, line: BODY_LINE, lineRule: LineRuleType.AUTO },
    keepNext: o.keepNext,
    keepLines: o.keepLines,
    pageBreakBefore: o.pageBreakBefore,
    children: spans.map((s) => run(s.text, { b: o.b || s.bold, i: o.i || s.italic })),
  });

/** Rows kept on the page of a table's "Tổng cộng" row, so a total never starts a page alone. */
const KEPT_WITH_TOTAL = 2;

/** The cells of a row; a row without figures has its figure cells merged into one ("Không có số liệu"). */
function rowCells(b: Extract<DocBlock, { kind: "table" }>, row: number, cells: string[]): { t: string; k: number; span: number }[] {
  if (!b.emptyRows?.includes(row)) return cells.map((t, k) => ({ t, k, span: 1 }));
  const first = b.numeric.indexOf(true);
  return [...cells.slice(0, first).map((t, k) => ({ t, k, span: 1 })), { t: cells[first] ?? "", k: first, span: cells.length - first }];
}

function figuresTable(b: Extract<DocBlock, { kind: "table" }>): (Paragraph | Table)[] {
  const { widths, headPt } = columnWidths(b, TEXT_W, TABLE_PT);
  const rows = [b.header, ...b.rows];
  const table = new Table({
    width: { size: TEXT_W, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders: { top: LINE, bottom: LINE, left: LINE, right: LINE, insideHorizontal: LINE, insideVertical: LINE },
    rows: rows.map((cells, i) => {
      const head = i === 0;
      const total = b.totalRow && i === rows.length - 1;
      // Keep-with-next on the rows just above the total: Word and LibreOffice move them with it.
      const keepNext = b.totalRow && !head && i >= rows.length - 1 - KEPT_WITH_TOTAL && !total;
      return new TableRow({
        tableHeader: head,
        cantSplit: true,
        children: rowCells(b, i - 1, cells).map(({ t, k, span }) => new TableCell({
          width: { size: widths.slice(k, k + span).reduce((s, w) => s + w, 0), type: WidthType.DXA },
          ...(span > 1 ? { columnSpan: span } : {}),
          verticalAlign: VerticalAlign.CENTER,
          margins: { left: 70, right: 70 },
          children: [par(t, {
            pt: head ? headPt : TABLE_PT,
            keepNext,
            b: head || total,
            align: head || k === 0 || span > 1 ? CENTER : b.numeric[k] ? RIGHT : LEFT,
            before: 30,
            after: 30,
          })],
        })),
      });
    }),
  });
  const out: (Paragraph | Table)[] = [];
  if (b.title) out.push(par(b.title, { b: true, pt: 13, before: 240, after: 80, keepNext: true }));
  else out.push(par("", { pt: 6, before: 120, keepNext: true }));
  out.push(table);
  return out;
}

/** Body paragraphs kept on the signature's page, so the signature never stands alone on a page. */
const KEPT_WITH_SIGNATURE = 2;

/** The charts' pictures, drawn before the document is built. */
type Pictures = ReadonlyMap<DocBlock, Buffer>;

/**
 * Each chart block of the document as PNG bytes. resvg is loaded only for a document that has a
 * chart, so the report worker starts as fast as before for the others.
 */
async function drawCharts(doc: DocModel): Promise<Pictures> {
  const charts = [...doc.body, ...(doc.appendix?.blocks ?? [])].filter((b) => b.kind === "chart");
  if (charts.length === 0) return new Map();
  const { svgToPng } = await import("../chart/png.js");
  return new Map(charts.map((b) => [b, svgToPng(chartSvg(b.data), 2 * DEFAULT_CHART_SIZE.width)]));
}

/** `keepFrom`: blocks from this index on are kept whole and with what follows (the signature). */
function blocks(list: DocBlock[], pictures: Pictures, keepFrom = Infinity): (Paragraph | Table)[] {
  return list.flatMap((b, i): (Paragraph | Table)[] => {
    const keep = i >= keepFrom;
    switch (b.kind) {
      case "heading":
        return [bodyPar([{ text: b.text }], { b: b.level < 3, before: b.level === 1 ? 240 : 120, keepNext: true, keepLines: true })];
      case "paragraph":
        return [bodyPar(b.spans, {
          i: b.italic, align: b.align === "center" ? CENTER : JUSTIFIED, ...(keep ? { keepNext: true, keepLines: true } : {}),
        })];
      case "table":
        return figuresTable(b);
      case "chart": {
        const png = pictures.get(b);
        return png ? chartPicture(b, png) : [];
      }
    }
  });
}

/**
 * A chart as an inline picture, the text's width (at most 16 cm), drawn at twice that in pixels
 * so it prints sharp; its alt text names it for screen readers.
 */
function chartPicture(b: Extract<DocBlock, { kind: "chart" }>, png: Buffer): Paragraph[] {
  const widthPx = Math.min(Math.floor(TEXT_W / 15), 605);
  const heightPx = Math.round((widthPx * DEFAULT_CHART_SIZE.height) / DEFAULT_CHART_SIZE.width);
  const name = nfc(xmlSafe(`${b.data.title}${b.data.subtitle ? ` (${b.data.subtitle})` : ""}`));
  return [
    b.title ? par(b.title, { b: true, pt: 13, before: 240, after: 80, keepNext: true }) : par("", { pt: 6, before: 120, keepNext: true }),
    new Paragraph({ alignment: CENTER, keepLines: true, children: [new ImageRun({ type: "png", data: png,
      transformation: { width: widthPx, height: heightPx }, altText: { name: "chart", title: name, description: name } })] }),
  ];
}

function signature(doc: DocModel): Table {
  const lines = recipientLines(doc.recipients);
  const left = [
    par("Nơi nhận:", { pt: 12, b: true, i: true, align: LEFT, before: 240 }),
    ...lines.map((t) => par(t, { pt: 11, align: LEFT })),
  ];
  const authority = doc.signer.authority ? doc.signer.authority.split("\n") : [];
  const titles = [...authority, ...doc.signer.title.split("\n")];
  const right = [
    ...titles.map((t, i) => par(t, { b: true, before: i === 0 ? 240 : 0 })),
    par("", { before: 1600 }),
    par(doc.signer.name, { b: true }),
  ];
  return grid(SIGN, [[left, right]], true);
}

function appendix(doc: DocModel, pictures: Pictures): (Paragraph | Table)[] {
  if (!doc.appendix) return [];
  const a = doc.appendix;
  return [
    par(a.title, { b: true, pageBreakBefore: true, keepNext: true }),
    ...(a.subtitle ? [par(a.subtitle, { i: true, keepNext: true })] : []),
    ...blocks(a.blocks, pictures),
  ];
}

/** Writes the report as a DOCX file (bytes). */
export async function renderDocx(doc: DocModel, data: ReportData): Promise<Buffer> {
  const pictures = await drawCharts(doc);
  const document = new Document({
    creator: nfc(data.profile.ward.name),
    title: nfc(`${doc.type} ${doc.subject}`),
    description: nfc(`${doc.type} ${data.period.label}`),
    styles: { default: { document: { run: { font: "Times New Roman", size: BODY_PT * 2, language: { value: "vi-VN" } } } } },
    sections: [{
      properties: { titlePage: true, page: { size: A4, margin: MARGIN } },
      headers: {
        first: new Header({ children: [new Paragraph({ children: [] })] }),
        default: new Header({
          children: [new Paragraph({ alignment: CENTER, children: [new TextRun({ children: [PageNumber.CURRENT], size: 28 })] })],
        }),
      },
      children: [
        header(doc),
        ...title(doc),
        ...blocks(doc.body, pictures, doc.body.length - KEPT_WITH_SIGNATURE),
        signature(doc),
        ...appendix(doc, pictures),
      ],
    }],
  });
  return Packer.toBuffer(document);
}
