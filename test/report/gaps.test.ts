// A report never reads as complete, and never sets figures of different units against each other,
// when units did not report (found by a tester: April with 3 of 8 units said "ổn định … giữ vững" and
// "tăng 17,4% so với tháng 03/2025"; a quarter with an empty February "tăng 84% so với cùng kỳ").
// Real SQLite; a ward of two khóm that owe one form, figures worked out by hand.
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { openDb, type Db } from "../../src/db/client.js";
import { loadProfile } from "../../src/app/profile-file.js";
import { syncProfile } from "../../src/store/profile-sync.js";
import { compileReport } from "../../src/report/compile.js";
import { periodFromKey } from "../../src/domain/periods.js";
import { parseTemplate, renderTemplate } from "../../src/report/template.js";
import { docText } from "../../src/report/document.js";
import { gapSentence, gapsOf } from "../../src/report/gaps.js";
import { addEntry } from "../helpers/entries.js";
import { tempDir } from "../helpers/temp.js";

const full = loadProfile("templates/ward-profile.yaml");
const profile = { ...full, units: full.units.filter((u) => u.code === "dong-hung" || u.code === "tay-hung"), obligations: { khom: ["tuyen_truyen"] } };
let db: Db;
beforeEach(() => {
  db = openDb(join(tempDir("bienbot-gaps-"), "bot.sqlite"));
  syncProfile(db, full, new Date("2025-06-01T00:00:00Z"));
});

const buoi = (unit: string, date: string, n: number) =>
  addEntry(db, { unit, form: "tuyen_truyen", date, values: { "tuyen_truyen.so_buoi": n } });
const nil = (unit: string, period: string) =>
  db.$client.prepare("insert into nil_reports (unit_code, form_id, period, created_at) values (?, 'tuyen_truyen', ?, 0)").run(unit, period);

const TEMPLATE = ["---", "trich_yeu: Thử", "---", "[[cach_tinh]]", "Buổi: {{tuyen_truyen.so_buoi}}[?, {{tuyen_truyen.so_buoi | so_sanh}}?].",
  "[[neu du_bao_cao]]", "Đủ.", "[[khac]]", "Chưa đủ.", "[[het]]"].join("\n");
function text(key: string, issuedOn: string): string {
  const t = parseTemplate(TEMPLATE, "t.md");
  if (!t.ok) throw new Error(t.errors.join("\n"));
  const d = compileReport(db, periodFromKey(key, 0)!, { profile, cutoffDay: 0, issuedOn,
    completeness: { monthLabel: "", reported: 2, total: 2, missing: [] } });
  return docText(renderTemplate(t.template, d));
}

describe("a report's gaps", () => {
  it("a month both khóm reported, against a month both reported: compared, complete", () => {
    buoi("dong-hung", "2025-03-05", 4); buoi("tay-hung", "2025-03-06", 4); // March: 8
    buoi("dong-hung", "2025-04-05", 5); nil("tay-hung", "2025-04");       // April: 5, Tây Hưng had none
    const t = text("2025-04", "2025-05-05");
    expect(t).toContain("Buổi: 05, giảm 03 buổi so với tháng 03/2025.");
    expect(t).toContain("Đủ.");
    expect(t).not.toContain("chưa đầy đủ");
  });

  it("a month one khóm did not report: said in the document, not complete, and not compared", () => {
    buoi("dong-hung", "2025-03-05", 4); buoi("tay-hung", "2025-03-06", 4);
    buoi("dong-hung", "2025-04-05", 5); // Tây Hưng: nothing for April
    const t = text("2025-04", "2025-05-05");
    expect(t).toContain("Số liệu trong báo cáo chưa đầy đủ: Khóm Tây Hưng chưa báo cáo đủ tháng 04/2025.");
    expect(t).toContain("Buổi: 05.");
    expect(t).not.toContain("so với");
    expect(t).toContain("Chưa đủ.");
  });

  it("a complete month against an earlier month one khóm missed: not compared with that month", () => {
    buoi("dong-hung", "2025-03-05", 4); // March: Tây Hưng missing
    buoi("dong-hung", "2025-04-05", 5); buoi("tay-hung", "2025-04-06", 2);
    const t = text("2025-04", "2025-05-05");
    expect(t).toContain("Buổi: 07.");
    expect(t).not.toContain("so với tháng 03/2025");
    expect(t).toContain("Đủ.");
  });

  it("a quarter with a month nobody reported names that month and compares nothing", () => {
    for (const m of ["01", "03"]) { buoi("dong-hung", `2025-${m}-05`, 1); buoi("tay-hung", `2025-${m}-06`, 1); }
    buoi("dong-hung", "2024-02-05", 2); buoi("tay-hung", "2024-02-06", 3); // Q1/2024 holds only February
    const t = text("2025-Q1", "2025-04-05");
    expect(t).toContain("Số liệu trong báo cáo chưa đầy đủ: chưa có đơn vị nào báo cáo tháng 02/2025.");
    expect(t).toContain("Buổi: 04.");
    expect(t).not.toContain("so với");
  });

  it("a month still running lacks nothing yet: its own days are not held against the units", () => {
    buoi("dong-hung", "2025-05-05", 1);
    const d = compileReport(db, periodFromKey("2025-05", 0)!, { profile, cutoffDay: 0, issuedOn: "2025-05-10", countedUntil: "2025-05-10" });
    expect(d.gaps!.current.months).toEqual([]);
  });
});

describe("the gaps sentence", () => {
  const units = [{ code: "a", name: "Khóm A", kind: "khom" }, { code: "b", name: "Khóm B", kind: "khom" }];
  const months = ["2016-01", "2016-02", "2016-03", "2016-04", "2016-05"].map((key) => ({ key, label: `tháng ${key.slice(5)}/${key.slice(0, 4)}`, start: `${key}-01`, end: `${key}-28` }));
  it("joins consecutive empty months into one span and names each unit's months", () => {
    // Jan–Mar nobody; April only B missing; May complete.
    const answered = new Set(["a|f|2016-04", "a|f|2016-05", "b|f|2016-05"]);
    const g = gapsOf({ units, obligations: { khom: ["f"] }, months, answered });
    expect(g.forms).toEqual(["f"]);
    expect(gapSentence(g)).toBe("Số liệu trong báo cáo chưa đầy đủ: chưa có đơn vị nào báo cáo từ tháng 01/2016 đến tháng 03/2016; Khóm B chưa báo cáo đủ tháng 04/2016.");
  });
  it("says nothing when every unit answered every month", () => {
    const answered = new Set(months.flatMap((m) => [`a|f|${m.key}`, `b|f|${m.key}`]));
    expect(gapSentence(gapsOf({ units, obligations: { khom: ["f"] }, months, answered }))).toBe("");
  });
});
