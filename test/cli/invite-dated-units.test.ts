// Issue 16, item 3: `invite --unit` and the console's `--as role:unit` refuse a unit that has ended
// or not yet begun on the day (test/fixtures/merged-units.yaml: Tây Hưng ended 30/06/2025 into
// Hưng Phú, Bắc Hưng split into Bắc Hưng A and B, Hưng Phú began 01/07/2025).
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/app/environment.js";
import { startBot, type RunningBot } from "../../src/app/start.js";
import { cli } from "../helpers/cli.js";
import { silentLog } from "../helpers/harness.js";
import { tempDir } from "../helpers/temp.js";

const PROFILE = "test/fixtures/merged-units.yaml";
let bot: RunningBot | undefined;
afterEach(async () => { await bot?.stop(); bot = undefined; });

describe("cli invite and the unit's dates", () => {
  const env = () => ({ DATABASE_PATH: join(tempDir("bienbot-invite-dated-"), "bot.sqlite"), WARD_PROFILE_PATH: PROFILE });

  it("refuses a unit merged away, naming the day and the successor; its successor works", async () => {
    const e = env();
    await expect(cli(["invite", "--role", "bao_cao", "--unit", "tay-hung"], e, "2025-07-24T03:00:00Z")).rejects
      .toThrow("Khóm Tây Hưng đã kết thúc ngày 30/06/2025; từ 01/07/2025 nhập vào Khóm Hưng Phú. Không tạo mã mời cho đơn vị này; xin chọn đơn vị đang hoạt động (npm run cli -- units).");
    await expect(cli(["invite", "--role", "bao_cao", "--unit", "bac-hung"], e, "2025-07-24T03:00:00Z")).rejects
      .toThrow("Khóm Bắc Hưng đã kết thúc ngày 30/06/2025; từ 01/07/2025 chia thành Khóm Bắc Hưng A và Khóm Bắc Hưng B.");
    const ok = await cli(["invite", "--role", "bao_cao", "--unit", "hung-phu", "--json"], e, "2025-07-24T03:00:00Z");
    expect(JSON.parse(ok.lines[0]!)).toMatchObject({ unit: "hung-phu" });
  });

  it("refuses a unit not yet begun, naming its first day", async () => {
    await expect(cli(["invite", "--role", "bao_cao", "--unit", "hung-phu"], env(), "2025-06-20T03:00:00Z")).rejects
      .toThrow("Khóm Hưng Phú bắt đầu hoạt động từ ngày 01/07/2025. Không tạo mã mời cho đơn vị này;");
  });
});

describe("the console's --as and the unit's dates", () => {
  const start = (as: string) => {
    const dir = tempDir("bienbot-console-dated-");
    const config = loadConfig({ BOT_TOKEN: "", DATABASE_PATH: join(dir, "bot.sqlite"), LOG_LEVEL: "silent", SCHEDULER: "false", PORT: "0", WARD_PROFILE_PATH: PROFILE });
    return startBot({ config, log: silentLog, clock: () => new Date("2025-07-24T03:00:00Z"), consoleAs: as,
      consoleIO: { input: new PassThrough(), output: new PassThrough(), outDir: join(dir, "out") } }).then((b) => { bot = b; return b; });
  };

  it("refuses an ended unit with its date and successor", async () => {
    await expect(start("bao_cao:tay-hung")).rejects
      .toThrow("--as: Khóm Tây Hưng đã kết thúc ngày 30/06/2025; từ 01/07/2025 nhập vào Khóm Hưng Phú. Xin chọn một đơn vị đang hoạt động:");
  });
});
