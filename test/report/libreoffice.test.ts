// Each kind of report rendered by LibreOffice to PDF: the page holding the signature also holds
// body text (the signature block never stands alone on a page), no table's "Tổng cộng" row starts
// a page alone, table headers take at most two lines, a month's body fits in two pages. Slow:
// skipped, with a reason, when soffice or pdftotext is missing, unless REQUIRE_LIBREOFFICE=1 (CI).
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { loadReportTemplates } from "../../src/app/start.js";
import type { Period } from "../../src/domain/periods.js";
import { renderDocx } from "../../src/report/docx.js";
import type { DocBlock, DocModel } from "../../src/report/document.js";
import { REPORT_KINDS, reportKindOf, type ReportKind } from "../../src/report/kinds.js";
import { renderTemplate } from "../../src/report/template.js";
import { modelReportData, spreadOverMonths } from "./model-figures.js";
import { tempDir } from "../helpers/temp.js";

const has = (cmd: string) => spawnSync("sh", ["-c", `command -v ${cmd}`]).status === 0;
const available = has("soffice") && has("pdftotext") && has("pdfinfo");
const required = process.env.REQUIRE_LIBREOFFICE === "1";
const reason = "LibreOffice (soffice) or poppler-utils (pdftotext) not installed; set REQUIRE_LIBREOFFICE=1 to make this fail";
if (!available && !required) console.warn(`test/report/libreoffice.test.ts skipped: ${reason}`);

const PERIODS: Record<ReportKind, Period> = {
  month: { kind: "month", key: "2025-02", start: "2025-02-01", end: "2025-02-28", label: "tháng 02/2025" },
  quarter: { kind: "quarter", key: "2025-Q1", start: "2025-01-01", end: "2025-03-31", label: "quý I/2025" },
  half: { kind: "half", key: "2025-H1", start: "2025-01-01", end: "2025-06-30", label: "6 tháng đầu năm 2025" },
  nine: { kind: "nine", key: "2024-9M", start: "2024-01-01", end: "2024-09-30", label: "9 tháng đầu năm 2024" },
  year: { kind: "year", key: "2024", start: "2024-01-01", end: "2024-12-31", label: "năm 2024" },
  multiYear: { kind: "range", key: "2015-01-01..2025-02-26", start: "2015-01-01", end: "2025-02-26", label: "từ ngày 01/01/2015 đến ngày 26/02/2025" },
};

/**
 * One document of many figure tables, each after an introduction one line longer than the last,
 * so the tables end at every height of a page: some total row would start a page if nothing
 * kept it with the rows above.
 */
function sweepDoc(base: DocModel): DocModel {
  const body: DocBlock[] = [];
  for (let t = 0; t < 16; t++) {
    const words = Array.from({ length: 14 * (t % 8) + 5 }, (_, i) => (i % 5 === 0 ? "biên giới" : "tuần tra")).join(" ");
    body.push({ kind: "paragraph", spans: [{ text: `Đoạn ${t + 1}: ${words}.` }] });
    const rows = Array.from({ length: 19 + (t % 5) }, (_, i) => [String(i + 1), `Đơn vị số ${i + 1}`, String(i * 3), String(i * 7)]);
    body.push({ kind: "table", title: `Biểu ${t + 1}. Bảng thử`, header: ["STT", "Đơn vị", "Buổi tuyên truyền", "Lượt người dự nghe"],
      rows: [...rows, ["", "Tổng cộng", "1", "2"]], numeric: [false, false, true, true], totalRow: true });
  }
  body.push({ kind: "paragraph", spans: [{ text: "Hết./." }] });
  return { ...base, body, appendix: null };
}

/** Pages whose first table row is a "Tổng cộng" row: a total that starts a page alone. */
const loneTotals = (pages: string[]): number[] =>
  pages.flatMap((p, i) => {
    const rows = p.split("\n").filter((l) => /^\s*(\d+\s{2,}\S|Tổng cộng)/.test(l));
    return rows[0]?.trim().startsWith("Tổng cộng") ? [i + 1] : [];
  });

interface Word { x0: number; y0: number; x1: number; y1: number; text: string }
/** Words of every page with their boxes (pdftotext -bbox). */
function pdfWords(pdf: string): Word[][] {
  const html = spawnSync("pdftotext", ["-bbox", pdf, "-"], { encoding: "utf8", maxBuffer: 64 << 20 }).stdout;
  return html.split("<page ").slice(1).map((page) => [...page.matchAll(
    /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g,
  )].map((m) => ({ x0: Number(m[1]), y0: Number(m[2]), x1: Number(m[3]), y1: Number(m[4]), text: m[5]! })));
}

/**
 * Header cells taking more than two lines. The header is every word between a "Biểu N." title
 * and the table's first row (the "1" of STT); words join one cell when they overlap across
 * lines or stand closer than a cell's margins on one line; a cell's lines are its distinct tops.
 */
function tallHeaders(pages: Word[][]): string[] {
  const out: string[] = [];
  for (const words of pages) {
    const titles = words.filter((w, i) => w.text === "Biểu" && /^\d+\.$/.test(words[i + 1]?.text ?? ""));
    for (const title of titles) {
      const below = words.filter((w) => w.text === "1" && w.y0 > title.y1 && w.x0 < 130);
      const first = Math.min(...below.map((w) => w.y0));
      const head = words.filter((w) => w.y0 >= title.y1 - 0.5 && w.y1 <= first + 0.5);
      const cell = head.map((_, i) => i);
      const find = (i: number): number => (cell[i] === i ? i : (cell[i] = find(cell[i]!)));
      head.forEach((a, i) => head.forEach((b, j) => {
        const sameLine = Math.abs(a.y0 - b.y0) < 1;
        const joined = sameLine ? Math.max(a.x0, b.x0) - Math.min(a.x1, b.x1) < 5 : a.x0 < b.x1 && b.x0 < a.x1;
        if (i < j && joined) cell[find(i)] = find(j);
      }));
      const cells = new Map<number, Word[]>();
      head.forEach((w, i) => cells.set(find(i), [...(cells.get(find(i)) ?? []), w]));
      for (const ws of cells.values()) {
        const tops = new Set(ws.map((w) => Math.round(w.y0)));
        if (tops.size > 2) out.push(`Biểu ${words[words.indexOf(title) + 1]!.text} ${ws.map((w) => w.text).join(" ")}`);
      }
    }
  }
  return out;
}

const pdfPages = (pdf: string): string[] => {
  const info = spawnSync("pdfinfo", [pdf], { encoding: "utf8" }).stdout;
  const n = Number(/Pages:\s+(\d+)/.exec(info)?.[1] ?? 0);
  return Array.from({ length: n }, (_, i) =>
    spawnSync("pdftotext", ["-f", String(i + 1), "-l", String(i + 1), "-layout", pdf, "-"], { encoding: "utf8" }).stdout);
};

describe.skipIf(!available && !required)(`DOCX rendered by LibreOffice${available ? "" : ` (${reason})`}`, () => {
  const dir = tempDir("bienbot-pdf-");
  const pages = {} as Record<ReportKind, string[]>;
  const words = {} as Record<ReportKind, Word[][]>;
  let sweepPages: string[] = [];
  let busyMonthPages: string[] = [];

  beforeAll(async () => {
    expect(available, reason).toBe(true);
    const templates = await loadReportTemplates({});
    const files: string[] = [];
    for (const kind of REPORT_KINDS) {
      const period = PERIODS[kind];
      expect(reportKindOf(period)).toBe(kind);
      const model = modelReportData();
      const data = modelReportData(kind === "multiYear" ? {} : { period, byMonth: spreadOverMonths(model.totals, period.start, period.end) });
      const file = join(dir, `${kind}.docx`);
      writeFileSync(file, await renderDocx(renderTemplate(templates[kind], data), data));
      files.push(file);
      if (kind === "month") {
        // A busy month: two round căn cứ, the leader's sentence and three tasks on top of every figure.
        const busy = modelReportData({ ...data, extraBasis: [
          "Căn cứ Kế hoạch số 12/KH-UBND ngày 05/01/2025 của Ủy ban nhân dân phường về công tác biên giới năm 2025;",
          "Căn cứ Công văn số 45/UBND-VP ngày 20/01/2025 của Ủy ban nhân dân phường về việc báo cáo định kỳ hằng tháng;",
        ], words: { situation: "Tình hình an ninh trật tự trên địa bàn cơ bản ổn định, không để xảy ra vụ việc phức tạp.", tasks: [
          "Tiếp tục tuyên truyền Chỉ thị số 01 đến từng hộ dân ở khu vực biên giới.",
          "Duy trì tuần tra, kiểm soát, nắm chắc tình hình trước, trong và sau Tết Nguyên đán.",
          "Kiện toàn các tổ tự quản đường biên, mốc quốc giới và tổ an ninh trật tự.",
        ], facts: {} } });
        const busyFile = join(dir, "busy-month.docx");
        writeFileSync(busyFile, await renderDocx(renderTemplate(templates[kind], busy), busy));
        files.push(busyFile);
        const sweep = join(dir, "sweep.docx");
        writeFileSync(sweep, await renderDocx(sweepDoc(renderTemplate(templates[kind], data)), data));
        files.push(sweep);
      }
    }
    // A private profile, so a LibreOffice already running for someone else does not take the job.
    const profile = pathToFileURL(join(dir, "lo-profile")).href;
    const r = spawnSync("soffice", [`-env:UserInstallation=${profile}`, "--headless", "--convert-to", "pdf", "--outdir", dir, ...files],
      { encoding: "utf8", timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    for (const kind of REPORT_KINDS) {
      pages[kind] = pdfPages(join(dir, `${kind}.pdf`));
      words[kind] = pdfWords(join(dir, `${kind}.pdf`));
    }
    sweepPages = pdfPages(join(dir, "sweep.pdf"));
    busyMonthPages = pdfPages(join(dir, "busy-month.pdf"));
  }, 150_000);

  it.each(REPORT_KINDS)("%s: the signature's page also holds body text", (kind) => {
    const all = pages[kind];
    const at = all.findIndex((p) => p.includes("Huỳnh Thanh Vũ"));
    expect(at).toBeGreaterThanOrEqual(0);
    const page = all[at]!;
    const before = page.slice(0, page.indexOf("Nơi nhận:")).split("\n").map((l) => l.trim())
      .filter((l) => l !== "" && !/^\d+$/.test(l)); // the page number
    expect(before.length).toBeGreaterThan(0);
    expect(before.join(" ")).toMatch(/\.\/\.$/); // the body's last paragraph ends on this page
  });

  it.each(REPORT_KINDS)("%s: no table's total row starts a page alone", (kind) => {
    expect(loneTotals(pages[kind])).toEqual([]);
  });

  it("tables ending at every height of a page: no total row starts a page alone", () => {
    expect(sweepPages.length).toBeGreaterThan(8);
    expect(sweepPages.join("\n").match(/Tổng cộng/g)).toHaveLength(16);
    expect(loneTotals(sweepPages)).toEqual([]);
  });

  it.each(REPORT_KINDS)("%s: every table header fits in two lines", (kind) => {
    expect(words[kind].flat().some((w) => w.text === "Biểu")).toBe(true);
    expect(tallHeaders(words[kind])).toEqual([]);
  });

  it("the monthly report is short: body and signature on two pages, the appendix from page 3", () => {
    const appendixAt = pages.month.findIndex((p) => p.includes("PHỤ LỤC"));
    expect(appendixAt).toBeGreaterThan(0);
    expect(appendixAt).toBeLessThanOrEqual(2);
  });

  it("a busy month (round căn cứ, the leader's words, every figure) still has its body and signature on two pages", () => {
    expect(busyMonthPages.findIndex((p) => p.includes("Huỳnh Thanh Vũ"))).toBeLessThanOrEqual(1);
    expect(busyMonthPages.findIndex((p) => p.includes("PHỤ LỤC"))).toBe(2);
  });
});
