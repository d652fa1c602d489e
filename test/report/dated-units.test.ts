// Issue 16, item 3: reports across 01/07/2025, when Tây Hưng and Đông Hưng merged into Hưng Phú
// and Bắc Hưng split into Bắc Hưng A and B (test/fixtures/merged-units.yaml). Each figure stays
// under the unit in force, or under its successor, and one line says so.
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { loadProfile } from "../../src/app/profile-file.js";
import { issueReport } from "../../src/app/reports.js";
import { loadReportTemplates } from "../../src/app/start.js";
import { openDb, type Db } from "../../src/db/client.js";
import { syncProfile } from "../../src/store/profile-sync.js";
import { addEntry } from "../helpers/entries.js";
import { tempDir } from "../helpers/temp.js";
import { docxText } from "./docx-text.js";

const profile = loadProfile("test/fixtures/merged-units.yaml");
const tt = (buoi: number, nguoi: number) => ({ "tuyen_truyen.so_buoi": buoi, "tuyen_truyen.luot_nguoi": nguoi });

describe("a report across 01/07/2025", () => {
  let db: Db;
  beforeEach(() => {
    db = openDb(join(tempDir("bienbot-merged-"), "bot.sqlite"));
    syncProfile(db, profile, new Date("2025-06-01T00:00:00Z"));
    // Before the change: the old khóm.
    addEntry(db, { unit: "tay-hung", form: "tuyen_truyen", date: "2025-06-05", values: tt(3, 90) });
    addEntry(db, { unit: "dong-hung", form: "tuyen_truyen", date: "2025-06-10", values: tt(2, 40) });
    addEntry(db, { unit: "bac-hung", form: "tuyen_truyen", date: "2025-06-12", values: tt(4, 100) });
    addEntry(db, { unit: "trung-hung", form: "tuyen_truyen", date: "2025-06-15", values: tt(1, 10) });
    // After it: the new ones, and Trung Hưng which goes on.
    addEntry(db, { unit: "trung-hung", form: "tuyen_truyen", date: "2025-07-15", values: tt(5, 50) });
    addEntry(db, { unit: "hung-phu", form: "tuyen_truyen", date: "2025-07-10", values: tt(6, 200) });
    addEntry(db, { unit: "bac-hung-a", form: "tuyen_truyen", date: "2025-07-20", values: tt(2, 30) });
    // A household count (a stock) Tây Hưng gave before it ended: in a later quarter it is Hưng Phú's.
    addEntry(db, { unit: "tay-hung", form: "dan_so", date: "2025-06-20", values: { "dan_so.ho": 120, "dan_so.khau": 480 } });
  });
  const issue = async (periodKey: string, issuedOn: string) => {
    const templates = await loadReportTemplates({});
    const r = await issueReport({ db, profile, templates, cutoffDay: 0, clock: () => new Date(`${issuedOn}T03:00:00Z`) },
      { periodKey, requestedBy: null, channel: "cli", issuedOn });
    return { lines: (await docxText(r.bytes)).split("\n"), data: r.data };
  };
  /** The cells after a row's label in the first unit table: số buổi, lượt người. */
  const row = (lines: string[], label: string) => {
    const at = lines.indexOf(label);
    return at < 0 ? undefined : lines.slice(at + 1, at + 3);
  };

  it("year 2025: each unit in force for part of the year has its own row; the total is the sum; one line per change", async () => {
    const { lines } = await issue("2025", "2026-01-05");
    expect(row(lines, "Tây Hưng")).toEqual(["3", "90"]);
    expect(row(lines, "Đông Hưng")).toEqual(["2", "40"]);
    expect(row(lines, "Bắc Hưng")).toEqual(["4", "100"]);
    expect(row(lines, "Trung Hưng")).toEqual(["6", "60"]); // 1 + 5, 10 + 50
    expect(row(lines, "Hưng Phú")).toEqual(["6", "200"]);
    expect(row(lines, "Bắc Hưng A")).toEqual(["2", "30"]);
    // 3 + 2 + 4 + 1 + 5 + 6 + 2 = 23 buổi; 90 + 40 + 100 + 10 + 50 + 200 + 30 = 520 lượt
    expect(row(lines, "Tổng cộng")).toEqual(["23", "520"]);
    expect(lines).toContain("Khóm Tây Hưng hoạt động đến 30/06/2025; từ 01/07/2025 nhập vào Khóm Hưng Phú.");
    expect(lines).toContain("Khóm Đông Hưng hoạt động đến 30/06/2025; từ 01/07/2025 nhập vào Khóm Hưng Phú.");
    expect(lines).toContain("Khóm Bắc Hưng hoạt động đến 30/06/2025; từ 01/07/2025 chia thành Khóm Bắc Hưng A và Khóm Bắc Hưng B.");
  });

  it("quarter III/2025: an ended unit's household count is under its successor, said in one line", async () => {
    const { data, lines } = await issue("2025-Q3", "2025-10-05");
    const hungPhu = data.byUnit.find((u) => u.code === "hung-phu")!;
    expect(hungPhu.values["dan_so.ho"]).toBe(120);
    expect(data.byUnit.map((u) => u.code)).not.toContain("tay-hung");
    expect(data.unitNotes).toEqual(["Số liệu của Khóm Tây Hưng (đến 30/06/2025) được tính vào Khóm Hưng Phú."]);
    expect(lines).toContain("Số liệu của Khóm Tây Hưng (đến 30/06/2025) được tính vào Khóm Hưng Phú.");
    // 5 + 6 + 2 = 13 buổi after the change, under the units then in force.
    expect(data.totals["tuyen_truyen.so_buoi"]).toBe(13);
  });

  it("June 2025: the old khóm only, no line about a change that has not happened", async () => {
    const { data, lines } = await issue("2025-06", "2025-06-30");
    expect(data.byUnit.map((u) => u.code)).toEqual(["xa-thu", "tay-hung", "dong-hung", "bac-hung", "trung-hung"]);
    expect(data.unitNotes).toBeUndefined();
    expect(lines).toContain("PHƯỜNG NHƠN HƯNG");
  });

  it("a review dated after the change describes the new ward with the khóm then in force", async () => {
    const { lines } = await issue("2016-01-01..2025-09-30", "2025-10-05");
    const line = lines.find((l) => l.includes(" khóm ("));
    expect(line).toMatch(/^- Thới Sơn có 04 khóm \(Trung Hưng, Hưng Phú, Bắc Hưng A, Bắc Hưng B\)/);
    const before = (await issue("2016-01-01..2025-06-30", "2025-06-30")).lines.find((l) => l.includes(" khóm ("));
    expect(before).toMatch(/^- Nhơn Hưng có 04 khóm \(Tây Hưng, Đông Hưng, Bắc Hưng, Trung Hưng\)/);
  });
});
