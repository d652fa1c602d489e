// Invites: who gets in and who does not.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../helpers/harness.js";
// Expected texts written out here (not imported from src/), so a changed message fails the test.
const NOT_REGISTERED = "Bạn chưa được đăng ký dùng bot báo cáo của phường. Xin liên hệ Văn phòng UBND phường để nhận mã mời, rồi gõ: /start <mã mời>\nĐã dùng bot trên ứng dụng khác? Gõ /lienket ở đó để lấy mã liên kết.";

let h: Harness;
beforeEach(async () => { h = await startHarness(); });
afterEach(async () => { await h.stop(); });

const countUsers = () => (h.bot.db.$client.prepare("select count(*) n from users").get() as { n: number }).n;

describe("registration", () => {
  it("answers an uninvited person with how to get an invite, and nothing else", async () => {
    for (const text of ["xin chào", "/nhap", "/baocao", "/menu"]) {
      const r = await h.say(501, text);
      expect(r.map((m) => m.text)).toEqual([NOT_REGISTERED]);
      h.clock.advance(61 * 60_000); // a stranger is answered once an hour (issue 17)
    }
    const r = await h.press(501, "cmd:form:tuyen_truyen");
    expect(r.map((m) => m.text)).toEqual([NOT_REGISTERED]);
    // Within the hour, nothing more: a flood from unknown chats must not hold the ward's replies.
    expect(await h.say(501, "có ai không?")).toEqual([]);
    expect(countUsers()).toBe(0);
  });

  it("binds a valid code to the role and unit, and refuses it a second time", async () => {
    const code = h.invite("bao_cao", "tay-hung");
    const ok = await h.say(601, `/start ${code.toLowerCase()}`);
    expect(ok[0]!.text).toContain("Đăng ký thành công");
    expect(ok[0]!.text).toContain("Khóm Tây Hưng");
    const row = h.bot.db.$client.prepare("select u.role, u.unit_code from users u join identities i on i.user_id = u.id where i.platform_user_id = '601'").get();
    expect(row).toEqual({ role: "bao_cao", unit_code: "tay-hung" });
    const again = await h.say(602, `/start ${code}`);
    expect(again[0]!.text).toContain("đã được dùng");
    expect(countUsers()).toBe(1);
  });

  it("refuses an expired code", async () => {
    const code = h.invite("lanh_dao", "nhon-hung");
    h.clock.advance(7 * 24 * 3600_000 + 1000);
    const r = await h.say(701, `/start ${code}`);
    expect(r[0]!.text).toContain("hết hạn");
    expect(countUsers()).toBe(0);
  });

  it("stores codes only as hashes", async () => {
    const code = h.invite("bao_cao", "dong-hung");
    const dump = JSON.stringify(h.bot.db.$client.prepare("select * from invites").all());
    expect(dump).not.toContain(code);
  });

  it("refuses a chat for the rest of the hour after five wrong codes, even a right one", async () => {
    for (let i = 0; i < 5; i++) {
      const r = await h.say(801, `/start WRONGCODE${i}`);
      expect(r[0]!.text).toContain("không đúng");
    }
    const good = h.invite("bao_cao", "dong-hung");
    const sixth = await h.say(801, `/start ${good}`);
    expect(sixth[0]!.text).toContain("quá nhiều lần");
    expect(countUsers()).toBe(0);
    // another chat is not affected
    expect((await h.say(802, `/start ${good}`))[0]!.text).toContain("Đăng ký thành công");
    h.clock.advance(3600_000 + 1000);
    const later = h.invite("bao_cao", "dong-hung");
    expect((await h.say(801, `/start ${later}`))[0]!.text).toContain("Đăng ký thành công");
  });

  it("lets an admin invite from the chat with /moi", async () => {
    await h.register(901, "admin", "nhon-hung");
    let r = await h.say(901, "/moi");
    r = await h.say(901, "3"); // Người báo cáo
    expect(r.at(-1)!.text).toContain("Chọn đơn vị");
    r = await h.say(901, "Khóm Trung Bắc Hưng");
    const code = /Mã mời cho .*: ([A-Z0-9]+)/.exec(r.at(-1)!.text)?.[1];
    expect(code).toMatch(/^[A-Z0-9]{10}$/);
    expect(r.at(-1)!.text).toContain(`https://t.me/test_bot?start=${code}`);
    const joined = await h.say(902, `/start ${code}`);
    expect(joined[0]!.text).toContain("Khóm Trung Bắc Hưng");
  });
});
