// One full report in a fresh process, then exit: `node --import tsx bench/docx-once.ts [floor]`.
// Ours: fresh DB, import of the model fixture, issueReport (compile + template + DOCX) for ten years.
// "floor": the floors' 30-page document (bench/docx-floor.ts) instead.
// Prints one JSON line: { buildMs, bytes, maxRSS } (maxRSS in KiB, from process.resourceUsage()).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, tempDir } from "./lib.js";

const which = process.argv[2] ?? "ours";
let buildMs: number;
let bytes: number;
if (which === "floor") {
  const { buildFloorDocx } = await import("./docx-floor.js");
  const t0 = performance.now();
  bytes = (await buildFloorDocx()).length;
  buildMs = performance.now() - t0;
} else {
  const { openDb, closeDb } = await import("../src/db/client.js");
  const { loadProfile } = await import("../src/app/profile-file.js");
  const { loadReportTemplates } = await import("../src/app/start.js");
  const { syncProfile } = await import("../src/store/profile-sync.js");
  const { importCsv } = await import("../src/data/import.js");
  const { issueReport } = await import("../src/app/reports.js");
  const tmp = tempDir("bench-docx-once-");
  try {
    const db = openDb(join(tmp.dir, "bot.sqlite"));
    const profile = loadProfile(join(ROOT, "templates/ward-profile.yaml"));
    syncProfile(db, profile, new Date());
    const r = importCsv(db, readFileSync(join(ROOT, "test/fixtures/import/model-report.csv"), "utf8"), { cutoffDay: 0, now: new Date() });
    if (!r.ok) throw new Error(`import failed: ${JSON.stringify(r.errors)}`);
    const templates = await loadReportTemplates({ REPORT_TEMPLATE_DIR: join(ROOT, "templates") });
    const t0 = performance.now();
    const report = await issueReport({ db, profile, templates, cutoffDay: 0, clock: () => new Date("2025-02-26T02:00:00Z") },
      { periodKey: "2015-01-01..2025-02-26", requestedBy: null, channel: null });
    buildMs = performance.now() - t0;
    bytes = report.bytes.length;
    closeDb(db);
  } finally {
    tmp.cleanup();
  }
}
console.log(JSON.stringify({ which, buildMs, bytes, maxRSS: process.resourceUsage().maxRSS }));
