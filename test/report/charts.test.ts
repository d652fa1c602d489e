// The trend charts: the SVG drawn for hand-made series (bars for one series, lines with a marker
// per value for several), the PNG rasterised from it (a real PNG of the asked size), the key
// figures read from the catalogue's `chart: true`, and the monthly figures read from a real
// database against sums worked out by hand.
import { describe, expect, it } from "vitest";
import { SaxesParser } from "saxes";
import { chartSvg, niceScale, type ChartData } from "../../src/chart/svg.js";
import { chartPng } from "../../src/chart/png.js";
import { chartData, chartPoints, chartsData, chartWardName } from "../../src/chart/series.js";
import { loadProfile } from "../../src/app/profile-file.js";
import { chartTargetById, chartTargetFromText, chartTargets } from "../../src/domain/chart-figures.js";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { catalogueErrors } from "../../src/app/catalogue-file.js";
import { tempDir } from "../helpers/temp.js";
import { periodFromKey } from "../../src/domain/periods.js";
import { addEntry } from "../helpers/entries.js";
import { freshDb } from "../data/db.js";

const MONTHS = ["01/25", "02/25", "03/25", "04/25", "05/25", "06/25", "07/25", "08/25", "09/25", "10/25", "11/25", "12/25"];
const count = (svg: string, cls: string) => svg.split(`class="${cls}"`).length - 1;

/** Throws unless the text is well-formed XML. */
function wellFormed(xml: string): void {
  const p = new SaxesParser();
  p.on("error", (e) => { throw e; });
  p.write(xml).close();
}

/** Width and height from a PNG's IHDR chunk (bytes 16–23), after checking the signature. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(png.subarray(12, 16).toString("latin1")).toBe("IHDR");
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe("chartSvg", () => {
  it("draws one bar per month that has a value, none for months to come", () => {
    const data: ChartData = { title: "Tuần tra", labels: MONTHS, series: [{ name: "Lượt tổ", values: [12, 30, 28, 45, 0, 18, 22, 60, 31, null, null, null] }] };
    const svg = chartSvg(data);
    wellFormed(svg);
    expect(count(svg, "bar")).toBe(9);
    expect(count(svg, "line")).toBe(0);
    // Every month is labelled at this width (12 labels, about 760 px).
    for (const m of MONTHS) expect(svg).toContain(`>${m}</text>`);
    expect(svg).toContain("<title id=\"chart-title\">Tuần tra</title>");
  });

  it("draws a line per series and a marker per value when there are several", () => {
    const svg = chartSvg({ title: "Vi phạm", labels: MONTHS.slice(0, 4), series: [
      { name: "Vụ XNC trái phép", values: [1, 2, 0, 3] },
      { name: "Vụ buôn lậu", values: [0, null, 1, 0] },
      { name: "Vụ khác", values: [2, 2, 2, 1] },
    ] });
    wellFormed(svg);
    expect(count(svg, "bar")).toBe(0);
    expect(count(svg, "line")).toBe(3);
    expect(count(svg, "point")).toBe(11);
    expect(count(svg, "legend")).toBe(3);
    expect(svg).toContain(">Vụ buôn lậu</text>");
  });

  it("keeps people's text as text: markup and XML-forbidden characters are escaped or dropped", () => {
    const svg = chartSvg({ title: "A <b>&\"x\"", subtitle: "khóm \u0001 <script>", labels: ["1"], series: [{ name: "</svg>", values: [1] }] });
    wellFormed(svg);
    expect(svg).not.toContain("<script>");
    expect(svg).toContain("A &lt;b&gt;&amp;&quot;x&quot;");
  });

  it("says there is nothing yet when no value is there", () => {
    const svg = chartSvg({ title: "Tin", labels: MONTHS.slice(0, 3), series: [{ name: "Tin", values: [null, null, null] }] });
    expect(svg).toContain("Chưa có số liệu");
    expect(count(svg, "bar")).toBe(0);
  });

  it("puts the axis on round steps (hand-worked)", () => {
    expect(niceScale(60)).toEqual({ top: 60, step: 20 });
    expect(niceScale(7)).toEqual({ top: 8, step: 2 });
    expect(niceScale(1234)).toEqual({ top: 1500, step: 500 });
    expect(niceScale(0)).toEqual({ top: 1, step: 1 });
    expect(niceScale(2)).toEqual({ top: 2, step: 1 });
  });
});

describe("chartPng", () => {
  it("is a PNG of the chart's size", () => {
    const data: ChartData = { title: "Tuyên truyền, phổ biến", subtitle: "buổi · Phường Nhơn Hưng", labels: MONTHS, series: [{ name: "Buổi", values: MONTHS.map((_, i) => i) }] };
    expect(pngSize(chartPng(data))).toEqual({ width: 800, height: 450 });
    expect(pngSize(chartPng(data, { width: 400, height: 300 }))).toEqual({ width: 400, height: 300 });
  });

  it("draws the labels: the same chart without its text is a different picture", () => {
    const labelled = chartPng({ title: "Tuần tra, kiểm soát", labels: ["01/25"], series: [{ name: "x", values: [3] }] });
    const bare = chartPng({ title: "", labels: [""], series: [{ name: "x", values: [3] }] });
    expect(labelled.equals(bare)).toBe(false);
  });
});

describe("key figures from the catalogue", () => {
  it("are the number fields marked chart: true, a choice field's metrics summed", () => {
    const targets = chartTargets();
    expect(targets.map((t) => t.id)).toEqual(["tuyen_truyen", "tuan_tra", "nam_tinh_hinh", "vi_pham"]);
    const patrols = targets.find((t) => t.id === "tuan_tra")!;
    expect(patrols.figures).toHaveLength(1);
    expect(patrols.figures[0]!.key).toBe("tuan_tra.*.luot_to");
    // The joint patrols with Cambodia (`total: false`) are not in the total.
    expect([...patrols.figures[0]!.metrics].sort()).toEqual(["antt", "dan_duong", "doc_lap", "kiem_soat", "phoi_hop", "to_phu_nu"]
      .map((k) => `tuan_tra.${k}.luot_to`));
    expect(targets.find((t) => t.id === "vi_pham")!.figures.map((f) => f.key)).toEqual(["vi_pham.xnc_vu", "vi_pham.buon_lau_vu", "vi_pham.khac_vu"]);
  });

  it("are found from typed words, with or without diacritics, or a metric key", () => {
    expect(chartTargetFromText("tuần tra năm 2025")).toMatchObject({ target: { id: "tuan_tra" }, rest: "năm 2025" });
    expect(chartTargetFromText("vi pham")).toMatchObject({ target: { id: "vi_pham" }, rest: "" });
    expect(chartTargetFromText("Tuyên truyền quý 1/2025")).toMatchObject({ target: { id: "tuyen_truyen" }, rest: "quý 1/2025" });
    expect(chartTargetFromText("tuyen_truyen.luot_nguoi 2025")).toMatchObject({ target: { id: "tuyen_truyen.luot_nguoi", title: "Lượt người dự nghe" }, rest: "2025" });
    expect(chartTargetFromText("mèo")).toBeUndefined();
    // A form without key figures is not a chart.
    expect(chartTargetFromText("dân số")).toBeUndefined();
  });

  it("refuses `chart` on a field that is not a number (the catalogue schema)", () => {
    const yaml = readFileSync(join(import.meta.dirname, "../../templates/catalogue.yaml"), "utf8");
    const marked = yaml.replace("{ key: kind, type: choice, list: hinh_thuc_tuan_tra,", "{ key: kind, type: choice, chart: true, list: hinh_thuc_tuan_tra,");
    expect(marked).not.toBe(yaml);
    const file = join(tempDir("bienbot-chart-catalogue-"), "catalogue.yaml");
    writeFileSync(file, marked);
    expect(catalogueErrors(file).map((e) => e.message).join("\n")).toMatch(/chart/);
  });
});

describe("chartData over a real database", () => {
  it("sums each month's key figures, per ward and per unit (hand-worked)", () => {
    const db = freshDb();
    // Patrols of two kinds by two units; a deleted entry and one of another year that must not count.
    addEntry(db, { unit: "to-antt-dong-hung", form: "tuan_tra", date: "2025-01-10", values: { "tuan_tra.antt.luot_to": 3, "tuan_tra.antt.luot_nguoi": 9 } });
    addEntry(db, { unit: "to-antt-dong-hung", form: "tuan_tra", date: "2025-01-20", values: { "tuan_tra.kiem_soat.luot_to": 2, "tuan_tra.kiem_soat.luot_nguoi": 4 } });
    addEntry(db, { unit: "don-bp-nhon-hung", form: "tuan_tra", date: "2025-01-05", values: { "tuan_tra.doc_lap.luot_to": 10, "tuan_tra.doc_lap.luot_nguoi": 50 } });
    addEntry(db, { unit: "don-bp-nhon-hung", form: "tuan_tra", date: "2025-03-31", values: { "tuan_tra.doc_lap.luot_to": 7, "tuan_tra.doc_lap.luot_nguoi": 30 } });
    const gone = addEntry(db, { unit: "don-bp-nhon-hung", form: "tuan_tra", date: "2025-02-02", values: { "tuan_tra.doc_lap.luot_to": 100, "tuan_tra.doc_lap.luot_nguoi": 500 } });
    db.$client.prepare("update entries set status = 'deleted' where id = ?").run(gone);
    addEntry(db, { unit: "don-bp-nhon-hung", form: "tuan_tra", date: "2024-03-01", values: { "tuan_tra.doc_lap.luot_to": 40, "tuan_tra.doc_lap.luot_nguoi": 80 } });
    const q1 = periodFromKey("2025-Q1", 0)!;
    const target = chartTargetById("tuan_tra")!;
    const ward = chartData(db, { target, period: q1, cutoffDay: 0, today: "2025-06-01", wardName: "Phường Nhơn Hưng" });
    expect(ward.labels).toEqual(["01/25", "02/25", "03/25"]);
    // January: 3 + 2 + 10; February: the deleted 100 does not count; March: 7.
    expect(ward.series).toEqual([{ name: "Lượt tổ", values: [15, 0, 7] }]);
    expect(ward.subtitle).toBe("lượt tổ · Phường Nhơn Hưng · 01/25 – 03/25");
    const unit = chartData(db, { target, period: q1, cutoffDay: 0, today: "2025-06-01", wardName: "x", unit: { code: "to-antt-dong-hung", name: "Tổ ANTT Đông Hưng" } });
    expect(unit.series[0]!.values).toEqual([5, 0, 0]);
    // Months not begun have no point.
    expect(chartData(db, { target, period: q1, cutoffDay: 0, today: "2025-02-10", wardName: "x" }).series[0]!.values).toEqual([15, 0, null]);
  });

  it("counts the patrols as the report's total does: the joint patrols with Cambodia are left out (hand-worked)", () => {
    const db = freshDb();
    addEntry(db, { unit: "don-bp-nhon-hung", form: "tuan_tra", date: "2025-01-05", values: { "tuan_tra.doc_lap.luot_to": 10, "tuan_tra.doc_lap.luot_nguoi": 50 } });
    addEntry(db, { unit: "don-bp-nhon-hung", form: "tuan_tra", date: "2025-01-06", values: { "tuan_tra.song_phuong.luot_to": 2, "tuan_tra.song_phuong.luot_nguoi": 8 } });
    addEntry(db, { unit: "to-antt-dong-hung", form: "tuan_tra", date: "2025-02-10", values: { "tuan_tra.antt.luot_to": 3, "tuan_tra.antt.luot_nguoi": 9 } });
    const q1 = periodFromKey("2025-Q1", 0)!;
    // January: 10 (not 10 + 2); February: 3; March: none.
    expect(chartData(db, { target: chartTargetById("tuan_tra")!, period: q1, cutoffDay: 0, today: "2025-06-01", wardName: "x" }).series)
      .toEqual([{ name: "Lượt tổ", values: [10, 3, 0] }]);
    // Charted alone by its key, the joint patrols are still there.
    expect(chartData(db, { target: chartTargetById("tuan_tra.song_phuong.luot_to")!, period: q1, cutoffDay: 0, today: "2025-06-01", wardName: "x" }).series[0]!.values)
      .toEqual([2, 0, 0]);
  });

  it("reads several charts at once with the counting rule: whole-month and yearly imports, tenths, one unit (hand-worked)", () => {
    const db = freshDb();
    // Hours in tenths: 0,1 + 0,2 in January is 0,3.
    addEntry(db, { unit: "dong-hung", form: "tuyen_truyen", date: "2025-01-10", values: { "tuyen_truyen.gio_loa": 0.1 } });
    addEntry(db, { unit: "tay-hung", form: "tuyen_truyen", date: "2025-01-11", values: { "tuyen_truyen.gio_loa": 0.2 } });
    // February filed for the whole month (an import): counted in February.
    addEntry(db, { unit: "dong-hung", form: "nam_tinh_hinh", date: "2025-02-28", period: "2025-02", spanStart: "2025-02-01", spanEnd: "2025-02-28",
      values: { "tin.co_gia_tri": 4, "tin.tham_khao": 6 } });
    // A year filed whole: in no month, only in a point holding the whole year.
    addEntry(db, { unit: "dong-hung", form: "nam_tinh_hinh", date: "2024-12-31", period: "2024", spanStart: "2024-01-01", spanEnd: "2024-12-31",
      values: { "tin.co_gia_tri": 100 } });
    addEntry(db, { unit: "to-antt-dong-hung", form: "tuan_tra", date: "2025-03-03", values: { "tuan_tra.antt.luot_to": 2 } });
    addEntry(db, { unit: "don-bp-nhon-hung", form: "tuan_tra", date: "2025-03-05", values: { "tuan_tra.doc_lap.luot_to": 5 } });
    const targets = [chartTargetById("tuan_tra")!, chartTargetById("nam_tinh_hinh")!, chartTargetById("tuyen_truyen.gio_loa")!];
    const q1 = { period: periodFromKey("2025-Q1", 0)!, cutoffDay: 0, today: "2025-06-01", wardName: "Phường Nhơn Hưng" };
    expect(chartsData(db, { ...q1, targets }).map((c) => c.series)).toEqual([
      [{ name: "Lượt tổ", values: [0, 0, 7] }],
      [{ name: "Tin có giá trị", values: [0, 4, 0] }, { name: "Tin tham khảo", values: [0, 6, 0] }],
      [{ name: "Giờ loa truyền thanh", values: [0.3, 0, 0] }],
    ]);
    // One unit: the team's 2 patrols only.
    const team = chartsData(db, { ...q1, targets, unit: { code: "to-antt-dong-hung", name: "Tổ ANTT Đông Hưng" } });
    expect(team.map((c) => c.series.map((s) => s.values))).toEqual([[[0, 0, 2]], [[0, 0, 0], [0, 0, 0]], [[0, 0, 0]]]);
    // Over three years the points are years: 2024 holds the yearly figure, 2025 (January–February) the months'.
    const years = chartsData(db, { ...q1, period: periodFromKey("2022-01-01..2025-02-26", 0)!, targets });
    expect(years[0]!.labels).toEqual(["2022", "2023", "2024", "2025"]);
    expect(years[1]!.series).toEqual([{ name: "Tin có giá trị", values: [0, 0, 100, 4] }, { name: "Tin tham khảo", values: [0, 0, 0, 6] }]);
    expect(years[2]!.series[0]!.values).toEqual([0, 0, 0, 0.3]);
  });

  it("names the ward as it was called at the charted period's end (Nhơn Hưng became Thới Sơn on 01/07/2025)", () => {
    const profile = loadProfile("templates/ward-profile.yaml");
    const name = (key: string) => chartWardName(profile, periodFromKey(key, 0)!, 0);
    expect(name("2026")).toBe("Phường Thới Sơn");
    // A month is the twelve months up to it: 12/2024–11/2026 ends under the new name.
    expect(name("2026-11")).toBe("Phường Thới Sơn");
    expect(name("2025-H1")).toBe("Phường Nhơn Hưng");
    expect(name("2025-06")).toBe("Phường Nhơn Hưng");
    expect(name("2025-07")).toBe("Phường Thới Sơn");
    expect(name("2016-01-01..2025-12-31")).toBe("Phường Thới Sơn");
    const db = freshDb();
    const year = periodFromKey("2026", 0)!;
    const chart = chartData(db, { target: chartTargetById("tuan_tra")!, period: year, cutoffDay: 0, today: "2026-12-07", wardName: chartWardName(profile, year, 0) });
    expect(chart.subtitle).toBe("lượt tổ · Phường Thới Sơn · 01/26 – 12/26");
  });

  it("a month means the twelve months up to it; over three years, one point a year", () => {
    expect(chartPoints(periodFromKey("2025-03", 0)!, 0).map((p) => p.label))
      .toEqual(["04/24", "05/24", "06/24", "07/24", "08/24", "09/24", "10/24", "11/24", "12/24", "01/25", "02/25", "03/25"]);
    const decade = chartPoints(periodFromKey("2015-01-01..2025-02-26", 0)!, 0);
    expect(decade.map((p) => p.label)).toEqual(["2015", "2016", "2017", "2018", "2019", "2020", "2021", "2022", "2023", "2024", "2025"]);
    expect(decade[10]).toEqual({ label: "2025", start: "2025-01-01", end: "2025-02-28" });
    // With the 15th–14th month (cut-off 14), March 2025 runs 15/02–14/03.
    expect(chartPoints(periodFromKey("2025-Q1", 14)!, 14)[2]).toEqual({ label: "03/25", start: "2025-02-15", end: "2025-03-14" });
  });
});
