// Migration 0007 (constraints, whole-number figures) on a copy of a database made by the code
// before it (test/fixtures/db-0006: chat entries, a correction, a withdrawal, a return,
// "không phát sinh", the model report imported, a lock, an issued report, outbox rows).
// The "before" side is read with plain SQL from the untouched fixture; expected changes are
// worked out by hand.
import { createHash } from "node:crypto";
import { copyFileSync } from "node:fs";
import { join, resolve } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, openDb, type Db } from "../../src/db/client.js";
import { tempDir } from "../helpers/temp.js";

const FIXTURE = resolve(import.meta.dirname, "../fixtures/db-0006/db-0006.sqlite");
const TABLES = ["units", "users", "identities", "invites", "entries", "entry_values", "entry_revisions", "entry_photos", "nil_reports",
  "period_locks", "period_unlocks", "conversations", "processed_events", "outbox", "inbound_events", "link_codes", "shared_files",
  "reminder_log", "job_runs", "issued_reports", "settings"];

type Row = Record<string, unknown>;
let before: { counts: Record<string, number>; values: Row[]; entries: Row[]; revisions: Row[]; reportHash: string; users: Row[]; outbox: Row[] };
let db: Db;

const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

function snapshot(c: Database.Database) {
  return {
    counts: Object.fromEntries(TABLES.map((t) => [t, (c.prepare(`select count(*) n from ${t}`).get() as { n: number }).n])),
    values: c.prepare("select entry_id, metric, value from entry_values order by entry_id, metric").all() as Row[],
    entries: c.prepare("select * from entries order by id").all() as Row[],
    revisions: c.prepare("select * from entry_revisions order by id").all() as Row[],
    reportHash: sha((c.prepare("select bytes from issued_reports").get() as { bytes: Buffer }).bytes),
    users: c.prepare("select * from users order by id").all() as Row[],
    outbox: c.prepare("select * from outbox order by id").all() as Row[],
  };
}

beforeAll(() => {
  const old = new Database(FIXTURE, { readonly: true, fileMustExist: true });
  before = snapshot(old);
  old.close();
  const path = join(tempDir("bienbot-mig-"), "bot.sqlite");
  copyFileSync(FIXTURE, path);
  db = openDb(path);
});
afterAll(() => closeDb(db));

const run = (sql: string, ...params: unknown[]) => () => db.$client.prepare(sql).run(...params);

describe("migration 0007 on a database made before it", () => {
  it("the fixture is what the test expects: made by the schema up to 0006, with an hours figure of 2,25", () => {
    const fixture = new Database(FIXTURE, { readonly: true });
    expect((fixture.prepare("select count(*) n from __drizzle_migrations").get() as { n: number }).n).toBe(7);
    expect(fixture.prepare("select value from entry_values where entry_id = 1 and metric = 'tuyen_truyen.gio_loa'").get()).toEqual({ value: 2.25 });
    fixture.close();
    expect(before.counts.entries).toBe(203);
    expect(before.counts.issued_reports).toBe(1);
  });

  it("keeps every row of every table; only the one migrate revision is added", () => {
    const after = snapshot(db.$client);
    expect(after.counts).toEqual({ ...before.counts, entry_revisions: before.counts.entry_revisions! + 1 });
    expect(after.users).toEqual(before.users);
    // 0011 adds the kind column (checked in migration-0011.test.ts); every other value is kept.
    expect(after.outbox.map(({ kind: _kind, ...rest }) => rest)).toEqual(before.outbox);
    expect(after.reportHash).toBe(before.reportHash);
    expect(after.revisions.slice(0, before.revisions.length)).toEqual(before.revisions);
  });

  it("keeps every figure; 2,25 giờ, finer than a tenth, becomes 2,3 and the change is a revision with both", () => {
    const after = snapshot(db.$client).values;
    const key = (r: Row) => `${String(r.entry_id)}/${String(r.metric)}`;
    const old = new Map(before.values.map((r) => [key(r), r.value]));
    const changed = after.filter((r) => old.get(key(r)) !== r.value);
    expect(changed).toEqual([{ entry_id: 1, metric: "tuyen_truyen.gio_loa", value: 2.3 }]);
    expect(after.map(key)).toEqual(before.values.map(key));

    const rev = db.$client.prepare("select * from entry_revisions where action = 'migrate'").get() as Row;
    expect(rev).toMatchObject({ entry_id: 1, revision: 1, changed_by: null, activity_date: "2025-02-20", new_activity_date: "2025-02-20" });
    expect(JSON.parse(String(rev.values_json))).toMatchObject({ "tuyen_truyen.gio_loa": 2.25, "tuyen_truyen.so_buoi": 4, "tuyen_truyen.luot_nguoi": 80 });
    expect(JSON.parse(String(rev.new_values_json))).toMatchObject({ "tuyen_truyen.gio_loa": 2.3, "tuyen_truyen.so_buoi": 4, "tuyen_truyen.luot_nguoi": 80 });
    expect(String(rev.reason)).toContain("0,1");

    // Later migrations' new columns (0016's channel) are empty on these old rows; the rest is as it was.
    const entries = snapshot(db.$client).entries.map(({ channel, ...e }) => { expect(channel).toBeNull(); return e; });
    expect(entries.find((e) => e.id === 1)).toEqual({ ...before.entries.find((e) => e.id === 1), revision: 2 });
    expect(entries.filter((e) => e.id !== 1)).toEqual(before.entries.filter((e) => e.id !== 1));
  });

  it("stores figures as whole numbers: counts and đồng as they are, hours in tenths", () => {
    const c = db.$client;
    expect(c.prepare("select count(*) n from entry_values where typeof(amount) <> 'integer'").get()).toEqual({ n: 0 });
    // 0,5 giờ (entry 4, withdrawn) is 5 tenths; 80 lượt người (entry 1) is 80.
    expect(c.prepare("select amount, scale, value from entry_values where entry_id = 4 and metric = 'tuyen_truyen.gio_loa'").get())
      .toEqual({ amount: 5, scale: 10, value: 0.5 });
    expect(c.prepare("select amount, scale from entry_values where entry_id = 1 and metric = 'tuyen_truyen.luot_nguoi'").get())
      .toEqual({ amount: 80, scale: 1 });
    expect(c.prepare("select count(*) n from entry_values where scale = 10 and metric <> 'tuyen_truyen.gio_loa'").get()).toEqual({ n: 0 });
  });

  it("leaves no broken reference and turns foreign keys back on", () => {
    expect(db.$client.pragma("foreign_key_check")).toEqual([]);
    expect(db.$client.pragma("integrity_check", { simple: true })).toBe("ok");
    expect(db.$client.pragma("foreign_keys", { simple: true })).toBe(1);
    expect((db.$client.prepare("select count(*) n from __drizzle_migrations").get() as { n: number }).n).toBe(18); // 0000–0009, 0011–0018
  });

  it("holds the catalogue: the forms and metric keys of the design, hours in tenths", () => {
    // Ten forms (docs/design.md's catalogue); hours are the only figure kept in tenths.
    expect((db.$client.prepare("select count(*) n from forms").get() as { n: number }).n).toBe(10);
    expect(db.$client.prepare("select key from metrics where scale = 10").all()).toEqual([{ key: "tuyen_truyen.gio_loa" }]);
    expect(db.$client.prepare("select form_id, scale from metrics where key = 'doi_ngoai.gia_tri_qua'").get()).toEqual({ form_id: "doi_ngoai", scale: 1 });
  });
});

describe("the database refuses impossible rows", () => {
  const entry = (over: Partial<Record<string, unknown>> = {}) => {
    const e = { unit: "dong-hung", form: "tuyen_truyen", date: "2025-02-10", start: "2025-02-10", end: "2025-02-10", counted: "2025-02-10",
      source: "chat", status: "active", ...over };
    return run(`insert into entries (unit_code, form_id, activity_date, period, span_start, span_end, counted_on, source, status)
      values (?, ?, ?, '2025-02', ?, ?, ?, ?, ?)`, e.unit, e.form, e.date, e.start, e.end, e.counted, e.source, e.status);
  };

  it("a well-formed entry is still accepted (the checks are not simply refusing everything)", () => {
    expect(entry()).not.toThrow();
  });

  it.each([
    ["an unknown source", { source: "email" }],
    ["an unknown status", { status: "gone" }],
    ["a span that ends before it starts", { start: "2025-02-12", end: "2025-02-10", counted: "2025-02-11" }],
    ["a counting day outside the span", { counted: "2025-03-01" }],
  ])("entries: %s", (_what, over) => {
    expect(entry(over)).toThrow(/CHECK constraint failed/);
  });

  it("entries: a date that is not an ISO day (refused by 0013's calendar rule before 0007's CHECK)", () => {
    expect(entry({ date: "10/02/2025" })).toThrow(/not a calendar day/);
  });

  it("entries and 'không phát sinh' of a form the catalogue does not have are refused", () => {
    expect(entry({ form: "bau_cu" })).toThrow(/FOREIGN KEY constraint failed/);
    expect(run("insert into nil_reports (unit_code, form_id, period) values ('dong-hung', 'bau_cu', '2025-02')")).toThrow(/FOREIGN KEY constraint failed/);
  });

  it("entry values: negative, fractional, or hours not in tenths are refused", () => {
    // A border post's new mốc entry without figures (since 0013 a figure must be of its entry's form).
    const moc = Number(db.$client.prepare(`insert into entries (unit_code, form_id, activity_date, period, span_start, span_end, counted_on, source)
      values ('don-bp-nhon-hung', 'moc_quoc_gioi', '2025-02-10', '2025-02', '2025-02-10', '2025-02-10', '2025-02-10', 'chat')`).run().lastInsertRowid);
    expect(run("insert into entry_values (entry_id, metric, amount) values (?, 'moc.moc_chinh', -1)", moc)).toThrow(/CHECK/);
    expect(run("insert into entry_values (entry_id, metric, amount) values (?, 'moc.moc_phu', 2.5)", moc)).toThrow(/CHECK/);
    // A count stored as if in tenths, and a metric the catalogue does not know.
    expect(run("insert into entry_values (entry_id, metric, amount, scale) values (?, 'moc.coc_dau', 25, 10)", moc)).toThrow(/FOREIGN KEY constraint failed/);
    expect(run("insert into entry_values (entry_id, metric, amount) values (?, 'moc.moc_gia', 1)", moc)).toThrow(/FOREIGN KEY constraint failed/);
    const other = (db.$client.prepare(`select id from entries e where form_id = 'tuyen_truyen'
      and not exists (select 1 from entry_values v where v.entry_id = e.id and v.metric = 'tuyen_truyen.gio_loa') limit 1`).get() as { id: number }).id;
    expect(run("insert into entry_values (entry_id, metric, amount, scale) values (?, 'tuyen_truyen.gio_loa', 25, 1)", other)).toThrow(/FOREIGN KEY constraint failed/);
    expect(run("insert into entry_values (entry_id, metric, amount, scale) values (?, 'tuyen_truyen.gio_loa', 25, 10)", other)).not.toThrow();
    expect(run("insert into entry_values (entry_id, metric, amount) values (?, 'moc.moc_chinh', 3)", moc)).not.toThrow();
    expect(run("insert into entry_values (entry_id, metric, value) values (?, 'moc.diem_dac_trung', 1)", moc)).toThrow(/generated column/);
  });

  // Unit kinds are the ward catalogue's since migration 0009 (test/data/migration-0009.test.ts).
  it("roles, outbox statuses and revision actions are only those the code knows", () => {
    expect(run("insert into users (name, role, unit_code) values ('X', 'superuser', 'dong-hung')")).toThrow(/CHECK/);
    expect(run("insert into invites (code_hash, role, unit_code, expires_at) values ('h', 'root', 'dong-hung', 0)")).toThrow(/CHECK/);
    expect(run("insert into outbox (channel, chat_id, payload_json, kind, status, next_attempt_at) values ('telegram', '1', '{}', 'reply', 'lost', 0)")).toThrow(/CHECK/);
    expect(run("insert into outbox (channel, chat_id, payload_json, kind, attempts, next_attempt_at) values ('telegram', '1', '{}', 'reply', -1, 0)")).toThrow(/CHECK/);
    expect(run("insert into entry_revisions (entry_id, revision, values_json, activity_date, action) values (1, 9, '{}', '2025-02-20', 'undo')")).toThrow(/CHECK/);
    expect(run("update users set active = 2 where id = 1")).toThrow(/CHECK/);
  });

  it("one revision number per entry, and a unit's parent must exist", () => {
    expect(run("insert into entry_revisions (entry_id, revision, values_json, activity_date, action) values (2, 1, '{}', '2025-02-20', 'edit')"))
      .toThrow(/UNIQUE constraint failed: entry_revisions.entry_id, entry_revisions.revision/);
    expect(run("insert into units (code, name, short_name, kind, parent_code) values ('x', 'X', 'X', 'khom', 'no-such-ward')"))
      .toThrow(/FOREIGN KEY constraint failed/);
    expect(run("insert into units (code, name, short_name, kind, parent_code) values ('y', 'Y', 'Y', 'khom', 'nhon-hung')")).not.toThrow();
  });
});
