// A report asked for on the office's page: the same rules as /baocao (report-request.ts) for the
// period, the number, the issue date and the months an edge of the period cuts, answered on one
// form instead of question by question. Pure: it returns the report effect (recorded by the app
// as a durable job, like /baocao's) and the writes of the leader's own words (căn cứ, nhiệm vụ).
import { reportKindOf } from "../domain/report-kinds.js";
import { parsePeriod, periodFromKey, type Period } from "../domain/periods.js";
import { readVnDate } from "../domain/vn.js";
import type { UserContext } from "./command-types.js";
import { cutLines, longerReports, refuseIssueDate, refusePeriod } from "./report-request.js";
import type { Effect } from "./types.js";
import type { Write } from "./writes.js";

export interface PageReportForm {
  /** The period as typed ("tháng 2/2025", "quý 1/2025", "01/01/2025 đến 15/02/2025") or a key. */
  period: string;
  number: string;
  issuedOn: string;
  /** Lines of "Căn cứ …" of this kind of report; empty keeps those there are. */
  basis: string;
  /** Lines of "nhiệm vụ kỳ tới" of this period; empty keeps those there are. */
  tasks: string;
  /** The answer to the cut months: "keep", "whole" or "other:<key>"; empty before the question. */
  cut: string;
  /** A report with no figures, knowingly. */
  blank: boolean;
}

export type PageReportAnswer =
  | { ok: true; effect: Extract<Effect, { type: "report" }>; writes: Write[]; period: Period }
  | { ok: false; message: string; cutChoices?: { value: string; label: string }[]; cutLines?: string[]; canBlank?: boolean };

const lines = (s: string) => s.normalize("NFC").split(/\r?\n/).map((l) => l.replace(/\s+/g, " ").trim()).filter(Boolean);

export function reportFromPage(c: Pick<UserContext, "services" | "user" | "today">, f: PageReportForm): PageReportAnswer {
  const cut = c.services.cutoffDay;
  const typed = f.period.normalize("NFC").trim();
  if (!typed) return { ok: false, message: "Xin gõ kỳ báo cáo, ví dụ: tháng 2/2025, quý 1/2025 hay năm 2024." };
  const parsed = periodFromKey(typed, cut) ?? (() => { const r = parsePeriod(typed, cut, c.today); return r.ok ? r.period : r.message; })();
  if (typeof parsed === "string") return { ok: false, message: parsed };
  let period = parsed;
  let typedKey: string | undefined;
  const number = f.number.trim();
  if (number && !/^\d{1,5}$/.test(number)) return { ok: false, message: "Số văn bản là một số, ví dụ: 35; để trống để văn thư điền." };
  let issuedOn: string | undefined;
  if (f.issuedOn.trim()) {
    const d = readVnDate(f.issuedOn.trim(), c.today);
    if (!d.ok) return { ok: false, message: `Ngày ban hành: ${d.message}` };
    if (d.date > c.today) return { ok: false, message: "Ngày ban hành không được sau hôm nay." };
    issuedOn = d.date;
  }
  let check = c.services.reportCheck(period);
  if (check.cuts.length > 0) {
    const choices = [{ value: "keep", label: `Giữ kỳ đã gõ: ${period.label}` }];
    if (period.kind === "range" && check.wholeMonths && check.wholeMonths.end <= c.today && check.wholeMonths.key !== period.key) {
      choices.unshift({ value: "whole", label: `Trọn tháng: ${check.wholeMonths.label}` });
    }
    for (const r of longerReports(check)) choices.push({ value: `other:${r.key}`, label: `Báo cáo ${r.label}` });
    const picked = choices.find((x) => x.value === f.cut);
    if (!picked) return { ok: false, message: `Kỳ ${period.label} chỉ chứa một phần của một số tháng. Chọn lập theo kỳ nào.`, cutChoices: choices, cutLines: cutLines(check) };
    if (picked.value === "whole") { typedKey = period.key; period = periodFromKey(check.wholeMonths!.key, cut)!; }
    if (picked.value.startsWith("other:")) period = periodFromKey(picked.value.slice("other:".length), cut)!;
    if (picked.value !== "keep") check = c.services.reportCheck(period);
  }
  const refused = refusePeriod(period, c.today, check, f.blank);
  if (refused) return { ok: false, message: refused, canBlank: refused.includes("chưa có số liệu") };
  if (issuedOn) {
    const early = refuseIssueDate(period, issuedOn, c.today);
    if (early) return { ok: false, message: early };
  }
  const writes: Write[] = [];
  if (lines(f.basis).length) writes.push({ type: "set_extra_basis", kind: reportKindOf(period), lines: lines(f.basis), by: c.user.id });
  if (lines(f.tasks).length) {
    const words = c.services.reportWords(period.key);
    writes.push({ type: "set_report_words", periodKey: period.key, words: { ...words, tasks: lines(f.tasks) }, by: c.user.id });
  }
  return {
    ok: true, period, writes,
    effect: { type: "report", periodKey: period.key, requestedBy: c.user.id, ...(number ? { number } : {}), ...(issuedOn ? { issuedOn } : {}),
      ...(f.blank ? { force: true } : {}), ...(typedKey ? { typedKey } : {}) },
  };
}
