// The database refuses the rows issue 17 saw it accept (migration 0013), written straight through
// the raw better-sqlite3 connection, past every check of the code: days that are not on the
// calendar, period keys that are no period, figures above their metric's bound, a figure of
// another form's metric, a form the unit's kind does not file. Each refusal sits beside the valid
// rows of the same shape, so a rule that refused everything would fail too.
import { describe, expect, it } from "vitest";
import { syncCatalogue } from "../../src/db/catalogue-sync.js";
import { catalogue } from "../../src/domain/catalogue.js";
import { periodFromKey } from "../../src/domain/periods.js";
import type { Db } from "../../src/db/client.js";
import { freshDb } from "./db.js";

// dong-hung is a khóm, don-bp-nhon-hung the border post (templates/ward-profile.yaml).
type Row = { unit: string; form: string; date: string; start: string; end: string; counted: string; period: string };
const OK: Row = { unit: "dong-hung", form: "tuyen_truyen", date: "2025-02-10", start: "2025-02-10", end: "2025-02-10", counted: "2025-02-10", period: "2025-02" };

function addEntry(db: Db, over: Partial<Row> = {}): number {
  const e = { ...OK, ...over };
  return Number(db.$client.prepare(`insert into entries (unit_code, form_id, activity_date, period, span_start, span_end, counted_on, source)
    values (?, ?, ?, ?, ?, ?, ?, 'import')`).run(e.unit, e.form, e.date, e.period, e.start, e.end, e.counted).lastInsertRowid);
}
const addValue = (db: Db, entryId: number, metric: string, amount: number | bigint, scale = 1) =>
  db.$client.prepare("insert into entry_values (entry_id, metric, amount, scale) values (?, ?, ?, ?)").run(entryId, metric, amount, scale);
const addNil = (db: Db, period: unknown, unit = "dong-hung", form = "tuyen_truyen") =>
  db.$client.prepare("insert into nil_reports (unit_code, form_id, period) values (?, ?, ?)").run(unit, form, period);
const addLock = (db: Db, period: unknown) => db.$client.prepare("insert into period_locks (period, automatic) values (?, 0)").run(period);
const addUnlock = (db: Db, period: unknown) => db.$client.prepare("insert into period_unlocks (period, unit_code) values (?, 'dong-hung')").run(period);

describe("days are calendar days", () => {
  // The ISO shape was checked since 0007 ('[0-1][0-9]-[0-3][0-9]'), which lets both through.
  it.each(["2026-02-31", "2026-19-39", "2025-02-29", "2100-02-29", "2025-04-31", "2025-00-10", "0000-01-01"])("%s is refused in every date column", (day) => {
    const db = freshDb();
    for (const col of ["date", "start", "end", "counted"] as const) {
      // The span stays consistent (start ≤ counted ≤ end), so only the day itself is wrong.
      const row = col === "date" ? { date: day } : { start: day, end: day, counted: day };
      expect(() => addEntry(db, row), `${col} ${day}`).toThrow(/not a calendar day/);
    }
  });

  it.each(["2024-02-29", "2025-02-28", "2025-12-31", "2000-02-29", "1900-01-01"])("%s is accepted", (day) => {
    const db = freshDb();
    expect(() => addEntry(db, { date: day, start: day, end: day, counted: day })).not.toThrow();
  });
});

// Every key form of src/domain/periods.ts (Period.key): month, quarter, half, nine months, year, range.
const VALID_KEYS = ["2025-02", "2025-01", "2025-12", "2025-Q1", "2025-Q4", "2025-H1", "2025-H2", "2025-9M", "2025", "1900", "2999",
  "2015-01-01..2025-02-26", "2025-02-10..2025-02-10", "2024-02-29..2024-03-01"];
const JUNK_KEYS = ["abc", "", "2025-13", "2025-00", "2025-2", "2025-002", "2025-Q0", "2025-Q5", "2025-q1", "2025-H0", "2025-H3", "2025-h1",
  "2025-9m", "2025-6M", "25", "1899", "3000", "2025-02 ", " 2025", "2025/02", "2025-02-10", "2025-02-31..2025-03-01",
  "2025-03-01..2025-02-01", "2025-02-10..", "..2025-02-10", "2025-02-10...2025-02-11", "2025-02-10..2025-02-1x", "2025-02;drop"];

describe("period keys are keys of a period", () => {
  it("the lists agree with the code that reads keys (periodFromKey)", () => {
    for (const k of VALID_KEYS) expect(periodFromKey(k, 0), k).not.toBeNull();
    for (const k of JUNK_KEYS) expect(periodFromKey(k, 0), k).toBeNull();
  });

  it.each(JUNK_KEYS)("junk key %j is refused in entries, nil_reports, period_locks and period_unlocks", (key) => {
    const db = freshDb();
    expect(() => addEntry(db, { period: key })).toThrow(/not a period key/);
    expect(() => addNil(db, key)).toThrow(/not a period key/);
    expect(() => addLock(db, key)).toThrow(/not a period key/);
    expect(() => addUnlock(db, key)).toThrow(/not a period key/);
  });

  it("a number is not a key, even one that reads as a year", () => {
    const db = freshDb();
    expect(() => addLock(db, 2025)).toThrow(/not a period key/);
    expect(() => addNil(db, 2025)).toThrow(/not a period key/);
  });

  it.each(VALID_KEYS)("key %s is accepted in each table", (key) => {
    const db = freshDb();
    expect(() => addEntry(db, { period: key })).not.toThrow();
    expect(() => addNil(db, key)).not.toThrow();
    expect(() => addLock(db, key)).not.toThrow();
    expect(() => addUnlock(db, key)).not.toThrow();
  });

  it("an update to a junk key is refused too", () => {
    const db = freshDb();
    const id = addEntry(db);
    addNil(db, "2025-02");
    addLock(db, "2025-02");
    expect(() => db.$client.prepare("update entries set period = '2025-19' where id = ?").run(id)).toThrow(/not a period key/);
    expect(() => db.$client.prepare("update nil_reports set period = 'x'").run()).toThrow(/not a period key/);
    expect(() => db.$client.prepare("update period_locks set period = '2025-Q9'").run()).toThrow(/not a period key/);
    expect(() => db.$client.prepare("update entries set activity_date = '2026-02-31' where id = ?").run(id)).toThrow(/not a calendar day/);
  });
});

describe("figures stay within their metric's bounds", () => {
  // Catalogue: counts up to 1.000.000, money up to 1.000.000.000.000 đồng, hours up to 100.000 (kept in tenths).
  it("an amount of 10¹⁸ is refused", () => {
    const db = freshDb();
    const id = addEntry(db);
    expect(() => addValue(db, id, "tuyen_truyen.so_buoi", 10n ** 18n)).toThrow(/above the metric's bound/);
  });

  it.each([
    ["a count", "tuyen_truyen", "tuyen_truyen.so_buoi", 1, 1_000_000],
    ["hours, in tenths", "tuyen_truyen", "tuyen_truyen.gio_loa", 10, 1_000_000],
    ["money, in đồng", "vi_pham", "vi_pham.buon_lau_gia_tri", 1, 1_000_000_000_000],
  ] as const)("%s: the bound itself is accepted, one more is refused", (_what, form, metric, scale, bound) => {
    const db = freshDb();
    const id = addEntry(db, { form });
    expect(() => addValue(db, id, metric, bound + 1, scale)).toThrow(/above the metric's bound/);
    expect(() => addValue(db, id, metric, bound, scale)).not.toThrow();
    expect(() => db.$client.prepare("update entry_values set amount = amount + 1 where entry_id = ?").run(id)).toThrow(/above the metric's bound/);
  });

  it("the bound is the catalogue's: a ward that raises a field's max may store up to it", () => {
    const db = freshDb();
    const id = addEntry(db);
    const c = catalogue();
    syncCatalogue(db.$client, { ...c, metrics: c.metrics.map((m) => (m.key === "tuyen_truyen.so_buoi" ? { ...m, max: 2_000_000 } : m)) });
    expect(() => addValue(db, id, "tuyen_truyen.so_buoi", 2_000_000)).not.toThrow();
    syncCatalogue(db.$client, c);
  });
});

describe("a figure belongs to its entry's form", () => {
  it("a metric of another form is refused; the form's own is accepted", () => {
    const db = freshDb();
    const id = addEntry(db);
    expect(() => addValue(db, id, "moc.moc_chinh", 1)).toThrow(/not of the entry's form/);
    expect(() => addValue(db, id, "tuyen_truyen.so_buoi", 3)).not.toThrow();
  });

  it("an entry's form cannot change under its figures", () => {
    const db = freshDb();
    const id = addEntry(db);
    addValue(db, id, "tuyen_truyen.so_buoi", 3);
    expect(() => db.$client.prepare("update entries set form_id = 'hau_phuong' where id = ?").run(id)).toThrow(/not of the entry's form/);
  });
});

describe("a form is filed only by the unit kinds that file it", () => {
  // dan_so: khóm only; tuan_tra: tổ ANTT, tổ phụ nữ, đồn biên phòng (templates/catalogue.yaml).
  it("refused for another kind, in entries and 'không phát sinh'", () => {
    const db = freshDb();
    expect(() => addEntry(db, { unit: "don-bp-nhon-hung", form: "dan_so" })).toThrow(/does not file this form/);
    expect(() => addEntry(db, { unit: "dong-hung", form: "tuan_tra" })).toThrow(/does not file this form/);
    expect(() => addNil(db, "2025-02", "don-bp-nhon-hung", "dan_so")).toThrow(/does not file this form/);
    const id = addEntry(db, { unit: "dong-hung", form: "dan_so" });
    expect(() => db.$client.prepare("update entries set unit_code = 'don-bp-nhon-hung' where id = ?").run(id)).toThrow(/does not file this form/);
  });

  it("accepted for the kinds that file it", () => {
    const db = freshDb();
    expect(() => addEntry(db, { unit: "dong-hung", form: "dan_so" })).not.toThrow();
    expect(() => addEntry(db, { unit: "don-bp-nhon-hung", form: "tuan_tra" })).not.toThrow();
    expect(() => addEntry(db, { unit: "to-phu-nu", form: "tuan_tra" })).not.toThrow();
    expect(() => addNil(db, "2025-02", "dong-hung", "dan_so")).not.toThrow();
  });

  it("which kinds file a form is the catalogue's, synced at every open", () => {
    const db = freshDb();
    const c = catalogue();
    syncCatalogue(db.$client, { ...c, forms: c.forms.map((f) => (f.id === "dan_so" ? { ...f, unitKinds: [...f.unitKinds, "don_bp"] } : f)) });
    expect(() => addEntry(db, { unit: "don-bp-nhon-hung", form: "dan_so" })).not.toThrow();
    syncCatalogue(db.$client, c);
    expect(() => addEntry(db, { unit: "don-bp-nhon-hung", form: "dan_so" })).toThrow(/does not file this form/);
  });
});
