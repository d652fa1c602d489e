// Issue 16, item 2: /sua cannot move an entry past its unit's end or before its start
// (test/fixtures/merged-units.yaml: Tây Hưng ended 30/06/2025, Hưng Phú began 01/07/2025).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buttonData, startHarness, testClock, type Harness } from "../helpers/harness.js";
import type { SentMessage } from "../helpers/bot-api-standin.js";

const TAY = 1001;
const HUNG_PHU = 1002;

let h: Harness;
const last = (ms: SentMessage[]) => ms.at(-1)!;
const entryDate = (unit: string) =>
  (h.bot.db.$client.prepare("select id, activity_date as d, revision from entries where unit_code = ?").get(unit) as { id: number; d: string; revision: number });

beforeEach(async () => {
  h = await startHarness({ clock: testClock("2025-06-20T03:00:00Z"), env: { WARD_PROFILE_PATH: "test/fixtures/merged-units.yaml" } });
  await h.register(TAY, "bao_cao", "tay-hung", "Hùng");
  h.clock.set("2025-07-24T03:00:00Z");
  await h.register(HUNG_PHU, "bao_cao", "hung-phu", "Phú");
});
afterEach(async () => { await h.stop(); });

/** Files a quick entry and saves it; returns the entry's id. */
async function file(user: number, unit: string): Promise<number> {
  const r = await h.say(user, "tuyen truyen 3 buoi 150 nguoi 2,5 gio loa 40 to roi 1 tin 12 ho");
  expect(last(await h.press(user, buttonData(last(r), "Lưu"))).text).toContain("✅ Đã lưu");
  return entryDate(unit).id;
}

describe("/sua and the unit's dates", () => {
  it("refuses to move an ended unit's entry past its last day, in Vietnamese, and keeps the entry", async () => {
    const id = await file(TAY, "tay-hung");
    expect(entryDate("tay-hung").d).toBe("2025-06-30");
    await h.press(TAY, buttonData(last(await h.say(TAY, `/sua ${id}`)), "Ngày hoạt động"));
    const r = await h.say(TAY, "02/07/2025");
    expect(r[0]!.text).toBe("Khóm Tây Hưng đã kết thúc ngày 30/06/2025; từ 01/07/2025 nhập vào Khóm Hưng Phú. Không nhập được số liệu cho ngày 02/07/2025: chỉ nhập được cho các ngày đến hết 30/06/2025. Muốn báo cáo cho đơn vị mới, xin Văn phòng UBND phường chuyển bạn sang đơn vị đó. Ngày hoạt động giữ nguyên 30/06/2025; hãy chọn lại, hoặc gõ /huy.");
    expect(last(r).text).toContain(`✏️ Bản ghi số ${id}`);
    expect(entryDate("tay-hung")).toMatchObject({ d: "2025-06-30", revision: 1 });
    // A day inside its dates is still accepted.
    await h.press(TAY, buttonData(last(r), "Ngày hoạt động"));
    expect(last(await h.say(TAY, "28/06/2025")).text).toContain("Vì sao sửa");
  });

  it("refuses to move a new unit's entry before its first day", async () => {
    const id = await file(HUNG_PHU, "hung-phu");
    await h.press(HUNG_PHU, buttonData(last(await h.say(HUNG_PHU, `/sua ${id}`)), "Ngày hoạt động"));
    const r = await h.say(HUNG_PHU, "29/06/2025");
    expect(r[0]!.text).toBe("Khóm Hưng Phú bắt đầu hoạt động từ ngày 01/07/2025: không nhập được số liệu cho ngày 29/06/2025. Ngày hoạt động giữ nguyên 24/07/2025; hãy chọn lại, hoặc gõ /huy.");
    expect(entryDate("hung-phu")).toMatchObject({ d: "2025-07-24", revision: 1 });
  });
});
