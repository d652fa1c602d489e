// /lienket: one person on two apps or accounts. Driven through the Telegram stand-in with two
// Telegram accounts (another channel works the same way: the code binds channel + user id).
import { afterEach, describe, expect, it } from "vitest";
import { startHarness, testClock, type Harness } from "../helpers/harness.js";

const LAN = 1001;
const LAN_OTHER = 5001;
const STRANGER = 5002;
const HUNG = 1002;
let h: Harness;
afterEach(async () => { await h.stop(); });

const codeIn = (t: string) => /Mã liên kết của [^:]+: ([A-Z0-9]{6})/.exec(t)?.[1] ?? "";
const identitiesOf = (uid: number) => (h.bot.db.$client.prepare(
  "select i2.platform_user_id as p from identities i join identities i2 on i2.user_id = i.user_id where i.platform_user_id = ? order by i2.id",
).all(String(uid)) as { p: string }[]).map((r) => r.p);

async function setUp() {
  h = await startHarness({ clock: testClock("2025-02-20T03:00:00Z") });
  await h.register(LAN, "bao_cao", "dong-hung", "Lan");
  await h.register(HUNG, "bao_cao", "tay-hung", "Hùng");
}

describe("/lienket", () => {
  it("gives a short code; the other account sending it becomes the same person, with the same role and unit", async () => {
    await setUp();
    const [msg] = await h.say(LAN, "/lienket");
    const code = codeIn(msg!.text);
    expect(code).toMatch(/^[A-HJ-KM-NP-Z2-9]{6}$/);
    expect(msg!.text).toContain(`/lienket ${code}`);
    expect(msg!.text).toContain("15 phút");
    const stored = h.bot.db.$client.prepare("select code_hash from link_codes").all() as { code_hash: string }[];
    expect(stored).toHaveLength(1);
    expect(stored[0]!.code_hash).not.toContain(code);

    const linked = await h.say(LAN_OTHER, `/lienket ${code.toLowerCase()}`);
    expect(linked[0]!.text).toBe("✅ Đã liên kết: bạn là Lan, Người báo cáo, Khóm Đông Hưng. Nhắc việc sẽ gửi đến ứng dụng bạn dùng gần nhất.");
    expect(linked[1]!.text).toContain("Bạn muốn làm gì?");
    expect(identitiesOf(LAN)).toEqual([String(LAN), String(LAN_OTHER)]);
    // The new account works as Lan: her unit's progress.
    expect((await h.say(LAN_OTHER, "/tiendo")).at(-1)!.text).toContain("Đông Hưng");

    // Used codes are refused, with a way forward.
    expect((await h.say(STRANGER, `/lienket ${code}`))[0]!.text).toBe(
      "Mã liên kết này đã được dùng. Mỗi mã chỉ dùng một lần. Gõ /lienket trên ứng dụng đã đăng ký để lấy mã mới.");
  });

  it("refuses expired codes and throttles wrong ones like invites", async () => {
    await setUp();
    const code = codeIn((await h.say(LAN, "/lienket"))[0]!.text);
    h.clock.advance(15 * 60_000);
    expect((await h.say(LAN_OTHER, `/lienket ${code}`))[0]!.text).toContain("Mã liên kết đã hết hạn");
    for (let i = 0; i < 5; i++) expect((await h.say(STRANGER, "/lienket ZZZZZZ"))[0]!.text).toContain("Mã liên kết không đúng");
    const fresh = codeIn((await h.say(LAN, "/lienket"))[0]!.text);
    expect((await h.say(STRANGER, `/lienket ${fresh}`))[0]!.text).toContain("nhập sai mã quá nhiều lần");
    expect(identitiesOf(LAN)).toEqual([String(LAN)]);
  });

  it("refuses a sender registered as someone else, and does not move them", async () => {
    await setUp();
    const code = codeIn((await h.say(LAN, "/lienket"))[0]!.text);
    const r = await h.say(HUNG, `/lienket ${code}`);
    expect(r[0]!.text).toContain("Tài khoản này đã đăng ký là Hùng, Người báo cáo, Khóm Tây Hưng, nên không liên kết sang người khác được");
    expect(identitiesOf(HUNG)).toEqual([String(HUNG)]);
    expect((await h.say(LAN, `/lienket ${code}`))[0]!.text).toBe("Tài khoản này đã liên kết với Lan, Người báo cáo, Khóm Đông Hưng rồi.");
  });

  it("is in the help, and an unregistered sender is told how to use it", async () => {
    await setUp();
    expect((await h.say(LAN, "/trogiup"))[0]!.text).toContain("/lienket");
    expect((await h.say(STRANGER, "/lienket"))[0]!.text).toContain("Gõ /lienket <mã>");
    h.clock.advance(61 * 60_000); // a stranger is answered once an hour, registration attempts apart (issue 17)
    expect((await h.say(STRANGER, "xin chào"))[0]!.text).toContain("/lienket");
  });
});
