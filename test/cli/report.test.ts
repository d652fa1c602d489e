// `npm run cli -- report | import | export` without any chat.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import JSZip from "jszip";
import Database from "better-sqlite3";
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
    const csv = await cli(["export", "--ky", "2015-01-01..2025-02-26", "--format", "csv"], env, AT);
    expect(csv.lines[0]!.startsWith("\uFEFFky,don_vi,chi_tieu,gia_tri")).toBe(true);
  });

  it("refuses a file with one bad row, naming the row, and writes nothing", async () => {
    const dir = tempDir("bienbot-cli-");
    const env = { DATABASE_PATH: join(dir, "bot.sqlite") };
    await expect(cli(["import", "test/fixtures/import/model-report-bad-row.csv"], env, AT)).rejects.toThrow(/dòng \d+:/);
    const exported = await cli(["export", "--ky", "2015-01-01..2025-02-26", "--format", "csv"], env, AT);
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

  it("--can-cu keeps the lines for the kind of its --ky period: the next monthly report does not carry the ten-year plan", async () => {
    const dir = tempDir("bienbot-cli-");
    const env = { DATABASE_PATH: join(dir, "bot.sqlite") };
    await cli(["import", "test/fixtures/import/model-report.csv"], env, AT);
    const ten = join(dir, "ten.docx");
    const plan = "Kế hoạch số 564/KH-UBND ngày 24/02/2025 của UBND thị xã Tịnh Biên về tổng kết 10 năm";
    const r = await cli(["report", "--ky", "2015-01-01..2025-02-26", "--can-cu", plan, "--out", ten], env, AT);
    expect(r.text).toContain("Có in thêm: 1 căn cứ riêng của báo cáo tổng kết nhiều năm");
    expect(await xmlOf(ten)).toContain(`Căn cứ ${plan};`);
    const month = join(dir, "month.docx");
    await cli(["report", "--ky", "2025-01", "--out", month], env, AT);
    expect(await xmlOf(month)).not.toContain("564/KH-UBND");
    expect(setting(env.DATABASE_PATH, "report.can_cu.multiYear")).toEqual([`Căn cứ ${plan};`]);
    expect(setting(env.DATABASE_PATH, "report.can_cu.month")).toBeUndefined();
  }, 60_000);

  it("--nhan-dinh, --nhiem-vu, --dot keep the leader's words of the period as the chat does; --bo-loi clears them", async () => {
    const dir = tempDir("bienbot-cli-");
    const env = { DATABASE_PATH: join(dir, "bot.sqlite") };
    await cli(["import", "test/fixtures/import/model-report.csv"], env, AT);
    const out = join(dir, "r.docx");
    const r = await cli(["report", "--ky", "tháng 1/2025", "--out", out,
      "--nhan-dinh", "Phát hiện 02 vụ xuất nhập cảnh trái phép.".normalize("NFD"),
      "--nhiem-vu", "Tuần tra biên giới dịp Tết; kiểm tra", "--nhiem-vu", "Tuyên truyền Luật Biên phòng",
      "--dot", "ngoai_bien=Tình hình phía Campuchia ổn định", "--dot", "hỗ trợ=Hỗ trợ Tết cho cán bộ"], env, AT);
    expect(r.text).toContain("Có in thêm: nhận định (--nhan-dinh); 2 nhiệm vụ kỳ tới (--nhiem-vu); thông tin đợt: ngoai_bien, ho_tro (--dot).");
    expect(setting(env.DATABASE_PATH, "report.words.2025-01")).toEqual({
      situation: "Phát hiện 02 vụ xuất nhập cảnh trái phép.",
      tasks: ["Tuần tra biên giới dịp Tết; kiểm tra", "Tuyên truyền Luật Biên phòng"],
      facts: { ngoai_bien: "Tình hình phía Campuchia ổn định", ho_tro: "Hỗ trợ Tết cho cán bộ" },
    });
    // One --nhiem-vu may separate the tasks with ";", as in the chat; an empty --dot value removes that fact.
    await cli(["report", "--ky", "2025-01", "--out", out, "--nhiem-vu", "Tuần tra; Tuyên truyền", "--dot", "ho_tro="], env, AT);
    expect(setting(env.DATABASE_PATH, "report.words.2025-01")).toEqual({
      situation: "Phát hiện 02 vụ xuất nhập cảnh trái phép.", tasks: ["Tuần tra", "Tuyên truyền"],
      facts: { ngoai_bien: "Tình hình phía Campuchia ổn định" },
    });
    const cleared = await cli(["report", "--ky", "2025-01", "--out", out, "--bo-loi"], env, AT);
    expect(cleared.text).not.toContain("Có in thêm");
    expect(setting(env.DATABASE_PATH, "report.words.2025-01")).toEqual({ situation: null, tasks: [], facts: {} });
  }, 60_000);

  it("refuses bad words before storing or writing anything", async () => {
    const dir = tempDir("bienbot-cli-");
    const env = { DATABASE_PATH: join(dir, "bot.sqlite") };
    await cli(["import", "test/fixtures/import/model-report.csv"], env, AT);
    const out = join(dir, "r.docx");
    const run = (...args: string[]) => cli(["report", "--ky", "2025-01", "--out", out, "--nhan-dinh", "Ổn định.", ...args], env, AT);
    await expect(run("--dot", "bau_cu=Khóa VII")).rejects.toThrow("--dot cần dạng ten=\"nội dung\", với ten là một trong: ngoai_bien, phong_trao, ho_tro, kien_nghi.");
    await expect(run("--dot", "ngoai bien")).rejects.toThrow("--dot cần dạng");
    await expect(run("--nhiem-vu", Array.from({ length: 16 }, (_, i) => `Việc ${i + 1}`).join(";"))).rejects.toThrow("--nhiem-vu: Nhiều quá 15 nhiệm vụ.");
    await expect(cli(["report", "--ky", "2025-01", "--out", out, "--nhan-dinh", "  "], env, AT)).rejects.toThrow("--nhan-dinh: Chưa có nội dung nhận định.");
    await expect(run("--dot", `kien_nghi=${"x".repeat(601)}`)).rejects.toThrow("--dot: Mục kien_nghi dài quá 600 ký tự.");
    expect(setting(env.DATABASE_PATH, "report.words.2025-01")).toBeUndefined();
    expect(existsSync(out)).toBe(false);
  }, 60_000);
});

async function xmlOf(path: string): Promise<string> {
  return (await JSZip.loadAsync(readFileSync(path))).file("word/document.xml")!.async("string");
}

function setting(dbPath: string, key: string): unknown {
  const db = new Database(dbPath, { readonly: true });
  try {
    const row = db.prepare("select value_json as v from settings where key = ?").get(key) as { v: string } | undefined;
    return row ? JSON.parse(row.v) as unknown : undefined;
  } finally {
    db.close();
  }
}
