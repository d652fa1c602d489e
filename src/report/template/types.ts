// The parsed form of a report template (see templates/README.md for the language).

/** A problem in a template file, with the 1-based line it is on. */
export class TemplateError {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly message: string,
  ) {}

  toString(): string {
    return `${this.file}:${this.line}: ${this.message}`;
  }
}

export type ValueType = "number" | "text" | "date" | "list";

export type Term = { kind: "metric"; key: string } | { kind: "field"; name: string };

export interface Placeholder {
  t: "ph";
  terms: Term[];
  /** Filter names, in order. */
  filters: string[];
  /** Type of the expression before filters. */
  type: ValueType;
  line: number;
}

/** Text with placeholders and "[? … ?]" parts left out when their figures are all zero. */
export type InlineNode = { t: "text"; s: string } | Placeholder | { t: "opt"; children: Inline; line: number };
export type Inline = InlineNode[];

export interface TableColumn {
  key: string;
  /** Column header written in the template; the metric's label otherwise. */
  label?: string;
}

export type TemplateBlock =
  | { kind: "heading"; level: 1 | 2 | 3; content: Inline; line: number }
  | { kind: "paragraph"; content: Inline; line: number }
  | { kind: "table"; by: "unit" | "month"; columns: TableColumn[]; title: Inline | null; line: number }
  /** "[[can_cu]]": the round-specific "Căn cứ …" lines a leader gave (ReportData.extraBasis). */
  | { kind: "basis"; line: number }
  /** "[[cach_tinh]]": how the document counted, where that differs from the period it names (report/window.ts). */
  | { kind: "window"; line: number }
  /** "[[thay_doi_don_vi]]": one line per unit merged or split that had figures in the period (ReportData.unitNotes). */
  | { kind: "unitChanges"; line: number }
  /** "[[bang moc_bat_thuong | title]]": marker reports with a note or a photo (ReportData.markerAnomalies). */
  | { kind: "anomalies"; title: Inline | null; line: number }
  /** "[[neu …]] … [[khac]] … [[het]]": blocks printed only when the data makes the condition true (conditions.ts). */
  | { kind: "if"; cond: Cond; then: TemplateBlock[]; otherwise: TemplateBlock[]; line: number }
  /** "[[bieu_do: tuan_tra | Biểu #. …]]": a month-by-month chart of a form's key figures (or one metric), as a picture. */
  | { kind: "chart"; target: string; title: Inline | null; line: number }
  /** "[[nhiem_vu | ./.]]": the leader's tasks for the next period, numbered; the text after "|" ends the last one. */
  | { kind: "tasks"; end: string; line: number };

export interface FrontMatter {
  /** "loai": document type, default "BÁO CÁO". */
  type: Inline | null;
  /** "trich_yeu": the subject line. */
  subject: Inline;
  /** "so": document number. */
  number: string | null;
  /** "ky_hieu": symbol such as "BC-UBND"; the profile's otherwise. */
  symbol: string | null;
  /** "noi_nhan": recipients; the profile's otherwise. */
  recipients: Inline[] | null;
  /** "tham_quyen": signer's authority ("TM. ỦY BAN NHÂN DÂN"); the profile's otherwise. */
  authority: Inline | null;
  /** "chuc_vu": signer's title ("CHỦ TỊCH"); the profile's otherwise. */
  title: Inline | null;
}

export interface Template {
  file: string;
  front: FrontMatter;
  body: TemplateBlock[];
  /** Blocks after "[[phu_luc]]": printed after the signature, on a new page. */
  appendix: { subtitle: Inline | null; blocks: TemplateBlock[]; line: number } | null;
}

export type ParseResult = { ok: true; template: Template } | { ok: false; errors: TemplateError[] };

/** Collects a problem found at a line (parsing never throws). */
export type Report = (line: number, message: string) => void;

export type { CompareOp } from "../../domain/compare.js";
import type { CompareOp } from "../../domain/compare.js";

/** A parsed "[[neu …]]" condition (conditions.ts). */
export type Cond =
  | { t: "cmp"; metrics: string[]; op: CompareOp; value: number }
  /** "giam a + b": the sum was lower in the period's last year than in its first. */
  | { t: "fall"; metrics: string[] }
  | { t: "fact"; name: string }
  | { t: "not"; c: Cond }
  | { t: "and" | "or"; cs: Cond[] };
