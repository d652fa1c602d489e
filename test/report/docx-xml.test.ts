// Item 11 of issue 15: nothing a person types can break a document. Any string — with the
// characters XML 1.0 forbids (C0 controls, U+FFFE, U+FFFF, lone surrogates) given their own
// weight — placed in a note, a unit's or the signer's name, a căn cứ line and a task still
// yields a DOCX whose every XML part parses.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadReportTemplates } from "../../src/app/start.js";
import { xmlSafe } from "../../src/domain/xml-text.js";
import type { DocModel } from "../../src/report/document.js";
import { renderDocx } from "../../src/report/docx.js";
import { REPORT_KINDS } from "../../src/report/kinds.js";
import { renderTemplate } from "../../src/report/template.js";
import { modelReportData } from "./model-figures.js";
import { docxText } from "./docx-text.js";
import { xmlErrors } from "./docx-xml.js";

const FORBIDDEN = ["\u0000", "\u0001", "\u0008", "\u000B", "\u000C", "\u001F", "\uFFFE", "\uFFFF", "\uD800", "\uDBFF", "\uDC00", "\uDFFF"];
const unit = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...FORBIDDEN) },
  { weight: 2, arbitrary: fc.constantFrom("<", ">", "&", "\"", "'", "]]>", "\t", "\n", "\r", "ệ", "e\u0302\u0323", "😀") },
  { weight: 5, arbitrary: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 3 }) },
);
const typed = fc.string({ unit, minLength: 1, maxLength: 40 });

describe("xmlSafe", () => {
  it("removes exactly what XML 1.0 forbids", () => {
    expect(xmlSafe("a\u0000b\u0001c\u000Bd\u000Ce\u001Ff\uFFFEg\uFFFFh")).toBe("abcdefgh");
    expect(xmlSafe("x\uD800y\uDFFFz")).toBe("xyz"); // lone surrogates
    expect(xmlSafe("Tab\tLF\nCR\r😀 Nhơn Hưng")).toBe("Tab\tLF\nCR\r😀 Nhơn Hưng"); // allowed, pairs kept
  });
});

describe("a DOCX from any typed text parses", () => {
  it("a note with U+FFFE and U+FFFF (seen in issue 15) no longer corrupts word/document.xml", async () => {
    const period = { kind: "month", key: "2025-02", start: "2025-02-01", end: "2025-02-28", label: "tháng 02/2025" } as const;
    const data = modelReportData({ period, markerAnomalies: [{ date: "2025-02-03", unit: "Đồn BP", markers: 1, note: "mốc 250\uFFFE nghiêng\uFFFF", photos: 0 }] });
    const templates = await loadReportTemplates({});
    const bytes = await renderDocx(renderTemplate(templates.month, data), data);
    expect(await xmlErrors(bytes)).toEqual([]);
    expect(await docxText(bytes)).toContain("mốc 250 nghiêng");
  });

  it("the writer: any string in every text field of the document", async () => {
    const data = modelReportData();
    await fc.assert(fc.asyncProperty(typed, async (s) => {
      const doc: DocModel = {
        parentBody: s, issuingBody: [s, s], type: s, subject: s, number: s, symbol: s, numberLine: s, place: s, date: s, placeDate: s,
        recipients: [s, s], signer: { authority: s, title: s, name: s },
        body: [{ kind: "heading", level: 1, text: s }, { kind: "paragraph", spans: [{ text: s }, { text: s, bold: true }] },
          { kind: "table", title: s, header: [s, s], rows: [[s, "1"], [s, "2"]], numeric: [false, true], totalRow: true }],
        appendix: { title: s, subtitle: s, blocks: [{ kind: "paragraph", spans: [{ text: s }] }] },
      };
      const profile = { ...data.profile, ward: { ...data.profile.ward, name: s } };
      expect(await xmlErrors(await renderDocx(doc, { ...data, profile }))).toEqual([]);
    }), { numRuns: 60 });
  });

  it("every kind: a note, a unit's name, the signer's name, a căn cứ line and a task", async () => {
    const templates = await loadReportTemplates({});
    await fc.assert(fc.asyncProperty(typed, typed, typed, typed, typed, async (note, unitName, signer, basis, task) => {
      const base = modelReportData();
      const profile = { ...base.profile, signer: { ...base.profile.signer, name: signer } };
      const byUnit = base.byUnit.map((u, i) => (i === 1 ? { ...u, name: unitName, shortName: unitName } : u));
      const data = modelReportData({
        profile, byUnit, extraBasis: [basis], words: { situation: task, tasks: [task], facts: {} },
        markerAnomalies: [{ date: "2025-02-03", unit: unitName, markers: 1, note, photos: 1 }],
      });
      for (const kind of REPORT_KINDS) {
        expect(await xmlErrors(await renderDocx(renderTemplate(templates[kind], data), data)), kind).toEqual([]);
      }
    }), { numRuns: 15 });
  }, 120_000);
});
