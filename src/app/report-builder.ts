// Builds reports (exports, charts) off the bot's thread: a small pool of worker threads
// (report-worker.ts), each with its own read-only SQLite connection, given plain data and
// answering with the DOCX bytes and the report data (or the CSV text). Workers start on the
// first job and are kept warm; a crashed one is replaced on the next job. ":memory:" databases
// cannot be shared, so they build in-process (InlineReportBuilder).
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { exportCsv } from "../data/export.js";
import type { ChartQuery } from "../chart/series.js";
import type { Logger } from "../log.js";
import { catalogue } from "../domain/catalogue.js";
import { buildReport, type BuiltReport, type ReportDeps, type ReportRequest } from "./reports.js";

/** What a report is built from besides the request: plain data, copied to the worker per job. */
export type BuildSettings = Pick<ReportDeps, "profile" | "templates" | "cutoffDay">;

/** The span and key of a period, for an export. */
export type ExportPeriod = { start: string; end: string; key: string; history?: boolean };

export type BuildJob =
  | { id: number; kind: "report"; settings: BuildSettings; req: ReportRequest; now: number }
  | { id: number; kind: "export"; period: ExportPeriod; format?: "csv" | "xlsx" }
  | { id: number; kind: "chart"; query: ChartQuery };
export type BuildReply =
  | { id: number; ok: true; built: BuiltReport }
  | { id: number; ok: true; csv: string }
  | { id: number; ok: true; xlsx: Uint8Array }
  | { id: number; ok: true; png: Uint8Array }
  | { id: number; ok: false; error: string; stack?: string };

export interface ReportBuilder {
  build(settings: BuildSettings, req: ReportRequest, now: Date): Promise<BuiltReport>;
  /** The period's entries as CSV (src/data/export.ts). */
  exportCsv(period: ExportPeriod): Promise<string>;
  /** The period's entries as XLSX, one sheet per form (src/data/export-xlsx.ts). */
  exportXlsx(period: ExportPeriod): Promise<Buffer>;
  /** A trend chart as PNG (src/chart/). */
  chartPng(query: ChartQuery): Promise<Buffer>;
  /** Ends the workers; builds not finished reject. */
  stop(): Promise<void>;
}

/**
 * The builder could not run the job (it was stopped, or its worker died): nothing about the
 * request is wrong, so a durable job waits and is tried again (src/app/jobs.ts). Any other
 * error is the build's own and would come back on a retry.
 */
export class BuilderUnavailable extends Error {}

/** A job before it is numbered (Omit over each member of the union). */
type JobSpec = BuildJob extends infer J ? (J extends unknown ? Omit<J, "id"> : never) : never;
interface Pending { job: BuildJob; resolve(r: BuildReply & { ok: true }): void; reject(e: Error): void }
interface Slot { worker: Worker; current: Pending | undefined }

// The worker module next to this one: compiled JavaScript in production (dist/), loaded as it is.
const ENTRY = new URL(`./report-worker${import.meta.url.endsWith(".ts") ? ".ts" : ".js"}`, import.meta.url);
const SCRIPT = ENTRY.pathname.endsWith(".ts") ? fromSource(ENTRY) : ENTRY;

/**
 * Run from source (tests under vitest), a worker thread starts without a TypeScript loader: a
 * two-line module registers tsx (a devDependency, absent in production) and loads the worker.
 */
function fromSource(entry: URL): URL {
  const tsx = createRequire(import.meta.url).resolve("tsx/package.json");
  const api = pathToFileURL(join(dirname(tsx), "dist/esm/api/index.mjs")).href;
  const code = `const { register } = await import(${JSON.stringify(api)}); register(); await import(${JSON.stringify(entry.href)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}

export class WorkerReportBuilder implements ReportBuilder {
  private readonly slots = new Set<Slot>();
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private stopped = false;

  constructor(private readonly o: { databasePath: string; size: number; log: Logger }) {}

  async build(settings: BuildSettings, req: ReportRequest, now: Date): Promise<BuiltReport> {
    const r = await this.call({ kind: "report", settings, req, now: now.getTime() });
    if (!("built" in r)) throw new Error("report worker answered without a report");
    return { ...r.built, bytes: Buffer.from(r.built.bytes) }; // a Uint8Array after the copy between threads
  }

  async exportCsv(period: ExportPeriod): Promise<string> {
    const r = await this.call({ kind: "export", period: { start: period.start, end: period.end, key: period.key, history: period.history } });
    if (!("csv" in r)) throw new Error("report worker answered without a CSV");
    return r.csv;
  }

  async exportXlsx(period: ExportPeriod): Promise<Buffer> {
    const r = await this.call({ kind: "export", format: "xlsx", period: { start: period.start, end: period.end, key: period.key, history: period.history } });
    if (!("xlsx" in r)) throw new Error("report worker answered without an XLSX");
    return Buffer.from(r.xlsx);
  }

  async chartPng(query: ChartQuery): Promise<Buffer> {
    const r = await this.call({ kind: "chart", query });
    if (!("png" in r)) throw new Error("report worker answered without a chart");
    return Buffer.from(r.png);
  }

  private call(spec: JobSpec): Promise<BuildReply & { ok: true }> {
    if (this.stopped) return Promise.reject(new BuilderUnavailable("report builder stopped"));
    return new Promise((resolve, reject) => {
      this.queue.push({ job: { ...spec, id: this.nextId++ } as BuildJob, resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let slot = [...this.slots].find((s) => !s.current);
      if (!slot && this.slots.size < this.o.size) slot = this.spawn();
      if (!slot) return;
      const p = this.queue.shift()!;
      slot.current = p;
      slot.worker.ref();
      slot.worker.postMessage(p.job);
    }
  }

  private spawn(): Slot {
    // The catalogue this thread installed, as plain data: the worker needs no file, YAML or schema.
    const worker = new Worker(SCRIPT, { workerData: { databasePath: this.o.databasePath, catalogue: catalogue() }, name: "report" });
    const slot: Slot = { worker, current: undefined };
    this.slots.add(slot);
    worker.on("message", (r: BuildReply) => {
      const p = slot.current;
      if (!p || p.job.id !== r.id) return;
      slot.current = undefined;
      worker.unref(); // an idle worker does not keep the process alive
      if (r.ok) p.resolve(r);
      else p.reject(Object.assign(new Error(`report build failed: ${r.error}`), { workerStack: r.stack }));
      this.dispatch();
    });
    const lost = (err: Error) => {
      if (!this.slots.delete(slot)) return;
      if (!this.stopped) this.o.log.error({ err }, "report worker stopped unexpectedly");
      slot.current?.reject(new BuilderUnavailable(err.message));
      slot.current = undefined;
      if (!this.stopped) this.dispatch();
    };
    worker.on("error", lost);
    worker.on("exit", (code) => lost(new Error(`report worker exited (code ${code})`)));
    return slot;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const p of this.queue.splice(0)) p.reject(new BuilderUnavailable("report builder stopped"));
    await Promise.all([...this.slots].map((s) => s.worker.terminate()));
  }
}

/** Builds in the calling thread: for ":memory:" databases, which a worker cannot open, and REPORT_WORKERS=0. */
export class InlineReportBuilder implements ReportBuilder {
  constructor(private readonly db: ReportDeps["db"]) {}
  build(settings: BuildSettings, req: ReportRequest, now: Date): Promise<BuiltReport> {
    return buildReport({ db: this.db, ...settings }, req, now);
  }
  async exportCsv(period: ExportPeriod): Promise<string> {
    return exportCsv(this.db, period);
  }
  async exportXlsx(period: ExportPeriod): Promise<Buffer> {
    const { exportXlsx } = await import("../data/export-xlsx.js");
    return exportXlsx(this.db, period);
  }
  async chartPng(query: ChartQuery): Promise<Buffer> {
    const [{ chartPng }, { chartData }] = await Promise.all([import("../chart/png.js"), import("../chart/series.js")]);
    return chartPng(chartData(this.db, query));
  }
  async stop(): Promise<void> {}
}
