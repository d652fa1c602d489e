// `report --out` to a place that cannot be written is refused before the report is recorded as
// issued (else --archived and /guilai would hand out a report nobody received); --archived names
// its issue time in Vietnamese time.
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "../helpers/cli.js";
import { tempDir } from "../helpers/temp.js";

/** After January 2025 (cutoff day 0 by default): 10:00 on 03/03/2025 in Vietnam. */
const AT = "2025-03-03T03:00:00Z";

describe("cli report --out", () => {
  it("refuses a missing folder or a folder as --out in one Vietnamese line, and records nothing", async () => {
    const dir = tempDir("bienbot-cli-out-");
    const env = { DATABASE_PATH: join(dir, "bot.sqlite") };
    const missing = join(dir, "khong-co", "x.docx");
    await expect(cli(["report", "--ky", "2025-01", "--force", "--out", missing], env, AT))
      .rejects.toThrow(`Không ghi được ${missing}: không có thư mục ${join(dir, "khong-co")}. Tạo thư mục đó trước, hoặc chọn nơi khác (--out).`);
    const folder = join(dir, "a-folder");
    mkdirSync(folder);
    await expect(cli(["report", "--ky", "2025-01", "--force", "--out", folder], env, AT))
      .rejects.toThrow(`Không ghi được ${folder}: đó là một thư mục. Ghi tên tệp, ví dụ: ${join(folder, "bao-cao.docx")}`);
    // Nothing issued: --archived has nothing to hand out.
    await expect(cli(["report", "--ky", "2025-01", "--archived", "--out", join(dir, "a.docx")], env, AT)).rejects.toThrow("Chưa phát hành");
  }, 60_000);

  it("--archived says when the report was issued in Vietnamese time", async () => {
    const dir = tempDir("bienbot-cli-out-");
    const env = { DATABASE_PATH: join(dir, "bot.sqlite") };
    const out = join(dir, "r.docx");
    await cli(["report", "--ky", "2025-01", "--force", "--out", out], env, AT);
    const again = join(dir, "again.docx");
    const r = await cli(["report", "--ky", "2025-01", "--archived", "--out", again], env, AT);
    expect(r.text).toContain(`Đã ghi ${again}: bản phát hành lúc 10:00 ngày 03/03/2025 (mã băm`);
    expect(r.text).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    expect(readFileSync(again).equals(readFileSync(out))).toBe(true);
  }, 60_000);
});
