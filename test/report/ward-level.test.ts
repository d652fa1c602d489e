// The level word of the ward ("phường" or "xã", {{phuong.cap}}): a commune's report must say "xã"
// where the default templates said "phường" for this ward, and nowhere else change a word.
import { beforeAll, describe, expect, it } from "vitest";
import { loadReportTemplates, type TemplateSet } from "../../src/app/start.js";
import { wardProfileSchema, type WardProfile } from "../../src/domain/profile.js";
import { docText } from "../../src/report/document.js";
import { REPORT_KINDS } from "../../src/report/kinds.js";
import { parseTemplate, renderTemplate } from "../../src/report/template.js";
import { MODEL_PROFILE, figures, modelReportData } from "./model-figures.js";

let templates: TemplateSet;
beforeAll(async () => {
  templates = await loadReportTemplates({});
});

/** The model profile renamed (its header too); `level` set only when given. */
function named(name: string, level?: string): WardProfile {
  const { ward, ...rest } = MODEL_PROFILE;
  const issuingBody = ["ỦY BAN NHÂN DÂN", name.toLocaleUpperCase("vi")];
  return wardProfileSchema.parse({ ...rest, ward: { ...ward, name, issuingBody, ...(level ? { level } : {}) } });
}

function levelOf(profile: WardProfile): string {
  const r = parseTemplate("---\ntrich_yeu: x\n---\n\nCấp: {{phuong.cap}}.", "t.md");
  if (!r.ok) throw new Error(r.errors.map(String).join("\n"));
  const doc = renderTemplate(r.template, modelReportData({ profile }));
  return docText(doc).match(/Cấp: (.*)\./)![1]!;
}

describe("{{phuong.cap}}", () => {
  it("is the first word of the ward's name, lower-cased, when the profile says no level", () => {
    expect(levelOf(MODEL_PROFILE)).toBe("phường");
    expect(levelOf(named("Xã Vĩnh Xương"))).toBe("xã");
  });

  it("is ward.level when the profile gives it, with or without diacritics", () => {
    expect(levelOf(named("UBND Vĩnh Xương", "xã"))).toBe("xã");
    expect(levelOf(named("Vĩnh Xương", "xa"))).toBe("xã");
    expect(levelOf(named("Nhơn Hưng", "Phuong"))).toBe("phường");
  });

  it("refuses a level other than phường or xã", () => {
    const { ward, ...rest } = MODEL_PROFILE;
    const r = wardProfileSchema.safeParse({ ...rest, ward: { ...ward, level: "thị trấn" } });
    expect(r.success).toBe(false);
    if (!r.success) expect(r.error.issues[0]!.message).toContain("phường");
  });
});

describe("the default templates for a commune", () => {
  const commune = named("Xã Vĩnh Xương");
  it.each(REPORT_KINDS)("%s says xã for the commune, never phường except for “các xã, phường biên giới”", (kind) => {
    for (const [totals, entryCount] of [[figures({}), 0], [modelReportData().totals, 100]] as const) {
      const text = docText(renderTemplate(templates[kind], modelReportData({ profile: commune, totals, entryCount })));
      const rest = text.replaceAll("các xã, phường biên giới", "").replaceAll("xã, phường, thị trấn biên giới", "");
      expect(rest).not.toMatch(/phường/i);
    }
  });

  it("the monthly report speaks of the commune's area and its UBND", () => {
    // Nothing counted in the month: the sentences saying so name the commune's UBND.
    const text = docText(renderTemplate(templates.month, modelReportData({ profile: commune, totals: figures({}), entryCount: 0 })));
    expect(text).toContain("trên địa bàn xã ổn định");
    expect(text).toContain("Ủy ban nhân dân xã tiếp tục đôn đốc");
  });
});
