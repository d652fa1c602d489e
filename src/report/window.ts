// The one paragraph a document gives on how it counted ([[cach_tinh]]): which months cut by the
// period's edges were counted whole (or left out), and the whole-month window counted instead of
// the range typed. Nothing when the document counted exactly the period it names.
import type { ReportData } from "./model.js";
import { gapSentence } from "./gaps.js";
import { namesList as joinVi } from "../domain/org-dates.js";

export function countingSentences(d: ReportData): string[] {
  const out: string[] = [];
  if (d.typedPeriod && d.typedPeriod.key !== d.period.key) {
    out.push(`Số liệu tính theo tháng trọn: ${d.period.label} (kỳ đề nghị ${d.typedPeriod.label}).`);
  }
  const whole = d.coverage.filter((c) => c.counted && !c.longer).map((c) => c.monthLabel);
  if (whole.length) out.push(`Số liệu ${joinVi(whole)} được tính cả tháng.`);
  // A month the period holds only a small part of: its whole-month figures are not in this document.
  const left = d.coverage.filter((c) => !c.counted && !c.longer).map((c) => c.monthLabel);
  if (left.length) out.push(`Số liệu nhập theo cả ${joinVi(left)} không được tính vì kỳ chỉ gồm một phần nhỏ của tháng.`);
  const missing = d.gaps ? gapSentence(d.gaps.current) : "";
  if (missing) out.push(missing);
  return out;
}
