// `restore <tệp>`: a -wal left beside the database (a crash) must not be replayed onto the backup;
// refused while the database is open elsewhere, and for a file that is not a whole backup of the bot.
import { copyFileSync, existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { cli } from "../helpers/cli.js";
import { tempDir } from "../helpers/temp.js";

const AT = "2025-03-03T03:00:00Z";

function inviteCount(path: string): number {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare("select count(*) n from invites").get() as { n: number }).n;
  } finally {
    db.close();
  }
}

/** Two invites written to the live database and left in its -wal, as a crash leaves them. */
function writesLeftInWal(path: string): void {
  const c = new Database(path);
  c.pragma("wal_autocheckpoint = 0");
  c.exec("insert into invites (code_hash, role, unit_code, created_at, expires_at) select code_hash || 'x', role, unit_code, created_at, expires_at from invites limit 1");
  c.exec("insert into invites (code_hash, role, unit_code, created_at, expires_at) select code_hash || 'y', role, unit_code, created_at, expires_at from invites limit 1");
  // The -wal as it stands before any checkpoint: the crash's leftover, put back once this connection is gone.
  copyFileSync(`${path}-wal`, `${path}-wal.crash`);
  c.close();
  copyFileSync(`${path}-wal.crash`, `${path}-wal`);
}

describe("cli restore", () => {
  it("restores exactly the backup's rows though a -wal with later writes lies beside the database", async () => {
    const dir = tempDir("bienbot-cli-restore-");
    const env = { DATABASE_PATH: join(dir, "bot.sqlite") };
    await cli(["invite", "--role", "admin"], env, AT);
    const backup = join(dir, "b.sqlite");
    await cli(["backup", backup], env, AT);
    writesLeftInWal(env.DATABASE_PATH);
    expect(existsSync(`${env.DATABASE_PATH}-wal`)).toBe(true);
    const r = await cli(["restore", backup], env, AT);
    expect(r.lines[0]).toBe(`Đã khôi phục ${env.DATABASE_PATH} từ ${backup}. Khởi động lại bot: npm start`);
    expect(existsSync(`${env.DATABASE_PATH}-wal`)).toBe(false);
    expect(inviteCount(env.DATABASE_PATH)).toBe(1);
  }, 60_000);

  it("keeps a copy of the database it replaces, with what its -wal held, named in the reply (found by exploratory testing)", async () => {
    const dir = tempDir("bienbot-cli-restore-");
    const env = { DATABASE_PATH: join(dir, "bot.sqlite") };
    await cli(["invite", "--role", "admin"], env, AT);
    const backup = join(dir, "b.sqlite");
    await cli(["backup", backup], env, AT);
    writesLeftInWal(env.DATABASE_PATH); // the database replaced holds 3 invites, 2 of them in its -wal
    const r = await cli(["restore", backup], env, AT);
    // AT is 03/03/2025 10:00 in Vietnam: the copy's name says when, in the operator's time.
    const kept = join(dir, "bot.sqlite.truoc-khi-phuc-hoi-2025-03-03-1000.sqlite");
    expect(r.text).toContain(`Bản cơ sở dữ liệu trước khi khôi phục được giữ ở ${kept}`);
    expect(inviteCount(kept)).toBe(3);
    expect(inviteCount(env.DATABASE_PATH)).toBe(1);
    // Undone by restoring the copy kept.
    await cli(["restore", kept], env, "2025-03-03T04:00:00Z");
    expect(inviteCount(env.DATABASE_PATH)).toBe(3);
  }, 60_000);

  it("refuses while another connection holds the database, and changes nothing", async () => {
    const dir = tempDir("bienbot-cli-restore-");
    const env = { DATABASE_PATH: join(dir, "bot.sqlite") };
    await cli(["invite", "--role", "admin"], env, AT);
    const backup = join(dir, "b.sqlite");
    await cli(["backup", backup], env, AT);
    await cli(["invite", "--role", "admin"], env, AT);
    const bot = new Database(env.DATABASE_PATH); // the running bot, idle
    try {
      bot.prepare("select count(*) from invites").get();
      await expect(cli(["restore", backup], env, AT)).rejects.toThrow(`Cơ sở dữ liệu ${env.DATABASE_PATH} đang được dùng (bot hoặc một lệnh khác đang chạy): dừng bot trước, rồi chạy lại lệnh restore.`);
    } finally {
      bot.close();
    }
    expect(inviteCount(env.DATABASE_PATH)).toBe(2);
  }, 60_000);

  it("refuses a file that is not a backup of the bot", async () => {
    const dir = tempDir("bienbot-cli-restore-");
    const env = { DATABASE_PATH: join(dir, "bot.sqlite") };
    await cli(["invite", "--role", "admin"], env, AT);
    const text = join(dir, "notes.txt");
    writeFileSync(text, "không phải cơ sở dữ liệu ".repeat(100));
    await expect(cli(["restore", text], env, AT)).rejects.toThrow(`${text} không phải tệp cơ sở dữ liệu SQLite. Chọn tệp do lệnh backup tạo ra.`);
    const other = join(dir, "other.sqlite");
    const o = new Database(other);
    o.exec("create table notes(x)");
    o.close();
    await expect(cli(["restore", other], env, AT)).rejects.toThrow(`${other} không phải cơ sở dữ liệu của bot (không có bảng entries). Chọn tệp do lệnh backup tạo ra.`);
    await expect(cli(["restore", join(dir, "none.sqlite")], env, AT)).rejects.toThrow(`Lỗi tệp: không có tệp hoặc thư mục ${join(dir, "none.sqlite")}.`);
    expect(inviteCount(env.DATABASE_PATH)).toBe(1);
  }, 60_000);
});
