// `import` of what is not a CSV, or a CSV with a stray quote: one plain Vietnamese line each.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "../helpers/cli.js";
import { tempDir } from "../helpers/temp.js";

const AT = "2025-03-03T03:00:00Z";

async function refusal(args: string[], env: Record<string, string>): Promise<string> {
  try {
    await cli(args, env, AT);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error(`not refused: ${args.join(" ")}`);
}

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
