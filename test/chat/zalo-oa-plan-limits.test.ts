// The OA's plan (issue 18 point 3, "likewise for the OA where Zalo sets a quota"). Zalo documents no
// monthly cap on an OA's consultation messages (zalo-platforms.md 2.2, 2.6), so none is counted by
// default; a ward may set its own budget, ZALO_OA_MONTHLY_MESSAGES, counted as the Bot Platform's
// plan is: the office warned once from 80 %, told once at 100 %, on another app.
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/app/environment.js";
import { planLimitsOf } from "../../src/channels/registry.js";
import { zaloOaPlugin } from "../../src/channels/zalo-oa/plugin.js";
import { startOaHarness, oaEnv, type OaHarness } from "../helpers/zalo-oa-harness.js";
import { startZaloOaStandin, type ZaloOaStandin } from "../helpers/zalo-oa-standin.js";

let z: OaHarness | undefined;
let standin: ZaloOaStandin | undefined;
afterEach(async () => {
  await z?.close(); z = undefined;
  await standin?.close(); standin = undefined;
});

const ADMIN = 9001;
const KHOM_HEAD = "8512345678901234567";

describe("Zalo OA plan limits: settings", () => {
  it("counts nothing by default, and ZALO_OA_MONTHLY_MESSAGES when set (a whole number of at least 1)", async () => {
    const oa = await startZaloOaStandin();
    standin = oa;
    const off = loadConfig(oaEnv(oa));
    expect(zaloOaPlugin.planLimits!(off)).toBeUndefined();
    expect(planLimitsOf(off).has("zalo-oa")).toBe(false);
    const on = loadConfig({ ...oaEnv(oa), ZALO_OA_MONTHLY_MESSAGES: "2000" });
    expect(zaloOaPlugin.planLimits!(on)).toEqual({ monthlyMessages: 2000 });
    expect(planLimitsOf(on).get("zalo-oa")).toEqual({ monthlyMessages: 2000 });
    expect(() => loadConfig({ ...oaEnv(oa), ZALO_OA_MONTHLY_MESSAGES: "0" }))
      .toThrow(/^Cấu hình sai: biến ZALO_OA_MONTHLY_MESSAGES phải là số tin nhắn, ít nhất 1/);
    expect(() => loadConfig({ ...oaEnv(oa), ZALO_OA_MONTHLY_MESSAGES: "nhiều" })).toThrow(/ZALO_OA_MONTHLY_MESSAGES/);
  });
});

describe("Zalo OA plan limits: messages", () => {
  it("with ZALO_OA_MONTHLY_MESSAGES=10: the office warned once from 8 messages the OA delivered this month, told once at 10, on Telegram", async () => {
    z = await startOaHarness({ env: { ZALO_OA_MONTHLY_MESSAGES: "10" } });
    const { h, oa } = z;
    await h.register(ADMIN, "admin", "nhon-hung", "Văn phòng");
    const office = (needle: string) => h.standin.sentTo(ADMIN).filter((m) => m.text.includes(needle));
    await z.register(KHOM_HEAD, "bao_cao", "dong-hung");
    // Each consultation message the stand-in accepted counts once; 8 of 10 is the first at 80 %.
    while (oa.sent.length < 8) {
      await h.bot.settle();
      expect(office("Zalo OA: bot đã gửi")).toHaveLength(0);
      await z.say(KHOM_HEAD, "/trogiup");
    }
    await h.standin.waitFor(() => office("(từ 80% hạn mức của gói)").length === 1);
    expect(office("(từ 80% hạn mức của gói)")[0]!.text).toContain(`⚠️ Zalo OA: bot đã gửi ${oa.sent.length}/10 tin nhắn trong tháng 02/2025`);
    while (oa.sent.length < 10) await z.say(KHOM_HEAD, "/trogiup");
    await h.standin.waitFor(() => office("hết 10 tin gói dịch vụ cho phép").length === 1);
    expect(office("hết 10 tin gói dịch vụ cho phép")[0]!.text).toMatch(/^⛔ Zalo OA: bot đã gửi 1\d tin nhắn trong tháng 02\/2025/);
    await z.say(KHOM_HEAD, "/trogiup");
    await h.bot.settle();
    expect(office("(từ 80% hạn mức của gói)")).toHaveLength(1);
    expect(office("hết 10 tin gói dịch vụ cho phép")).toHaveLength(1);
    // Nothing of it went to the OA itself.
    expect(oa.sent.filter((m) => m.text?.includes("hạn mức"))).toHaveLength(0);
  }, 120_000);

  it("without ZALO_OA_MONTHLY_MESSAGES nothing is counted: no notice however many messages go out", async () => {
    z = await startOaHarness();
    const { h, oa } = z;
    await h.register(ADMIN, "admin", "nhon-hung", "Văn phòng");
    await z.register(KHOM_HEAD, "bao_cao", "dong-hung");
    while (oa.sent.length < 12) await z.say(KHOM_HEAD, "/trogiup");
    await h.bot.settle();
    expect(h.standin.sentTo(ADMIN).filter((m) => m.text.includes("Zalo OA: bot đã gửi"))).toHaveLength(0);
  }, 120_000);
});
