// The report worker thread: compiles and renders reports with its own read-only connection, so
// the bot's thread stays free for chats. Started by report-builder.ts (through the .mjs boot).
import { parentPort, workerData } from "node:worker_threads";
import { openReadOnly } from "../db/client.js";
import { buildReport } from "./reports.js";
import type { BuildJob, BuildReply } from "./report-builder.js";

const port = parentPort;
if (!port) throw new Error("report-worker.ts runs only as a worker thread");
const db = openReadOnly((workerData as { databasePath: string }).databasePath);

port.on("message", (job: BuildJob) => {
  void buildReport({ db, ...job.settings }, job.req, new Date(job.now)).then(
    (built): BuildReply => ({ id: job.id, ok: true, built }),
    (err: unknown): BuildReply => ({ id: job.id, ok: false, error: err instanceof Error ? err.message : String(err), stack: err instanceof Error ? err.stack : undefined }),
  ).then((reply) => port.postMessage(reply));
});
