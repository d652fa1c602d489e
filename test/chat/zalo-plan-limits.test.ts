// The Zalo Bot Platform's plan (free: 50 people, 3,000 messages a month), counted against
// ZALO_BOT_MAX_USERS and ZALO_BOT_MONTHLY_MESSAGES: the office is warned at 80 % and told at
// 100 %, and an invite accepted on Zalo past the people limit is refused with the reason.
import { afterEach, describe, expect, it } from "vitest";
import { startZaloHarness, type ZaloHarness } from "../helpers/zalo-harness.js";

let z: ZaloHarness | undefined;
afterEach(async () => { await z?.close(); z = undefined; });

const ADMIN = 9001;

describe("Zalo plan limits", () => {
  it("people: warned at 4 of 5, told at 5 of 5, the sixth invite refused with the reason (the code stays unused) and the office told", async () => {
    z = await startZaloHarness({ env: { ZALO_BOT_MAX_USERS: "5" } });
    const { h } = z;
    await h.register(ADMIN, "admin", "nhon-hung", "Văn phòng");
    const office = (needle: string) => h.standin.sentTo(ADMIN).filter((m) => m.text.includes(needle));
    for (const id of ["p1", "p2", "p3"]) await z.register(id, "bao_cao", "dong-hung");
    await h.bot.settle();
    expect(office("người dùng")).toHaveLength(0);
    await z.register("p4", "bao_cao", "dong-hung");
    await h.standin.waitFor(() => office("đã có 4/5 người dùng").length === 1);
    await z.register("p5", "bao_cao", "dong-hung");
    await h.standin.waitFor(() => office("đủ 5 người gói dịch vụ cho phép").length === 1);

    const code = h.invite("bao_cao", "dong-hung");
    const refused = await z.say("p6", `/start ${code}`);
    expect(refused.map((m) => m.text)).toEqual([
      "Chưa đăng ký được: bot đã đủ 5 người dùng Zalo, số tối đa gói dịch vụ hiện tại cho phép. Văn phòng UBND phường đã được báo và sẽ hướng dẫn bạn đăng ký qua kênh khác. Mã mời của bạn vẫn còn dùng được.",
    ]);
    await h.standin.waitFor(() => office("vừa dùng mã mời qua Zalo nhưng bị từ chối").length === 1);
    expect(h.bot.db.$client.prepare("select count(*) as n from identities where channel = 'zalo'").get()).toEqual({ n: 5 });
    // The same code still works on Telegram.
    const onTelegram = await h.say(9106, `/start ${code}`);
    expect(onTelegram.map((m) => m.text).join("\n")).toContain("Đăng ký thành công");
    // Someone already on Zalo is no new place: a new invite for them is not refused.
    const again = await z.say("p1", `/start ${h.invite("bao_cao", "dong-hung")}`);
    expect(again.map((m) => m.text).join("\n")).not.toContain("Chưa đăng ký được");
    // Each notice once, however many messages went out since.
    expect(office("đã có 4/5 người dùng")).toHaveLength(1);
    expect(office("đủ 5 người gói dịch vụ cho phép")).toHaveLength(1);
  }, 120_000);

  it("/lienket onto Zalo counts against the people limit: the link that fills it warns the office, the next is refused with the reason (the code stays unused) and the office told", async () => {
    z = await startZaloHarness({ env: { ZALO_BOT_MAX_USERS: "2" } });
    const { h } = z;
    const LAN = 9201;
    const HUNG = 9202;
    const HUNG_OTHER = 9203;
    await h.register(ADMIN, "admin", "nhon-hung", "Văn phòng");
    await h.register(LAN, "bao_cao", "dong-hung", "Lan");
    await h.register(HUNG, "bao_cao", "tay-hung", "Hùng");
    const office = (needle: string) => h.standin.sentTo(ADMIN).filter((m) => m.text.includes(needle));
    const codeIn = (t: string) => /Mã liên kết của [^:]+: ([A-Z0-9]{6})/.exec(t)?.[1] ?? "";
    const zaloPeople = () => (h.bot.db.$client.prepare("select count(distinct user_id) as n from identities where channel = 'zalo'").get() as { n: number }).n;
    await z.register("p1", "bao_cao", "dong-hung");
    expect(zaloPeople()).toBe(1);

    // Lan links Zalo: the second of two places, so the office hears the plan is full, as after an invite.
    const lanCode = codeIn((await h.say(LAN, "/lienket"))[0]!.text);
    const linked = await z.say("lan-zalo", `/lienket ${lanCode}`);
    expect(linked[0]!.text).toBe("✅ Đã liên kết: bạn là Lan, Người báo cáo, Khóm Đông Hưng. Nhắc việc sẽ gửi đến ứng dụng bạn dùng gần nhất.");
    await h.standin.waitFor(() => office("đủ 2 người gói dịch vụ cho phép").length === 1);
    expect(zaloPeople()).toBe(2);

    // Hùng would be a third person on Zalo: refused, told why, and the office told who and why.
    const hungCode = codeIn((await h.say(HUNG, "/lienket"))[0]!.text);
    const refused = await z.say("hung-zalo", `/lienket ${hungCode}`);
    expect(refused.map((m) => m.text)).toEqual([
      "Chưa liên kết được: bot đã đủ 2 người dùng Zalo, số tối đa gói dịch vụ hiện tại cho phép. Bạn vẫn dùng bot được trên ứng dụng đã đăng ký. Văn phòng UBND phường đã được báo.",
    ]);
    await h.standin.waitFor(() => office("Hùng vừa dùng mã liên kết để thêm Zalo nhưng bị từ chối").length === 1);
    expect(office("Hùng vừa dùng mã liên kết")[0]!.text).toBe(
      "⛔ Hùng vừa dùng mã liên kết để thêm Zalo nhưng bị từ chối: gói dịch vụ Zalo của bot chỉ cho 2 người và đã đủ. "
      + "Hùng vẫn dùng bot được trên ứng dụng đã đăng ký. Muốn thêm người trên Zalo, hãy nâng gói rồi tăng giới hạn số người.");
    expect(zaloPeople()).toBe(2);
    expect(h.bot.db.$client.prepare("select count(*) as n from identities where channel = 'zalo' and platform_user_id = 'hung-zalo'").get()).toEqual({ n: 0 });
    // Not a wrong code: nothing counted against the chat, and the code stays unused for another app.
    expect(h.bot.db.$client.prepare("select count(*) as n from invite_failures").get()).toEqual({ n: 0 });
    const onTelegram = await h.say(HUNG_OTHER, `/lienket ${hungCode}`);
    expect(onTelegram[0]!.text).toBe("✅ Đã liên kết: bạn là Hùng, Người báo cáo, Khóm Tây Hưng. Nhắc việc sẽ gửi đến ứng dụng bạn dùng gần nhất.");

    // Someone already on Zalo takes no new place: p1 links a second Zalo account.
    const p1Code = codeIn((await z.say("p1", "/lienket"))[0]!.text);
    const second = await z.say("p1-second", `/lienket ${p1Code}`);
    expect(second[0]!.text).toContain("✅ Đã liên kết");
    expect(zaloPeople()).toBe(2);
    expect(office("Hùng vừa dùng mã liên kết")).toHaveLength(1);
  }, 120_000);

  it("messages: warned once from 80 % of ZALO_BOT_MONTHLY_MESSAGES, told once at 100 %, counted from what Zalo delivered this month", async () => {
    z = await startZaloHarness({ env: { ZALO_BOT_MONTHLY_MESSAGES: "10" } });
    const { h, zalo } = z;
    await h.register(ADMIN, "admin", "nhon-hung", "Văn phòng");
    const office = (needle: string) => h.standin.sentTo(ADMIN).filter((m) => m.text.includes(needle));
    await z.register("m1", "bao_cao", "dong-hung");
    // Each message the stand-in accepted counts once; 8 of 10 is the first at 80 %.
    while (zalo.sent.length < 8) {
      await h.bot.settle();
      expect(office("tin nhắn trong tháng 02/2025")).toHaveLength(0);
      await z.say("m1", "/trogiup");
    }
    await h.standin.waitFor(() => office("(từ 80% hạn mức của gói)").length === 1);
    expect(office("(từ 80% hạn mức của gói)")[0]!.text).toContain(`${zalo.sent.length}/10 tin nhắn trong tháng 02/2025`);
    while (zalo.sent.length < 10) await z.say("m1", "/trogiup");
    await h.standin.waitFor(() => office("hết 10 tin gói dịch vụ cho phép").length === 1);
    await z.say("m1", "/trogiup");
    await h.bot.settle();
    expect(office("(từ 80% hạn mức của gói)")).toHaveLength(1);
    expect(office("hết 10 tin gói dịch vụ cho phép")).toHaveLength(1);
  }, 120_000);
});

describe("Zalo by polling", () => {
  it("tells the office at start-up, once a day however often the bot restarts, that messages may be lost", async () => {
    z = await startZaloHarness(); // ZALO_MODE=polling (the harness without webhook)
    const { h } = z;
    await h.register(ADMIN, "admin", "nhon-hung", "Văn phòng");
    const warned = () => h.standin.sentTo(ADMIN).filter((m) => m.text.includes("ZALO_MODE=polling") && m.text.includes("có thể bị mất"));
    await h.restart();
    await h.standin.waitFor(() => warned().length === 1);
    await h.restart();
    await h.bot.settle();
    expect(warned()).toHaveLength(1);
    // The next day it is said again.
    h.clock.advance(24 * 3_600_000);
    await h.restart();
    await h.standin.waitFor(() => warned().length === 2);
  }, 120_000);

  it("says nothing of the kind by webhook", async () => {
    z = await startZaloHarness({ webhook: true });
    const { h } = z;
    await h.register(ADMIN, "admin", "nhon-hung", "Văn phòng");
    await h.restart();
    await h.bot.settle();
    expect(h.standin.sentTo(ADMIN).filter((m) => m.text.includes("ZALO_MODE=polling"))).toHaveLength(0);
  }, 120_000);
});
