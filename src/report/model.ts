// The data a report is rendered from: compiled figures, the period and the ward profile.
// compile.ts fills it from SQLite; template.ts and docx.ts only read it.
import type { WardProfile } from "../domain/profile.js";
import type { Period } from "../domain/periods.js";

/** metric key -> value; every key of METRIC_KEYS is present (0 when nothing was reported). */
export type Figures = Record<string, number>;

export interface UnitFigures {
  code: string;
  name: string;
  /** Short name for tables ("Đông Hưng"). */
  shortName: string;
  kind: string;
  values: Figures;
}

/** A row of the over-time table: a month ("2025-02"), or a year ("2015") when the period spans more than 24 months. */
export interface MonthFigures {
  /** Month period key "2025-02", or the year "2015". */
  key: string;
  /** "Tháng 02/2025". */
  label: string;
  values: Figures;
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
  byMonth: MonthFigures[];
  completeness: Completeness | null;
  entryCount: number;
}
