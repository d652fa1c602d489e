// DocModel: a rendered report, ready to be written as DOCX (docx.ts) or read as text (tests,
// previews). All strings are final (placeholders resolved, NFC) — writers only lay them out.
import type { ChartData } from "../chart/svg.js";

export interface Span {
  text: string;
  bold?: boolean;
  italic?: boolean;
}

export type DocBlock =
  /** "[[bieu_do: …]]": a trend chart, drawn as PNG when the DOCX is written (src/chart/). */
  | { kind: "chart"; title?: string; data: ChartData }
  | { kind: "heading"; level: 1 | 2 | 3; text: string }
  | { kind: "paragraph"; spans: Span[]; italic?: boolean; align?: "justify" | "center" }
  | {
      kind: "table";
      title?: string;
      header: string[];
      rows: string[][];
      /** Per column: right-aligned figures. */
      numeric: boolean[];
      /** The last row is a "Tổng cộng" row (bold). */
      totalRow: boolean;
      /** Indexes (in rows) of rows without figures: their figure cells are one merged cell (the first holds the words). */
      emptyRows?: number[];
    };

export interface Signer {
  /** "TM. ỦY BAN NHÂN DÂN"; may be absent. Lines separated by "\n". */
  authority?: string;
  /** "CHỦ TỊCH"; lines separated by "\n". */
  title: string;
  name: string;
}

export interface Appendix {
  /** "PHỤ LỤC". */
  title: string;
  /** "(Kèm theo Báo cáo …)". */
  subtitle?: string;
  blocks: DocBlock[];
}

export interface DocModel {
  /** Upper-case governing body: "UBND THỊ XÃ TỊNH BIÊN"; "" when there is none (no line is printed). */
  parentBody: string;
  /** Upper-case issuing body, one line each: ["ỦY BAN NHÂN DÂN", "PHƯỜNG NHƠN HƯNG"]. */
  issuingBody: string[];
  /** "BÁO CÁO". */
  type: string;
  /** Trích yếu. */
  subject: string;
  /** Document number ("35") or "" for a draft. */
  number: string;
  /** Ký hiệu: "BC-UBND". */
  symbol: string;
  /** "Số: 35/BC-UBND" or "Số:      /BC-UBND". */
  numberLine: string;
  place: string;
  /** "ngày 26 tháng 02 năm 2025". */
  date: string;
  /** "Nhơn Hưng, ngày 26 tháng 02 năm 2025". */
  placeDate: string;
  /** Recipient items as written in the profile/template ("UBND thị xã (để b/c)"). */
  recipients: string[];
  signer: Signer;
  body: DocBlock[];
  appendix: Appendix | null;
}

/** Plain text of a block (spans joined; a table as tab-separated lines). */
export function blockText(b: DocBlock): string {
  switch (b.kind) {
    case "heading":
      return b.text;
    case "paragraph":
      return b.spans.map((s) => s.text).join("");
    case "table":
      return [...(b.title ? [b.title] : []), b.header.join("\t"), ...b.rows.map((r) => r.join("\t"))].join("\n");
    case "chart":
      return [...(b.title ? [b.title] : []), `[Biểu đồ: ${b.data.title}]`].join("\n");
  }
}

/** "Nơi nhận" lines: each "- …;", the last "- ….". */
export function recipientLines(items: readonly string[]): string[] {
  return items.map((raw, i) => {
    const t = raw.trim().replace(/[;.,]+$/, "");
    return `- ${t}${i === items.length - 1 ? "." : ";"}`;
  });
}

/** The whole document as plain text, one block per line (for tests and previews). */
export function docText(doc: DocModel): string {
  const lines = [
    ...(doc.parentBody ? [doc.parentBody] : []),
    ...doc.issuingBody,
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    doc.numberLine,
    doc.placeDate,
    doc.type,
    doc.subject,
    ...doc.body.map(blockText),
    "Nơi nhận:",
    ...recipientLines(doc.recipients),
    ...(doc.signer.authority ? doc.signer.authority.split("\n") : []),
    ...doc.signer.title.split("\n"),
    doc.signer.name,
  ];
  if (doc.appendix) {
    lines.push(doc.appendix.title);
    if (doc.appendix.subtitle) lines.push(doc.appendix.subtitle);
    lines.push(...doc.appendix.blocks.map(blockText));
  }
  return lines.join("\n");
}
