// `npm run cli -- invite` prints a code that a Telegram user can redeem; other wards use their own profile.
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { cli } from "../helpers/cli.js";
import { startHarness, type Harness } from "../helpers/harness.js";

let h: Harness | undefined;
afterEach(async () => { await h?.stop(); h = undefined; });


describe("cli invite", () => {
  it("prints a single-use code and a deep link (from getMe) that registers the person", async () => {
    h = await startHarness();
    const env = { DATABASE_PATH: join(h.dir, "bot.sqlite"), BOT_TOKEN: h.standin.token, TELEGRAM_API_ROOT: h.standin.apiRoot };
    const { code, lines } = await cli(["invite", "--role", "bao_cao", "--unit", "to-phu-nu", "--json"], env);
    expect(code).toBe(0);
    const printed = JSON.parse(lines[0]!) as { code: string; link: string; unit: string };
    expect(printed.unit).toBe("to-phu-nu");
    expect(printed.link).toBe(`https://t.me/test_bot?start=${printed.code}`);
    const r = await h.say(4242, `/start ${printed.code}`);
    expect(r[0]!.text).toContain("Tổ Phụ nữ tự quản đường biên cột mốc");
    expect((await h.say(4243, `/start ${printed.code}`))[0]!.text).toContain("đã được dùng");
  });

  it("refuses an unknown role or unit", async () => {
    h = await startHarness();
    const env = { DATABASE_PATH: join(h.dir, "bot.sqlite") };
    await expect(cli(["invite", "--role", "boss"], env)).rejects.toThrow("--role");
    await expect(cli(["invite", "--role", "bao_cao", "--unit", "khom-ma"], env)).rejects.toThrow("khom-ma");
  });
});

describe("ward profile", () => {
  it("syncs another ward's units from WARD_PROFILE_PATH", async () => {
    h = await startHarness({ env: { WARD_PROFILE_PATH: "test/fixtures/other-ward.yaml" } });
    const units = h.bot.db.$client.prepare("select code, kind from units where active = 1 order by sort_order").all();
    expect(units).toEqual([{ code: "an-phu", kind: "phuong" }, { code: "ap-1", kind: "khom" }, { code: "don-bp-an-phu", kind: "don_bp" }]);
    const { lines } = await cli(["units"], { DATABASE_PATH: join(h.dir, "bot.sqlite"), WARD_PROFILE_PATH: "test/fixtures/other-ward.yaml" });
    expect(lines.join("\n")).toContain("Đồn Biên phòng An Phú");
  });
});
