// Charts (issue 19): the monthly figures read through the ledger, the SVG, and the PNG rasterised
// by resvg, over the model fixture (ten years). The first PNG in a process loads the font file:
// it is timed apart from the warm ones (median of 20).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { openDb, closeDb, type Db } from "../src/db/client.js";
import { loadProfile } from "../src/app/profile-file.js";
import { syncProfile } from "../src/store/profile-sync.js";
import { importCsv } from "../src/data/import.js";
import { chartTargetById } from "../src/domain/chart-figures.js";
import { periodFromKey } from "../src/domain/periods.js";
import { chartData, type ChartQuery } from "../src/chart/series.js";
import { chartSvg } from "../src/chart/svg.js";
import { chartPng, svgToPng } from "../src/chart/png.js";
import { ROOT, isMain, median, ms, num, runAlone, table, tempDir, type BenchResult } from "./lib.js";

const RUNS = 20;

function timed<T>(f: () => T): { ms: number; value: T } {
  const t0 = performance.now();
  const value = f();
  return { ms: performance.now() - t0, value };
}

function medianOf(f: () => unknown): number {
  const xs: number[] = [];
  for (let i = 0; i < RUNS; i++) xs.push(timed(f).ms);
  return median(xs);
}

export async function benchChart(): Promise<BenchResult> {
  const tmp = tempDir("bench-chart-");
  let db: Db | undefined;
  try {
    db = openDb(join(tmp.dir, "bot.sqlite"));
    const profile = loadProfile(join(ROOT, "templates/ward-profile.yaml"));
    syncProfile(db, profile, new Date());
    const imported = importCsv(db, readFileSync(join(ROOT, "test/fixtures/import/model-report.csv"), "utf8"), { cutoffDay: 0, now: new Date("2025-02-26T02:00:00Z") });
    if (!imported.ok) throw new Error(`import failed: ${JSON.stringify(imported.errors)}`);
    const query = (target: string, period: string): ChartQuery => ({
      target: chartTargetById(target)!, period: periodFromKey(period, 0)!, cutoffDay: 0, today: "2025-02-26", wardName: profile.ward.name,
    });
    const months = query("tuan_tra", "2025-02");
    const years = query("vi_pham", "2015-01-01..2025-02-26");
    const first = timed(() => chartPng(chartData(db!, months)));
    const rows: string[][] = [];
    for (const [what, q] of [["patrols, 12 months (one series: bars)", months], ["violations, 11 years (three series: lines)", years]] as const) {
      const data = chartData(db, q);
      const svg = chartSvg(data);
      const png = svgToPng(svg);
      rows.push([what, ms(medianOf(() => chartData(db!, q))), ms(medianOf(() => chartSvg(data))), ms(medianOf(() => svgToPng(svg))),
        `${num(svg.length / 1024, 1)} KiB / ${num(png.length / 1024, 1)} KiB`]);
    }
    return {
      title: "Chart PNG render (resvg)",
      markdown: [
        table(["chart", "figures from the ledger", "SVG", "PNG 800 × 450", "sizes (SVG / PNG)"], rows),
        "",
        `Medians of ${RUNS}. The first chart of the process (font file loaded, figures, SVG and PNG): ${ms(first.ms)}.`,
      ].join("\n"),
    };
  } finally {
    if (db) closeDb(db);
    tmp.cleanup();
  }
}

if (isMain(import.meta.url)) await runAlone(benchChart);
