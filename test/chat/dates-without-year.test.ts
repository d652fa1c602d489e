// A date typed without a year (found by exploratory testing: "9/12" typed on 7 December was read
// as 9/12 of the year before, without a word). The rule: the current year when that day is not
// after today; a later day of the current month is this year's, so it is refused as still to come,
// with the date read shown; any other later day is last year's, and the summary says so.
import { rmSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { buttonData, startHarness, testClock, type Harness } from "../helpers/harness.js";

let h: Harness | undefined;
afterEach(async () => { if (h) { await h.stop(); rmSync(h.dir, { recursive: true, force: true }); h = undefined; } });

const KHOM = 1001;
const last = (r: { text: string }[]) => r.at(-1)!.text;
/** A person's message a few seconds after the last, dated by the test's clock, not the machine's: the bot reads Telegram's date. */
async function say(text: string) {
  h!.clock.advance(5_000);
  return h!.send(KHOM, h!.standin.textMessage(KHOM, text, { date: Math.floor(h!.clock.now.getTime() / 1000) }));
}

/** Opens Tuyên truyền, answers it, and asks to change the activity date. */
async function toDateQuestion(): Promise<void> {
  await h!.register(KHOM, "bao_cao", "dong-hung");
  await say("/nhap tuyen_truyen");
  let r = await say("1");
  for (const a of ["20", "0", "0", "0", "0"]) r = await say(a);
  expect(last(r)).toContain("Kiểm tra lại rồi bấm Lưu.");
  r = await h!.press(KHOM, buttonData(r.at(-1), "✏️ Sửa"));
  r = await h!.press(KHOM, buttonData(r.at(-1), "Ngày hoạt động ("));
  expect(last(r)).toContain("Ngày hoạt động?");
}

describe("a day typed without a year", () => {
  it("in December, a later day of December is refused as still to come, naming the date read, not taken from last year", async () => {
    h = await startHarness({ clock: testClock("2025-12-07T03:00:00Z") }); // 07/12/2025 10:00 in Vietnam
    await toDateQuestion();
    const refused = last(await say("9/12"));
    expect(refused).toContain("09/12/2025");
    expect(refused).toContain("không được sau hôm nay (07/12/2025)");
    const taken = last(await say("5/12"));
    expect(taken).toContain("Ngày hoạt động: 05/12/2025");
  });

  it("a later day of another month is last year's, and the summary says which year was read", async () => {
    h = await startHarness(); // 20/02/2025
    await toDateQuestion();
    const taken = last(await say("15/11"));
    expect(taken).toContain("Ngày hoạt động: 15/11/2024 (năm ngoái)");
  });
});
