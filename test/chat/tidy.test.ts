// Tidy conversations (issue 9, item 7): used keyboards are taken off, presses in groups are not
// acted on, "không phát sinh" and figures do not stand side by side, /khoa takes only periods
// that are over, and a locked month is said before the first question.
import { rmSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buttonData, startHarness, type Harness } from "../helpers/harness.js";
import { lockMonths } from "../../src/ledger/locks.js";

let h: Harness;
beforeEach(async () => { h = await startHarness(); });
afterEach(async () => { await h.stop(); rmSync(h.dir, { recursive: true, force: true }); });

const KHOM = 1001;
const CHAIRMAN = 3001;
const db = () => h.bot.db.$client;
const last = (r: { text: string }[]) => r.at(-1)!.text;

async function fileTuyenTruyen(sessions: string) {
  await h.say(KHOM, "/nhap tuyen_truyen");
  for (const a of [sessions, "100", "0", "0", "0", "0"]) await h.say(KHOM, a);
  return h.say(KHOM, "luu");
}

/** The message id Telegram gave the last message sent to a chat whose text starts so. */
function messageIdOf(chat: number, start: string): number {
  const c = [...h.standin.calls].reverse().find((x) => x.method === "sendMessage" && String(x.params.chat_id) === String(chat)
    && String(x.params.text).startsWith(start));
  return (c!.result as { message_id: number }).message_id;
}

describe("keyboards", () => {
  it("takes the keyboard off the message whose button was pressed", async () => {
    await h.register(KHOM, "bao_cao", "dong-hung");
    const r = await h.say(KHOM, "/menu");
    const menuId = messageIdOf(KHOM, "Xin chào");
    await h.press(KHOM, buttonData(r.at(-1), "Nhập báo cáo"));
    const edit = await h.standin.waitFor(() => h.standin.calls.find((c) => c.method === "editMessageReplyMarkup"));
    expect(edit.params).toMatchObject({ chat_id: KHOM, message_id: menuId, reply_markup: { inline_keyboard: [] } });
  });

  it("still handles the press when Telegram refuses the edit", async () => {
    await h.register(KHOM, "bao_cao", "dong-hung");
    const r = await h.say(KHOM, "/menu");
    h.standin.failNext("editMessageReplyMarkup", { code: 400, description: "Bad Request: message is not modified" });
    expect(last(await h.press(KHOM, buttonData(r.at(-1), "Nhập báo cáo")))).toContain("Chọn biểu mẫu");
  });

  it("ignores a button pressed on a bot message inside a group", async () => {
    await h.register(KHOM, "bao_cao", "dong-hung");
    const GROUP = -100777;
    const press = h.standin.callbackQuery(KHOM, "cmd:form:tuyen_truyen") as { callback_query: { message: Record<string, unknown> } };
    press.callback_query.message.chat = { id: GROUP, type: "supergroup", title: "Khóm Đông Hưng" };
    h.standin.pushUpdates([press]);
    // A private message after it: by the time it is answered, the press was seen (updates are handled in order).
    expect(last(await h.say(KHOM, "/huy"))).toContain("Không có việc gì đang làm dở");
    expect(h.standin.sentTo(GROUP)).toEqual([]);
    expect(h.standin.sentTo(KHOM).some((m) => m.text.includes("Tuyên truyền"))).toBe(false);
    expect(h.standin.calls.some((c) => c.method === "editMessageReplyMarkup")).toBe(false);
  });
});

describe("không phát sinh and figures", () => {
  it("refuses 'không phát sinh' for a form already filed with figures that month", async () => {
    await h.register(KHOM, "bao_cao", "dong-hung");
    const saved = last(await fileTuyenTruyen("3"));
    const id = /số (\d+)\)/.exec(saved)![1];
    const r = await h.say(KHOM, "/khongphatsinh tuyen_truyen");
    expect(last(r)).toContain(`Khóm Đông Hưng đã nhập số liệu Tuyên truyền, phổ biến trong kỳ tháng 02/2025 (số ${id})`);
    expect(last(r)).toContain("/cuatoi");
    expect(last(r)).toContain(`gõ /sua ${id} để sửa`);
    expect(db().prepare("select source from entries where status = 'active'").all()).toEqual([{ source: "chat" }]);
    expect(db().prepare("select count(*) n from nil_reports").get()).toEqual({ n: 0 });
  });

  it("lists only the forms not yet filed that month, figures or 'không phát sinh' (found by exploratory testing)", async () => {
    await h.register(KHOM, "bao_cao", "dong-hung");
    const labels = (m: unknown) => ((m as { replyMarkup?: { inline_keyboard?: Array<Array<{ text: string }>> } }).replyMarkup?.inline_keyboard ?? []).flat().map((b) => b.text);
    const before = labels((await h.say(KHOM, "/khongphatsinh")).at(-1));
    expect(before).toContain("Tuyên truyền, phổ biến");
    expect(before).toContain("Nắm tình hình");
    await fileTuyenTruyen("3");
    expect(last(await h.say(KHOM, "/khongphatsinh nam tinh hinh"))).toContain("✅ Đã ghi nhận: Nắm tình hình — không phát sinh");
    const after = await h.say(KHOM, "/khongphatsinh");
    expect(labels(after.at(-1))).toEqual(before.filter((l) => l !== "Tuyên truyền, phổ biến" && l !== "Nắm tình hình"));

    // Named again, the nil already given is said, not recorded twice; figures replace it through /nhap.
    const again = last(await h.say(KHOM, "/khongphatsinh nam tinh hinh"));
    expect(again).toMatch(/^Khóm Đông Hưng đã báo "không phát sinh" Nắm tình hình trong kỳ tháng 02\/2025 \(số \d+\)\./);
    expect(again).toContain("/nhap");
    expect(db().prepare("select count(*) n from entries where source = 'nil' and status = 'active'").get()).toEqual({ n: 1 });

    // Every form answered: nothing left to list.
    for (const l of labels(after.at(-1))) await h.say(KHOM, `/khongphatsinh ${l}`);
    expect(last(await h.say(KHOM, "/khongphatsinh"))).toBe(
      "✅ Khóm Đông Hưng đã báo cáo đủ các biểu mẫu trong kỳ tháng 02/2025, không còn biểu mẫu nào để báo không phát sinh. Muốn sửa, gõ /cuatoi.");
  });

  it("replaces an earlier 'không phát sinh' with figures filed later, and says so", async () => {
    await h.register(KHOM, "bao_cao", "dong-hung");
    expect(last(await h.say(KHOM, "/khongphatsinh tuyen_truyen"))).toContain("không phát sinh trong kỳ tháng 02/2025");
    const r = await fileTuyenTruyen("3");
    expect(r.map((m) => m.text).join("\n")).toContain("Báo cáo \"không phát sinh\" trước đó của biểu mẫu này trong kỳ tháng 02/2025 đã được thay bằng số liệu vừa lưu.");
    expect(last(r)).toContain("✅ Đã lưu");
    expect(db().prepare("select source from entries where status = 'active'").all()).toEqual([{ source: "chat" }]);
    expect(db().prepare("select count(*) n from nil_reports").get()).toEqual({ n: 0 });
  });
});

describe("/khoa", () => {
  it("refuses a period that has not ended, naming its last day", async () => {
    await h.register(CHAIRMAN, "lanh_dao", "nhon-hung");
    let r = await h.say(CHAIRMAN, "/khoa năm 2999");
    expect(last(r)).toContain("chưa kết thúc (ngày cuối là 31/12/2999)");
    r = await h.say(CHAIRMAN, "/khoa tháng 2/2025"); // today is 20/02/2025
    expect(last(r)).toContain("Kỳ tháng 02/2025 chưa kết thúc (ngày cuối là 28/02/2025)");
    r = await h.say(CHAIRMAN, "/khoa quý 1/2025");
    expect(last(r)).toContain("ngày cuối là 31/03/2025");
    expect(db().prepare("select count(*) n from period_locks").get()).toEqual({ n: 0 });
    r = await h.say(CHAIRMAN, "/khoa tháng 1/2025");
    expect(last(r)).toContain("Đã khóa sổ kỳ tháng 01/2025");
  });
});

describe("a locked month", () => {
  it("is said before the first question of a typed /nhap", async () => {
    await h.register(KHOM, "bao_cao", "dong-hung");
    lockMonths(h.bot.db, ["2025-02"], null, h.clock.now); // locked while still running (by hand: /khoa refuses that)
    await h.say(KHOM, "/nhap");
    const r = await h.say(KHOM, "1");
    expect(r[0]!.text).toContain("Kỳ tháng 02/2025 đã khóa sổ");
    expect(r.findIndex((m) => m.text.includes("đã khóa sổ"))).toBeLessThan(r.findIndex((m) => m.text.includes("(1/")));
  });
});
