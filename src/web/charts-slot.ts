// The place for trend charts on the board. Issue 19's charts (an SVG function per metric trend)
// are built by another change (src/report/charts*); until it is merged this draws nothing, and
// the board says where the charts will be. Once merged: call its SVG function here, once per key
// figure of the period's forms, for the ward or the unit shown.
import type { Db } from "../db/client.js";
import type { Period } from "../domain/periods.js";

export function chartsHtml(_o: { db: Db; period: Period; unitCode: string | undefined }): string {
  return `<section class="chart noprint" id="bieu-do" aria-label="Biểu đồ"><h2>Biểu đồ xu hướng</h2><p class="small">Biểu đồ theo tháng sẽ hiện ở đây.</p></section>`;
}
