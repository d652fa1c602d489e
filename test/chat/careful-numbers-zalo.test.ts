// On Zalo (no buttons) the readings of an ambiguous number and the yes/no confirmations are a
// numbered list: typed numbers pick them, as in every list, and the labels work typed.
import { afterEach, describe, expect, it } from "vitest";
import { startZaloHarness, type ZaloHarness } from "../helpers/zalo-harness.js";

let z: ZaloHarness | undefined;
afterEach(async () => { await z?.close(); z = undefined; });
const KHOM = "800101";

describe("careful numbers on Zalo", () => {
  it("'1,000' lists both readings; typing 2 picks 1.000; an old date is confirmed by typing 'dung'", async () => {
    z = await startZaloHarness({ telegram: false });
    await z.register(KHOM, "bao_cao", "dong-hung");
    await z.say(KHOM, "/nhap tuyen_truyen");
    await z.say(KHOM, "4");
    let r = await z.say(KHOM, "1,000");
    expect(r.at(-1)!.text).toContain("1. 1 lượt người\n2. 1.000 lượt người");
    r = await z.say(KHOM, "2");
    expect(r.at(-1)!.text).toContain("Số giờ phát trên loa");
    for (const a of ["2", "khong", "ko", "0"]) r = await z.say(KHOM, a);
    expect(r.at(-1)!.text).toContain("Lượt người dự nghe: 1.000 lượt người");
    await z.say(KHOM, "sua");
    await z.say(KHOM, "1"); // Ngày hoạt động
    await z.say(KHOM, "1/1/2014");
    r = await z.say(KHOM, "luu");
    expect(r.at(-1)!.text).toContain("Ngày hoạt động 01/01/2014 đã cách đây hơn 2 tháng. Đúng ngày này không?\n\n1. ✅ Đúng, lưu\n2. ✏️ Sửa ngày");
    r = await z.say(KHOM, "dung");
    expect(r.at(-1)!.text).toContain("✅ Đã lưu");
    const v = z.h.bot.db.$client.prepare("select value from entry_values where metric = 'tuyen_truyen.luot_nguoi'").get();
    expect(v).toEqual({ value: 1000 });
  });
});
