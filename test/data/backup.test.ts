// Backups restore to the same report: `npm run cli -- backup <file>` runs while several people file
// forms through the Telegram stand-in; the backup, copied into a fresh folder (that is the whole of a
// restore: copy the file while the bot is stopped), gives the same report of a period in every
// figure as the live database had at the moment of the backup, and an archived report's bytes.
//
// Expectations come from two independent databases (the restored copy and the live one cut back to
// the entries the backup holds), plus figures worked by hand from what the test typed.
import { createHash } from "node:crypto";
import { copyFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { closeDb, openDb, type Db } from "../../src/db/client.js";
import { periodFromKey } from "../../src/domain/periods.js";
import { compileReport } from "../../src/report/compile.js";
import { insertTenYears } from "../helpers/bulk-entries.js";
import { cli } from "../helpers/cli.js";
import { buttonData, startHarness, type Harness } from "../helpers/harness.js";
import { tempDir } from "../helpers/temp.js";

let h: Harness | undefined;
const opened: Db[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) closeDb(db);
  await h?.stop();
  h = undefined;
});

const KHOM = 1001; // báo cáo, khóm Đông Hưng
const POST = 2002; // báo cáo, đồn biên phòng
const ANTT = 3003; // báo cáo, tổ ANTT Đông Hưng
const CHAIRMAN = 4004; // lãnh đạo phường

/** Types a whole quick-entry line and presses Lưu; throws unless the bot says it saved. */
async function file(user: number, line: string): Promise<void> {
  const summary = (await h!.say(user, line)).at(-1);
  const saved = await h!.press(user, buttonData(summary, "Lưu"));
  if (!saved.some((m) => m.text.includes("✅ Đã lưu"))) throw new Error(`not saved: ${line} → ${JSON.stringify(saved.map((m) => m.text))}`);
}

/** A database file copied into a fresh folder and opened: a restore. */
function restore(backupFile: string): { db: Db; path: string } {
  const path = join(tempDir("bienbot-restored-"), "bot.sqlite");
  copyFileSync(backupFile, path);
  const db = openDb(path);
  opened.push(db);
  return { db, path };
}

type Row = { id: number; unit: string; form: string; date: string; values: string };
/** Every entry with its values, read straight from the tables. */
function entryRows(db: Db): Row[] {
  return db.$client.prepare(`select e.id, e.unit_code unit, e.form_id form, e.activity_date date,
      (select group_concat(metric || '=' || value, ';') from (select metric, value from entry_values where entry_id = e.id order by metric)) "values"
    from entries e where e.status = 'active' order by e.id`).all() as Row[];
}

const FEBRUARY = periodFromKey("2025-02", 0)!;
const compileFeb = (db: Db) => compileReport(db, FEBRUARY, { profile: h!.bot.profile, cutoffDay: 0, issuedOn: "2025-02-20" });
const unitValue = (db: Db, unit: string, metric: string) => compileFeb(db).byUnit.find((u) => u.code === unit)!.values[metric];

describe("cli backup during live filing", () => {
  it("restores into a fresh folder to the same report in every figure, and an archived report byte for byte", async () => {
    const dir = tempDir("bienbot-backup-");
    h = await startHarness({ dir });
    // Ten years of history make the file big enough that the online backup takes many steps.
    insertTenYears(h.bot.db, { units: 8, entriesPerUnitForm: 120 });
    const env = { DATABASE_PATH: join(dir, "bot.sqlite") };
    await h.register(KHOM, "bao_cao", "dong-hung", "Lan");
    await h.register(POST, "bao_cao", "don-bp-nhon-hung", "Hùng");
    await h.register(ANTT, "bao_cao", "to-antt-dong-hung", "Tâm");
    await h.register(CHAIRMAN, "lanh_dao", "nhon-hung", "Vũ");

    // Before any backup: one form each, with figures worked by hand below.
    await file(KHOM, "tuyen truyen 3 buoi 150 nguoi 2 gio loa 40 to 1 tin 12 ho");
    await file(POST, "tuan tra doc lap 12 to 84 nguoi");
    await file(ANTT, "tuan tra antt 8 to 40 nguoi");

    // Three people keep filing while the backup runs. Khóm filing i has so_buoi = 10 + i and
    // luot_nguoi = 1000 + i, so each one the backup holds can be recognised and summed by hand.
    const N = 6;
    const backup1 = join(tempDir("bienbot-bak-"), "bot.sqlite.bak");
    let filingsDoneWhenBackupEnded = -1;
    let done = 0;
    const filing = (async () => {
      await Promise.all([
        (async () => { for (let i = 1; i <= N; i++) { await file(KHOM, `tuyen truyen ${10 + i} buoi ${1000 + i} nguoi 1 gio loa 5 to 1 tin 2 ho`); done++; } })(),
        (async () => { for (let i = 1; i <= N; i++) { await file(POST, `tuan tra doc lap ${i} to ${10 * i} nguoi`); done++; } })(),
        (async () => { for (let i = 1; i <= N; i++) { await file(ANTT, `tuan tra antt ${i} to ${5 * i} nguoi`); done++; } })(),
      ]);
    })();
    await h.standin.waitFor(() => done >= 3, 20_000); // some filings saved, the rest still to come
    const doneWhenBackupStarted = done;
    expect(doneWhenBackupStarted).toBeLessThan(3 * N); // filing goes on while the backup runs
    const backed = await cli(["backup", backup1], env);
    filingsDoneWhenBackupEnded = done;
    await filing;
    expect(backed.code).toBe(0);
    expect(backed.text).toContain(`Đã sao lưu vào ${backup1}`);

    const restored = restore(backup1);
    const live = entryRows(h.bot.db);
    const inBackup = entryRows(restored.db);
    // The backup is one consistent moment: a prefix of the live entries, each with the same values.
    expect(inBackup).toEqual(live.slice(0, inBackup.length));
    const liveFeb = live.filter((r) => r.date.startsWith("2025-02"));
    expect(liveFeb).toHaveLength(3 + 3 * N);
    const backupFeb = inBackup.filter((r) => r.date.startsWith("2025-02"));
    // It holds every filing confirmed before it started and none that began after it ended.
    expect(backupFeb.length).toBeGreaterThanOrEqual(3 + doneWhenBackupStarted);
    expect(backupFeb.length).toBeLessThanOrEqual(3 + filingsDoneWhenBackupEnded + 3); // at most one save in flight per person

    // The live database as it was at the moment of the backup: a copy with the later entries cut.
    const cutPath = join(tempDir("bienbot-cut-"), "bot.sqlite");
    await h.bot.db.$client.backup(cutPath);
    const cut = new Database(cutPath);
    const lastId = inBackup.at(-1)!.id;
    cut.pragma("foreign_keys = off");
    for (const t of ["entry_values", "entry_revisions"]) cut.prepare(`delete from ${t} where entry_id > ?`).run(lastId);
    cut.prepare("delete from entries where id > ?").run(lastId);
    cut.close();
    const liveThen = openDb(cutPath);
    opened.push(liveThen);
    expect(entryRows(liveThen)).toEqual(inBackup);

    // Same report of the month, the year-ago and previous-month figures and every unit and month row.
    const fromBackup = compileFeb(restored.db);
    expect(fromBackup).toEqual(compileFeb(liveThen));
    expect(fromBackup.yearAgo).not.toBeNull(); // the ten years of history are in the comparison too
    // And of another period: the whole ten years.
    const decade = periodFromKey("2015-01-01..2025-02-28", 0)!;
    const opts = { profile: h.bot.profile, cutoffDay: 0, issuedOn: "2025-02-20" };
    expect(compileReport(restored.db, decade, opts)).toEqual(compileReport(liveThen, decade, opts));

    // By hand: Đông Hưng's sessions are 3 before the backup plus 10 + i for each later filing it holds.
    const khomLater = backupFeb.filter((r) => r.unit === "dong-hung" && r.form === "tuyen_truyen")
      .map((r) => Number(/tuyen_truyen\.luot_nguoi=(\d+)/.exec(r.values)![1]) - 1000).filter((i) => i >= 1);
    expect(unitValue(restored.db, "dong-hung", "tuyen_truyen.so_buoi")).toBe(3 + khomLater.reduce((s, i) => s + 10 + i, 0));
    expect(unitValue(restored.db, "dong-hung", "tuyen_truyen.luot_nguoi")).toBe(150 + khomLater.reduce((s, i) => s + 1000 + i, 0));
    // Live, after all filings: 3 + (11 + … + 16) = 84 sessions, 150 + (1001 + … + 1006) = 150 + 6021 = 6171 people.
    expect(unitValue(h.bot.db, "dong-hung", "tuyen_truyen.so_buoi")).toBe(84);
    expect(unitValue(h.bot.db, "dong-hung", "tuyen_truyen.luot_nguoi")).toBe(6171);

    // The leader issues the month's report (archived in issued_reports); a second backup runs while
    // filing goes on, and the restored archive is the same file, byte for byte.
    const asked = await h.say(CHAIRMAN, "/baocao tháng 2/2025");
    expect(asked.map((m) => m.text).join("\n")).toContain("Đang tổng hợp báo cáo tháng 02/2025");
    await h.standin.waitFor(() => h!.standin.documents.length === 1, 20_000);
    const archived = h.bot.db.$client.prepare("select id, period, file_name, file_hash, bytes, entry_count from issued_reports").all() as
      Array<{ id: number; period: string; file_name: string; file_hash: string; bytes: Buffer; entry_count: number }>;
    expect(archived).toHaveLength(1);
    expect(archived[0]!.entry_count).toBe(3 + 3 * N);
    expect(createHash("sha256").update(archived[0]!.bytes).digest("hex")).toBe(archived[0]!.file_hash);
    expect(Buffer.compare(archived[0]!.bytes, h.standin.documents[0]!.bytes)).toBe(0);

    const backup2 = join(tempDir("bienbot-bak-"), "bot.sqlite.bak");
    const more = (async () => { for (let i = 1; i <= 3; i++) await file(KHOM, `tuyen truyen ${20 + i} buoi ${2000 + i} nguoi 1 gio loa 5 to 1 tin 2 ho`); })();
    await new Promise((r) => setTimeout(r, 30));
    expect((await cli(["backup", backup2], env)).code).toBe(0);
    await more;
    const restored2 = restore(backup2);
    const archived2 = restored2.db.$client.prepare("select id, period, file_name, file_hash, bytes, entry_count from issued_reports").all();
    expect(archived2).toEqual(archived);
    // The CLI's "--archived" on the restored folder writes that same file.
    const again = join(tempDir("bienbot-again-"), "again.docx");
    expect((await cli(["report", "--ky", "2025-02", "--archived", "--out", again], { DATABASE_PATH: restored2.path })).code).toBe(0);
    expect(readFileSync(again).equals(archived[0]!.bytes)).toBe(true);
  });
});
