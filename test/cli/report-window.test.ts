// Issue 15, items 1, 3, 9 and 10 from the command line: the document states the window it
// counted, figures of a longer span are named with the report that holds them, nine months
// under ND 09, and issue dates never before the period's end. Expected text written by hand.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "../helpers/cli.js";
import { tempDir } from "../helpers/temp.js";
import { docxText } from "../report/docx-text.js";

const AT = "2025-03-03T03:00:00Z";

/** A database with the given CSV imported. */
async function withCsv(rows: string[], env: Record<string, string> = {}, at = AT) {
  const dir = tempDir("bienbot-cli-window-");
  const e = { DATABASE_PATH: join(dir, "bot.sqlite"), ...env };
  const csv = join(dir, "in.csv");
  writeFileSync(csv, ["ky,don_vi,chi_tieu,gia_tri", ...rows].join("\n"));
  await cli(["import", csv], e, at);
  return { dir, env: e };
}

// Whole-month imports for January (50 buổi) and February 2025 (42 buổi), and one chat-like day.
const JAN_FEB = ["2025-01,dong-hung,tuyen_truyen.so_buoi,50", "2025-02,dong-hung,tuyen_truyen.so_buoi,42", "2025-02-25,tay-hung,tuyen_truyen.so_buoi,7"];

describe("a range that cuts months (item 3)", () => {
  it("counts January and February whole and says so in the document, one sentence for both", async () => {
    const { dir, env } = await withCsv(JAN_FEB);
    const out = join(dir, "r.docx");
    const r = await cli(["report", "--ky", "2025-01-10..2025-02-20", "--out", out], env, AT);
    expect(r.text).toContain("Tháng 01/2025 chỉ nằm một phần trong kỳ: 1 số liệu nhập theo cả tháng được tính trọn tháng");
    expect(r.text).toContain("Để tính theo tháng trọn (từ ngày 01/01/2025 đến ngày 28/02/2025): thêm --ca-thang.");
    const text = await docxText(readFileSync(out));
    expect(text).toContain("từ ngày 10/01/2025 đến ngày 20/02/2025");
    expect(text).toContain("Số liệu tháng 01/2025 và tháng 02/2025 được tính cả tháng.");
    expect(r.text).toContain("Tuyên truyền: 92 buổi"); // 50 + 42; the day of 25/02 is outside
  });

  it("says which months' whole-month figures a range holding a small part of them leaves out", async () => {
    const { dir, env } = await withCsv(JAN_FEB);
    const out = join(dir, "r.docx");
    const r = await cli(["report", "--ky", "2025-01-25..2025-02-05", "--out", out, "--force"], env, AT);
    expect(r.text).toContain("Tuyên truyền: 0 buổi");
    const text = await docxText(readFileSync(out));
    expect(text).toContain("Số liệu nhập theo cả tháng 01/2025 và tháng 02/2025 không được tính vì kỳ chỉ gồm một phần nhỏ của tháng.");
  });

  it("with --ca-thang counts the whole months and states both windows", async () => {
    const { dir, env } = await withCsv(JAN_FEB);
    const out = join(dir, "r.docx");
    const r = await cli(["report", "--ky", "2025-01-10..2025-02-20", "--ca-thang", "--out", out], env, AT);
    expect(r.text).toContain("Tuyên truyền: 99 buổi"); // 50 + 42 + 7
    const text = await docxText(readFileSync(out));
    expect(text).toContain("Số liệu tính theo tháng trọn: từ ngày 01/01/2025 đến ngày 28/02/2025 (kỳ đề nghị từ ngày 10/01/2025 đến ngày 20/02/2025).");
    expect(text).not.toContain("được tính cả tháng");
  });

  it("says nothing about counting when the period is exactly what was counted", async () => {
    const { dir, env } = await withCsv(JAN_FEB);
    const out = join(dir, "r.docx");
    await cli(["report", "--ky", "2025-02", "--out", out, "--ngay", "28/02/2025"], env, AT);
    const text = await docxText(readFileSync(out));
    expect(text).not.toContain("Số liệu tháng");
    expect(text).not.toContain("tháng trọn");
  });
});

describe("figures filed for a longer span (item 1)", () => {
  it("H2 2024 leaves out the 2024 import, names it and the report that holds it", async () => {
    const { dir, env } = await withCsv(["2024,dong-hung,tuyen_truyen.so_buoi,39", "2024-07,dong-hung,tuyen_truyen.so_buoi,10",
      "2024-12,dong-hung,tuyen_truyen.so_buoi,15"]);
    const r = await cli(["report", "--ky", "2024-H2", "--out", join(dir, "h2.docx")], env, AT);
    expect(r.text).toContain("• Năm 2024: 1 số liệu chỉ có cho cả năm 2024, không chia được cho kỳ này nên không được tính; báo cáo năm 2024 có các số liệu này.");
    expect(r.text).toContain("Để có các số liệu của năm 2024: --ky 2024");
    expect(r.text).toContain("Tuyên truyền: 25 buổi");
    const year = await cli(["report", "--ky", "2024", "--out", join(dir, "y.docx")], env, AT);
    expect(year.text).toContain("Tuyên truyền: 64 buổi");
  });
});

describe("dates (item 10)", () => {
  it("refuses a January report dated 15/01/2025, naming the earliest date allowed", async () => {
    const { dir, env } = await withCsv(JAN_FEB);
    await expect(cli(["report", "--ky", "2025-01", "--ngay", "15/01/2025", "--out", join(dir, "r.docx")], env, AT))
      .rejects.toThrow("Ngày ban hành 15/01/2025 ở trước ngày cuối kỳ tháng 01/2025 (31/01/2025). Dùng --ngay từ 31/01/2025 trở đi");
    const ok = await cli(["report", "--ky", "2025-01", "--ngay", "31/01/2025", "--out", join(dir, "r.docx")], env, AT);
    expect(ok.text).toContain("Đã ghi");
  });

  it("names the first period with figures, not the middle day of a yearly import", async () => {
    const { env } = await withCsv(["2015,dong-hung,tuyen_truyen.so_buoi,9"]);
    await expect(cli(["report", "--ky", "2014-12"], env, AT))
      .rejects.toThrow("số liệu đầu tiên là của năm 2015. Gõ một kỳ từ năm 2015 trở đi.");
    // January 2015 is not before it: it is empty, and the year's figures are named.
    const jan = cli(["report", "--ky", "2015-01"], env, AT);
    await expect(jan).rejects.toThrow("Kỳ tháng 01/2015 chưa có số liệu nào.");
  });
});

describe("nine months under ND 09 (item 9)", () => {
  it("issues '9 tháng đầu năm 2025' from 15/12/2024 to 14/09/2025 and states that window", async () => {
    const env = { PERIOD_CUTOFF_DAY: "14" };
    const at = "2025-10-01T03:00:00Z";
    const { dir, env: e } = await withCsv(["2024-12-14,dong-hung,tuyen_truyen.so_buoi,1", "2024-12-15,dong-hung,tuyen_truyen.so_buoi,20",
      "2025-09-14,dong-hung,tuyen_truyen.so_buoi,3", "2025-09-15,dong-hung,tuyen_truyen.so_buoi,400"], env, at);
    const out = join(dir, "r.docx");
    const r = await cli(["report", "--ky", "9 tháng đầu năm 2025", "--out", out], e, at);
    expect(r.text).toContain("Tuyên truyền: 23 buổi");
    const text = await docxText(readFileSync(out));
    expect(text).toContain("9 tháng đầu năm 2025 (từ ngày 15/12/2024 đến ngày 14/09/2025)");
  });
});
