// Issue 16, item 1: a stock (households) across the merger of 01/07/2025 (test/fixtures/merged-units.yaml).
// Tây Hưng counted 120 households in June and ended on 30/06; Đông Hưng counted 80 and ended too;
// both merged into Hưng Phú, which counts its own 300 on 10/09. Read after that day, only Hưng
// Phú's 300 counts; before it, the ended units' last counts are carried under Hưng Phú.
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { loadProfile } from "../../src/app/profile-file.js";
import { openDb, type Db } from "../../src/db/client.js";
import { CountedValues } from "../../src/ledger/read.js";
import { compileReport } from "../../src/report/compile.js";
import { periodFromKey } from "../../src/domain/periods.js";
import { syncProfile } from "../../src/store/profile-sync.js";
import { addEntry } from "../helpers/entries.js";
import { tempDir } from "../helpers/temp.js";

const profile = loadProfile("test/fixtures/merged-units.yaml");

describe("household counts across a merger", () => {
  let db: Db;
  beforeEach(() => {
    db = openDb(join(tempDir("bienbot-merged-stock-"), "bot.sqlite"));
    syncProfile(db, profile, new Date("2025-06-01T00:00:00Z"));
    addEntry(db, { unit: "tay-hung", form: "dan_so", date: "2025-06-20", values: { "dan_so.ho": 120, "dan_so.khau": 480 } });
    addEntry(db, { unit: "dong-hung", form: "dan_so", date: "2025-06-22", values: { "dan_so.ho": 80, "dan_so.khau": 300 } });
    addEntry(db, { unit: "trung-hung", form: "dan_so", date: "2025-06-25", values: { "dan_so.ho": 50, "dan_so.khau": 200 } });
    addEntry(db, { unit: "hung-phu", form: "dan_so", date: "2025-09-10", values: { "dan_so.ho": 300, "dan_so.khau": 1100 } });
    // A flow in October, so the fourth quarter has an entry and compares with the third.
    addEntry(db, { unit: "trung-hung", form: "tuyen_truyen", date: "2025-10-15", values: { "tuyen_truyen.so_buoi": 1 } });
  });
  const compile = (key: string, issuedOn: string) => compileReport(db, periodFromKey(key, 0)!, { profile, cutoffDay: 0, issuedOn });

  it("the ledger drops an ended unit's count once its successor has one, and keeps it until then", () => {
    const at = (day: string) => Object.fromEntries(new CountedValues(db).stocksAt(day, profile.units)
      .filter((r) => r.metric === "dan_so.ho").map((r) => [r.unit, r.value]));
    // On its last day Tây Hưng still counts.
    expect(at("2025-06-30")).toEqual({ "tay-hung": 120, "dong-hung": 80, "trung-hung": 50 });
    // Hưng Phú has no count yet: the old ones are carried.
    expect(at("2025-08-31")).toEqual({ "tay-hung": 120, "dong-hung": 80, "trung-hung": 50 });
    // Hưng Phú's own 300 replaces both.
    expect(at("2025-09-30")).toEqual({ "hung-phu": 300, "trung-hung": 50 });
  });

  it("quarter III: Hưng Phú's 300 and Trung Hưng's 50, not 120 + 80 more; the months carry the old counts until September", () => {
    const data = compile("2025-Q3", "2025-10-05");
    expect(data.byUnit.find((u) => u.code === "hung-phu")!.values["dan_so.ho"]).toBe(300);
    expect(data.totals["dan_so.ho"]).toBe(350); // 300 + 50
    expect(data.totals["dan_so.khau"]).toBe(1300); // 1100 + 200
    expect(data.byUnit.map((u) => u.code)).not.toContain("tay-hung");
    // No figure of Tây Hưng or Đông Hưng is in the quarter, so no line about them.
    expect(data.unitNotes).toBeUndefined();
    // July and August: 120 + 80 + 50 = 250 (carried); September: 300 + 50 = 350.
    expect(data.byMonth.map((m) => m.values["dan_so.ho"])).toEqual([250, 250, 350]);
  });

  it("quarter IV compares with quarter III's 350 households, and the year 2025 ends with 350", () => {
    expect(compile("2025-Q4", "2026-01-05").previous?.["dan_so.ho"]).toBe(350);
    expect(compile("2025", "2026-01-05").totals["dan_so.ho"]).toBe(350);
  });
});
