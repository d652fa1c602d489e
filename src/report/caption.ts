// The caption sent with the report file (chat only, never the document): the key figures, how
// many entries are behind them, who has reported, and how months partly inside the period were treated.
import { catalogue, formById, metricByKey, metrics, metricsMatching, wardKind } from "../domain/catalogue.js";
import { formatDateShort, formatVnNumber } from "../domain/vn.js";
import type { CoverageNote, ReportData } from "./model.js";

const MAX_CAPTION = 1024;

export function reportCaption(d: ReportData): string {
  const t = d.totals;
  // "{a + b}", "{tuan_tra.*.luot_to}": the sum of every metric named or matching.
  const keysOf = (terms: string) => terms.split("+").flatMap((term) => metricsMatching(term.trim(), metrics()));
  const sum = (terms: string) => keysOf(terms).reduce((s, k) => s + (t[k] ?? 0), 0);
  // A line is about work the ward does: a metric of a form some kind of its units files, or
  // figures recorded anyway (an import, a unit since gone). A ward of khóm alone is not told
  // "Tuần tra: 0 lượt tổ" of patrols it has no team for.
  const kinds = new Set([wardKind(), ...d.profile.units.map((u) => u.kind)]);
  const filed = (key: string) => formById(metricByKey(key)?.formId ?? "")?.unitKinds.some((k) => kinds.has(k)) ?? false;
  const termsOf = (line: string) => [...line.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]!);
  const aboutThisWard = (line: string) => termsOf(line).some((terms) => keysOf(terms).some(filed) || sum(terms) !== 0);
  const lines = [
    d.period.kind === "range"
      ? `📑 Báo cáo ${d.period.label}`
      : `📑 Báo cáo ${d.period.label} (từ ${formatDateShort(d.period.start)} đến ${formatDateShort(d.period.end)})`,
    ...catalogue().captions.filter(aboutThisWard).map((line) => `• ${line.replace(/\{([^}]*)\}/g, (_, terms: string) => formatVnNumber(sum(terms)))}`),
    `Tổng hợp từ ${formatVnNumber(d.entryCount)} bản ghi.`,
  ];
  if (d.countedUntil) lines.push(`Kỳ chưa kết thúc: số liệu tính đến ngày ${formatDateShort(d.countedUntil)}.`);
  lines.push(...d.coverage.map(coverageLine));
  const c = d.completeness;
  if (c) {
    lines.push(`Kỳ ${c.monthLabel}: đã báo cáo ${c.reported}/${c.total} đơn vị.`);
    if (c.missing.length) lines.push(`Chưa báo cáo: ${c.missing.map((m) => m.unit).join(", ")}.`);
  }
  const caption = lines.join("\n");
  return caption.length <= MAX_CAPTION ? caption : `${caption.slice(0, MAX_CAPTION - 1)}…`;
}

/**
 * "Tháng 02/2025 chỉ nằm một phần trong kỳ: 8 số liệu nhập theo cả tháng được tính trọn tháng.";
 * "Năm 2024: 3 số liệu nhập theo cả năm không được tính (chỉ báo cáo năm 2024 tính chúng)."
 */
export function coverageLine(n: CoverageNote): string {
  const month = n.monthLabel.replace(/^\p{L}/u, (c) => c.toLocaleUpperCase("vi-VN"));
  if (n.longer) return `${month}: ${formatVnNumber(n.entries)} số liệu nhập cho cả ${n.monthLabel} không được tính vào kỳ này (chỉ báo cáo ${n.monthLabel} tính chúng).`;
  const what = `${formatVnNumber(n.entries)} số liệu nhập theo cả tháng`;
  return `${month} chỉ nằm một phần trong kỳ: ${what} ${n.counted ? "được tính trọn tháng" : "không được tính vào kỳ này"}.`;
}
