// Renders the model-figures report to /tmp/report/bao-cao.docx for a visual check (not a test):
//   npx tsx test/report/render-sample.ts [template.md] [out-dir]
//   soffice --headless --convert-to pdf --outdir /tmp/report /tmp/report/bao-cao.docx
//   pdftoppm -png -r 60 /tmp/report/bao-cao.pdf /tmp/report/page
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { renderDocx } from "../../src/report/docx.js";
import { loadTemplate, renderTemplate } from "../../src/report/template.js";
import { modelReportData } from "./model-figures.js";

const templatePath = process.argv[2] ?? new URL("../../templates/bao-cao-tong-ket.md", import.meta.url).pathname;
const outDir = process.argv[3] ?? "/tmp/report";

const parsed = await loadTemplate(templatePath);
if (!parsed.ok) {
  console.error(parsed.errors.map(String).join("\n"));
  process.exit(1);
}
const data = modelReportData();
const doc = renderTemplate(parsed.template, data);
const bytes = await renderDocx(doc, data);
await mkdir(outDir, { recursive: true });
const out = join(outDir, "bao-cao.docx");
await writeFile(out, bytes);
console.log(`wrote ${out} (${bytes.length} bytes)`);
