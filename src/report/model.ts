// The data a report is rendered from: compiled figures, the period and the ward profile.
// compile.ts fills it from SQLite; template.ts and docx.ts only read it.
import type { WardProfile } from "../domain/profile.js";
import type { Period } from "../domain/periods.js";
import type { ReportWords } from "./round-facts.js";
import type { Gaps } from "./gaps.js";

/** metric key -> value; every key of metricKeys() is present (0 when nothing was reported). */
export type Figures = Record<string, number>;

export interface UnitFigures {
  code: string;
  name: string;
  /** Short name for tables ("Đông Hưng"). */
  shortName: string;
  kind: string;
  values: Figures;
}

/**
 * A row of the over-time table: a month ("2025-02"), or a year ("2015") when the period spans
 * more than 24 months, or the figures of the period filed for no single month ("year:2024": a
 * yearly import counted in the year 2024). The rows' flows add up to the period's totals.
 */
export interface MonthFigures {
  /** Month period key "2025-02", the year "2015", or "year:2024" for the figures of no month. */
  key: string;
  /** "Tháng 02/2025", "Cả năm 2024, không chia theo tháng". */
  label: string;
  values: Figures;
  /** No figure was counted in this row: printed as "Không có số liệu", not as zeros. */
  empty?: boolean;
}

export interface Completeness {
  /** The month whose reporting is counted ("tháng 02/2025"). */
  monthLabel: string;
  reported: number;
  total: number;
  /** Names of units that still owe something, with the ids of the forms they owe. */
  missing: { unit: string; forms: string[] }[];
}

export interface ReportData {
  period: Period;
  /** Date of issue (the report's "ngày … tháng … năm …"), as YYYY-MM-DD in Asia/Ho_Chi_Minh. */
  issuedOn: string;
  /** Document number; blank leaves "Số:      /BC-UBND" for the records office. */
  number?: string;
  profile: WardProfile;
  totals: Figures;
  /** Totals of the previous period of the same kind; null when the period is a free range. */
  previous: Figures | null;
  /** Totals of the same period one year earlier; null when the period is a free range. */
  yearAgo: Figures | null;
  byUnit: UnitFigures[];
  /**
   * One line per unit merged or split whose figures are in the period: where they are counted
   * ("Số liệu của Khóm Tây Hưng (đến 30/06/2025) được tính vào Khóm Hưng Phú."); absent means none.
   */
  unitNotes?: string[];
  byMonth: MonthFigures[];
  /** Internal only (chat caption, never the document). */
  completeness: Completeness | null;
  entryCount: number;
  /** The periods compared with (for "so với cùng kỳ năm 2024", "bằng tháng 01/2025"); null when not compared. */
  previousPeriod: Period | null;
  yearAgoPeriod: Period | null;
  /** Round-specific "Căn cứ …" lines given by a leader (/baocao … or cli --can-cu), printed after the template's own. */
  extraBasis: string[];
  /** The leader's own words for this report (situation, next tasks, round facts); empty when none were given. */
  words: ReportWords;
  /** Set when the period is still in progress: figures count up to this day (ISO), and the document says so. */
  countedUntil: string | null;
  /**
   * Months (or imported years) only partly inside the period and how their figures were treated:
   * the caption tells each, the document ([[cach_tinh]]) names the months counted whole.
   */
  coverage: CoverageNote[];
  /** The range the leader typed when the report counts whole months instead (chat button, CLI --ca-thang); absent otherwise. */
  typedPeriod?: Period | null;
  /** Marker reports with a note or a photo, oldest first (the appendix's table); absent means none. */
  markerAnomalies?: MarkerAnomalyRow[];
  /**
   * Who did not answer what (gaps.ts): in the period's ended months (the document says so and is
   * not "complete"), and the forms lacking in the periods compared with (no comparison of those).
   * Absent: nothing lacking (data built by hand in tests).
   */
  gaps?: { current: Gaps; previous: string[]; yearAgo: string[] };
}

/** One marker report worth a look: "[[bang moc_bat_thuong]]". */
export interface MarkerAnomalyRow {
  /** Activity date, ISO. */
  date: string;
  /** The unit's short name ("Đồn BP Nhơn Hưng"). */
  unit: string;
  /** Markers found damaged or moved. */
  markers: number;
  note: string;
  photos: number;
}

/** A month (or an imported year) that straddles an edge of the report's period. */
export interface CoverageNote {
  /** "tháng 02/2025", "năm 2024" */
  monthLabel: string;
  /** Figures filed for more than a month (a year): never counted in a shorter period. */
  longer?: boolean;
  /** Whether the month's whole-month figures were counted in this report. */
  counted: boolean;
  /** Number of entries of that month that straddle the edge. */
  entries: number;
}
