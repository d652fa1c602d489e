// docxOpens: what /guilai checks before sending an archived report again.
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { docxOpens } from "../../src/report/docx-check.js";
import { renderDocx } from "../../src/report/docx.js";
import { loadReportTemplates } from "../../src/app/start.js";
import { renderTemplate } from "../../src/report/template.js";
import { modelReportData } from "./model-figures.js";

/** The document with its word/document.xml passed through `edit` (as an old writer may have left it). */
async function tampered(bytes: Buffer, edit: (xml: string) => string): Promise<Buffer> {
  const zip = await JSZip.loadAsync(bytes);
  zip.file("word/document.xml", edit(await zip.file("word/document.xml")!.async("string")));
  return zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
}

describe("docxOpens", async () => {
  const data = modelReportData();
  const good = await renderDocx(renderTemplate((await loadReportTemplates({})).multiYear, data), data);

  it("a report the writer made opens, stored or deflated", async () => {
    expect(docxOpens(good)).toBe(true);
    expect(docxOpens(await tampered(good, (x) => x))).toBe(true);
  });

  it("a raw U+FFFE, U+FFFF or control character in the text does not", async () => {
    for (const c of ["\uFFFE", "\uFFFF", "\u0001", "\u000B"]) {
      expect(docxOpens(await tampered(good, (x) => x.replace("Nhơn Hưng", `Nhơn${c} Hưng`))), JSON.stringify(c)).toBe(false);
    }
  });

  it("unbalanced tags, a truncated archive or no archive at all do not", async () => {
    expect(docxOpens(await tampered(good, (x) => x.replace("</w:body>", "")))).toBe(false);
    expect(docxOpens(good.subarray(0, good.length - 100))).toBe(false);
    expect(docxOpens(Buffer.from("not a zip"))).toBe(false);
    expect(docxOpens(Buffer.alloc(0))).toBe(false);
  });
});
