// The worker pool itself: a build in a worker thread gives the same document as in-process, and a
// worker that cannot start fails the build with a reason instead of hanging.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { WorkerReportBuilder, InlineReportBuilder } from "../../src/app/report-builder.js";
import { closeDb, openDb, type Db } from "../../src/db/client.js";
import { loadProfile } from "../../src/app/profile-file.js";
import { loadReportTemplates } from "../../src/app/start.js";
import { syncProfile } from "../../src/store/profile-sync.js";
import { silentLog } from "../helpers/harness.js";
import { addEntry } from "../helpers/entries.js";
import { tempDir } from "../helpers/temp.js";

const dir = tempDir("bienbot-builder-");
let db: Db | undefined;
afterEach(() => { if (db) closeDb(db); rmSync(dir, { recursive: true, force: true }); });

describe("WorkerReportBuilder", () => {
  it("builds in a worker what the bot's thread would build (report and CSV), and reports a worker that cannot open the database", async () => {
    const path = join(dir, "bot.sqlite");
    db = openDb(path);
    const profile = loadProfile("templates/ward-profile.yaml");
    syncProfile(db, profile, new Date());
    addEntry(db, { unit: "dong-hung", form: "tuyen_truyen", date: "2025-02-05", values: { "tuyen_truyen.so_buoi": 7 } });
    const settings = { profile, templates: await loadReportTemplates({ REPORT_TEMPLATE_PATH: undefined, REPORT_TEMPLATE_DIR: undefined }), cutoffDay: 0 };
    const req = { periodKey: "2025-02", requestedBy: null, channel: "test" };
    const now = new Date("2025-03-02T03:00:00Z");

    const pool = new WorkerReportBuilder({ databasePath: path, size: 1, log: silentLog });
    try {
      const [inWorker, again] = [await pool.build(settings, req, now), await pool.build(settings, req, now)];
      const inline = await new InlineReportBuilder(db).build(settings, req, now);
      expect(Buffer.isBuffer(inWorker.bytes)).toBe(true);
      expect(inWorker.caption).toBe(inline.caption);
      expect(inWorker.data.totals).toEqual(inline.data.totals);
      expect(again.fileName).toBe("bao-cao-2025-02.docx");
      const period = { start: "2025-02-01", end: "2025-02-28", key: "2025-02" };
      expect(await pool.exportCsv(period)).toBe(await new InlineReportBuilder(db).exportCsv(period));
    } finally {
      await pool.stop();
    }

    const broken = new WorkerReportBuilder({ databasePath: join(dir, "missing.sqlite"), size: 1, log: silentLog });
    try {
      await expect(broken.build(settings, req, now)).rejects.toThrow();
    } finally {
      await broken.stop();
    }
  });
});
