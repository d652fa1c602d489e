// The report worker thread: compiles and renders reports (and writes CSV exports) with its own
// read-only connection, so the bot's thread stays free for chats. Started by report-builder.ts
// (through the .mjs boot).
import { parentPort, workerData } from "node:worker_threads";
import { openReadOnly } from "../db/client.js";
import { exportCsv } from "../data/export.js";
import { buildReport } from "./reports.js";
import { useCatalogue, type Catalogue } from "../domain/catalogue.js";
import type { BuildJob, BuildReply } from "./report-builder.js";

const port = parentPort;
if (!port) throw new Error("report-worker.ts runs only as a worker thread");
const data = workerData as { databasePath: string; catalogue: Catalogue };
// The same catalogue as the bot's thread: a worker has its own module state.
useCatalogue(data.catalogue);
const db = openReadOnly(data.databasePath);

async function run(job: BuildJob): Promise<BuildReply> {
  if (job.kind === "export") {
    if (job.format !== "xlsx") return { id: job.id, ok: true, csv: exportCsv(db, job.period) };
    // Loaded on first use: exceljs and resvg would slow every worker's start (and so the first report).
    const { exportXlsx } = await import("../data/export-xlsx.js");
    return { id: job.id, ok: true, xlsx: await exportXlsx(db, job.period) };
  }
  if (job.kind === "chart") {
    const [{ chartPng }, { chartData }] = await Promise.all([import("../chart/png.js"), import("../chart/series.js")]);
    return { id: job.id, ok: true, png: chartPng(chartData(db, job.query)) };
  }
  return { id: job.id, ok: true, built: await buildReport({ db, ...job.settings }, job.req, new Date(job.now)) };
}

port.on("message", (job: BuildJob) => {
  void run(job).catch(
    (err: unknown): BuildReply => ({ id: job.id, ok: false, error: err instanceof Error ? err.message : String(err), stack: err instanceof Error ? err.stack : undefined }),
  ).then((reply) => port.postMessage(reply));
});
