// `backup` refuses what would give an empty or a harmful copy: a DATABASE_PATH that does not exist
// (a typo would otherwise create an empty database and "back it up"), the live database as its own
// target, and an existing file unless --ghi-de.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { cli } from "../helpers/cli.js";
import { tempDir } from "../helpers/temp.js";

const AT = "2025-03-03T03:00:00Z";

function invites(path: string): number {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare("select count(*) n from invites").get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe("cli backup", () => {
  it("refuses a DATABASE_PATH that does not exist, and creates nothing", async () => {
    const dir = tempDir("bienbot-cli-backup-");
    const typo = join(dir, "bott.sqlite");
    const target = join(dir, "b.sqlite");
    await expect(cli(["backup", target], { DATABASE_PATH: typo }, AT))
      .rejects.toThrow(`Không có cơ sở dữ liệu ${typo} (DATABASE_PATH). Kiểm tra lại DATABASE_PATH; không sao lưu gì.`);
    expect(existsSync(typo)).toBe(false);
    expect(existsSync(target)).toBe(false);
  }, 60_000);

  it("refuses the live database as its own target", async () => {
    const dir = tempDir("bienbot-cli-backup-");
    const env = { DATABASE_PATH: join(dir, "bot.sqlite") };
    await cli(["invite", "--role", "admin"], env, AT);
    await expect(cli(["backup", join(dir, ".", "bot.sqlite")], env, AT))
      .rejects.toThrow(`${join(dir, ".", "bot.sqlite")} là chính cơ sở dữ liệu đang dùng (DATABASE_PATH). Chọn tệp khác để sao lưu.`);
    expect(invites(env.DATABASE_PATH)).toBe(1);
  }, 60_000);

  it("refuses to overwrite an existing file without --ghi-de, and replaces it with", async () => {
    const dir = tempDir("bienbot-cli-backup-");
    const env = { DATABASE_PATH: join(dir, "bot.sqlite") };
    await cli(["invite", "--role", "admin"], env, AT);
    const target = join(dir, "b.sqlite");
    writeFileSync(target, "a file the clerk keeps");
    await expect(cli(["backup", target], env, AT))
      .rejects.toThrow(`Đã có ${target}; không ghi đè. Chọn tên khác, hoặc thêm --ghi-de để ghi đè.`);
    expect(readFileSync(target, "utf8")).toBe("a file the clerk keeps");
    const r = await cli(["backup", target, "--ghi-de"], env, AT);
    expect(r.text).toBe(`Đã sao lưu vào ${target}.`);
    expect(invites(target)).toBe(1);
    expect((await cli(["backup", "--help"], env, AT)).text).toContain("--ghi-de");
  }, 60_000);
});
