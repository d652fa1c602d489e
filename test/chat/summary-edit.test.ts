// Changing one answer from the summary ("Sửa"): a cross-field check that the change breaks waits
// for Lưu, as checks do for answers filled from a typed line, so the person can change the other
// answer too. Found by exploratory testing: the answer was refused again and again, /huy the only way out.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buttonData, startHarness, type Harness } from "../helpers/harness.js";

let h: Harness;
beforeEach(async () => { h = await startHarness(); });
afterEach(async () => { await h.stop(); });

const KHOM = 1001;
const RULE = "Số lượt người phải lớn hơn hoặc bằng số buổi (mỗi buổi có ít nhất 1 người dự).";
const lastText = (ms: { text: string }[]) => ms.at(-1)?.text ?? "";
const storedValues = () => Object.fromEntries((h.bot.db.$client.prepare("select metric, value from entry_values").all() as Array<{ metric: string; value: number }>)
  .map((v) => [v.metric, v.value]));

describe("Sửa of one answer from the summary", () => {
  it("takes a change that breaks a cross-field check, shows the problem in the summary, refuses Lưu with it, and saves once the other answer is changed", async () => {
    await h.register(KHOM, "bao_cao", "dong-hung");
    let r = await h.say(KHOM, "/nhap tuyen_truyen");
    for (const answer of ["5", "50", "0", "0", "0", "0"]) r = await h.say(KHOM, answer);
    expect(lastText(r)).toContain("Kiểm tra lại rồi bấm Lưu.");

    r = await h.press(KHOM, buttonData(r.at(-1), "Sửa"));
    r = await h.press(KHOM, buttonData(r.at(-1), "Buổi tuyên truyền"));
    expect(lastText(r)).toContain("Số buổi tuyên truyền đã tổ chức?");
    // 60 sessions with 50 listeners breaks the rule until the listeners are changed too: kept, not refused.
    r = await h.say(KHOM, "60");
    expect(r).toHaveLength(1);
    const summary = lastText(r);
    expect(summary).toContain("• Buổi tuyên truyền: 60 buổi");
    expect(summary).toContain(`⚠️ ${RULE}`);
    expect(summary).not.toContain("Kiểm tra lại rồi bấm Lưu.");

    // Lưu refuses with the problem and asks what to change, as it does for a typed line.
    r = await h.press(KHOM, buttonData(r.at(-1), "Lưu"));
    expect(r[0]!.text).toBe(`⚠️ Chưa lưu được: ${RULE}`);
    expect(lastText(r)).toBe("Muốn sửa mục nào?");
    expect(storedValues()).toEqual({});

    r = await h.press(KHOM, buttonData(r.at(-1), "Lượt người dự nghe"));
    r = await h.say(KHOM, "600");
    expect(lastText(r)).not.toContain("⚠️");
    expect(lastText(r)).toContain("Kiểm tra lại rồi bấm Lưu.");
    r = await h.press(KHOM, buttonData(r.at(-1), "Lưu"));
    expect(lastText(r)).toContain("✅ Đã lưu");
    expect(storedValues()).toMatchObject({ "tuyen_truyen.so_buoi": 60, "tuyen_truyen.luot_nguoi": 600 });
  });

  it("still refuses, at once, an answer given for the first time that breaks the rule", async () => {
    await h.register(KHOM, "bao_cao", "dong-hung");
    await h.say(KHOM, "/nhap tuyen_truyen");
    await h.say(KHOM, "5");
    const r = await h.say(KHOM, "3");
    expect(r[0]!.text).toBe(`⚠️ ${RULE}\nNếu 3 là đúng, gõ lại 3: bot giữ số này, bạn sửa câu trước ở bảng tóm tắt rồi mới Lưu.`);
    expect(lastText(r)).toContain("Tổng số lượt người dự nghe?");
  });
});

describe("a first answer that breaks a check because the answer before it was the slip", () => {
  it("is kept when typed again, the summary shows the problem, Lưu refuses it, and changing the earlier answer saves", async () => {
    await h.register(KHOM, "bao_cao", "dong-hung");
    await h.say(KHOM, "/nhap tuyen_truyen");
    await h.say(KHOM, "30"); // meant 3 sessions
    let r = await h.say(KHOM, "25");
    expect(r[0]!.text).toContain(`⚠️ ${RULE}`);
    expect(r[0]!.text).toContain("gõ lại 25");
    // A different number that also breaks the rule is refused again; only the same one typed again is kept.
    r = await h.say(KHOM, "20");
    expect(r[0]!.text).toContain("gõ lại 20");
    r = await h.say(KHOM, "20");
    expect(lastText(r)).toContain("Số giờ"); // the next question: loa truyền thanh
    for (const answer of ["0", "0", "0", "0"]) r = await h.say(KHOM, answer);
    const summary = lastText(r);
    expect(summary).toContain("• Buổi tuyên truyền: 30 buổi");
    expect(summary).toContain(`⚠️ ${RULE}`);

    r = await h.press(KHOM, buttonData(r.at(-1), "Lưu"));
    expect(r[0]!.text).toBe(`⚠️ Chưa lưu được: ${RULE}`);
    expect(storedValues()).toEqual({});
    r = await h.press(KHOM, buttonData(r.at(-1), "Buổi tuyên truyền"));
    r = await h.say(KHOM, "3");
    expect(lastText(r)).toContain("Kiểm tra lại rồi bấm Lưu.");
    r = await h.press(KHOM, buttonData(r.at(-1), "Lưu"));
    expect(lastText(r)).toContain("✅ Đã lưu");
    expect(storedValues()).toMatchObject({ "tuyen_truyen.so_buoi": 3, "tuyen_truyen.luot_nguoi": 20 });
  });
});
