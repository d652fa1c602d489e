// "[[bieu_do: …]]" in a report template: the appendix gets the chart as a picture. Checked on the
// model ten-year report: the chart's series are the hand-written yearly figures
// (test/report/model-figures.ts), the DOCX holds a PNG that its document XML points at and that
// still parses as XML 1.0, and LibreOffice renders the page with the picture on it.
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import JSZip from "jszip";
import { renderDocx } from "../../src/report/docx.js";
import { docxOpens } from "../../src/report/docx-check.js";
import { parseTemplate, renderTemplate } from "../../src/report/template.js";
import { modelReportData } from "./model-figures.js";
import { xmlErrors } from "./docx-xml.js";
import { tempDir } from "../helpers/temp.js";

const TEMPLATE = join(import.meta.dirname, "../../templates/bao-cao-tong-ket.md");
const CHART_LINE = "[[bieu_do: nam_tinh_hinh | Biểu #. Tin thu được qua các năm]]";

function template(extra: string) {
  const parsed = parseTemplate(`${readFileSync(TEMPLATE, "utf8")}\n${extra}\n`, "bao-cao-tong-ket.md");
  if (!parsed.ok) throw new Error(parsed.errors.map(String).join("\n"));
  return parsed.template;
}

describe("a chart in the report's appendix", () => {
  it("is a chart block after the tables, numbered with them, of the yearly figures", () => {
    const doc = renderTemplate(template(CHART_LINE), modelReportData());
    const blocks = doc.appendix!.blocks;
    const chart = blocks.at(-1)!;
    expect(chart.kind).toBe("chart");
    if (chart.kind !== "chart") return;
    // The tables before it are Biểu 1 … 6 (those of the model that have figures).
    expect(blocks.filter((b) => b.kind === "table")).toHaveLength(6);
    expect(chart.title).toBe("Biểu 7. Tin thu được qua các năm");
    expect(chart.data.labels).toEqual(["2015", "2016", "2017", "2018", "2019", "2020", "2021", "2022", "2023", "2024", "2025"]);
    // Hand-written in model-figures.ts: valuable tips per year, summing to the report's 329; no reference tips.
    expect(chart.data.series).toEqual([
      { name: "Tin có giá trị", values: [30, 32, 35, 31, 34, 31, 37, 34, 32, 29, 4] },
      { name: "Tin tham khảo", values: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] },
    ]);
    expect(chart.data.subtitle).toBe("tin · Phường Nhơn Hưng · từ ngày 01/01/2015 đến ngày 26/02/2025");
  });

  it("is left out when the period has a single month, like a table by month", () => {
    const data = modelReportData({ byMonth: [{ key: "2025-02", label: "Tháng 02/2025", values: { "tin.co_gia_tri": 3 } }] });
    expect(renderTemplate(template(CHART_LINE), data).appendix!.blocks.some((b) => b.kind === "chart")).toBe(false);
  });

  it("names what is wrong in a template asking for an unknown chart", () => {
    const r = parseTemplate(`${readFileSync(TEMPLATE, "utf8")}\n[[bieu_do: con_meo | Biểu #. x]]\n`, "mau.md");
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map(String).join("\n")).toMatch(/mau\.md:\d+: Biểu đồ cần tên một biểu mẫu .*Không có “con_meo”\. Các biểu mẫu: tuyen_truyen, tuan_tra, nam_tinh_hinh, vi_pham\./);
  });

  it("puts a PNG into the DOCX that the document XML points at, and the XML still parses", async () => {
    const data = modelReportData();
    const bytes = await renderDocx(renderTemplate(template(CHART_LINE), data), data);
    const zip = await JSZip.loadAsync(bytes);
    const media = Object.keys(zip.files).filter((n) => n.startsWith("word/media/"));
    expect(media).toHaveLength(1);
    const png = await zip.file(media[0]!)!.async("nodebuffer");
    expect([...png.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    // Drawn at twice the printed size: 1600 × 900 pixels.
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1600, 900]);
    const rels = await zip.file("word/_rels/document.xml.rels")!.async("string");
    const id = new RegExp(`Id="([^"]+)"[^>]*Target="${media[0]!.replace("word/", "")}"`).exec(rels)?.[1]
      ?? new RegExp(`Target="${media[0]!.replace("word/", "")}"[^>]*Id="([^"]+)"`).exec(rels)?.[1];
    expect(id).toBeDefined();
    const document = await zip.file("word/document.xml")!.async("string");
    expect(document).toContain(`r:embed="${id}"`);
    expect(document).toContain("PHỤ LỤC"); // the appendix is still there
    expect(document).toContain("Biểu 7. Tin thu được qua các năm");
    expect(await xmlErrors(bytes)).toEqual([]);
    expect(docxOpens(bytes)).toBe(true);
  });

  const has = (cmd: string) => spawnSync("sh", ["-c", `command -v ${cmd}`]).status === 0;
  const available = has("soffice") && has("pdfimages");
  it.skipIf(!available && process.env.REQUIRE_LIBREOFFICE !== "1")("LibreOffice renders the picture in the PDF", async () => {
    const dir = tempDir("bienbot-chart-docx-");
    const data = modelReportData();
    writeFileSync(join(dir, "bao-cao.docx"), await renderDocx(renderTemplate(template(CHART_LINE), data), data));
    const soffice = spawnSync("soffice", [`-env:UserInstallation=file://${dir}/lo`, "--headless", "--convert-to", "pdf", "--outdir", dir, join(dir, "bao-cao.docx")],
      { encoding: "utf8", timeout: 240_000 });
    expect(soffice.status, soffice.stderr).toBe(0);
    const list = spawnSync("pdfimages", ["-list", join(dir, "bao-cao.pdf")], { encoding: "utf8" }).stdout;
    // A header line, a rule, then one line per image (its transparency, if any, is an "smask" line): the chart, 1600 × 900.
    const images = list.split("\n").slice(2).filter((l) => /^\s*\d+\s+\d+\s+image\s/.test(l));
    expect(images).toHaveLength(1);
    expect(images[0]).toMatch(/\s1600\s+900\s/);
  }, 300_000);
});
