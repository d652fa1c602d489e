// Issue 16, item 6: a unit code travels in button data, and only the channel knows its limit
// (Telegram: 64 bytes). Start-up refuses a code too long for a configured channel, naming the
// code, its length and the channel; without such a channel the same profile starts.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startHarness } from "../helpers/harness.js";
import { startZaloHarness, type ZaloHarness } from "../helpers/zalo-harness.js";
import { tempDir } from "../helpers/temp.js";
import { StartupError } from "../../src/config.js";
import { loadConfig } from "../../src/app/environment.js";
import { startBot } from "../../src/app/start.js";
import { silentLog } from "../helpers/harness.js";
import { checkAll } from "../../src/cli/check.js";

let z: ZaloHarness | undefined;
afterEach(async () => { await z?.close(); z = undefined; });

/** The default profile with the women's team's code replaced. */
function profileWith(code: string): string {
  const path = join(tempDir("bienbot-fit-"), "ward-profile.yaml");
  writeFileSync(path, readFileSync("templates/ward-profile.yaml", "utf8").replace("code: to-phu-nu,", `code: ${code},`));
  return path;
}

// The longest id around a code: "cmd:nguoidung:u" + a six-digit person + ":donvi:" + code + ":" +
// "lanh_dao" = 15 + 6 + 7 + 1 + 8 = 37 bytes besides the code, so 64 bytes leave 27 for it.
const CODE_28 = "to-phu-nu-tu-quan-duong-bien";
const CODE_27 = "to-phu-nu-tu-quan-bien-gioi";
const CODE_45 = "to-phu-nu-tu-quan-duong-bien-cot-moc-nhon-hun";

describe("unit codes and a channel's button limit", () => {
  it("with Telegram, start-up refuses a 28-character unit code, naming it, its length and the channel", async () => {
    expect(CODE_28).toHaveLength(28);
    // Refused before the database or any channel is touched: no Bot API needed.
    const config = loadConfig({ BOT_TOKEN: "123456:ABCDEFGHIJKLMNOP", WARD_PROFILE_PATH: profileWith(CODE_28),
      DATABASE_PATH: join(tempDir("bienbot-fit-"), "bot.sqlite"), SCHEDULER: "false", PORT: "0" });
    const start = startBot({ config, log: silentLog, clock: () => new Date("2025-02-20T03:00:00Z") });
    await expect(start).rejects.toThrow(StartupError);
    await expect(start).rejects.toThrow(
      `Hồ sơ phường: mã đơn vị "${CODE_28}" dài 28 ký tự, quá dài cho nút bấm trên Telegram (tối đa 64 byte mỗi nút); đặt mã đơn vị này dài không quá 27 ký tự.`);
  });

  it("with Telegram, a 27-character code starts", async () => {
    expect(CODE_27).toHaveLength(27);
    const h = await startHarness({ env: { WARD_PROFILE_PATH: profileWith(CODE_27) } });
    expect(h.bot.profile.units.some((u) => u.code === CODE_27)).toBe(true);
    await h.stop();
  });

  it("with Zalo only, which does not limit choice ids, a 45-character code starts", async () => {
    expect(CODE_45).toHaveLength(45);
    z = await startZaloHarness({ telegram: false, env: { WARD_PROFILE_PATH: profileWith(CODE_45) } });
    expect(z.h.bot.profile.units.some((u) => u.code === CODE_45)).toBe(true);
  });

  it("check names the same problem only when Telegram is configured", async () => {
    const path = profileWith(CODE_28);
    const base = { WARD_PROFILE_PATH: path, DATABASE_PATH: join(tempDir("bienbot-fit-"), "bot.sqlite") };
    expect(await checkAll({ ...base, BOT_TOKEN: "123456:ABCDEFGHIJKLMNOP" })).toContain(
      `Hồ sơ phường: mã đơn vị "${CODE_28}" dài 28 ký tự, quá dài cho nút bấm trên Telegram (tối đa 64 byte mỗi nút); đặt mã đơn vị này dài không quá 27 ký tự.`);
    expect(await checkAll({ ...base, ZALO_BOT_TOKEN: "zalo-token-0123456789", ZALO_MODE: "polling" })).toEqual([]);
  });
});
