// Every `npm run cli` command answers --help with its own usage, in Vietnamese, without a valid
// environment and without touching any file; an unknown option names the command's options.
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "../helpers/cli.js";
import { tempDir } from "../helpers/temp.js";

// Written out here (not imported from src/): the commands and the options each takes.
const COMMANDS: Record<string, string[]> = {
  check: [],
  init: ["--thu-muc", "--ten", "--ma", "--tinh", "--cap-tren", "--noi-ghi", "--don-vi", "--loai", "--bieu-mau", "--chuc-vu", "--nguoi-ky", "--noi-nhan", "--ghi-de"],
  invite: ["--role", "--unit", "--json"],
  units: [],
  users: [],
  user: ["--id", "--unit", "--role", "--deactivate", "--activate"],
  metrics: ["--json"],
  report: ["--ky", "--out", "--so", "--ngay", "--can-cu", "--bo-can-cu", "--nhan-dinh", "--nhiem-vu", "--dot", "--bo-loi", "--force", "--archived", "--ca-thang"],
  import: ["--allow-repeat"],
  export: ["--ky", "--out", "--lich-su"],
  demo: ["--force"],
  backup: ["--ghi-de"],
  restore: [],
  remind: ["--at", "--dry-run", "--send"],
};

/** As src/cli.ts does: a usage error is printed and exits 2. */
async function run(args: string[], env: Record<string, string>): Promise<{ code: number; text: string }> {
  try {
    return await cli(args, env);
  } catch (err) {
    return { code: 2, text: err instanceof Error ? err.message : String(err) };
  }
}

describe("cli --help", () => {
  it("the list of commands is the one this test knows", async () => {
    const { code, text } = await cli(["--help"], {});
    expect(code).toBe(0);
    expect(/Các lệnh: (.*)/.exec(text)?.[1]?.split(", ").sort()).toEqual(Object.keys(COMMANDS).sort());
  });

  it.each(Object.keys(COMMANDS))("%s --help and -h: its own usage naming its options, exit 0, no file written, no environment needed", async (name) => {
    const dir = tempDir("bienbot-help-");
    // A database path in an empty folder and a wrong variable: help needs neither.
    const env = { DATABASE_PATH: join(dir, "bot.sqlite"), PORT: "không phải số" };
    for (const flag of ["--help", "-h"]) {
      const { code, text } = await run([name, flag], env);
      expect(code, text).toBe(0);
      expect(text.split("\n")[0]).toMatch(new RegExp(`^Cách dùng: npm run cli -- ${name}( |$)`));
      for (const option of [...COMMANDS[name]!, "--help"]) expect(text, `${name}: ${option}`).toContain(option);
      expect(text).not.toContain("Cấu hình sai");
    }
    expect(readdirSync(dir)).toEqual([]);
    expect(existsSync("--help")).toBe(false);
    expect(existsSync("-h")).toBe(false);
  });

  it("backup --help writes no backup file named --help (seen)", async () => {
    const dir = tempDir("bienbot-help-");
    const { code } = await run(["backup", "--help"], { DATABASE_PATH: join(dir, "bot.sqlite") });
    expect(code).toBe(0);
    expect(existsSync("--help")).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe("cli: an unknown option", () => {
  it.each(Object.keys(COMMANDS))("%s --khong-co: refused, naming the command's options, nothing written", async (name) => {
    const dir = tempDir("bienbot-unknown-");
    const { code, text } = await run([name, "--khong-co"], { DATABASE_PATH: join(dir, "bot.sqlite") });
    expect(code).toBe(2);
    expect(text).toContain("--khong-co");
    expect(text).toContain(`npm run cli -- ${name} --help`);
    for (const option of COMMANDS[name]!) expect(text, `${name}: ${option}`).toContain(option);
    if (COMMANDS[name]!.length === 0) expect(text).toContain(`Lệnh ${name} không có tùy chọn nào`);
    expect(text).not.toMatch(/Unknown option|Unexpected argument|argument missing/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("invite --help is usage, not \"Unknown option '--help'\" (seen)", async () => {
    const { code, text } = await run(["invite", "--help"], {});
    expect(code).toBe(0);
    expect(text).toContain("--role");
    expect(text).not.toContain("Unknown option");
  });

  it("an option without its value and a word the command does not take are refused in Vietnamese", async () => {
    const dir = tempDir("bienbot-unknown-");
    const env = { DATABASE_PATH: join(dir, "bot.sqlite") };
    expect(await run(["invite", "--role"], env)).toEqual({ code: 2, text: "Tùy chọn --role của lệnh invite cần một giá trị. Xem: npm run cli -- invite --help" });
    expect(await run(["metrics", "--json=1"], env)).toEqual({ code: 2, text: "Tùy chọn --json của lệnh metrics không nhận giá trị. Xem: npm run cli -- metrics --help" });
    const extra = await run(["units", "thua"], env);
    expect(extra).toEqual({ code: 2, text: "Lệnh units không nhận \"thua\". Lệnh units không có tùy chọn nào. Xem: npm run cli -- units --help" });
    const two = await run(["backup", "a.bak", "b.bak"], env);
    expect(two.code).toBe(2);
    expect(two.text).toContain("Lệnh backup không nhận \"b.bak\"");
    expect(readdirSync(dir)).toEqual([]);
  });
});
