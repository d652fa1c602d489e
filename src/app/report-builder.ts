// Builds reports off the bot's thread: a small pool of worker threads (report-worker.ts), each
// with its own read-only SQLite connection, given plain data and answering with the DOCX bytes
// and the report data. Workers start on the first report and are kept warm; a crashed one is
// replaced on the next report. ":memory:" databases cannot be shared, so they build in-process.
import { Worker } from "node:worker_threads";
import type { Logger } from "../log.js";
import { buildReport, type BuiltReport, type ReportDeps, type ReportRequest } from "./reports.js";

/** What a report is built from besides the request: plain data, copied to the worker per job. */
export type BuildSettings = Pick<ReportDeps, "profile" | "templates" | "cutoffDay">;

export interface BuildJob { id: number; settings: BuildSettings; req: ReportRequest; now: number }
export type BuildReply = { id: number; ok: true; built: BuiltReport } | { id: number; ok: false; error: string; stack?: string };

export interface ReportBuilder {
  build(settings: BuildSettings, req: ReportRequest, now: Date): Promise<BuiltReport>;
  /** Ends the workers; builds not finished reject. */
  stop(): Promise<void>;
}

interface Pending { job: BuildJob; resolve(b: BuiltReport): void; reject(e: Error): void }
interface Slot { worker: Worker; current: Pending | undefined }

const BOOT = new URL("./report-worker-boot.mjs", import.meta.url);
// The worker module next to this one, in whatever language this one was loaded as.
const ENTRY = new URL(`./report-worker${import.meta.url.endsWith(".ts") ? ".ts" : ".js"}`, import.meta.url).href;

export class WorkerReportBuilder implements ReportBuilder {
  private readonly slots = new Set<Slot>();
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private stopped = false;

  constructor(private readonly o: { databasePath: string; size: number; log: Logger }) {}

  build(settings: BuildSettings, req: ReportRequest, now: Date): Promise<BuiltReport> {
    if (this.stopped) return Promise.reject(new Error("report builder stopped"));
    return new Promise<BuiltReport>((resolve, reject) => {
      this.queue.push({ job: { id: this.nextId++, settings, req, now: now.getTime() }, resolve, reject });
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
    const worker = new Worker(BOOT, { workerData: { entry: ENTRY, databasePath: this.o.databasePath }, name: "report" });
    const slot: Slot = { worker, current: undefined };
    this.slots.add(slot);
    worker.on("message", (r: BuildReply) => {
      const p = slot.current;
      if (!p || p.job.id !== r.id) return;
      slot.current = undefined;
      worker.unref(); // an idle worker does not keep the process alive
      if (r.ok) p.resolve({ ...r.built, bytes: Buffer.from(r.built.bytes) });
      else p.reject(Object.assign(new Error(`report build failed: ${r.error}`), { workerStack: r.stack }));
      this.dispatch();
    });
    const lost = (err: Error) => {
      if (!this.slots.delete(slot)) return;
      if (!this.stopped) this.o.log.error({ err }, "report worker stopped unexpectedly");
      slot.current?.reject(err);
      slot.current = undefined;
      if (!this.stopped) this.dispatch();
    };
    worker.on("error", lost);
    worker.on("exit", (code) => lost(new Error(`report worker exited (code ${code})`)));
    return slot;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const p of this.queue.splice(0)) p.reject(new Error("report builder stopped"));
    await Promise.all([...this.slots].map((s) => s.worker.terminate()));
  }
}

/** Builds in the calling thread: for ":memory:" databases, which a worker cannot open. */
export class InlineReportBuilder implements ReportBuilder {
  constructor(private readonly db: ReportDeps["db"]) {}
  build(settings: BuildSettings, req: ReportRequest, now: Date): Promise<BuiltReport> {
    return buildReport({ db: this.db, ...settings }, req, now);
  }
  async stop(): Promise<void> {}
}
