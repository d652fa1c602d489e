// Correct in place on Zalo: no buttons, every choice typed as the number shown or its label.
import { afterEach, describe, expect, it } from "vitest";
import { startZaloHarness, type ZaloHarness } from "../helpers/zalo-harness.js";

let z: ZaloHarness | undefined;
afterEach(async () => { await z?.close(); z = undefined; });

const KHOM_HEAD = "800001";
const last = (r: { text: string }[]) => r.at(-1)!.text;

describe("correcting on Zalo, typed", () => {
  it("from the numbered 'Đã lưu' list: a figure corrected by numbers, then the entry deleted from /cuatoi by labels", async () => {
    z = await startZaloHarness({ telegram: false });
    await z.register(KHOM_HEAD, "bao_cao", "dong-hung");
    await z.say(KHOM_HEAD, "/nhap tuyen truyen");
    for (const a of ["12", "1.200", "0", "0", "0", "0"]) await z.say(KHOM_HEAD, a);
    const saved = last(await z.say(KHOM_HEAD, "luu"));
    const id = Number(/số (\d+)\)/.exec(saved)?.[1]);
    expect(saved).toContain("3. ✏️ Sửa / xóa");
    const pick = last(await z.say(KHOM_HEAD, "3"));
    expect(pick).toContain(`Bản ghi số ${id}: 20/02/2025, Tuyên truyền, phổ biến: 12 buổi, 1.200 lượt người`);
    expect(pick).toContain("1. Ngày hoạt động (20/02/2025)\n2. Buổi tuyên truyền: 12 buổi\n3. Lượt người dự nghe: 1.200 lượt người");
    expect(pick).toContain("8. 🗑 Xóa bản ghi này");
    expect(last(await z.say(KHOM_HEAD, "9"))).toContain("8. 🗑 Xóa bản ghi này"); // nothing numbered 9: the list again
    expect(last(await z.say(KHOM_HEAD, "3"))).toContain("Tổng số lượt người dự nghe?");
    // A typed number answers the question; it picks nothing.
    expect(last(await z.say(KHOM_HEAD, "1.500"))).toContain(`Vì sao sửa bản ghi số ${id}?`);
    const confirm = last(await z.say(KHOM_HEAD, "dem sai so nguoi"));
    expect(confirm).toContain("• Lượt người dự nghe: 1.200 lượt người → 1.500 lượt người");
    expect(confirm).toContain("1. ✅ Lưu thay đổi\n2. ❌ Thôi");
    expect(last(await z.say(KHOM_HEAD, "1"))).toContain(`Đã sửa bản ghi số ${id}`);
    const db = z.h.bot.db.$client;
    expect(db.prepare("select value from entry_values where entry_id = ? and metric = 'tuyen_truyen.luot_nguoi'").get(id)).toEqual({ value: 1500 });

    const list = last(await z.say(KHOM_HEAD, "/cuatoi"));
    expect(list).toContain(`• Số ${id}: 20/02/2025, Tuyên truyền, phổ biến: 12 buổi, 1.500 lượt người`);
    expect(list).toContain(`1. ✏️ Sửa / xóa số ${id}`);
    await z.say(KHOM_HEAD, "1");
    expect(last(await z.say(KHOM_HEAD, "xoa ban ghi"))).toContain(`Vì sao xóa bản ghi số ${id}?`);
    expect(last(await z.say(KHOM_HEAD, "nhap trung"))).toContain("1. 🗑 Xóa\n2. ❌ Thôi");
    expect(last(await z.say(KHOM_HEAD, "xoa"))).toContain(`Đã xóa bản ghi số ${id}`);
    expect(db.prepare("select status, revision from entries where id = ?").get(id)).toEqual({ status: "deleted", revision: 3 });
    expect(db.prepare("select action, reason from entry_revisions where entry_id = ? order by id").all(id))
      .toEqual([{ action: "edit", reason: "dem sai so nguoi" }, { action: "delete", reason: "nhap trung" }]);
  });
});
