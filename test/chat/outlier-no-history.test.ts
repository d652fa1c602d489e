// A unit with no history of a metric is not a free pass: its figure is compared with the largest
// month of the other units of the same kind, and one far above it is confirmed before saving.
import { rmSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buttonData, buttons, startHarness, type Harness } from "../helpers/harness.js";
import { addEntry } from "../helpers/entries.js";

let h: Harness;
beforeEach(async () => { h = await startHarness(); });
afterEach(async () => { await h.stop(); rmSync(h.dir, { recursive: true, force: true }); });

const KHOM = 1001;
type Sent = Awaited<ReturnType<Harness["say"]>>;
const last = (r: Sent) => r.at(-1)!;
const entryCount = () => (h.bot.db.$client.prepare("select count(*) n from entries").get() as { n: number }).n;

describe("outlier with no history of the unit", () => {
  beforeEach(async () => { await h.register(KHOM, "bao_cao", "dong-hung", "Lan"); });

  it("compares with the largest month of units of the same kind and asks", async () => {
    // Tây Hưng (a khóm): January 120 + 80 = 200 lượt người; the post (another kind) 9 000, not looked at.
    addEntry(h.bot.db, { unit: "tay-hung", form: "tuyen_truyen", date: "2025-01-10", values: { "tuyen_truyen.luot_nguoi": 120 } });
    addEntry(h.bot.db, { unit: "tay-hung", form: "tuyen_truyen", date: "2025-01-20", values: { "tuyen_truyen.luot_nguoi": 80 } });
    addEntry(h.bot.db, { unit: "don-bp-nhon-hung", form: "tuyen_truyen", date: "2025-01-20", values: { "tuyen_truyen.luot_nguoi": 9000 } });
    let r = await h.say(KHOM, "tuyen truyen 3 buoi 2.500 nguoi 0 gio loa 0 to 0 tin 0 ho");
    r = await h.press(KHOM, buttonData(last(r), "Lưu"));
    expect(last(r).text).toBe("⚠️ Lượt người dự nghe: 2.500 lượt người, gấp hơn 10 lần tháng cao nhất của các đơn vị cùng loại " +
      "(200 lượt người); đơn vị bạn chưa có số liệu này trước đây. Số này có đúng không?");
    expect(buttons(last(r)).map((b) => b.text)).toEqual(["✅ Đúng, lưu", "✏️ Sửa số này"]);
    expect(entryCount()).toBe(3);
    r = await h.press(KHOM, buttonData(last(r), "Đúng, lưu"));
    expect(last(r).text).toContain("✅ Đã lưu");
    expect(entryCount()).toBe(4);
  });

  it("does not ask when the figure is within ten times the units of the same kind", async () => {
    addEntry(h.bot.db, { unit: "tay-hung", form: "tuyen_truyen", date: "2025-01-10", values: { "tuyen_truyen.luot_nguoi": 200 } });
    let r = await h.say(KHOM, "tuyen truyen 3 buoi 2.000 nguoi 0 gio loa 0 to 0 tin 0 ho");
    r = await h.press(KHOM, buttonData(last(r), "Lưu"));
    expect(last(r).text).toContain("✅ Đã lưu");
  });
});
