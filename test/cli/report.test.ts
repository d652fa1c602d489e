// `npm run cli -- report | import | export` without any chat.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { cli } from "../helpers/cli.js";
import { tempDir } from "../helpers/temp.js";

/** The CLI's "now": after the model report's period (it ends on 26/02/2025). */
const AT = "2025-03-03T03:00:00Z";

describe("cli report, import and export", () => {
  it("imports the model figures, writes the report DOCX and exports CSV", async () => {
    const dir = tempDir("bienbot-cli-");
    const env = { DATABASE_PATH: join(dir, "bot.sqlite") };
    const imported = await cli(["import", "test/fixtures/import/model-report.csv"], env, AT);
    expect(imported.lines.join("\n")).toMatch(/Đã nhập \d+ dòng/);
    const out = join(dir, "r.docx");
    await cli(["report", "--ky", "tu 01/01/2015 den 26/02/2025", "--out", out], env, AT);
    const xml = await (await JSZip.loadAsync(readFileSync(out))).file("word/document.xml")!.async("string");
    expect(xml).toContain("14.209 lượt người");
    const again = join(dir, "again.docx");
    await cli(["report", "--ky", "2015-01-01..2025-02-26", "--archived", "--out", again], env, AT);
    expect(readFileSync(again).equals(readFileSync(out))).toBe(true);
    await expect(cli(["report", "--ky", "2019", "--archived"], env, AT)).rejects.toThrow("Chưa phát hành");
    const csv = await cli(["export", "--ky", "2015-01-01..2025-02-26"], env, AT);
    expect(csv.lines[0]!.startsWith("\uFEFFky,don_vi,chi_tieu,gia_tri")).toBe(true);
  });

  it("refuses a file with one bad row, naming the row, and writes nothing", async () => {
    const dir = tempDir("bienbot-cli-");
    const env = { DATABASE_PATH: join(dir, "bot.sqlite") };
    await expect(cli(["import", "test/fixtures/import/model-report-bad-row.csv"], env, AT)).rejects.toThrow(/dòng \d+:/);
    const exported = await cli(["export", "--ky", "2015-01-01..2025-02-26"], env, AT);
    expect(exported.lines).toHaveLength(1); // the header only
  });

  it("checks the template, and refuses an unreadable period", async () => {
    const dir = tempDir("bienbot-cli-");
    const env = { DATABASE_PATH: join(dir, "bot.sqlite") };
    expect((await cli(["report"], env, AT)).lines[0]).toContain("hợp lệ");
    await expect(cli(["report"], { ...env, REPORT_TEMPLATE_PATH: "test/fixtures/templates/unknown-filter.md" })).rejects.toThrow(/unknown-filter\.md:\d+:/);
    await expect(cli(["report", "--ky", "thang 13/2025"], env, AT)).rejects.toThrow("Ví dụ");
    expect(existsSync(join(dir, "bao-cao-2025-13.docx"))).toBe(false);
  });
});
