// The period after a report's own, named as a ward's report names it in "Phương hướng, nhiệm
// vụ …": "tháng 02/2025", "quý II/2025", "6 tháng cuối năm 2025", "năm 2026". Pure.
import { periodFromKey, type Period } from "../domain/periods.js";

/** A free range or a multi-year round has no next period of its own kind. */
export const NEXT_UNNAMED = "thời gian tới";

export function nextPeriodName(p: Pick<Period, "key">): string {
  const key = p.key;
  let m: RegExpExecArray | null;
  const label = (k: string) => periodFromKey(k, 0)?.label ?? NEXT_UNNAMED; // labels do not depend on the cut-off
  if ((m = /^(\d{4})-(\d{2})$/.exec(key))) {
    const i = Number(m[1]) * 12 + Number(m[2]); // index of the month after (0-based months + 1)
    return label(`${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}`);
  }
  if ((m = /^(\d{4})-Q([1-4])$/.exec(key))) {
    const q = Number(m[2]);
    return label(q === 4 ? `${Number(m[1]) + 1}-Q1` : `${m[1]}-Q${q + 1}`);
  }
  if ((m = /^(\d{4})-H([12])$/.exec(key))) return label(m[2] === "1" ? `${m[1]}-H2` : `${Number(m[1]) + 1}-H1`);
  // Nine months (ND 09/2019): what is left of the year is its last three months.
  if ((m = /^(\d{4})-9M$/.exec(key))) return `3 tháng cuối năm ${m[1]}`;
  if ((m = /^(\d{4})$/.exec(key))) return label(String(Number(m[1]) + 1));
  return NEXT_UNNAMED;
}
