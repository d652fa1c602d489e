// The unit's largest month of a metric, read from the ledger (unusual figures are confirmed).
import { describe, expect, it } from "vitest";
import { freshDb } from "../data/db.js";
import { addEntry } from "../helpers/entries.js";
import { largestMonth, largestMonthOfKind } from "../../src/ledger/read.js";

describe("largestMonth", () => {
  it("sums a flow per month, leaves out imported years and withdrawn entries, and is null when never filed", () => {
    const db = freshDb();
    addEntry(db, { unit: "dong-hung", form: "tuyen_truyen", date: "2025-01-05", values: { "tuyen_truyen.luot_nguoi": 100 } });
    addEntry(db, { unit: "dong-hung", form: "tuyen_truyen", date: "2025-01-25", values: { "tuyen_truyen.luot_nguoi": 60 } });
    addEntry(db, { unit: "dong-hung", form: "tuyen_truyen", date: "2024-12-05", values: { "tuyen_truyen.luot_nguoi": 140 } });
    addEntry(db, { unit: "tay-hung", form: "tuyen_truyen", date: "2025-01-05", values: { "tuyen_truyen.luot_nguoi": 900 } });
    addEntry(db, { unit: "dong-hung", form: "tuyen_truyen", date: "2024-07-01", period: "2024", spanStart: "2024-01-01", spanEnd: "2024-12-31",
      values: { "tuyen_truyen.luot_nguoi": 2000 } });
    const gone = addEntry(db, { unit: "dong-hung", form: "tuyen_truyen", date: "2025-02-05", values: { "tuyen_truyen.luot_nguoi": 500 } });
    db.$client.prepare("update entries set status = 'deleted' where id = ?").run(gone);
    expect(largestMonth(db, "dong-hung", "tuyen_truyen.luot_nguoi")).toBe(160);
    expect(largestMonth(db, "dong-hung", "tuyen_truyen.so_buoi")).toBeNull();
    // The other khóm: for Đông Hưng, Tây Hưng's 900; for Tây Hưng, Đông Hưng's 100 + 60 in January.
    expect(largestMonthOfKind(db, "dong-hung", "tuyen_truyen.luot_nguoi")).toBe(900);
    expect(largestMonthOfKind(db, "tay-hung", "tuyen_truyen.luot_nguoi")).toBe(160);
    expect(largestMonthOfKind(db, "to-phu-nu", "tuyen_truyen.luot_nguoi")).toBeNull();
  });

  it("takes a stock's largest value, not a sum", () => {
    const db = freshDb();
    addEntry(db, { unit: "dong-hung", form: "dan_so", date: "2025-01-05", values: { "dan_so.ho": 300 } });
    addEntry(db, { unit: "dong-hung", form: "dan_so", date: "2025-01-25", values: { "dan_so.ho": 310 } });
    expect(largestMonth(db, "dong-hung", "dan_so.ho")).toBe(310);
  });
});
