// `import` of what is not a CSV, or a CSV with a stray quote: one plain Vietnamese line each.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, cliRefusal } from "../helpers/cli.js";
import { tempDir } from "../helpers/temp.js";

const AT = "2025-03-03T03:00:00Z";

const refusal = (args: string[], env: Record<string, string>) => cliRefusal(args, env, AT);

describe("cli import errors", () => {
  it("the bot's own XLSX is answered with: import takes CSV only, and how to get one", async () => {
    const dir = tempDir("bienbot-cli-import-");
    const env = { DATABASE_PATH: join(dir, "bot.sqlite") };
    await cli(["import", "test/fixtures/import/model-report.csv"], env, AT);
    const xlsx = join(dir, "so-lieu.xlsx");
    await cli(["export", "--ky", "2025-01", "--out", xlsx], env, AT);
    const m = await refusal(["import", xlsx], env);
    expect(m).toBe(`${xlsx}: tệp là bảng tính Excel (XLSX), không phải CSV; lệnh nhập chỉ nhận CSV. ` +
      "Lấy CSV từ bot: npm run cli -- export --ky <kỳ> --format csv (trong chat: /xuat <kỳ> csv), " +
      "hoặc trong Excel chọn Lưu thành → \"CSV UTF-8 (phân cách bằng dấu phẩy)\".");
    expect(m).not.toContain("UTF-8 (có ký tự");
  }, 60_000);
});

describe("cli import: a stray quote", () => {
  it("is named once, in Vietnamese, with its line, its column and how to fix it", async () => {
    const dir = tempDir("bienbot-cli-import-");
    const env = { DATABASE_PATH: join(dir, "bot.sqlite") };
    const csv = join(dir, "quote.csv");
    writeFileSync(csv, 'ky,don_vi,chi_tieu,gia_tri,ghi_chu\n2015,dong-hung,tuyen_truyen.so_buoi,9,=HYPERLINK("http://x")\n');
    const m = await refusal(["import", csv], env);
    expect(m).toBe(`${csv}: không nhập gì, vì có dòng sai:\n  dòng 2: cột ghi_chu: dấu ngoặc kép đặt sai (ở giữa ô). ` +
      "Ô có dấu ngoặc kép phải được bao cả ô trong ngoặc kép và viết mỗi dấu bên trong hai lần, ví dụ: \"=HYPERLINK(\"\"http://x\"\")\"; hoặc bỏ dấu ngoặc kép.");
    expect(m).not.toMatch(/Invalid|quote is found|field/);
  }, 60_000);
});
