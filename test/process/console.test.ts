// The start command with no token gives a working chat in the terminal (stdin/stdout).
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { closeDb, openDb } from "../../src/db/client.js";
import { loadProfile } from "../../src/app/profile-file.js";
import { syncProfile } from "../../src/store/profile-sync.js";
import { addEntry } from "../helpers/entries.js";
import { tempDir } from "../helpers/temp.js";

let child: ChildProcessWithoutNullStreams | undefined;
afterEach(() => { child?.kill(); child = undefined; });

function startConsole(dir: string, args: string[]) {
  const env = { ...process.env, DATABASE_PATH: join(dir, "bot.sqlite"), BOT_TOKEN: "", LOG_LEVEL: "warn" };
  child = spawn("npm", ["start", "--silent", "--", ...args], { env, cwd: process.cwd() });
  let out = "";
  child.stdout.on("data", (d: Buffer) => { out += d.toString("utf8"); });
  const c = child;
  return {
    get output() { return out; },
    write(line: string) { c.stdin.write(`${line}\n`); },
    async waitFor(text: string, timeoutMs = 20_000) {
      const start = Date.now();
      while (!out.includes(text)) {
        if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for "${text}"; output so far:\n${out}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    exited: new Promise<number | null>((r) => c.on("exit", (code) => r(code))),
  };
}

describe("console mode", () => {
  it("takes a whole conversation piped in at once, choices included, and saves the entry", async () => {
    const dir = tempDir("bienbot-console-");
    const bot = startConsole(dir, []);
    child!.stdin.end(["3", "1", "nhap", "1", "3", "60", "1", "0", "0", "0", "luu", ""].join("\n"));
    expect(await bot.exited).toBe(0);
    expect(bot.output).toContain("✅ Đã lưu");
    const db = new Database(join(dir, "bot.sqlite"), { readonly: true });
    expect(db.prepare("select unit_code, form_id from entries").all()).toEqual([{ unit_code: "dong-hung", form_id: "tuyen_truyen" }]);
    db.close();
  });

  it("files a form over stdin/stdout with --as, and the entry is in SQLite", async () => {
    const dir = tempDir("bienbot-console-");
    const bot = startConsole(dir, ["--as", "bao_cao:dong-hung"]);
    await bot.waitFor("Bạn muốn làm gì?");
    bot.write("nhap");
    await bot.waitFor("Chọn biểu mẫu");
    bot.write("1");
    await bot.waitFor("(1/6)");
    for (const a of ["3", "2.5"]) bot.write(a);
    await bot.waitFor("có thể hiểu là 2,5");
    for (const a of ["60", "1", "0", "0", "0"]) bot.write(a);
    await bot.waitFor("Kiểm tra lại rồi bấm Lưu.");
    expect(bot.output).toMatch(/1\. ✅ Lưu/);
    bot.write("1");
    await bot.waitFor("✅ Đã lưu");
    child!.stdin.end();
    expect(await bot.exited).toBe(0);
    const db = new Database(join(dir, "bot.sqlite"), { readonly: true });
    expect(db.prepare("select unit_code, form_id from entries").all()).toEqual([{ unit_code: "dong-hung", form_id: "tuyen_truyen" }]);
    db.close();
  });

  it("writes a report into out/ through the worker thread and the outbox, before exiting on end of input", async () => {
    const dir = tempDir("bienbot-console-");
    const db = openDb(join(dir, "bot.sqlite"));
    syncProfile(db, loadProfile("templates/ward-profile.yaml"), new Date());
    addEntry(db, { unit: "dong-hung", form: "tuyen_truyen", date: "2025-02-05", values: { "tuyen_truyen.so_buoi": 7 } });
    closeDb(db);
    // A range of its own, so no file of the developer's in out/ is touched.
    const file = join(process.cwd(), "out", "bao-cao-2025-02-01_2025-02-27.docx");
    const hadOut = existsSync(join(process.cwd(), "out"));
    rmSync(file, { force: true });
    try {
      const bot = startConsole(dir, ["--as", "lanh_dao:nhon-hung"]);
      await bot.waitFor("Bạn muốn làm gì?");
      child!.stdin.end("/baocao 2025-02-01..2025-02-27\n");
      expect(await bot.exited).toBe(0);
      expect(bot.output).toContain("Đang tổng hợp báo cáo");
      expect(bot.output).toContain(`🤖 [tệp] ${file}`);
      expect(readFileSync(file).subarray(0, 2).toString()).toBe("PK");
    } finally {
      rmSync(file, { force: true });
      // out/ too, when this test made it (it is empty again: the range is this test's own).
      if (!hadOut) rmSync(join(process.cwd(), "out"), { recursive: true, force: true });
    }
    expect(existsSync(file)).toBe(false);
  });

  it("asks the local person for a role and unit when --as is not given, and /start <code> works", async () => {
    const dir = tempDir("bienbot-console-");
    const bot = startConsole(dir, []);
    await bot.waitFor("Chọn vai trò để thử");
    bot.write("2"); // lãnh đạo
    await bot.waitFor("Chọn đơn vị");
    bot.write("1");
    // The ward's unit is named as in force today (the process runs on the real clock, long past
    // the merger of 01/07/2025): Thới Sơn, as the reports say.
    await bot.waitFor("Lãnh đạo phường, Phường Thới Sơn");
    bot.write("/start SAIMA12345");
    await bot.waitFor("Mã mời không đúng");
    child!.stdin.end();
    expect(await bot.exited).toBe(0);
  });
});

/** Runs `npm start` with extra environment until it exits; returns its exit code and output. */
async function startUntilExit(env: Record<string, string>) {
  const dir = tempDir("bienbot-config-");
  const c = spawn("npm", ["start", "--silent"], { env: { ...process.env, BOT_TOKEN: "", DATABASE_PATH: join(dir, "b.sqlite"), ...env } });
  let stdout = "";
  let stderr = "";
  c.stdout.on("data", (d: Buffer) => { stdout += d.toString(); });
  c.stderr.on("data", (d: Buffer) => { stderr += d.toString(); });
  const code = await new Promise<number | null>((r) => c.on("exit", r));
  return { code, stdout, stderr };
}

describe("start-up configuration", () => {
  it("stops with one line naming the bad variable, exit code not 0, and no secret printed", async () => {
    const secret = "not-a-token-SECRET-VALUE";
    const r = await startUntilExit({ BOT_TOKEN: secret });
    expect(r.code).not.toBe(0);
    const all = r.stdout + r.stderr;
    const lines = all.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("BOT_TOKEN");
    expect(all).not.toContain(secret);
  });

  it("names a bad ward profile file and its field", async () => {
    const r = await startUntilExit({ WARD_PROFILE_PATH: "test/fixtures/broken-profile.yaml" });
    expect(r.code).not.toBe(0);
    // The kinds are the catalogue's: checked after the profile is read, with its line and column.
    expect(r.stderr.trim()).toMatch(/^Tệp test\/fixtures\/broken-profile\.yaml, dòng 10, cột 37: units, mục 1, kind: không có loại đơn vị "ap"/);
  });

  it("stops when the report template has an unknown metric, naming file and line", async () => {
    const r = await startUntilExit({ REPORT_TEMPLATE_PATH: "test/fixtures/templates/unknown-metric.md" });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("test/fixtures/templates/unknown-metric.md:6: Không có chỉ tiêu “tuyen_truyen.so_buoii”");
    expect(r.stderr).toContain("unknown-metric.md:7:");
  });
});
