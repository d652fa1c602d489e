// Each kind of report rendered by LibreOffice to PDF: the page holding the signature also holds
// body text (the signature block never stands alone on a page). Slow: skipped, with a reason,
// when soffice or pdftotext is missing, unless REQUIRE_LIBREOFFICE=1 (CI), where it must run.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { loadReportTemplates } from "../../src/app/start.js";
import type { Period } from "../../src/domain/periods.js";
import { renderDocx } from "../../src/report/docx.js";
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

const pdfPages = (pdf: string): string[] => {
  const info = spawnSync("pdfinfo", [pdf], { encoding: "utf8" }).stdout;
  const n = Number(/Pages:\s+(\d+)/.exec(info)?.[1] ?? 0);
  return Array.from({ length: n }, (_, i) =>
    spawnSync("pdftotext", ["-f", String(i + 1), "-l", String(i + 1), "-layout", pdf, "-"], { encoding: "utf8" }).stdout);
};

describe.skipIf(!available && !required)(`DOCX rendered by LibreOffice${available ? "" : ` (${reason})`}`, () => {
  const dir = tempDir("bienbot-pdf-");
  const pages = {} as Record<ReportKind, string[]>;

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
    }
    // A private profile, so a LibreOffice already running for someone else does not take the job.
    const profile = pathToFileURL(join(dir, "lo-profile")).href;
    const r = spawnSync("soffice", [`-env:UserInstallation=${profile}`, "--headless", "--convert-to", "pdf", "--outdir", dir, ...files],
      { encoding: "utf8", timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    for (const kind of REPORT_KINDS) pages[kind] = pdfPages(join(dir, `${kind}.pdf`));
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

  it("the monthly report is short: body and signature on two pages, the appendix from page 3", () => {
    const appendixAt = pages.month.findIndex((p) => p.includes("PHỤ LỤC"));
    expect(appendixAt).toBeGreaterThan(0);
    expect(appendixAt).toBeLessThanOrEqual(2);
  });
});
