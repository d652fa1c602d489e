// `npm run cli -- users` and `user --id N …`: the office's people commands outside the chat,
// with the same role and unit rules as invites; a dropped unit takes no invite.
import { join } from "node:path";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cli } from "../helpers/cli.js";
import { startHarness, type Harness } from "../helpers/harness.js";
// Expected texts written out here (not imported from src/), so a changed message fails the test.
const DEACTIVATED = "Tài khoản của bạn đã ngừng sử dụng bot báo cáo của phường. Nếu cần dùng lại, xin liên hệ Văn phòng UBND phường.";

let h: Harness;
let env: Record<string, string>;
beforeEach(async () => {
  h = await startHarness();
  env = { DATABASE_PATH: join(h.dir, "bot.sqlite") };
});
afterEach(async () => { await h.stop(); rmSync(h.dir, { recursive: true, force: true }); });

const KHOM = 1001;
const CHAIRMAN = 3001;
const row = (id: number) => h.bot.db.$client.prepare("select role, unit_code as unit, active from users where id = ?").get(id);

describe("cli users / user", () => {
  it("lists people with role, unit, channel and state", async () => {
    await h.register(CHAIRMAN, "lanh_dao", "nhon-hung", "Chủ tịch");
    await h.register(KHOM, "bao_cao", "dong-hung", "Ba");
    const { code, lines } = await cli(["users"], env);
    expect(code).toBe(0);
    expect(lines).toEqual([
      "1. Chủ tịch — Lãnh đạo phường, Phường Nhơn Hưng — Telegram — đang dùng",
      "2. Ba — Người báo cáo, Khóm Đông Hưng — Telegram — đang dùng",
    ]);
  });

  it("moves, re-roles, deactivates and reactivates by id, with the invite rules", async () => {
    await h.register(CHAIRMAN, "lanh_dao", "nhon-hung");
    await h.register(KHOM, "bao_cao", "dong-hung", "Ba");
    let r = await cli(["user", "--id", "2", "--unit", "tay-hung"], env);
    expect(r.text).toContain("Đã cập nhật: 2. Ba — Người báo cáo, Khóm Tây Hưng");
    expect(row(2)).toEqual({ role: "bao_cao", unit: "tay-hung", active: 1 });
    await expect(cli(["user", "--id", "2", "--role", "lanh_dao"], env)).rejects.toThrow("Lãnh đạo phường phải thuộc phường, không thuộc Khóm Tây Hưng");
    await expect(cli(["user", "--id", "2", "--unit", "nhon-hung"], env)).rejects.toThrow("Người báo cáo phải thuộc một khóm, tổ hoặc đồn biên phòng");
    await expect(cli(["user", "--id", "2", "--role", "boss"], env)).rejects.toThrow("--role");
    await expect(cli(["user", "--id", "9", "--deactivate"], env)).rejects.toThrow("Không có người dùng số 9");
    await expect(cli(["user", "--id", "2"], env)).rejects.toThrow("--unit, --role, --deactivate");
    r = await cli(["user", "--id", "2", "--role", "lanh_dao", "--unit", "nhon-hung"], env);
    expect(r.text).toContain("Lãnh đạo phường, Phường Nhơn Hưng");
    r = await cli(["user", "--id", "2", "--deactivate"], env);
    expect(r.text).toContain("— đã ngừng");
    expect((await h.say(KHOM, "/baocao")).map((m) => m.text)).toEqual([DEACTIVATED]);
    r = await cli(["user", "--id", "2", "--activate"], env);
    expect(r.text).toContain("— đang dùng");
    expect((await h.say(KHOM, "/baocao")).at(-1)!.text).toContain("Báo cáo kỳ nào?");
  });

  it("refuses an invite for a unit dropped from the profile, and one where the role does not belong", async () => {
    await expect(cli(["invite", "--role", "admin", "--unit", "dong-hung"], env)).rejects.toThrow("Văn phòng (quản trị) phải thuộc phường");
    await expect(cli(["invite", "--role", "bao_cao", "--unit", "nhon-hung"], env)).rejects.toThrow("Người báo cáo phải thuộc một khóm");
    const profile = join(h.dir, "profile.yaml");
    writeFileSync(profile, readFileSync("templates/ward-profile.yaml", "utf8").replace(/^ {2}- \{ code: dong-hung,.*\n/m, ""));
    // The CLI syncs this profile at start, which marks Đông Hưng inactive.
    await expect(cli(["invite", "--role", "bao_cao", "--unit", "dong-hung"], { ...env, WARD_PROFILE_PATH: profile })).rejects.toThrow("dong-hung");
    expect(h.bot.db.$client.prepare("select active from units where code = 'dong-hung'").get()).toEqual({ active: 0 });
  });
});
