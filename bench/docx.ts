// DOCX: issueReport (compile + template + DOCX + archive) for the ten-year report of the model
// fixture, first build in this process and warm (median of 5); the floors' 30-page document
// rebuilt with the same docx version in the same run; and whole processes (bench/docx-once.ts).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { openDb, closeDb, type Db } from "../src/db/client.js";
import { loadProfile } from "../src/app/profile-file.js";
import { loadReportTemplates } from "../src/app/start.js";
import { syncProfile } from "../src/store/profile-sync.js";
import { importCsv } from "../src/data/import.js";
import { issueReport, type ReportDeps } from "../src/app/reports.js";
import { buildFloorDocx } from "./docx-floor.js";
import { ROOT, isMain, median, mib, ms, num, ratio, runAlone, table, tempDir, timeChild, type BenchResult } from "./lib.js";

const RUNS = 5;
const PROCESS_RUNS = 3;
const PERIOD = "2015-01-01..2025-02-26";

interface Once { buildMs: number; bytes: number; maxRSS: number }

async function wholeProcess(which: "ours" | "floor"): Promise<{ wallMs: number; buildMs: number; rss: number; bytes: number }> {
  const runs: Array<{ wallMs: number; once: Once }> = [];
  for (let i = 0; i < PROCESS_RUNS; i++) {
    const r = await timeChild(process.execPath, ["--import", "tsx", "bench/docx-once.ts", which], { cwd: ROOT, timeoutMs: 60_000 });
    if (r.code !== 0) throw new Error(`docx-once ${which} failed (${r.code}): ${r.stderr}`);
    const line = r.stdout.trim().split("\n").pop()!;
    runs.push({ wallMs: r.exitMs, once: JSON.parse(line) as Once });
  }
  return {
    wallMs: median(runs.map((r) => r.wallMs)),
    buildMs: median(runs.map((r) => r.once.buildMs)),
    rss: median(runs.map((r) => r.once.maxRSS * 1024)),
    bytes: runs[0]!.once.bytes,
  };
}

export async function benchDocx(): Promise<BenchResult> {
  const tmp = tempDir("bench-docx-");
  let db: Db | undefined;
  try {
    db = openDb(join(tmp.dir, "bot.sqlite"));
    const profile = loadProfile(join(ROOT, "templates/ward-profile.yaml"));
    syncProfile(db, profile, new Date());
    const imported = importCsv(db, readFileSync(join(ROOT, "test/fixtures/import/model-report.csv"), "utf8"), { cutoffDay: 0, now: new Date() });
    if (!imported.ok) throw new Error(`import failed: ${JSON.stringify(imported.errors)}`);
    const templates = await loadReportTemplates({ REPORT_TEMPLATE_DIR: join(ROOT, "templates") });
    const deps: ReportDeps = { db, profile, templates, cutoffDay: 0, clock: () => new Date("2025-02-26T02:00:00Z") };
    const issue = () => issueReport(deps, { periodKey: PERIOD, requestedBy: null, channel: null });

    let t0 = performance.now();
    const first = await issue();
    const firstMs = performance.now() - t0;
    const warm: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      t0 = performance.now();
      await issue();
      warm.push(performance.now() - t0);
    }
    const warmMs = median(warm);

    // the floor document, in this (now warm) process: one untimed build, then median of 5
    await buildFloorDocx();
    const floorWarm: number[] = [];
    let floorBytes = 0;
    for (let i = 0; i < RUNS; i++) {
      t0 = performance.now();
      floorBytes = (await buildFloorDocx()).length;
      floorWarm.push(performance.now() - t0);
    }
    const floorWarmMs = median(floorWarm);

    const oursProc = await wholeProcess("ours");
    const floorProc = await wholeProcess("floor");

    const doc = { first: 273, warm: 96, wall: 680, rss: 97 };
    const markdown = [
      table(["document", "first build in a process", "warm (median of 5)", "whole process (median of 3): wall, max RSS"], [
        ["floor: 30 pages, 150 paragraphs + 5 tables × 60 rows (documented)", ms(doc.first), ms(doc.warm), `${ms(doc.wall)}, ${doc.rss} MiB`],
        [`floor: the same document rebuilt, this run (${num(floorBytes / 1024, 0)} KiB)`, `${ms(floorProc.buildMs)} (in its child)`, ms(floorWarmMs),
          `${ms(floorProc.wallMs)}, ${mib(floorProc.rss)}`],
        [`ours: issueReport, ten years ${PERIOD} (${num(first.bytes.length / 1024, 0)} KiB, ${num(first.data.entryCount)} entries)`,
          `${ms(firstMs)} (in this process); ${ms(oursProc.buildMs)} (in its child)`, ms(warmMs), `${ms(oursProc.wallMs)}, ${mib(oursProc.rss)}`],
        ["ours / floor (this run)", ratio(oursProc.buildMs / floorProc.buildMs), ratio(warmMs / floorWarmMs),
          `${ratio(oursProc.wallMs / floorProc.wallMs)}, ${ratio(oursProc.rss / floorProc.rss)}`],
        ["ours / floor (documented)", ratio(firstMs / doc.first), ratio(warmMs / doc.warm),
          `${ratio(oursProc.wallMs / doc.wall)}, ${ratio(oursProc.rss / (doc.rss * 1024 * 1024))}`],
      ]),
      "",
      "Whole process = `node --import tsx bench/docx-once.ts` (ours: opens a fresh SQLite file, migrates, imports the model CSV, issues the report; " +
        "floor: builds the floor document), timed from spawn to exit; max RSS from `process.resourceUsage().maxRSS` printed by the child. " +
        "Ours includes compile (SQL), template rendering, DOCX packing and archiving the file in `issued_reports`.",
    ].join("\n");
    return { title: "DOCX report (docx 9.15.2)", markdown };
  } finally {
    if (db) closeDb(db);
    tmp.cleanup();
  }
}

if (isMain(import.meta.url)) await runAlone(benchDocx);
