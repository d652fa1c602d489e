// `cli report --so N` says, as /baocao does, when N was already given to a report of another period
// issued the same year (the chat's and the page's report jobs keep their numbers); the report is
// still written. Real SQLite in a temp folder, the model report's figures imported.
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { cli } from "../helpers/cli.js";
import { tempDir } from "../helpers/temp.js";

const NOW = "2025-03-03T03:00:00Z";

describe("cli report with a number already given", () => {
  it("warns for another period of the same year, writes the report; says nothing for another number", async () => {
    const dir = tempDir("bienbot-number-");
    const env = { DATABASE_PATH: join(dir, "bot.sqlite") };
    await cli(["import", "test/fixtures/import/model-report.csv"], env, NOW);
    // January's report asked in the chat as số 12 on 03/03/2025 (Vietnam), built.
    const db = new Database(env.DATABASE_PATH);
    db.prepare(`insert into jobs (kind, channel, chat_id, user_id, event_id, effect_index, effect_json, status, attempts, created_at)
      values ('report', 'telegram', '3001', null, 'e1', 0, ?, 'done', 1, ?)`)
      .run(JSON.stringify({ type: "report", periodKey: "2025-01", requestedBy: 1, number: "12" }), Date.parse(NOW));
    db.close();
    const reused = await cli(["report", "--ky", "2025-02", "--so", "12", "--out", join(dir, "a.docx")], env, NOW);
    expect(reused.code).toBe(0);
    expect(reused.lines).toContain("⚠️ Số 12 năm 2025 đã dùng cho báo cáo tháng 01/2025 (ngày 03/03/2025). Bản này vẫn được lập với số 12; nếu nhầm số, chạy lại với --so <số khác>.");
    expect(reused.text).toContain("Đã ghi");
    const other = await cli(["report", "--ky", "2025-02", "--so", "13", "--out", join(dir, "b.docx")], env, NOW);
    expect(other.text).not.toContain("⚠️ Số");
    expect(other.text).toContain("Đã ghi");
  }, 60_000);
});
