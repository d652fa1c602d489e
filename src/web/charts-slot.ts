// The trend charts on the board: one per form with key figures (catalogue `chart: true`), over the
// twelve months up to the period shown, for the ward or for the unit a reporter is held to. The
// same data and SVG as /bieudo and the report's [[bieu_do]] (src/chart/), inlined: an inline SVG
// needs no script and no image route, and uses only presentation attributes, so the page's CSP
// (no inline style) holds. Each chart's title id is made unique on the page (the SVG is standalone).
import type { Db } from "../db/client.js";
import type { Period } from "../domain/periods.js";
import type { WardProfile } from "../domain/profile.js";
import { chartTargets } from "../domain/chart-figures.js";
import { chartsData, chartWardName } from "../chart/series.js";
import { chartSvg } from "../chart/svg.js";
import { esc } from "./page.js";

export interface ChartsSlot { db: Db; profile: WardProfile; period: Period; cutoffDay: number; today: string; unitCode: string | undefined }

export function chartsHtml(o: ChartsSlot): string {
  const unit = o.unitCode ? o.profile.units.find((u) => u.code === o.unitCode) : undefined;
  const wardName = chartWardName(o.profile, o.period, o.cutoffDay);
  const who = unit?.name ?? wardName;
  const targets = chartTargets();
  // Every chart's figures in one read (src/ledger/point-sums.ts), not one per chart and month.
  const data = chartsData(o.db, { targets, period: o.period, cutoffDay: o.cutoffDay, today: o.today, wardName,
    ...(unit ? { unit: { code: unit.code, name: unit.name } } : {}) });
  const charts = targets.map((target, i) => {
    return `<figure class="chart-figure" data-chart="${esc(target.id)}">${chartSvg(data[i]!).replaceAll("chart-title", `chart-title-${i}`)}<figcaption>${esc(target.title)}, ${esc(who)}: 12 tháng đến ${esc(o.period.label)}</figcaption></figure>`;
  });
  const body = charts.length ? charts.join("") : `<p class="small">Danh mục biểu mẫu chưa đánh dấu số liệu chính nào để vẽ biểu đồ.</p>`;
  return `<section class="chart noprint" id="bieu-do" aria-label="Biểu đồ"><h2>Biểu đồ xu hướng</h2>${body}</section>`;
}
