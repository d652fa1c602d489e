// The old shared căn cứ list (one for every report, before căn cứ belonged to a kind) is not lost:
// at start-up it moves to the kind of the latest issued report, or to the monthly report.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { closeDb, openDb, type Db } from "../../src/db/client.js";
import { getExtraBasis, moveSharedBasis } from "../../src/store/report-settings.js";
import { tempDir } from "../helpers/temp.js";
import { cli } from "../helpers/cli.js";

const NOW = new Date("2025-03-03T03:00:00Z");
const OLD = ["Căn cứ Kế hoạch số 564/KH-UBND ngày 24/02/2025 của UBND thị xã Tịnh Biên;", "Căn cứ Công văn số 7/UBND;"];

function withDb(run: (db: Db) => void): void {
  const db = openDb(join(tempDir("bienbot-settings-"), "bot.sqlite"));
  try { run(db); } finally { closeDb(db); }
}
const put = (db: Db, key: string, value: unknown) => db.$client.prepare(
  "insert into settings (key, value_json, updated_at) values (?, ?, 0)").run(key, JSON.stringify(value));
const issued = (db: Db, period: string) => db.$client.prepare(
  "insert into issued_reports (period, file_name, file_hash, bytes, entry_count, created_at) values (?, 'r.docx', 'x', x'00', 0, 0)").run(period);
const keys = (db: Db) => (db.$client.prepare("select key from settings where key like 'report.can_cu%' order by key").all() as { key: string }[]).map((r) => r.key);

describe("the old shared căn cứ list", () => {
  it("goes to the kind of the latest issued report (the ten-year round), once", () => withDb((db) => {
    put(db, "report.can_cu", OLD);
    issued(db, "2025-01");
    issued(db, "2015-01-01..2025-02-26");
    moveSharedBasis(db, 0, NOW);
    expect(getExtraBasis(db, "multiYear")).toEqual(OLD);
    expect(getExtraBasis(db, "month")).toEqual([]);
    expect(keys(db)).toEqual(["report.can_cu.multiYear"]);
    moveSharedBasis(db, 0, NOW); // idempotent
    expect(getExtraBasis(db, "multiYear")).toEqual(OLD);
  }));

  it("goes to the monthly report when nothing was issued, not repeating a line the kind has", () => withDb((db) => {
    put(db, "report.can_cu", OLD);
    put(db, "report.can_cu.month", [OLD[1]]);
    moveSharedBasis(db, 0, NOW);
    expect(getExtraBasis(db, "month")).toEqual([OLD[1], OLD[0]]);
    expect(keys(db)).toEqual(["report.can_cu.month"]);
  }));

  it("an empty or unreadable old list is only deleted", () => withDb((db) => {
    db.$client.prepare("insert into settings (key, value_json, updated_at) values ('report.can_cu', 'not json', 0)").run();
    moveSharedBasis(db, 0, NOW);
    expect(keys(db)).toEqual([]);
  }));

  it("moves when the store opens (the CLI as the bot)", async () => {
    const dir = tempDir("bienbot-settings-");
    const env = { DATABASE_PATH: join(dir, "bot.sqlite") };
    await cli(["units"], env);
    const db = openDb(env.DATABASE_PATH);
    put(db, "report.can_cu", OLD);
    closeDb(db);
    await cli(["units"], env);
    withOpen(env.DATABASE_PATH, (d) => {
      expect(keys(d)).toEqual(["report.can_cu.month"]);
      expect(getExtraBasis(d, "month")).toEqual(OLD);
    });
  });
});

function withOpen(path: string, run: (db: Db) => void): void {
  const db = openDb(path);
  try { run(db); } finally { closeDb(db); }
}
