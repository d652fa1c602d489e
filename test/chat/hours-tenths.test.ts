// Hours are kept in tenths (the database stores whole numbers, migration 0007): a finer figure
// is asked again in Vietnamese, the form stays at its question, and 2,5 giờ is stored as 25
// tenths. Today is 2025-02-20 (the harness clock).
import { rmSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buttonData, startHarness, type Harness } from "../helpers/harness.js";

let h: Harness;
beforeEach(async () => { h = await startHarness(); });
afterEach(async () => { await h.stop(); rmSync(h.dir, { recursive: true, force: true }); });

const KHOM = 1001;
const lastText = (ms: { text: string }[]) => ms.at(-1)?.text ?? "";

describe("hours in tenths", () => {
  it("'2,25' giờ is refused with what to type; '2,5' is saved as 25 tenths and reads back as 2,5", async () => {
    await h.register(KHOM, "bao_cao", "dong-hung", "Lan");
    await h.say(KHOM, "/nhap tuyen_truyen");
    await h.say(KHOM, "4");
    let r = await h.say(KHOM, "80");
    expect(lastText(r)).toContain("Số giờ phát trên loa");
    r = await h.say(KHOM, "2,25");
    expect(r.map((m) => m.text).join("\n")).toContain("Số giờ chỉ lấy một chữ số lẻ, ví dụ: 2,5.");
    expect(lastText(r)).toContain("Số giờ phát trên loa");
    r = await h.say(KHOM, "2,5");
    expect(lastText(r)).not.toContain("Số giờ phát trên loa");
    for (const a of ["0", "0", "0"]) r = await h.say(KHOM, a);
    expect(lastText(r)).toContain("Giờ loa truyền thanh: 2,5 giờ");
    r = await h.press(KHOM, buttonData(r.at(-1), "Lưu"));
    expect(lastText(r)).toContain("✅ Đã lưu");
    expect(h.bot.db.$client.prepare("select amount, scale, value from entry_values where metric = 'tuyen_truyen.gio_loa'").all())
      .toEqual([{ amount: 25, scale: 10, value: 2.5 }]);
  });

  it("a quick line with '2,25 giờ loa' asks the hours again instead of saving or failing", async () => {
    await h.register(KHOM, "bao_cao", "dong-hung", "Lan");
    const r = await h.say(KHOM, "tuyen truyen 3 buoi 150 nguoi 2,25 gio loa");
    const all = r.map((m) => m.text).join("\n");
    expect(all).not.toContain("Xin lỗi, bot gặp trục trặc");
    expect(lastText(r)).toContain("Số giờ phát trên loa");
    const saved = await h.say(KHOM, "2");
    expect(saved.map((m) => m.text).join("\n")).not.toContain("Số giờ chỉ lấy");
    expect(h.bot.db.$client.prepare("select count(*) n from entries").get()).toEqual({ n: 0 });
  });
});
