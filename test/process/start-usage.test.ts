// `npm start -- --help` prints its usage and `npm start -- --bogus` names its options, in Vietnamese,
// before reading the environment (a wrong variable does not get in the way); was "Lỗi khởi động:
// Unknown option '--bogus'". Runs src/main.ts through tsx, as a process.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

function start(...args: string[]) {
  const r = spawnSync(process.execPath, ["--import", "tsx", "src/main.ts", ...args], {
    cwd: process.cwd(), encoding: "utf8", timeout: 60_000,
    env: { PATH: process.env.PATH, PORT: "không phải số", BOT_TOKEN: "", ZALO_BOT_TOKEN: "" },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("npm start's own options", () => {
  it("--help and -h: the usage, naming --as, exit 0", () => {
    for (const flag of ["--help", "-h"]) {
      const r = start(flag);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout.split("\n")[0]).toBe("Cách dùng: npm start [-- --as <vai trò>:<mã đơn vị>]");
      expect(r.stdout).toContain("--as <vai trò>:<mã đơn vị>");
      expect(r.stdout).toContain("--help, -h");
    }
  }, 120_000);

  it("an unknown option: one Vietnamese line naming --as, exit 2", () => {
    const r = start("--bogus");
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("Lệnh npm start không có tùy chọn --bogus. Các tùy chọn của lệnh npm start: --as. Xem: npm start -- --help\n");
    const missing = start("--as");
    expect(missing.stderr).toBe("Tùy chọn --as của lệnh npm start cần một giá trị. Xem: npm start -- --help\n");
  }, 120_000);
});
