// A database the bot cannot write stops start-up with one Vietnamese line naming DATABASE_PATH
// and the fix, never "attempt to write a readonly database". Made genuinely unwritable: as root
// (for whom a chmod 444 file is writable) with the immutable attribute, otherwise with chmod.
import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/app/environment.js";
import { startBot } from "../../src/app/start.js";
import { closeDb, openDb } from "../../src/db/client.js";
import { createLogger } from "../../src/log.js";
import { cli } from "../helpers/cli.js";
import { tempDir } from "../helpers/temp.js";

const root = process.getuid?.() === 0;

/** Whether this machine can make a file unwritable for us (chattr needs a file system that has the attribute). */
function canLock(): boolean {
  if (!root) return true;
  const probe = join(tempDir("bienbot-ro-probe-"), "x");
  writeFileSync(probe, "");
  try {
    execFileSync("chattr", ["+i", probe], { stdio: "ignore" });
    execFileSync("chattr", ["-i", probe], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

function lock(path: string, folder = false): void {
  if (root) execFileSync("chattr", ["+i", path]);
  else chmodSync(path, folder ? 0o555 : 0o444);
}

function unlock(path: string, folder = false): void {
  if (root) execFileSync("chattr", ["-i", path]);
  else chmodSync(path, folder ? 0o755 : 0o644);
}

/** A migrated database file, closed, in a folder of its own. */
function database(): { dir: string; file: string } {
  const dir = tempDir("bienbot-ro-");
  const file = join(dir, "bot.sqlite");
  closeDb(openDb(file));
  return { dir, file };
}

/** Start-up's error (as main.ts prints it), or "started". */
async function startUp(file: string): Promise<string> {
  try {
    const bot = await startBot({ config: loadConfig({ DATABASE_PATH: file, SCHEDULER: "false" }), log: createLogger({ level: "silent" }) });
    await bot.stop();
    return "started";
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

// Written out here (not built by the code under test): the line for each way a path is unwritable.
const fileLine = (p: string, what = "tệp") => root
  ? `Cấu hình sai: biến DATABASE_PATH: hệ điều hành không cho sửa ${what} ${p} (thường do thuộc tính bất biến, xem: lsattr ${p}); xin gỡ: chattr -i ${p}, hoặc đặt DATABASE_PATH ở chỗ khác.`
  : `Cấu hình sai: biến DATABASE_PATH: ${what} ${p} chỉ cho đọc với người chạy bot; xin cho phép ghi (chmod u+w ${p}, hoặc chown <người chạy bot> ${p}), hoặc đặt DATABASE_PATH ở chỗ khác.`;
const folderLine = (d: string) => (root
  ? `Cấu hình sai: biến DATABASE_PATH: hệ điều hành không cho sửa thư mục ${d} (thường do thuộc tính bất biến, xem: lsattr -d ${d}); xin gỡ: chattr -i ${d}, hoặc đặt DATABASE_PATH ở chỗ khác.`
  : `Cấu hình sai: biến DATABASE_PATH: thư mục ${d} chỉ cho đọc với người chạy bot; xin cho phép ghi (chmod u+w ${d}, hoặc chown <người chạy bot> ${d}), hoặc đặt DATABASE_PATH ở chỗ khác.`) +
  " (SQLite cần tạo bot.sqlite-wal và bot.sqlite-shm trong thư mục này.)";

describe.skipIf(!canLock())(`a database the bot cannot write (${root ? "root: chattr +i" : "chmod"})`, () => {
  it("the file: start-up and the CLI stop with one line naming DATABASE_PATH and the fix", async () => {
    const { file } = database();
    lock(file);
    try {
      expect(await startUp(file)).toBe(fileLine(file));
      await expect(cli(["units"], { DATABASE_PATH: file })).rejects.toThrow(fileLine(file));
    } finally {
      unlock(file);
    }
  });

  it("its folder (no -wal and -shm can be made)", async () => {
    const { dir, file } = database();
    lock(dir, true);
    try {
      expect(await startUp(file)).toBe(folderLine(dir));
    } finally {
      unlock(dir, true);
    }
  });

  it.each(["-wal", "-shm"])("a %s file left beside it that cannot be written (was: attempt to write a readonly database)", async (suffix) => {
    const { file } = database();
    writeFileSync(file + suffix, "");
    lock(file + suffix);
    try {
      expect(await startUp(file)).toBe(fileLine(file + suffix, "tệp nhật ký SQLite"));
    } finally {
      unlock(file + suffix);
    }
  });
});

describe("SQLite's own refusal to write", () => {
  it("is explained in Vietnamese, naming the files SQLite needs, when no check above foresaw it", async () => {
    const { file } = database();
    mkdirSync(`${file}-shm`); // a folder where SQLite wants its shared-memory file: it opens the database read-only
    const line = await startUp(file);
    expect(line).toMatch(new RegExp(`^Cấu hình sai: biến DATABASE_PATH: SQLite không ghi được vào ${file} \\(SQLITE_READONLY`));
    expect(line).toContain("bot.sqlite-wal và bot.sqlite-shm");
    expect(line).toContain("hoặc đặt DATABASE_PATH ở chỗ khác.");
    expect(line).not.toMatch(/attempt to write|\n/);
  });
});
