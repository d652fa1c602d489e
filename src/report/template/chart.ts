// "[[bieu_do: tuan_tra | Biểu #. …]]": the form's key figures (or one metric) month by month, as
// a chart picture in the document, from the same month rows as "[[bang thang: …]]" (so the bars
// equal that table's figures). Left out when the period has fewer than two months, like the
// table. Pure: the PNG is drawn when the DOCX is written.
import { chartTargetById } from "../../domain/chart-figures.js";
import type { DocBlock } from "../document.js";
import type { ReportData } from "../model.js";

export function chartBlock(targetId: string, data: ReportData, title: string): DocBlock[] {
  const target = chartTargetById(targetId);
  // Rows of figures that belong to no month ("year:2024") have no place on a time axis.
  const rows = data.byMonth.filter((m) => !m.key.startsWith("year:"));
  if (!target || rows.length < 2) return [];
  const yearly = rows.every((m) => /^\d{4}$/.test(m.key));
  const units = [...new Set(target.figures.map((f) => f.unit))];
  return [{
    kind: "chart",
    ...(title ? { title: title.normalize("NFC") } : {}),
    data: {
      title: target.title,
      subtitle: [units.length === 1 ? units[0] : "", data.profile.ward.name, data.period.label].filter(Boolean).join(" · "),
      labels: rows.map((m) => (yearly ? m.key : `${m.key.slice(5, 7)}/${m.key.slice(2, 4)}`)),
      series: target.figures.map((f) => ({
        name: f.label,
        values: rows.map((m) => (m.empty ? null : Math.round(f.metrics.reduce((s, k) => s + (m.values[k] ?? 0), 0) * 10) / 10)),
      })),
    },
  }];
}
