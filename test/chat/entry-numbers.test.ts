// One number per entry (issue 16, item 5.1): "Đã lưu … (số N)", /cuatoi, /sua N, /xoa N and /xem
// all name an entry by its id, so the number a person reads is the number they type.
import { afterEach, describe, expect, it } from "vitest";
import { buttonData, buttons, startHarness, type Harness } from "../helpers/harness.js";
import { startZaloHarness, type ZaloHarness } from "../helpers/zalo-harness.js";
import { addEntry } from "../helpers/entries.js";

let h: Harness | undefined;
let z: ZaloHarness | undefined;
afterEach(async () => { await h?.stop(); h = undefined; await z?.close(); z = undefined; });

const KHOM = 1001;
const CHAIRMAN = 3001;
const last = (r: { text: string }[]) => r.at(-1)!.text;

/** Two entries of another unit first, so Khóm Đông Hưng's entries are numbers 3, 4 and 5, never 1, 2, 3. */
async function setUp(): Promise<Harness> {
  const hh = await startHarness();
  await hh.register(KHOM, "bao_cao", "dong-hung");
  for (const d of ["2025-02-03", "2025-02-04"]) addEntry(hh.bot.db, { unit: "tay-hung", form: "tuyen_truyen", date: d, values: { "tuyen_truyen.so_buoi": 1 } });
  for (const buoi of ["5", "6", "7"]) {
    await hh.say(KHOM, "/nhap tuyen_truyen");
    for (const a of [buoi, "100", "0", "0", "0", "0"]) await hh.say(KHOM, a);
    await hh.say(KHOM, "luu");
  }
  return hh;
}

describe("one number per entry", () => {
  it("/cuatoi shows each entry's own number, the one 'Đã lưu' gave and /sua and /xoa take", async () => {
    h = await setUp();
    const list = (await h.say(KHOM, "/cuatoi")).at(-1)!;
    expect(list.text).toContain("• Số 5: 20/02/2025, Tuyên truyền, phổ biến: 7 buổi, 100 lượt người");
    expect(list.text).toContain("• Số 3: 20/02/2025, Tuyên truyền, phổ biến: 5 buổi, 100 lượt người");
    expect(list.text).toContain("/sua <số>");
    expect(list.text).toContain("/xoa <số>");
    expect(buttons(list).map((b) => b.text)).toEqual(["✏️ Sửa / xóa số 5", "✏️ Sửa / xóa số 4", "✏️ Sửa / xóa số 3"]);
    // /sua 3 is the entry shown as "Số 3", not the third line.
    expect(last(await h.say(KHOM, "/sua 3"))).toContain("Bản ghi số 3: 20/02/2025, Tuyên truyền, phổ biến: 5 buổi");
    await h.say(KHOM, "/huy");
    expect(last(await h.say(KHOM, "/xoa 4"))).toContain("Vì sao xóa bản ghi số 4?");
    await h.say(KHOM, "/huy");
    // The numbered choices still work as choices: typed "1" is the first button (số 5).
    await h.say(KHOM, "/cuatoi");
    expect(last(await h.say(KHOM, "1"))).toContain("Bản ghi số 5: 20/02/2025, Tuyên truyền, phổ biến: 7 buổi");
  });

  it("/xoa without a number lists the entries; with one of another unit it is refused", async () => {
    h = await setUp();
    expect(last(await h.say(KHOM, "/xoa"))).toContain("• Số 5:");
    expect(last(await h.say(KHOM, "/xoa 1"))).toContain("Không có bản ghi số 1 của Khóm Đông Hưng");
  });

  it("/sua with something that is not an entry number says what to type, never 'NaN' or '1e+23'", async () => {
    h = await setUp();
    for (const typed of ["abc", "-1", "1.5", "số ba"]) {
      const answer = last(await h.say(KHOM, `/sua ${typed}`));
      expect(answer).toBe(`⚠️ Sau /sua là số của bản ghi, ví dụ: /sua 5. Gõ /cuatoi để xem số của các bản ghi.`);
    }
    const huge = last(await h.say(KHOM, "/sua 99999999999999999999999"));
    expect(huge).toBe("Không có bản ghi số 99999999999999999999999 của Khóm Đông Hưng. Gõ /cuatoi để xem danh sách.");
    expect(last(await h.say(KHOM, "/xoa abc"))).toBe(`⚠️ Sau /xoa là số của bản ghi, ví dụ: /xoa 5. Gõ /cuatoi để xem số của các bản ghi.`);
  });

  it("/xem shows a leader the same numbers", async () => {
    h = await setUp();
    await h.register(CHAIRMAN, "lanh_dao", "nhon-hung");
    const list = (await h.say(CHAIRMAN, "/xem dong hung")).at(-1)!;
    expect(list.text).toContain("• Số 5: 20/02/2025, Tuyên truyền, phổ biến");
    expect(buttons(list).map((b) => b.text)).toEqual(["↩️ Trả lại số 5", "↩️ Trả lại số 4", "↩️ Trả lại số 3"]);
    expect(last(await h.press(CHAIRMAN, buttonData(list, "Trả lại số 4")))).toContain("Lý do trả lại?");
  });

  it("on Zalo the typed choice number picks, and each label names the entry", async () => {
    z = await startZaloHarness({ telegram: false });
    const HEAD = "800001";
    await z.register(HEAD, "bao_cao", "dong-hung");
    addEntry(z.h.bot.db, { unit: "tay-hung", form: "tuyen_truyen", date: "2025-02-03", values: { "tuyen_truyen.so_buoi": 1 } });
    await z.say(HEAD, "/nhap tuyen truyen");
    for (const a of ["12", "1.200", "0", "0", "0", "0"]) await z.say(HEAD, a);
    expect(last(await z.say(HEAD, "luu"))).toContain("(số 2)");
    const list = last(await z.say(HEAD, "/cuatoi"));
    expect(list).toContain("• Số 2: 20/02/2025, Tuyên truyền, phổ biến: 12 buổi, 1.200 lượt người");
    expect(list).toContain("1. ✏️ Sửa / xóa số 2");
    expect(last(await z.say(HEAD, "1"))).toContain("Bản ghi số 2:");
  });
});
