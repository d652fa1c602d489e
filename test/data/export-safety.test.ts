// What people type never becomes a spreadsheet formula in the export, whatever the list
// separator the spreadsheet splits on (",", ";" on Vietnamese Windows, tab), and the file holds
// no control characters.
import fc from "fast-check";
import { beforeEach, describe, expect, it } from "vitest";
import { parse } from "csv-parse/sync";
import type { Db } from "../../src/db/client.js";
import { exportCsv } from "../../src/data/export.js";
import { freshDb } from "./db.js";
import { cellsOf, controlCharacters, unsafeCells } from "./spreadsheet-cells.js";

const FEB = { start: "2025-02-01", end: "2025-02-28", key: "2025-02", history: true };

/** One entry of to-antt-dong-hung with its reporter, and one correction of it by another person. */
function seed(db: Db): { entry: number; reporter: number; changer: number } {
  const person = (name: string) => Number(db.$client.prepare("insert into users (name, role, unit_code) values (?, 'bao_cao', 'to-antt-dong-hung')").run(name).lastInsertRowid);
  const reporter = person("Lan");
  const changer = person("Hùng");
  const entry = Number(db.$client.prepare(`insert into entries (unit_code, reporter_id, form_id, activity_date, period, span_start, span_end, counted_on, source, note, created_at)
    values ('to-antt-dong-hung', ?, 'moc_quoc_gioi', '2025-02-05', '2025-02', '2025-02-05', '2025-02-05', '2025-02-05', 'chat', '', 0)`).run(reporter).lastInsertRowid);
  db.$client.prepare("insert into entry_values (entry_id, metric, amount) values (?, 'moc.bat_thuong', 1)").run(entry);
  db.$client.prepare(`insert into entry_revisions (entry_id, revision, values_json, activity_date, changed_by, reason, changed_at, action, new_values_json, new_activity_date)
    values (?, 1, '{"moc.bat_thuong":2}', '2025-02-05', ?, '', 0, 'edit', '{"moc.bat_thuong":1}', '2025-02-05')`).run(entry, changer);
  return { entry, reporter, changer };
}

let units = 0;

/**
 * Sets every text the export carries: the note, the reporter's and the changer's names, the
 * reason, and (when given) the unit's code: a new unit of to-antt-dong-hung's kind whose code starts with it.
 */
function setTexts(db: Db, ids: ReturnType<typeof seed>, t: { note: string; reporter: string; changer: string; reason: string; unit?: string }): void {
  if (t.unit !== undefined) {
    const code = `${t.unit}#${++units}`;
    db.$client.prepare("insert into units (code, name, short_name, kind) values (?, 'Tổ thử', 'Thử', 'to_antt')").run(code);
    db.$client.prepare("update entries set unit_code = ? where id = ?").run(code, ids.entry);
  }
  db.$client.prepare("update entries set note = ? where id = ?").run(t.note, ids.entry);
  db.$client.prepare("update users set name = ? where id = ?").run(t.reporter, ids.reporter);
  db.$client.prepare("update users set name = ? where id = ?").run(t.changer, ids.changer);
  db.$client.prepare("update entry_revisions set reason = ? where entry_id = ?").run(t.reason, ids.entry);
}

// Text made of what spreadsheets and CSV readers treat specially, mixed with anything at all.
const SPECIAL = [..."=+-@;,\t\r\n\"' \u00a0\u3000\u0000\u0001\u001b\u007f\u0085\u009b\u2028\u2029\ufeff\u202e\uff1d\uff0b\uff0d\uff20a1"];
const hostile = fc.oneof(
  fc.string({ unit: fc.constantFrom(...SPECIAL), maxLength: 12 }),
  fc.string({ unit: "binary", maxLength: 12 }),
  fc.array(fc.oneof(fc.constantFrom("=1+1", "=cmd|' /C calc'!A0", "\r\n", ";", ",", "\t", "\"", " ", "-", "@SUM(A1)", "+84"), fc.string({ maxLength: 3 })), { maxLength: 6 })
    .map((parts) => parts.join("")),
);

describe("export safety", () => {
  let db: Db;
  let ids: ReturnType<typeof seed>;
  beforeEach(() => { db = freshDb(); ids = seed(db); });

  it("any text in any field: no cell is a formula under , ; or tab, quotes honoured or not; no control characters", () => {
    fc.assert(fc.property(fc.record({ note: hostile, reporter: hostile, changer: hostile, reason: hostile, unit: hostile }), (t) => {
      setTexts(db, ids, t);
      const csv = exportCsv(db, FEB);
      expect(unsafeCells(csv)).toEqual([]);
      expect(controlCharacters(csv)).toEqual([]);
    }), { numRuns: 300 });
  });

  it("the two notes seen: a ';' formula and a formula after a line break", () => {
    for (const note of ["ghi chu;=cmd|' /C calc'!A0;", "Mốc 275 nghiêng\r\n=1+1"]) {
      setTexts(db, ids, { note, reporter: "Lan", changer: "Hùng", reason: "sửa" });
      const csv = exportCsv(db, FEB);
      expect(unsafeCells(csv), note).toEqual([]);
    }
    setTexts(db, ids, { note: "ghi chu;=cmd|' /C calc'!A0;", reporter: "Lan", changer: "Hùng", reason: "sửa" });
    // Hand-written: with ";" as the separator the note's second piece is text ("'=cmd…").
    expect(cellsOf(exportCsv(db, FEB), ";", "ignored")).toContain("'=cmd|' /C calc'!A0");
    setTexts(db, ids, { note: "Mốc 275 nghiêng\r\n=1+1\u0000", reporter: "Lan", changer: "Hùng", reason: "sửa" });
    const rows = parse(exportCsv(db, FEB).split("\r\n\r\n")[0]!, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r["ghi_chu"])).toEqual(["Mốc 275 nghiêng / =1+1"]);
  });

  it("free text is quoted; codes, dates and figures are not", () => {
    setTexts(db, ids, { note: "=1+1", reporter: "@Lan", changer: "Hùng", reason: "-nhầm" });
    const [values, history] = exportCsv(db, FEB).replace(/^\uFEFF/, "").split("\r\n\r\n");
    expect(values!.split("\r\n")[1]).toBe("2025-02-05,to-antt-dong-hung,moc.bat_thuong,1,\"'=1+1\",chat,1970-01-01,\"'@Lan\"");
    expect(history!.split("\r\n")[1]).toBe(`${ids.entry},to-antt-dong-hung,moc_quoc_gioi,1,sửa,"Hùng",1970-01-01 07:00,"'-nhầm",2025-02-05,moc.bat_thuong=2,2025-02-05,moc.bat_thuong=1`);
  });
});
