// Stocks are each unit's latest value of each metric at a day. The compiler reads a unit's latest
// entry of a stock form once; a metric that entry lacks (an import of one metric) must still come
// from the latest entry that has it, and a deleted entry never counts.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openDb, closeDb } from "../../src/db/client.js";
import { loadProfile } from "../../src/app/profile-file.js";
import { syncProfile } from "../../src/store/profile-sync.js";
import { CountedValues } from "../../src/ledger/read.js";
import { addEntry } from "../helpers/entries.js";
import { tempDir } from "../helpers/temp.js";

describe("stock values at a day", () => {
  it("takes each metric from the latest entry that holds it", () => {
    const db = openDb(join(tempDir("bienbot-stock-"), "bot.sqlite"));
    syncProfile(db, loadProfile("templates/ward-profile.yaml"), new Date(0));
    // 2023: the whole tu_quan form; 2024: only the households; a later entry deleted.
    addEntry(db, { unit: "dong-hung", form: "tu_quan", date: "2023-06-10", values: { "tu_quan.ho": 40, "tu_quan.ca_nhan": 90, "to_antt.so_to": 3 } });
    addEntry(db, { unit: "dong-hung", form: "tu_quan", date: "2024-03-05", values: { "tu_quan.ho": 52 } });
    const gone = addEntry(db, { unit: "dong-hung", form: "tu_quan", date: "2024-05-01", values: { "tu_quan.ho": 999, "tu_quan.ca_nhan": 999 } });
    db.$client.prepare("update entries set status = 'deleted' where id = ?").run(gone);
    addEntry(db, { unit: "tay-hung", form: "dan_so", date: "2024-01-20", values: { "dan_so.ho": 300, "dan_so.khau": 1100 } });
    const at = (day: string) => Object.fromEntries(new CountedValues(db).stocksAt(day).map((r) => [`${r.unit} ${r.metric}`, r.value]));
    expect(at("2024-12-31")).toEqual({
      "dong-hung tu_quan.ho": 52, "dong-hung tu_quan.ca_nhan": 90, "dong-hung to_antt.so_to": 3,
      "tay-hung dan_so.ho": 300, "tay-hung dan_so.khau": 1100,
    });
    expect(at("2024-01-31")).toEqual({ "dong-hung tu_quan.ho": 40, "dong-hung tu_quan.ca_nhan": 90, "dong-hung to_antt.so_to": 3,
      "tay-hung dan_so.ho": 300, "tay-hung dan_so.khau": 1100 });
    expect(at("2023-01-01")).toEqual({});
    closeDb(db);
  });
});
