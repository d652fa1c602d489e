// Start-up and the CLI refuse a database path they cannot use with one Vietnamese line naming the
// variable, and exit: no hang (Node 20's recursive mkdir spun forever under /proc), no stack trace.
import { spawn } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const dirs: string[] = [];
afterAll(() => { for (const d of dirs) { chmodSync(d, 0o700); rmSync(d, { recursive: true, force: true }); } });
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), "bienbot-badpath-"));
  dirs.push(d);
  return d;
}

/** Runs `npm start` or `npm run cli -- units` with env; kills it after 20 s (a hang fails the test). */
function run(command: "start" | "cli", env: Record<string, string>): Promise<{ code: number | null; stderr: string; killed: boolean }> {
  const args = command === "start" ? ["start", "--silent"] : ["run", "--silent", "cli", "--", "units"];
  const child = spawn("npm", args, { env: { ...process.env, BOT_TOKEN: "", ZALO_BOT_TOKEN: "", LOG_LEVEL: "warn", ...env }, cwd: process.cwd() });
  child.stdin.end();
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => { stderr += d.toString("utf8"); });
  let killed = false;
  const timer = setTimeout(() => { killed = true; child.kill("SIGKILL"); }, 20_000);
  return new Promise((r) => child.on("exit", (code) => { clearTimeout(timer); r({ code, stderr, killed }); }));
}

function expectOneLine(r: { code: number | null; stderr: string; killed: boolean }, variable: string) {
  expect(r.killed).toBe(false);
  expect(r.code).not.toBe(0);
  const lines = r.stderr.trim().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(new RegExp(`^Cấu hình sai: biến ${variable}`));
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

describe("bad paths at start-up", () => {
  it.each(["start", "cli"] as const)("%s: a database under /proc stops at once, naming DATABASE_PATH", async (command) => {
    const r = await run(command, { DATABASE_PATH: "/proc/nope/x.sqlite" });
    expectOneLine(r, "DATABASE_PATH");
    expect(r.stderr).toContain("/proc/nope");
  }, 30_000);

  it("a folder that is a file", async () => {
    const file = join(tempDir(), "a-file");
    writeFileSync(file, "not a folder");
    const r = await run("start", { DATABASE_PATH: join(file, "sub", "bot.sqlite") });
    expectOneLine(r, "DATABASE_PATH");
    expect(r.stderr).toContain("là một tệp");
  }, 30_000);

  it("a database path that is a folder", async () => {
    const r = await run("start", { DATABASE_PATH: tempDir() });
    expectOneLine(r, "DATABASE_PATH");
  }, 30_000);

  it.skipIf(process.getuid?.() === 0)("a folder the bot may not write to", async () => {
    const dir = tempDir();
    chmodSync(dir, 0o500);
    const r = await run("start", { DATABASE_PATH: join(dir, "bot.sqlite") });
    expectOneLine(r, "DATABASE_PATH");
    expect(r.stderr).toContain(`thư mục ${dir} chỉ cho đọc với người chạy bot`);
  }, 30_000);

  it.skipIf(process.getuid?.() === 0)("a database file the bot may not write to", async () => {
    const file = join(tempDir(), "bot.sqlite");
    writeFileSync(file, "");
    chmodSync(file, 0o400);
    const r = await run("start", { DATABASE_PATH: file });
    expectOneLine(r, "DATABASE_PATH");
    expect(r.stderr).toContain("chỉ cho đọc");
  }, 30_000);

  it("a missing ward profile names WARD_PROFILE_PATH", async () => {
    const dir = tempDir();
    const r = await run("start", { DATABASE_PATH: join(dir, "bot.sqlite"), WARD_PROFILE_PATH: join(dir, "nope.yaml") });
    expectOneLine(r, "WARD_PROFILE_PATH");
  }, 30_000);

  it("a missing template folder names REPORT_TEMPLATE_DIR", async () => {
    const dir = tempDir();
    const r = await run("start", { DATABASE_PATH: join(dir, "bot.sqlite"), REPORT_TEMPLATE_DIR: join(dir, "nope") });
    expect(r.killed).toBe(false);
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain("REPORT_TEMPLATE_DIR");
  }, 30_000);
});
