// The leader's own words of one report, and the facts of a round: what is true of one report
// round only (an election abroad, who leads a cluster next year, what support money was for).
// They are data given for a report (chat or CLI), never written into a template. Pure.

/** What a leader adds to one report (kept per kind and period, like căn cứ). */
export interface ReportWords {
  /** The leader's own sentence on the situation; null when none was given. */
  situation: string | null;
  /** The tasks of the next period, one per item; empty when none were given. */
  tasks: string[];
  /** Round facts by name (ROUND_FACTS); absent when not given. */
  facts: Record<string, string>;
}

export const emptyWords = (): ReportWords => ({ situation: null, tasks: [], facts: {} });

/**
 * The round facts a template may print ({{dot.<name>}}), with what a leader is asked for.
 * A template names them; one not given leaves its sentence out.
 */
export const ROUND_FACTS: Readonly<Record<string, string>> = {
  ngoai_bien: "điều nổi bật phía ngoại biên trong đợt, in sau “nhất là …” (ví dụ: sau bầu cử Quốc hội Khóa VII/2023 của CPC)",
  phong_trao: "phong trào quần chúng riêng của đợt, in sau “tham gia …” (ví dụ: phòng, chống dịch Covid-19)",
  ho_tro: "hỗ trợ gì, cho ai, vì việc gì trong đợt, in sau “hỗ trợ …” (ví dụ: lương thực, thực phẩm, vật tư y tế cho CBCS 03 lực lượng tham gia phòng, chống dịch Covid-19)",
  kien_nghi: "kiến nghị, đề xuất riêng của đợt, in thành một mục (ví dụ: Năm 2026, Đồn Biên phòng … làm cụm trưởng …)",
};
