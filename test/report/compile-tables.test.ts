// Issue 15, items 1 and 2: a figure counts only where it belongs, and every table adds up.
// The data is the example in small: a yearly import for 2024 (39 buổi) and uneven
// whole-month imports (January 5, February 4, July 10, December 15). Expected rows and totals
// are written by hand.
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { openDb, type Db } from "../../src/db/client.js";
import { loadProfile } from "../../src/app/profile-file.js";
import { syncProfile } from "../../src/store/profile-sync.js";
import { compileReport } from "../../src/report/compile.js";
import { periodFromKey } from "../../src/domain/periods.js";
import { parseTemplate, renderTemplate } from "../../src/report/template.js";
import type { DocBlock } from "../../src/report/document.js";
import type { WardProfile } from "../../src/domain/profile.js";
import JSZip from "jszip";
import { renderDocx } from "../../src/report/docx.js";
import { addEntry } from "../helpers/entries.js";
import { tempDir } from "../helpers/temp.js";

const profile = loadProfile("templates/ward-profile.yaml");
let db: Db;

const month = (m: string, buoi: number, tin: number) => {
  const [y, mm] = m.split("-").map(Number) as [number, number];
  const last = new Date(Date.UTC(y, mm, 0)).getUTCDate();
  addEntry(db, { unit: "dong-hung", form: "tuyen_truyen", date: `${m}-${last}`, period: m, spanStart: `${m}-01`, spanEnd: `${m}-${last}`,
    values: { "tuyen_truyen.so_buoi": buoi } });
  if (tin) addEntry(db, { unit: "tay-hung", form: "nam_tinh_hinh", date: `${m}-${last}`, period: m, spanStart: `${m}-01`, spanEnd: `${m}-${last}`,
    values: { "tin.co_gia_tri": tin } });
};

beforeEach(() => {
  db = openDb(join(tempDir("bienbot-tables-"), "bot.sqlite"));
  syncProfile(db, profile, new Date());
  addEntry(db, { unit: "dong-hung", form: "tuyen_truyen", date: "2024-12-31", period: "2024", spanStart: "2024-01-01", spanEnd: "2024-12-31",
    values: { "tuyen_truyen.so_buoi": 39 } });
  addEntry(db, { unit: "tay-hung", form: "nam_tinh_hinh", date: "2024-12-31", period: "2024", spanStart: "2024-01-01", spanEnd: "2024-12-31",
    values: { "tin.co_gia_tri": 27 } });
  month("2024-01", 5, 3);
  month("2024-02", 4, 0);
  month("2024-07", 10, 6);
  month("2024-12", 15, 8);
});

const compile = (key: string, p: WardProfile = profile) =>
  compileReport(db, periodFromKey(key, 0)!, { profile: p, cutoffDay: 0, issuedOn: "2025-03-01" });

function tables(key: string, p: WardProfile = profile): Extract<DocBlock, { kind: "table" }>[] {
  const t = parseTemplate(["---", "trich_yeu: Thử", "---",
    "Buổi: {{tuyen_truyen.so_buoi}}.",
    "[[bang thang: tuyen_truyen.so_buoi (Buổi), tin.co_gia_tri (Tin) | Biểu 1. Theo tháng]]",
    "[[bang don_vi: tuyen_truyen.so_buoi (Buổi), tin.co_gia_tri (Tin) | Biểu 2. Theo đơn vị]]"].join("\n"), "t.md");
  if (!t.ok) throw new Error(t.errors.join("\n"));
  return renderTemplate(t.template, compile(key, p)).body.filter((b): b is Extract<DocBlock, { kind: "table" }> => b.kind === "table");
}

describe("a half-year never takes a whole year's import", () => {
  it("H2 2024 counts July–December only: 25 buổi, 14 tin", () => {
    const d = compile("2024-H2");
    expect(d.totals["tuyen_truyen.so_buoi"]).toBe(25);
    expect(d.totals["tin.co_gia_tri"]).toBe(14);
    expect(compile("2024-H1").totals["tuyen_truyen.so_buoi"]).toBe(9);
    expect(d.previous!["tuyen_truyen.so_buoi"]).toBe(9); // compared 25 with 9, not 64 with 9 ("tăng 611,1%")
    expect(compile("2024-Q4").totals["tuyen_truyen.so_buoi"]).toBe(15);
    expect(compile("2024-12").totals["tuyen_truyen.so_buoi"]).toBe(15);
    // the year holds all of it
    expect(compile("2024").totals["tuyen_truyen.so_buoi"]).toBe(73);
  });
});

describe("every table adds up", () => {
  it("year 2024: months, a row for the yearly import, months without figures say so, the total is the rows' sum", () => {
    const [byMonth, byUnit] = tables("2024");
    expect(byMonth!.rows).toEqual([
      ["1", "Tháng 01/2024", "5", "3"],
      ["2", "Tháng 02/2024", "4", "0"],
      ["3", "Tháng 03/2024", "Không có số liệu", ""],
      ["4", "Tháng 04/2024", "Không có số liệu", ""],
      ["5", "Tháng 05/2024", "Không có số liệu", ""],
      ["6", "Tháng 06/2024", "Không có số liệu", ""],
      ["7", "Tháng 07/2024", "10", "6"],
      ["8", "Tháng 08/2024", "Không có số liệu", ""],
      ["9", "Tháng 09/2024", "Không có số liệu", ""],
      ["10", "Tháng 10/2024", "Không có số liệu", ""],
      ["11", "Tháng 11/2024", "Không có số liệu", ""],
      ["12", "Tháng 12/2024", "15", "8"],
      ["13", "Cả năm 2024, không chia theo tháng", "39", "27"],
      ["", "Tổng cộng", "73", "44"],
    ]);
    expect(byMonth!.emptyRows).toEqual([2, 3, 4, 5, 7, 8, 9, 10]);
    expect(byUnit!.rows.at(-1)).toEqual(["", "Tổng cộng", "73", "44"]);
  });

  it("H2 2024: six month rows adding up to 25, no yearly row", () => {
    const [byMonth] = tables("2024-H2");
    expect(byMonth!.rows).toEqual([
      ["1", "Tháng 07/2024", "10", "6"],
      ["2", "Tháng 08/2024", "Không có số liệu", ""],
      ["3", "Tháng 09/2024", "Không có số liệu", ""],
      ["4", "Tháng 10/2024", "Không có số liệu", ""],
      ["5", "Tháng 11/2024", "Không có số liệu", ""],
      ["6", "Tháng 12/2024", "15", "8"],
      ["", "Tổng cộng", "25", "14"],
    ]);
  });

  it("the unit table gives figures of units no longer in the profile their own row", () => {
    const without = { ...profile, units: profile.units.filter((u) => u.code !== "tay-hung") };
    const [, byUnit] = tables("2024", without);
    const tay = profile.units.find((u) => u.code === "tay-hung")!;
    expect(byUnit!.rows).toEqual([
      ["1", profile.units.find((u) => u.code === "dong-hung")!.shortName ?? "", "73", "0"],
      ["2", tay.shortName ?? tay.name, "0", "44"],
      ["", "Tổng cộng", "73", "44"],
    ]);
  });

  it("refuses a stock metric in a month-by-month table, naming the line", () => {
    const t = parseTemplate(["---", "trich_yeu: Thử", "---", "", "[[bang thang: dan_so.ho | Biểu 1. Hộ]]"].join("\n"), "t.md");
    expect(t.ok).toBe(false);
    if (!t.ok) expect(t.errors.map(String).join("\n")).toMatch(/^t\.md:5: Cột “dan_so\.ho” là số liệu tồn tại/);
  });
});

describe("the DOCX of a month without figures", () => {
  it("merges the row's figure cells into one cell saying so", async () => {
    const t = parseTemplate(["---", "trich_yeu: Thử", "---", "Buổi: {{tuyen_truyen.so_buoi}}.",
      "[[bang thang: tuyen_truyen.so_buoi (Buổi), tin.co_gia_tri (Tin) | Biểu 1. Theo tháng]]"].join("\n"), "t.md");
    if (!t.ok) throw new Error(t.errors.join("\n"));
    const data = compile("2024-H2");
    const xml = await (await JSZip.loadAsync(await renderDocx(renderTemplate(t.template, data), data))).file("word/document.xml")!.async("string");
    const row = [...xml.matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((m) => m[0]).find((r) => r.includes("Tháng 08/2024"))!;
    expect(row).toContain("Không có số liệu");
    expect(row).toMatch(/<w:gridSpan w:val="2"\/>/);
    expect(row.match(/<w:tc>/g)).toHaveLength(3); // STT, month, one merged cell
  });
});
