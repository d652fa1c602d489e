// People (issue 9, item 6): a new invite never silently replaces a role, typed /moi follows the
// buttons' rules, /nguoidung moves, re-roles, stops and restores people, units dropped from the
// profile take no one and nothing new.
import { rmSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buttonData, buttons, startHarness, type Harness } from "../helpers/harness.js";
import { contacts } from "../../src/store/users.js";
// Expected texts written out here (not imported from src/), so a changed message fails the test.
const DEACTIVATED = "Tài khoản của bạn đã ngừng sử dụng bot báo cáo của phường. Nếu cần dùng lại, xin liên hệ Văn phòng UBND phường.";

let h: Harness;
beforeEach(async () => { h = await startHarness(); });
afterEach(async () => { await h.stop(); rmSync(h.dir, { recursive: true, force: true }); });

const ADMIN = 2001;
const CHAIRMAN = 3001;
const KHOM = 1001;
const KHOM_TAY = 1002;

const db = () => h.bot.db.$client;
const roleOf = (tg: number) => db().prepare(`select u.role, u.unit_code as unit, u.active from users u join identities i on i.user_id = u.id
  where i.platform_user_id = ?`).get(String(tg));
const last = (r: { text: string }[]) => r.at(-1)!.text;
/** A unit dropped from the ward profile, as the profile sync leaves it (src/store/profile-sync.ts). */
const dropUnit = (code: string) => db().prepare("update units set active = 0 where code = ?").run(code);

async function fileTuyenTruyen(tg: number, sessions: string): Promise<string> {
  await h.say(tg, "/nhap tuyen_truyen");
  for (const a of [sessions, "100", "0", "0", "0", "0"]) await h.say(tg, a);
  return last(await h.say(tg, "luu"));
}

describe("a registered person opening another invite", () => {
  it("asks a chairman before a forwarded reporter link makes him a reporter; 'Giữ như cũ' keeps him", async () => {
    await h.register(CHAIRMAN, "lanh_dao", "nhon-hung", "Chủ tịch");
    const code = h.invite("bao_cao", "dong-hung");
    let r = await h.say(CHAIRMAN, `/start ${code}`);
    expect(last(r)).toContain("Bạn đang đăng ký là Lãnh đạo phường, Phường Nhơn Hưng.");
    expect(last(r)).toContain("Mã mời này sẽ đổi thành Người báo cáo, Khóm Đông Hưng");
    expect(buttons(r.at(-1)).map((b) => b.text)).toEqual(["Đồng ý", "Giữ như cũ"]);
    expect(roleOf(CHAIRMAN)).toEqual({ role: "lanh_dao", unit: "nhon-hung", active: 1 });
    r = await h.press(CHAIRMAN, buttonData(r.at(-1), "Giữ như cũ"));
    expect(last(r)).toContain("Đã giữ như cũ");
    expect(roleOf(CHAIRMAN)).toEqual({ role: "lanh_dao", unit: "nhon-hung", active: 1 });
    // still a leader: /baocao is his
    expect(last(await h.say(CHAIRMAN, "/baocao"))).toContain("Báo cáo kỳ nào?");
    // the code was not used up: someone else can still redeem it
    expect((await h.say(KHOM, `/start ${code}`))[0]!.text).toContain("Đăng ký thành công");
  });

  it("changes role and unit only after 'Đồng ý' (typed, as on Zalo)", async () => {
    await h.register(KHOM, "bao_cao", "dong-hung");
    const code = h.invite("bao_cao", "tay-hung");
    await h.say(KHOM, `/start ${code}`);
    expect(roleOf(KHOM)).toEqual({ role: "bao_cao", unit: "dong-hung", active: 1 });
    const r = await h.say(KHOM, "dong y");
    expect(r[0]!.text).toContain("Đăng ký thành công");
    expect(r[0]!.text).toContain("Khóm Tây Hưng");
    expect(roleOf(KHOM)).toEqual({ role: "bao_cao", unit: "tay-hung", active: 1 });
  });

  it("takes an invite that changes nothing without asking", async () => {
    await h.register(KHOM, "bao_cao", "dong-hung");
    const r = await h.say(KHOM, `/start ${h.invite("bao_cao", "dong-hung")}`);
    expect(r[0]!.text).toContain("Đăng ký thành công");
  });
});

describe("typed /moi", () => {
  it("follows the buttons' rules: no office role at a khóm, no reporter at the ward", async () => {
    await h.register(ADMIN, "admin", "nhon-hung");
    const invites = () => (db().prepare("select count(*) n from invites").get() as { n: number }).n;
    const before = invites();
    let r = await h.say(ADMIN, "/moi admin dong-hung");
    expect(last(r)).toContain("Văn phòng (quản trị) không mời được cho \"dong-hung\"");
    expect(last(r)).toContain("nhon-hung");
    r = await h.say(ADMIN, "/moi bao_cao nhon-hung");
    expect(last(r)).toContain("không mời được");
    expect(invites()).toBe(before);
    r = await h.say(ADMIN, "/moi bao_cao dong-hung");
    expect(last(r)).toContain("Mã mời cho Người báo cáo, Khóm Đông Hưng");
    expect(invites()).toBe(before + 1);
  });
});

describe("/nguoidung", () => {
  it("lists people numbered, with role, unit, channel and whether active; refuses others than the office", async () => {
    await h.register(ADMIN, "admin", "nhon-hung", "Văn phòng");
    await h.register(KHOM, "bao_cao", "dong-hung", "Ba");
    expect(last(await h.say(KHOM, "/nguoidung"))).toContain("Chỉ Văn phòng");
    const r = await h.say(ADMIN, "/nguoidung");
    expect(last(r)).toContain("1. Văn phòng — Văn phòng (quản trị), Phường Nhơn Hưng — Telegram — đang dùng");
    expect(last(r)).toContain("2. Ba — Người báo cáo, Khóm Đông Hưng — Telegram — đang dùng");
    expect(buttons(r.at(-1)).map((b) => b.text)).toEqual(["Văn phòng, Phường Nhơn Hưng", "Ba, Khóm Đông Hưng"]);
  });

  it("moves a reporter to another unit from the list; a form begun for the old unit is dropped", async () => {
    await h.register(ADMIN, "admin", "nhon-hung");
    await h.register(KHOM, "bao_cao", "dong-hung", "Ba");
    await h.say(KHOM, "/nhap tuyen_truyen");
    let r = await h.say(ADMIN, "/nguoidung");
    r = await h.say(ADMIN, "2"); // typed position picks the person shown as 2
    expect(last(r)).toContain("2. Ba");
    r = await h.press(ADMIN, buttonData(r.at(-1), "Chuyển đơn vị"));
    // only units where a reporter belongs
    expect(buttons(r.at(-1)).map((b) => b.text)).not.toContain("Phường Nhơn Hưng");
    r = await h.press(ADMIN, buttonData(r.at(-1), "Khóm Tây Hưng"));
    expect(last(r)).toContain("✅ Đã đổi: Ba là Người báo cáo, Khóm Tây Hưng.");
    expect(roleOf(KHOM)).toEqual({ role: "bao_cao", unit: "tay-hung", active: 1 });
    expect(last(await h.say(KHOM, "5"))).toContain("Đơn vị của bạn đã thay đổi");
  });

  it("changes a role typed, asking for the unit the new role needs", async () => {
    await h.register(ADMIN, "admin", "nhon-hung");
    await h.register(KHOM, "bao_cao", "dong-hung", "Ba");
    let r = await h.say(ADMIN, "/nguoidung 2 vai tro lanh dao");
    expect(last(r)).toContain("Lãnh đạo phường phải thuộc đơn vị khác Khóm Đông Hưng");
    expect(roleOf(KHOM)).toEqual({ role: "bao_cao", unit: "dong-hung", active: 1 });
    r = await h.say(ADMIN, "1"); // Phường Nhơn Hưng, the only unit of the ward's roles
    expect(last(r)).toContain("✅ Đã đổi: Ba là Lãnh đạo phường, Phường Nhơn Hưng.");
    expect(roleOf(KHOM)).toEqual({ role: "lanh_dao", unit: "nhon-hung", active: 1 });
    r = await h.say(ADMIN, "/nguoidung 2 vaitro bao_cao tay hung");
    expect(last(r)).toContain("Người báo cáo, Khóm Tây Hưng");
    r = await h.say(ADMIN, "/nguoidung 2 donvi nhon-hung");
    expect(last(r)).toContain("Người báo cáo phải thuộc một khóm, tổ hoặc đồn biên phòng");
    expect(roleOf(KHOM)).toEqual({ role: "bao_cao", unit: "tay-hung", active: 1 });
    expect(last(await h.say(ADMIN, "/nguoidung 1 ngung"))).toContain("không tự đổi");
    expect(last(await h.say(ADMIN, "/nguoidung 9 ngung"))).toContain("Không có người số 9");
  });

  it("says a person is already in the unit (or role) asked, and changes nothing (found by exploratory testing)", async () => {
    await h.register(ADMIN, "admin", "nhon-hung");
    await h.register(KHOM, "bao_cao", "dong-hung", "Ba");
    await h.say(KHOM, "/nhap tuyen_truyen");
    expect(last(await h.say(ADMIN, "/nguoidung 2 donvi dong hung"))).toBe(
      "Ba đã ở Khóm Đông Hưng, không cần chuyển. Muốn chuyển sang đơn vị khác, gõ /nguoidung 2 donvi <đơn vị>.");
    expect(last(await h.say(ADMIN, "/nguoidung 2 vaitro bao cao"))).toBe(
      "Ba đã là Người báo cáo, Khóm Đông Hưng, không cần đổi. Muốn đổi sang vai trò khác, gõ /nguoidung 2 vaitro <vai trò>.");
    // The same from the buttons.
    const ba = (db().prepare("select user_id as id from identities where platform_user_id = ?").get(String(KHOM)) as { id: number }).id;
    let r = await h.press(ADMIN, `cmd:nguoidung:u${ba}:donvi`);
    r = await h.press(ADMIN, buttonData(r.at(-1), "Khóm Đông Hưng"));
    expect(last(r)).toContain("Ba đã ở Khóm Đông Hưng, không cần chuyển.");
    expect(roleOf(KHOM)).toEqual({ role: "bao_cao", unit: "dong-hung", active: 1 });
    // The form begun stays: nothing about the person changed.
    expect(last(await h.say(KHOM, "5"))).toContain("(2/6)");
  });

  it("deactivates a person: a short notice for anything, no reminders, past figures still in the report; and restores them", async () => {
    await h.register(ADMIN, "admin", "nhon-hung");
    await h.register(KHOM, "bao_cao", "dong-hung", "Ba");
    await h.register(CHAIRMAN, "lanh_dao", "nhon-hung");
    expect(await fileTuyenTruyen(KHOM, "7")).toContain("✅ Đã lưu");
    let r = await h.say(ADMIN, "/nguoidung");
    r = await h.press(ADMIN, buttonData(r.at(-1), "Ba, Khóm Đông Hưng"));
    r = await h.press(ADMIN, buttonData(r.at(-1), "Ngừng sử dụng"));
    expect(last(r)).toContain("⛔ Đã ngừng: Ba");
    expect(last(r)).toContain("— đã ngừng");
    expect(roleOf(KHOM)).toMatchObject({ active: 0 });
    for (const t of ["/nhap", "xin chào", `/start ${h.invite("bao_cao", "tay-hung")}`]) {
      expect((await h.say(KHOM, t)).map((m) => m.text)).toEqual([DEACTIVATED]);
    }
    expect((await h.press(KHOM, "cmd:form:tuyen_truyen")).map((m) => m.text)).toEqual([DEACTIVATED]);
    expect(contacts(h.bot.db, "bao_cao", "dong-hung")).toEqual([]);
    // The 7 sessions filed before stay in the month's report.
    r = await h.say(CHAIRMAN, "/baocao thang 2/2025");
    await h.standin.waitFor(() => h.standin.documents.length > 0, 20_000);
    expect(h.standin.documents.at(-1)!.caption).toContain("Tuyên truyền: 7 buổi");
    r = await h.say(ADMIN, "/nguoidung 2 dung lai");
    expect(last(r)).toContain("✅ Đã cho Ba dùng lại bot.");
    expect(last(await h.say(KHOM, "/menu"))).toContain("Xin chào Ba");
    expect(contacts(h.bot.db, "bao_cao", "dong-hung").map((c) => c.name)).toEqual(["Ba"]);
  });
});

describe("a unit dropped from the profile", () => {
  it("refuses an invite made before, a typed or pressed /moi for it, and new entries from its people", async () => {
    await h.register(ADMIN, "admin", "nhon-hung");
    await h.register(KHOM, "bao_cao", "dong-hung");
    const code = h.invite("bao_cao", "dong-hung");
    dropUnit("dong-hung");
    expect(last(await h.say(KHOM_TAY, `/start ${code}`))).toContain("không còn trong danh sách của phường");
    expect(roleOf(KHOM_TAY)).toBeUndefined();
    expect(last(await h.say(ADMIN, "/moi bao_cao dong-hung"))).toContain("không mời được");
    await h.say(ADMIN, "/moi");
    const r = await h.say(ADMIN, "3");
    expect(buttons(r.at(-1)).map((b) => b.text)).not.toContain("Khóm Đông Hưng");
    expect(last(await h.say(KHOM, "/nhap tuyen_truyen"))).toContain("Khóm Đông Hưng không còn trong danh sách đơn vị của phường");
    expect(last(await h.say(KHOM, "/khongphatsinh tuyen_truyen"))).toContain("không nhận số liệu mới");
    expect(db().prepare("select count(*) n from entries").get()).toEqual({ n: 0 });
  });
});
