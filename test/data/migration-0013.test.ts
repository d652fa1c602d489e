// Migration 0013 on a copy of a database made by the code before it (test/fixtures/db-0006, made
// up to 0006: chat entries, a correction, a withdrawal, "không phát sinh", the model report
// imported, a lock): every row the code wrote meets the new rules, and a row written before them
// that does not is kept, not lost, while a new one like it is refused.
import { copyFileSync } from "node:fs";
import { join, resolve } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, openDb, type Db } from "../../src/db/client.js";
import { tempDir } from "../helpers/temp.js";

const FIXTURE = resolve(import.meta.dirname, "../fixtures/db-0006/db-0006.sqlite");
let db: Db;
let junkId: number;

beforeAll(() => {
  const path = join(tempDir("bienbot-mig13-"), "bot.sqlite");
  copyFileSync(FIXTURE, path);
  const old = new Database(path);
  // What the tester found the database accepting, written before 0013.
  junkId = Number(old.prepare(`insert into entries (unit_code, form_id, activity_date, period, span_start, span_end, counted_on, source)
    values ('dong-hung', 'tuyen_truyen', '2026-02-31', '2026-19', '2026-02-31', '2026-02-31', '2026-02-31', 'chat')`).run().lastInsertRowid);
  old.close();
  db = openDb(path);
});
afterAll(() => closeDb(db));

const count = (sql: string) => (db.$client.prepare(sql).get() as { n: number }).n;

describe("migration 0013 on a database made before it", () => {
  it("is applied once, after 0012, and leaves every reference whole", () => {
    expect(count("select count(*) n from __drizzle_migrations")).toBe(18); // 0000–0009, 0011–0018
    expect(count("select count(*) n from sqlite_master where type = 'trigger' and name like '%_refuse_%'")).toBe(10);
    expect(db.$client.pragma("foreign_key_check")).toEqual([]);
  });

  it("every entry, figure, 'không phát sinh' and lock the code wrote passes the new rules", () => {
    // Writing each column back onto itself fires the update triggers on every row.
    const c = db.$client;
    expect(count(`select count(*) n from entries where id <> ${junkId}`)).toBe(203);
    expect(() => c.prepare(`update entries set activity_date = activity_date, span_start = span_start, span_end = span_end,
      counted_on = counted_on, period = period, unit_code = unit_code, form_id = form_id where id <> ?`).run(junkId)).not.toThrow();
    expect(() => c.prepare("update entry_values set amount = amount, metric = metric").run()).not.toThrow();
    expect(count("select count(*) n from nil_reports")).toBeGreaterThan(0);
    expect(() => c.prepare("update nil_reports set period = period, unit_code = unit_code").run()).not.toThrow();
    expect(count("select count(*) n from period_locks")).toBeGreaterThan(0);
    expect(() => c.prepare("update period_locks set period = period").run()).not.toThrow();
  });

  it("keeps a row written before the rules, and refuses a new one like it", () => {
    expect(db.$client.prepare("select activity_date, period from entries where id = ?").get(junkId)).toEqual({ activity_date: "2026-02-31", period: "2026-19" });
    expect(() => db.$client.prepare("update entries set status = 'deleted' where id = ?").run(junkId)).not.toThrow();
    expect(() => db.$client.prepare("update entries set period = period where id = ?").run(junkId)).toThrow(/not a calendar day/);
  });

  it("the synced tables hold the catalogue's bounds and kinds (money to 10¹² đồng, hours in tenths)", () => {
    const max = (key: string) => (db.$client.prepare("select max_amount m from metrics where key = ?").get(key) as { m: number }).m;
    expect(max("tuyen_truyen.so_buoi")).toBe(1_000_000);
    expect(max("tuyen_truyen.gio_loa")).toBe(1_000_000); // 100.000 giờ
    expect(max("vi_pham.buon_lau_gia_tri")).toBe(1_000_000_000_000);
    expect(db.$client.prepare("select unit_kind from form_unit_kinds where form_id = 'dan_so'").all()).toEqual([{ unit_kind: "khom" }]);
    expect(count("select count(*) n from form_unit_kinds")).toBe(27);
  });
});
