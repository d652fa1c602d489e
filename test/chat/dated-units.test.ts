// Issue 16, item 3, over the stand-in: after 01/07/2025 Tây Hưng is merged into Hưng Phú and Bắc
// Hưng split (test/fixtures/merged-units.yaml). Invites, reminders and /tiendo count only the
// units in force; a reporter of an ended unit is told so and files only for its days.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buttonData, buttons, startHarness, testClock, type Harness } from "../helpers/harness.js";
import { runDueJobs } from "../../src/reminders/jobs.js";

const TAY = 1001;
const HUNG_PHU = 1002;
const TRUNG = 1003;
const CHAIRMAN = 3001;
const NEWCOMER = 4001;

let h: Harness;
const last = (ms: { text: string }[]) => ms.at(-1)?.text ?? "";

beforeEach(async () => {
  h = await startHarness({ clock: testClock("2025-06-20T03:00:00Z"), env: { WARD_PROFILE_PATH: "test/fixtures/merged-units.yaml" } });
  await h.register(TAY, "bao_cao", "tay-hung", "Hùng");
  await h.register(TRUNG, "bao_cao", "trung-hung", "Lan");
  await h.register(CHAIRMAN, "lanh_dao", "xa-thu", "Vũ");
  h.clock.set("2025-07-24T03:00:00Z");
  await h.register(HUNG_PHU, "bao_cao", "hung-phu", "Phú");
});
afterEach(async () => { await h.stop(); });

describe("units in force", () => {
  it("an invite to a unit merged away is refused on the day, in Vietnamese; one to its successor works", async () => {
    const code = h.invite("bao_cao", "tay-hung");
    const r = await h.say(NEWCOMER, `/start ${code}`);
    expect(last(r)).toBe("Đơn vị của mã mời này không hoạt động vào hôm nay (đã sáp nhập, chia tách hoặc chưa bắt đầu) nên không nhận người mới. Xin Văn phòng UBND phường mã mời của đơn vị đang hoạt động.");
    const ok = await h.say(NEWCOMER, `/start ${h.invite("bao_cao", "bac-hung-a")}`);
    expect(ok.some((m) => m.text.includes("Đăng ký thành công"))).toBe(true);
  });

  it("the invite's unit choices are the units in force today", async () => {
    await h.register(9001, "admin", "xa-thu", "Văn phòng");
    const r = await h.say(9001, "/moi");
    const roles = r.at(-1)!;
    const units = await h.press(9001, buttonData(roles, "báo cáo"));
    const labels = buttons(units.at(-1)).map((b) => b.text);
    expect(labels).toEqual(expect.arrayContaining(["Khóm Trung Hưng", "Khóm Hưng Phú", "Khóm Bắc Hưng A", "Khóm Bắc Hưng B"]));
    expect(labels.join(" ")).not.toMatch(/Tây Hưng|Đông Hưng|Bắc Hưng(?! [AB])/);
  });

  it("/tiendo and the reminders of July count the four khóm in force, not the ones merged away", async () => {
    const leader = last(await h.say(CHAIRMAN, "/tiendo"));
    expect(leader).toContain("Tiến độ kỳ tháng 07/2025: 0/4 đơn vị đã báo cáo.");
    expect(leader).not.toContain("Tây Hưng");
    h.clock.set("2025-07-27T01:00:00Z");
    const [outcome] = runDueJobs({ db: h.bot.db, profile: h.bot.profile, settings: h.bot.jobSettings }, h.clock.now, { dryRun: true, now: h.clock.now });
    expect(outcome).toMatchObject({ job: "nhac-truoc", period: "2025-07", note: "0/4 đơn vị đã báo cáo" });
    expect(outcome!.recipients.map((r) => r.name).sort()).toEqual(["Lan", "Phú"]);
    // June still counts the old khóm: Tây Hưng owes June.
    expect(last(await h.say(CHAIRMAN, "/tiendo tháng 6/2025"))).toContain("0/4 đơn vị đã báo cáo");
  });

  it("a reporter of the ended unit is told when it ended and who to ask, and files only for its days", async () => {
    const r = await h.say(TAY, "tuyen truyen 3 buoi 150 nguoi 2,5 gio loa 40 to roi 1 tin 12 ho");
    expect(r[0]!.text).toBe("⚠️ Khóm Tây Hưng đã kết thúc ngày 30/06/2025; từ 01/07/2025 nhập vào Khóm Hưng Phú. Bạn chỉ nhập được số liệu cho các ngày đến hết 30/06/2025 (ngày hoạt động để sẵn là ngày đó). Muốn báo cáo cho đơn vị mới, xin Văn phòng UBND phường chuyển bạn sang đơn vị đó.");
    expect(last(r)).toContain("Ngày hoạt động: 30/06/2025");
    // Moved to a day after the end, it is not saved.
    const edit = await h.press(TAY, buttonData(r.at(-1), "Sửa"));
    const dateField = await h.press(TAY, buttonData(edit.at(-1), "Ngày"));
    const moved = await h.say(TAY, "02/07/2025");
    const refused = await h.press(TAY, buttonData(moved.at(-1), "Lưu"));
    expect(refused[0]!.text).toBe("Khóm Tây Hưng đã kết thúc ngày 30/06/2025; từ 01/07/2025 nhập vào Khóm Hưng Phú. Không nhập được số liệu cho ngày 02/07/2025: chỉ nhập được cho các ngày đến hết 30/06/2025. Muốn báo cáo cho đơn vị mới, xin Văn phòng UBND phường chuyển bạn sang đơn vị đó. Hãy sửa ngày hoạt động, hoặc gõ /huy.");
    expect(dateField.length).toBeGreaterThan(0);
    const count = () => (h.bot.db.$client.prepare("select count(*) n from entries where unit_code = 'tay-hung'").get() as { n: number }).n;
    expect(count()).toBe(0);
    // Back on its last day, it is.
    await h.say(TAY, "/huy");
    const again = await h.say(TAY, "tuyen truyen 3 buoi 150 nguoi 2,5 gio loa 40 to roi 1 tin 12 ho");
    expect(last(await h.press(TAY, buttonData(again.at(-1), "Lưu")))).toContain("✅ Đã lưu: Tuyên truyền, phổ biến, ngày 30/06/2025");
    expect(count()).toBe(1);
    // Nothing to waive for July either.
    expect(last(await h.say(TAY, "/khongphatsinh"))).toBe("Khóm Tây Hưng đã kết thúc ngày 30/06/2025; từ 01/07/2025 nhập vào Khóm Hưng Phú. Kỳ tháng 07/2025 không thuộc đơn vị này. Muốn báo cáo cho đơn vị mới, xin Văn phòng UBND phường chuyển bạn sang đơn vị đó.");
  });
});
