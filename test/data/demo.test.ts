import { describe, expect, it } from "vitest";
import { DemoRefusedError, fillDemo, seededRandom } from "../../src/data/demo.js";
import { exportCsv } from "../../src/data/export.js";
import { importCsv } from "../../src/data/import.js";
import { forms, metricKeys } from "../../src/domain/catalogue.js";
import { countEntries, countValues, flowSums, freshDb, stockSums } from "./db.js";

const DEMO_NOTE = "dữ liệu mẫu"; // written out, not imported from src/
const NOW = new Date("2025-02-26T09:00:00+07:00");
const ALL = { start: "1900-01-01", end: "2999-12-31" };

describe("fillDemo", () => {
  it("fills ten years of complete months for every unit", () => {
    const db = freshDb();
    const r = fillDemo(db, { cutoffDay: 0, now: NOW, seed: 7 });
    expect(r.entries).toBe(countEntries(db));
    expect(r.values).toBe(countValues(db));
    expect(r.entries).toBeGreaterThan(1500);

    const span = db.$client.prepare("select min(span_start) as first, max(span_end) as last, count(distinct period) as months from entries").get();
    expect(span).toEqual({ first: "2015-02-01", last: "2025-01-31", months: 120 });
    // Every unit of the profile has figures; every entry is a month, marked as demo data.
    const units = db.$client.prepare("select u.code, count(e.id) as n from units u left join entries e on e.unit_code = u.code group by u.code").all() as { code: string; n: number }[];
    for (const u of units) expect(u.n, u.code).toBeGreaterThan(0);
    const odd = db.$client.prepare("select count(*) as n from entries where source != 'import' or reporter_id is not null or note != ? or activity_date != span_end").get(DEMO_NOTE);
    expect(odd).toEqual({ n: 0 });
    // Only known metrics, no negatives, decimals only for the loudspeaker hours.
    const metrics = db.$client.prepare("select distinct metric from entry_values").all() as { metric: string }[];
    for (const m of metrics) expect(metricKeys().has(m.metric), m.metric).toBe(true);
    expect(db.$client.prepare("select count(*) as n from entry_values where value < 0 or (value != cast(value as integer) and metric != 'tuyen_truyen.gio_loa')").get()).toEqual({ n: 0 });
  });

  it("files the forms each unit kind files, with the right patrol kinds", () => {
    const db = freshDb();
    fillDemo(db, { cutoffDay: 0, now: NOW, seed: 7 });
    const rows = db.$client.prepare("select distinct u.kind, e.form_id as form from entries e join units u on u.code = e.unit_code").all() as { kind: string; form: string }[];
    for (const r of rows) expect(forms().find((f) => f.id === r.form)!.unitKinds as readonly string[], `${r.kind} ${r.form}`).toContain(r.kind);
    const patrols = (code: string) => (db.$client.prepare(
      "select distinct substr(v.metric, 10, instr(substr(v.metric, 10), '.') - 1) as kind from entry_values v join entries e on e.id = v.entry_id " +
      "where e.unit_code = ? and v.metric like 'tuan_tra.%' order by 1").all(code) as { kind: string }[]).map((r) => r.kind);
    expect(patrols("to-phu-nu")).toEqual(["to_phu_nu"]);
    expect(patrols("to-antt-dong-hung")).toEqual(["antt", "phoi_hop"]);
    expect(patrols("don-bp-nhon-hung")).toEqual(["dan_duong", "doc_lap", "kiem_soat", "phoi_hop", "song_phuong"]);
    // Escorting the demarcation teams happened in the early years only.
    const lastEscort = db.$client.prepare("select max(e.span_end) as d from entries e join entry_values v on v.entry_id = e.id where v.metric like 'tuan_tra.dan_duong.%'").get() as { d: string };
    expect(lastEscort.d < "2019-01-01").toBe(true);
    // Stocks: population once a year per khóm; plausible sizes.
    const pop = stockSums(db, "2025-02-26");
    expect(pop["dan_so.ho"]).toBeGreaterThan(1500);
    expect(pop["dan_so.khau"]! / pop["dan_so.ho"]!).toBeGreaterThan(3.5);
    expect(pop["to_antt.so_to"]).toBe(3);
    expect(pop["to_phu_nu.so_to"]).toBe(1);
    expect(db.$client.prepare("select count(*) as n from entries where form_id = 'dan_so'").get()).toEqual({ n: 30 });
  });

  it("is deterministic: the same seed gives the same figures, another seed others", () => {
    const a = freshDb();
    const b = freshDb();
    const c = freshDb();
    expect(fillDemo(a, { cutoffDay: 0, now: NOW, seed: 42 })).toEqual(fillDemo(b, { cutoffDay: 0, now: NOW, seed: 42 }));
    fillDemo(c, { cutoffDay: 0, now: NOW, seed: 43 });
    expect(flowSums(a, ALL.start, ALL.end)).toEqual(flowSums(b, ALL.start, ALL.end));
    expect(stockSums(a, ALL.end)).toEqual(stockSums(b, ALL.end));
    expect(flowSums(a, ALL.start, ALL.end)).not.toEqual(flowSums(c, ALL.start, ALL.end));
    const dump = (db: typeof a) => db.$client.prepare("select e.unit_code, e.form_id, e.period, v.metric, v.value from entries e join entry_values v on v.entry_id = e.id order by e.id, v.metric").all();
    expect(dump(a)).toEqual(dump(b));
  });

  it("follows the cut-off day and the number of years", () => {
    const db = freshDb();
    fillDemo(db, { cutoffDay: 14, now: NOW, years: 2 });
    // 26/02/2025 with cut-off 14 is in month 2025-03; the last complete month is 2025-02 (15/01–14/02).
    expect(db.$client.prepare("select min(span_start) as first, max(span_end) as last, count(distinct period) as months from entries").get())
      .toEqual({ first: "2023-02-15", last: "2025-02-14", months: 24 });
  });

  it("refuses a database that has entries; force replaces earlier demo data and keeps real figures", () => {
    const db = freshDb();
    expect(importCsv(db, "ky,don_vi,chi_tieu,gia_tri\n2010,dong-hung,tuyen_truyen.so_buoi,5\n", { cutoffDay: 0, now: NOW }).ok).toBe(true);
    expect(() => fillDemo(db, { cutoffDay: 0, now: NOW })).toThrow(DemoRefusedError);
    expect(() => fillDemo(db, { cutoffDay: 0, now: NOW })).toThrow(/đã có 1 mục số liệu/);
    expect(() => fillDemo(db, { cutoffDay: 0, now: NOW })).toThrow("npm run cli -- demo --force");
    expect(countEntries(db)).toBe(1);

    const first = fillDemo(db, { cutoffDay: 0, now: NOW, force: true });
    const second = fillDemo(db, { cutoffDay: 0, now: NOW, force: true });
    expect(second).toEqual(first);
    expect(countEntries(db)).toBe(first.entries + 1);
    expect(flowSums(db, "2010-01-01", "2010-12-31")).toEqual({ "tuyen_truyen.so_buoi": 5 });
  });

  it("its export re-imports into a fresh database with the same sums", () => {
    const db = freshDb();
    fillDemo(db, { cutoffDay: 14, now: NOW, years: 3, seed: 5 });
    const range = { start: "2000-01-01", end: "2025-02-26", key: "all" };
    const other = freshDb();
    const r = importCsv(other, exportCsv(db, range), { cutoffDay: 14, now: NOW });
    // Rows come back one for one; patrols of several kinds in one month become one entry.
    expect(r).toMatchObject({ ok: true, rows: countValues(db) });
    expect(flowSums(other, range.start, range.end)).toEqual(flowSums(db, range.start, range.end));
    expect(stockSums(other, range.end)).toEqual(stockSums(db, range.end));
  });
});

describe("seededRandom", () => {
  it("repeats for a seed and stays in [0, 1)", () => {
    const a = seededRandom(1);
    const b = seededRandom(1);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(new Set(xs).size).toBeGreaterThan(990);
  });
});
