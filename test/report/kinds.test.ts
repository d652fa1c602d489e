// Which kind of report a period gets (src/report/kinds.ts), and where each kind's template comes from.
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadProfile } from "../../src/app/profile-file.js";
import { loadReportTemplates, profileTemplateDir, reportTemplatePaths } from "../../src/app/start.js";
import { periodFromKey, type Period } from "../../src/domain/periods.js";
import { periodDays, reportKindOf, yearSpan, yearsCovered } from "../../src/report/kinds.js";
import { tempDir } from "../helpers/temp.js";

const range = (start: string, end: string): Period => ({ kind: "range", key: `${start}..${end}`, start, end, label: "" });
const key = (k: string) => periodFromKey(k, 0)!;

describe("report kinds", () => {
  it("calendar periods keep their kind", () => {
    expect(["2025-02", "2025-Q1", "2025-H1", "2025-9M", "2024"].map((k) => reportKindOf(key(k)))).toEqual(["month", "quarter", "half", "nine", "year"]);
  });

  it("a free range is classed by its length in days", () => {
    expect(periodDays(range("2025-01-15", "2025-02-14"))).toBe(31);
    expect(reportKindOf(range("2025-01-15", "2025-02-14"))).toBe("month");
    expect(reportKindOf(range("2025-01-01", "2025-02-14"))).toBe("month"); // 45 days
    expect(reportKindOf(range("2025-01-01", "2025-02-15"))).toBe("quarter"); // 46 days
    expect(reportKindOf(range("2025-01-01", "2025-03-31"))).toBe("quarter");
    expect(reportKindOf(range("2025-01-01", "2025-06-30"))).toBe("half");
    expect(reportKindOf(range("2025-01-01", "2025-08-28"))).toBe("half"); // 240 days
    expect(reportKindOf(range("2025-01-01", "2025-08-29"))).toBe("nine"); // 241 days
    expect(reportKindOf(range("2025-01-01", "2025-09-30"))).toBe("nine");
    expect(reportKindOf(range("2025-01-01", "2025-11-16"))).toBe("nine"); // 320 days
    expect(reportKindOf(range("2025-01-01", "2025-11-17"))).toBe("year"); // 321 days
    expect(reportKindOf(range("2024-01-01", "2024-12-31"))).toBe("year");
    expect(reportKindOf(range("2024-01-01", "2025-01-31"))).toBe("year"); // 366 + 31 = 397 days
    expect(reportKindOf(range("2024-01-01", "2025-02-04"))).toBe("multiYear"); // 366 + 35 = 401 days
  });

  it("longer than about 13 months is a tổng kết of several years", () => {
    expect(reportKindOf(range("2024-01-01", "2025-02-28"))).toBe("multiYear");
    const model = range("2015-01-01", "2025-02-26");
    expect(reportKindOf(model)).toBe("multiYear");
    expect(yearsCovered(model)).toBe(10);
    expect(yearSpan(model)).toBe("2015 – 2025");
    expect(yearsCovered(range("2016-01-01", "2025-12-31"))).toBe(10);
    expect(yearsCovered(range("2021-01-01", "2025-12-31"))).toBe(5);
  });
});

describe("templates per kind", () => {
  it("defaults live in templates/, REPORT_TEMPLATE_DIR overrides the kinds it has a file for, REPORT_TEMPLATE_PATH all", async () => {
    expect(reportTemplatePaths({})).toEqual({
      month: "templates/bao-cao-thang.md", quarter: "templates/bao-cao-quy.md", half: "templates/bao-cao-6-thang.md",
      nine: "templates/bao-cao-9-thang.md", year: "templates/bao-cao-nam.md", multiYear: "templates/bao-cao-tong-ket.md",
    });
    const dir = tempDir("bienbot-mau-");
    writeFileSync(join(dir, "bao-cao-thang.md"), "---\ntrich_yeu: Báo cáo riêng {{ky.ten}}\n---\nNội dung./.\n");
    const paths = reportTemplatePaths({ REPORT_TEMPLATE_DIR: dir });
    expect(paths.month).toBe(join(dir, "bao-cao-thang.md"));
    expect(paths.year).toBe("templates/bao-cao-nam.md");
    const set = await loadReportTemplates({ REPORT_TEMPLATE_DIR: dir });
    expect(set.month.file).toBe(join(dir, "bao-cao-thang.md"));
    expect(set.multiYear.file).toBe("templates/bao-cao-tong-ket.md");
    expect(structuredClone(set)).toEqual(set); // plain data: can be posted to a worker thread

    const one = join(dir, "mot-mau.md");
    writeFileSync(one, "---\ntrich_yeu: Một mẫu {{ky.ten}}\n---\nNội dung./.\n");
    expect(Object.values(reportTemplatePaths({ REPORT_TEMPLATE_PATH: one, REPORT_TEMPLATE_DIR: dir }))).toEqual(Array(6).fill(one));
  });

  it("a broken template in the folder stops start-up with its file and line", async () => {
    const dir = tempDir("bienbot-mau-");
    writeFileSync(join(dir, "bao-cao-quy.md"), "---\ntrich_yeu: Quý {{ky.ten}}\n---\nĐã có {{bao_cao.da_bao_cao}} đơn vị.\n");
    await expect(loadReportTemplates({ REPORT_TEMPLATE_DIR: dir })).rejects.toThrow(/bao-cao-quy\.md:4: Trường “bao_cao\.da_bao_cao” là thông tin nội bộ/);
    await expect(loadReportTemplates({ REPORT_TEMPLATE_DIR: join(dir, "khong-co") })).rejects.toThrow(/REPORT_TEMPLATE_DIR/);
  });

  it("the profile's templateDir, relative to the profile file, is used when REPORT_TEMPLATE_DIR is not set", async () => {
    const dir = tempDir("bienbot-xa-");
    mkdirSync(join(dir, "mau"));
    writeFileSync(join(dir, "mau", "bao-cao-nam.md"), "---\ntrich_yeu: Năm của xã {{ky.ten}}\n---\nNội dung./.\n");
    copyFileSync("templates/ward-profile.yaml", join(dir, "ward-profile.yaml"));
    writeFileSync(join(dir, "ward-profile.yaml"), "templateDir: mau\n", { flag: "a" });
    const profilePath = join(dir, "ward-profile.yaml");
    const own = profileTemplateDir(profilePath, loadProfile(profilePath));
    expect(own).toBe(join(dir, "mau"));
    const set = await loadReportTemplates({}, own);
    expect(set.year.file).toBe(join(dir, "mau", "bao-cao-nam.md"));
    expect(set.month.file).toBe("templates/bao-cao-thang.md");
    // The variable wins over the profile, as for every other setting the office makes twice.
    const env = tempDir("bienbot-mau-");
    writeFileSync(join(env, "bao-cao-thang.md"), "---\ntrich_yeu: Tháng {{ky.ten}}\n---\nNội dung./.\n");
    const both = reportTemplatePaths({ REPORT_TEMPLATE_DIR: env }, own);
    expect(both.month).toBe(join(env, "bao-cao-thang.md"));
    expect(both.year).toBe("templates/bao-cao-nam.md");
    // No templateDir in the profile: the defaults.
    expect(profileTemplateDir("templates/ward-profile.yaml", loadProfile("templates/ward-profile.yaml"))).toBeUndefined();
  });

  it("a templateDir that does not exist stops start-up naming the profile's key", async () => {
    const dir = tempDir("bienbot-xa-");
    await expect(loadReportTemplates({}, join(dir, "khong-co"))).rejects.toThrow(/templateDir: không có thư mục .*khong-co/);
  });
});
