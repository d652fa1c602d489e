// The charts' sums kept between two changes of the database (src/ledger/point-sums.ts): a board
// asked again reads nothing new, but every change is seen at once: a write on the bot's own
// connection, a commit from another one (a `cli import` is another process), and a write rolled
// back inside a transaction is never kept.
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { flowSumsBySpan } from "../../src/ledger/point-sums.js";
import { addEntry } from "../helpers/entries.js";
import { freshDb } from "../data/db.js";

const MONTHS = [{ start: "2025-01-01", end: "2025-01-31" }, { start: "2025-02-01", end: "2025-02-28" }];
const PATROLS = ["tuan_tra.antt.luot_to", "tuan_tra.doc_lap.luot_to"];
const patrols = (id: number) => ({ unit: "to-antt-dong-hung", form: "tuan_tra", date: "2025-02-03", values: { "tuan_tra.antt.luot_to": id } });
const asObjects = (sums: Map<string, number>[]) => sums.map((m) => Object.fromEntries(m));

describe("the charts' sums between changes", () => {
  it("sees a write on the same connection and a commit from another one", () => {
    const db = freshDb();
    addEntry(db, { unit: "don-bp-nhon-hung", form: "tuan_tra", date: "2025-01-09", values: { "tuan_tra.doc_lap.luot_to": 4 } });
    expect(asObjects(flowSumsBySpan(db, MONTHS, PATROLS))).toEqual([{ "tuan_tra.doc_lap.luot_to": 4 }, {}]);
    // Asked again, unchanged; a caller changing its copy changes nothing kept.
    const copy = flowSumsBySpan(db, MONTHS, PATROLS);
    copy[0]!.set("tuan_tra.doc_lap.luot_to", 999);
    expect(asObjects(flowSumsBySpan(db, MONTHS, PATROLS))).toEqual([{ "tuan_tra.doc_lap.luot_to": 4 }, {}]);

    addEntry(db, patrols(3));
    expect(asObjects(flowSumsBySpan(db, MONTHS, PATROLS))).toEqual([{ "tuan_tra.doc_lap.luot_to": 4 }, { "tuan_tra.antt.luot_to": 3 }]);

    const other = new Database(db.$client.name);
    try {
      other.prepare("update entry_values set amount = 6 where metric = 'tuan_tra.doc_lap.luot_to'").run();
    } finally {
      other.close();
    }
    expect(asObjects(flowSumsBySpan(db, MONTHS, PATROLS))).toEqual([{ "tuan_tra.doc_lap.luot_to": 6 }, { "tuan_tra.antt.luot_to": 3 }]);
    // Another unit asked: its own sums, not the ward's.
    expect(asObjects(flowSumsBySpan(db, MONTHS, PATROLS, "to-antt-dong-hung"))).toEqual([{}, { "tuan_tra.antt.luot_to": 3 }]);
  });

  it("keeps nothing read inside a transaction that rolls back", () => {
    const db = freshDb();
    expect(asObjects(flowSumsBySpan(db, MONTHS, PATROLS))).toEqual([{}, {}]);
    const inside = db.$client.transaction(() => {
      addEntry(db, patrols(5));
      const seen = asObjects(flowSumsBySpan(db, MONTHS, PATROLS));
      throw Object.assign(new Error("roll back"), { seen });
    });
    let seen: unknown;
    try { inside(); } catch (err) { seen = (err as { seen: unknown }).seen; }
    expect(seen).toEqual([{}, { "tuan_tra.antt.luot_to": 5 }]);
    expect(asObjects(flowSumsBySpan(db, MONTHS, PATROLS))).toEqual([{}, {}]);
  });
});
