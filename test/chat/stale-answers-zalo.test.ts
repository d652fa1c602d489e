// Issue 17, item 6, on Zalo, where choices are a numbered list and a typed "1" on the summary is
// "✅ Lưu": the case the crash suite found (CRASH_RESEND_MS=500 CRASH_SEED=31). A person sends
// an answer again while the reply is slow; the copy must not shift their later answers, and a
// "1" typed after they saw the summary still saves. Zalo stamps each message in milliseconds.
import { afterEach, describe, expect, it } from "vitest";
import { testClock } from "../helpers/harness.js";
import { startZaloHarness, type ZaloHarness } from "../helpers/zalo-harness.js";

const START = "2025-02-20T03:00:00Z";
const T0 = Date.parse(START);
const KHOM = "800301";

let z: ZaloHarness | undefined;
afterEach(async () => { await z?.close(); z = undefined; });

/** `text` sent `sent` seconds after START, handled by the bot at `handled` seconds. */
async function type(text: string, sent: number, handled: number): Promise<string[]> {
  z!.h.clock.set(new Date(T0 + handled * 1000).toISOString());
  const r = await z!.send(KHOM, z!.zalo.textMessage(KHOM, text, { date: T0 + sent * 1000 }));
  return r.map((m) => m.text);
}

const entries = () => (z!.h.bot.db.$client.prepare("select count(*) as n from entries").get() as { n: number }).n;

describe("a slow reply on Zalo", () => {
  it("an answer sent three times does not reach the summary, and the late '1' for 'Số tin, bài' saves nothing", async () => {
    z = await startZaloHarness({ telegram: false, clock: testClock(START) });
    await z.register(KHOM, "bao_cao", "dong-hung");
    await type("/nhap tuyen_truyen", 1, 1);
    await type("2", 5, 5);
    await type("150", 10, 10);
    await type("2", 15, 15);
    // "130" for "Số tờ bướm" sent at 20.0 s, handled at 22 s; sent again at 20.5 s and 21.0 s.
    expect((await type("130", 20, 22)).at(-1)).toContain("(5/6) Số tin, bài");
    const again = [await type("130", 20.5, 22.2), await type("130", 21, 22.4)];
    // The person reads "(5/6) Số tin, bài" and answers 1: before, this "1" picked "✅ Lưu".
    const one = await type("1", 30, 30);
    expect(entries()).toBe(0);
    expect(one.at(-1)).toContain("(6/6) Số hộ ký cam kết");
    expect(again).toEqual([[], []]);
    const summary = await type("25", 35, 35);
    expect(summary.at(-1)).toContain("• Tờ bướm: 130 tờ\n• Tin, bài: 1 tin, bài\n• Hộ ký cam kết: 25 hộ");
    // "1" typed after the summary was read is "✅ Lưu", as always.
    expect((await type("1", 40, 40)).at(-1)).toContain("✅ Đã lưu");
    const values = z.h.bot.db.$client.prepare("select metric, value from entry_values order by metric").all();
    expect(values).toEqual([
      { metric: "tuyen_truyen.gio_loa", value: 2 }, { metric: "tuyen_truyen.ho_cam_ket", value: 25 },
      { metric: "tuyen_truyen.luot_nguoi", value: 150 }, { metric: "tuyen_truyen.so_buoi", value: 2 },
      { metric: "tuyen_truyen.tin_bai", value: 1 }, { metric: "tuyen_truyen.to_roi", value: 130 },
    ]);
  });

  it("a '1' sent again after the summary was asked, but before it was read, does not save", async () => {
    z = await startZaloHarness({ telegram: false, clock: testClock(START) });
    await z.register(KHOM, "bao_cao", "dong-hung");
    await type("/nhap tuyen_truyen", 1, 1);
    for (const [i, a] of ["2", "150", "2", "130", "1"].entries()) await type(a, 5 + 5 * i, 5 + 5 * i);
    // "1" for "Số hộ ký cam kết" at 30 s, handled at 32 s (the summary is asked then); sent again at 31 s.
    expect((await type("1", 30, 32)).at(-1)).toContain("Kiểm tra lại rồi bấm Lưu");
    expect(await type("1", 31, 33)).toEqual([]);
    expect(entries()).toBe(0);
    // The person read the summary (1 hộ is what they typed) and picks "1. ✅ Lưu".
    expect((await type("1", 40, 40)).at(-1)).toContain("✅ Đã lưu");
    expect(entries()).toBe(1);
  });

  it("in a correction, a field's number sent again is not taken as its new figure", async () => {
    z = await startZaloHarness({ telegram: false, clock: testClock(START) });
    await z.register(KHOM, "bao_cao", "dong-hung");
    await type("/nhap tuyen_truyen", 1, 1);
    for (const [i, a] of ["12", "1.200", "0", "0", "0", "0"].entries()) await type(a, 5 + i, 5 + i);
    const saved = (await type("luu", 20, 20)).at(-1)!;
    const id = Number(/số (\d+)\)/.exec(saved)?.[1]);
    expect((await type("3", 30, 30)).at(-1)).toContain("3. Lượt người dự nghe: 1.200 lượt người");
    // "3" picks "Lượt người dự nghe" (sent at 40 s, handled at 42 s); sent again at 41 s, it would have been 3 lượt người.
    expect((await type("3", 40, 42)).at(-1)).toContain("Tổng số lượt người dự nghe?");
    expect(await type("3", 41, 43)).toEqual([]);
    expect((await type("1.500", 50, 50)).at(-1)).toContain(`Vì sao sửa bản ghi số ${id}?`);
    expect((await type("dem sai so nguoi", 55, 55)).at(-1)).toContain("• Lượt người dự nghe: 1.200 lượt người → 1.500 lượt người");
    expect((await type("1", 60, 60)).at(-1)).toContain(`Đã sửa bản ghi số ${id}`);
    const db = z.h.bot.db.$client;
    expect(db.prepare("select value from entry_values where entry_id = ? and metric = 'tuyen_truyen.luot_nguoi'").get(id)).toEqual({ value: 1500 });
  });
});
