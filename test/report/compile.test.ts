// Aggregation over SQLite: flows sum over the period, stocks take each unit's latest value.
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { openDb, type Db } from "../../src/db/client.js";
import { loadProfile } from "../../src/app/profile-file.js";
import { syncProfile } from "../../src/store/profile-sync.js";
import { compileReport } from "../../src/report/compile.js";
import { periodFromKey } from "../../src/domain/periods.js";
import { parseTemplate, renderTemplate } from "../../src/report/template.js";
import { docText } from "../../src/report/document.js";
import { addEntry } from "../helpers/entries.js";
import { tempDir } from "../helpers/temp.js";

const profile = loadProfile("templates/ward-profile.yaml");
let db: Db;
beforeEach(() => {
  db = openDb(join(tempDir("bienbot-compile-"), "bot.sqlite"));
  syncProfile(db, profile, new Date());
});

const compile = (key: string, cutoff = 0) => compileReport(db, periodFromKey(key, cutoff)!, { profile, cutoffDay: cutoff, issuedOn: "2025-03-01" });

describe("compile", () => {
  it("sums flow metrics over the period and per unit, leaving out other periods", () => {
    addEntry(db, { unit: "dong-hung", form: "tuyen_truyen", date: "2025-02-03", values: { "tuyen_truyen.so_buoi": 2, "tuyen_truyen.luot_nguoi": 40 } });
    addEntry(db, { unit: "dong-hung", form: "tuyen_truyen", date: "2025-02-20", values: { "tuyen_truyen.so_buoi": 3, "tuyen_truyen.luot_nguoi": 60 } });
    addEntry(db, { unit: "tay-hung", form: "tuyen_truyen", date: "2025-02-28", values: { "tuyen_truyen.so_buoi": 1, "tuyen_truyen.luot_nguoi": 15 } });
    addEntry(db, { unit: "tay-hung", form: "tuyen_truyen", date: "2025-03-01", values: { "tuyen_truyen.so_buoi": 9, "tuyen_truyen.luot_nguoi": 99 } });
    const d = compile("2025-02");
    expect(d.totals["tuyen_truyen.so_buoi"]).toBe(6);
    expect(d.totals["tuyen_truyen.luot_nguoi"]).toBe(115);
    expect(d.totals["tin.co_gia_tri"]).toBe(0);
    expect(d.byUnit.find((u) => u.code === "dong-hung")!.values["tuyen_truyen.so_buoi"]).toBe(5);
    expect(d.entryCount).toBe(3);
  });

  it("takes each unit's latest stock value at the end of the period and sums over units", () => {
    addEntry(db, { unit: "dong-hung", form: "dan_so", date: "2024-06-01", values: { "dan_so.ho": 500, "dan_so.khau": 1900 } });
    addEntry(db, { unit: "dong-hung", form: "dan_so", date: "2025-01-10", values: { "dan_so.ho": 520, "dan_so.khau": 1950 } });
    addEntry(db, { unit: "tay-hung", form: "dan_so", date: "2023-01-10", values: { "dan_so.ho": 610, "dan_so.khau": 2300 } });
    addEntry(db, { unit: "dong-hung", form: "dan_so", date: "2025-04-01", values: { "dan_so.ho": 999, "dan_so.khau": 9999 } });
    const feb = compile("2025-02");
    expect(feb.totals["dan_so.ho"]).toBe(520 + 610);
    expect(feb.totals["dan_so.khau"]).toBe(1950 + 2300);
    expect(compile("2024").totals["dan_so.ho"]).toBe(500 + 610);
  });

  it("with a cut-off day, counts an entry of 20/01 in February", () => {
    addEntry(db, { unit: "dong-hung", form: "tuyen_truyen", date: "2025-01-20", period: "2025-02", values: { "tuyen_truyen.so_buoi": 4 } });
    expect(compile("2025-02", 14).totals["tuyen_truyen.so_buoi"]).toBe(4);
    expect(compile("2025-01", 14).totals["tuyen_truyen.so_buoi"]).toBe(0);
    expect(compile("2025-01", 0).totals["tuyen_truyen.so_buoi"]).toBe(4);
  });

  it("does not split an imported yearly figure into a month", () => {
    addEntry(db, { unit: "don-bp-nhon-hung", form: "doi_ngoai", date: "2024-12-31", period: "2024", spanStart: "2024-01-01", spanEnd: "2024-12-31", values: { "doi_ngoai.gap_go": 12 } });
    expect(compile("2024").totals["doi_ngoai.gap_go"]).toBe(12);
    expect(compile("2024-12").totals["doi_ngoai.gap_go"]).toBe(0);
  });

  it("compares with the previous period and the same period a year earlier only where the earlier figure exists", () => {
    addEntry(db, { unit: "dong-hung", form: "tuyen_truyen", date: "2025-02-10", values: { "tuyen_truyen.so_buoi": 9, "tuyen_truyen.luot_nguoi": 100 } });
    addEntry(db, { unit: "dong-hung", form: "tuyen_truyen", date: "2024-02-10", values: { "tuyen_truyen.so_buoi": 8, "tuyen_truyen.luot_nguoi": 0 } });
    // One unit owing one form, so both months are complete and compared (the gaps are tested below).
    const oneUnit = { ...profile, units: profile.units.filter((u) => u.code === "dong-hung"), obligations: { khom: ["tuyen_truyen"] } };
    const d = compileReport(db, periodFromKey("2025-02", 0)!, { profile: oneUnit, cutoffDay: 0, issuedOn: "2025-03-01" });
    expect(d.yearAgo!["tuyen_truyen.so_buoi"]).toBe(8);
    expect(d.previous).toBeNull(); // nothing at all was reported in January
    const t = parseTemplate([
      "---", "trich_yeu: Thử", "---",
      "Buổi: {{tuyen_truyen.so_buoi}} buổi[?, {{tuyen_truyen.so_buoi | so_cung_ky}}?].",
      "Người: {{tuyen_truyen.luot_nguoi}}[?, {{tuyen_truyen.luot_nguoi | so_cung_ky}}?].",
    ].join("\n"), "t.md");
    if (!t.ok) throw new Error(t.errors.join("\n"));
    const text = docText(renderTemplate(t.template, d));
    // 8 a year ago is a small base: the difference in buổi, not "tăng 12,5%"
    expect(text).toContain("Buổi: 09 buổi, tăng 01 buổi so với cùng kỳ năm 2024.");
    // None a year ago (0 lượt người): no percentage, the rise in the metric's unit.
    expect(text).toContain("Người: 100, tăng 100 lượt người so với cùng kỳ năm 2024.");
  });
});

describe("compile: units dropped from the profile", () => {
  it("still count, stocks as flows, so past reports do not change", () => {
    addEntry(db, { unit: "dong-hung", form: "dan_so", date: "2024-06-01", values: { "dan_so.ho": 500, "dan_so.khau": 1900 } });
    addEntry(db, { unit: "tay-hung", form: "dan_so", date: "2024-06-01", values: { "dan_so.ho": 600, "dan_so.khau": 2000 } });
    addEntry(db, { unit: "tay-hung", form: "tuyen_truyen", date: "2024-06-02", values: { "tuyen_truyen.so_buoi": 4 } });
    const before = compile("2024");
    db.$client.prepare("update units set active = 0 where code = 'tay-hung'").run();
    const after = compile("2024");
    expect(after.totals["dan_so.ho"]).toBe(1100);
    expect(after.totals).toEqual(before.totals);
  });
});

describe("compile: rows over time", () => {
  it("puts each entry of the period in its month row, and nothing from outside the period", () => {
    addEntry(db, { unit: "dong-hung", form: "tuyen_truyen", date: "2025-02-05", values: { "tuyen_truyen.so_buoi": 100 } });
    addEntry(db, { unit: "dong-hung", form: "tuyen_truyen", date: "2025-02-12", values: { "tuyen_truyen.so_buoi": 2 } });
    addEntry(db, { unit: "tay-hung", form: "tuyen_truyen", date: "2025-03-02", values: { "tuyen_truyen.so_buoi": 3 } });
    addEntry(db, { unit: "tay-hung", form: "dan_so", date: "2025-01-02", values: { "dan_so.ho": 40 } });
    const d = compile("2025-02-10..2025-03-20");
    expect(d.byMonth.map((m) => [m.key, m.values["tuyen_truyen.so_buoi"], m.values["dan_so.ho"]])).toEqual([["2025-02", 2, 40], ["2025-03", 3, 40]]);
    expect(d.totals["tuyen_truyen.so_buoi"]).toBe(5);
  });

  it("uses years for long periods, yearly imports included", () => {
    addEntry(db, { unit: "dong-hung", form: "tuyen_truyen", date: "2016-05-05", values: { "tuyen_truyen.so_buoi": 7 } });
    addEntry(db, { unit: "dong-hung", form: "tuyen_truyen", date: "2018-12-31", period: "2018", spanStart: "2018-01-01", spanEnd: "2018-12-31", values: { "tuyen_truyen.so_buoi": 30 } });
    const d = compile("2015-01-01..2025-02-26");
    const row = (k: string) => d.byMonth.find((m) => m.key === k)?.values["tuyen_truyen.so_buoi"];
    expect([row("2015"), row("2016"), row("2018"), row("2025")]).toEqual([0, 7, 30, 0]);
  });
});
