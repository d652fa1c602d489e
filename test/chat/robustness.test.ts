// Edge cases found in review: ordering of a press and a message, buttons that stay valid,
// forms that survive other commands, forged button data, edited messages, locks after reopening.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buttonData, startHarness, type Harness } from "../helpers/harness.js";
// Expected texts written out here (not imported from src/), so a changed message fails the test.
const NOT_REGISTERED = "Bạn chưa được đăng ký dùng bot báo cáo của phường. Xin liên hệ Văn phòng UBND phường để nhận mã mời, rồi gõ: /start <mã mời>\nĐã dùng bot trên ứng dụng khác? Gõ /lienket ở đó để lấy mã liên kết.";

let h: Harness;
beforeEach(async () => { h = await startHarness(); });
afterEach(async () => { await h.stop(); });

const KHOM = 1001;
const POST = 2002;
const CHAIRMAN = 3001;

async function toSummary(user: number): Promise<void> {
  await h.say(user, "/nhap tuyen_truyen");
  for (const a of ["2", "30", "0", "0", "0", "0"]) await h.say(user, a);
}

describe("ordering and buttons", () => {
  it("applies a button press and a typed answer of one poll batch in order", async () => {
    await h.register(POST, "bao_cao", "don-bp-nhon-hung");
    const list = await h.say(POST, "/nhap tuan tra");
    const phoiHop = buttonData(list.at(-1), "Phối hợp");
    // The question the press brings is held in flight until both are handled: "5" was typed before
    // it reached the phone, so it is not its answer (issue 17, item 6: conversation/stale.ts).
    const before = h.standin.sentTo(POST).length;
    const held = h.standin.holdNext("sendMessage");
    const ids = h.standin.pushUpdates([h.standin.callbackQuery(POST, phoiHop), h.standin.textMessage(POST, "5")]);
    const processed = h.bot.db.$client.prepare("select 1 from processed_events where channel = 'telegram' and event_id = ?");
    await h.standin.waitFor(() => ids.every((id) => processed.get(String(id))));
    held.release();
    await h.send(POST);
    const r = h.standin.sentTo(POST).slice(before);
    expect(r.map((m) => m.text)).toContain("⚠️ Tin \"5\" gửi trước khi bạn nhận được câu hỏi dưới đây nên chưa được dùng. Nếu đó là câu trả lời cho câu hỏi này, xin gõ lại.");
    const state = JSON.parse((h.bot.db.$client.prepare("select state_json from conversations where chat_id = ?").get(String(POST)) as { state_json: string }).state_json);
    // In order: the press first (the "5" first would have picked the fifth kind instead).
    expect(state.pending.form.answers).toEqual({ kind: "phoi_hop" });
    await h.say(POST, "5");
    const after = JSON.parse((h.bot.db.$client.prepare("select state_json from conversations where chat_id = ?").get(String(POST)) as { state_json: string }).state_json);
    expect(after.pending.form.answers).toEqual({ kind: "phoi_hop", luot_to: 5 });
  });

  it("keeps the summary's buttons (and typed numbers) valid after another command", async () => {
    await h.register(KHOM, "bao_cao", "dong-hung");
    await toSummary(KHOM);
    const progress = await h.say(KHOM, "/tiendo");
    expect(progress[0]!.text).toContain("còn thiếu");
    // The summary's question comes again after the answer (issue 16): typed "1" is its Lưu.
    expect(progress.at(-1)!.text).toContain("Kiểm tra lại rồi bấm Lưu.");
    expect((await h.say(KHOM, "1")).at(-1)!.text).toContain("✅ Đã lưu");
    await toSummary(KHOM);
    await h.say(KHOM, "/trogiup");
    expect((await h.press(KHOM, "save")).at(-1)!.text).toContain("✅ Đã lưu");
  });

  it("keeps a form in progress when a leader asks for a report or a reporter says 'không phát sinh'", async () => {
    await h.register(CHAIRMAN, "lanh_dao", "nhon-hung");
    await h.say(CHAIRMAN, "/nhap tuyen_truyen");
    await h.say(CHAIRMAN, "3");
    // January has no figures: the report is refused, and the form stays where it was.
    expect((await h.say(CHAIRMAN, "/baocao thang 1/2025")).at(-1)!.text).toContain("chưa có số liệu nào");
    expect(h.standin.documents).toHaveLength(0);
    expect((await h.say(CHAIRMAN, "90")).at(-1)!.text).toContain("(3/6)");
    await h.register(KHOM, "bao_cao", "dong-hung");
    await h.say(KHOM, "/nhap tuyen_truyen");
    const nil = await h.say(KHOM, "/khongphatsinh hau_phuong");
    expect(nil[0]!.text).toContain("Đã ghi nhận");
    expect(nil.at(-1)!.text).toContain("(1/6)"); // the open form's question again
    expect((await h.say(KHOM, "4")).at(-1)!.text).toContain("(2/6)");
  });

  it("says a corrected message is not read again, and keeps the question", async () => {
    await h.register(KHOM, "bao_cao", "dong-hung");
    await h.say(KHOM, "/nhap tuyen_truyen");
    const edited = { edited_message: { ...(h.standin.textMessage(KHOM, "5") as { message: object }).message, edit_date: 1 } };
    const r = await h.send(KHOM, edited);
    expect(r[0]!.text).toContain("không đọc lại tin nhắn đã sửa");
    expect(r[1]!.text).toContain("(1/6)");
  });
});

describe("unknown commands", () => {
  it("say which command is unknown and show the help", async () => {
    await h.register(KHOM, "bao_cao", "dong-hung");
    const r = await h.say(KHOM, "/xyz");
    expect(r.at(-1)!.text).toMatch(/^Không có lệnh \/xyz\.\nHướng dẫn dùng bot/);
  });
});

describe("money", () => {
  it("reads \"566 phần\" and \"15 triệu\" as people write them", async () => {
    await h.register(POST, "bao_cao", "don-bp-nhon-hung");
    await h.say(POST, "/nhap doi ngoai");
    for (const a of ["3", "12 phần"]) await h.say(POST, a);
    const summary = await h.say(POST, "15 triệu");
    expect(summary.at(-1)!.text).toContain("Trị giá quà (đồng): 15.000.000 đồng");
  });
});

describe("forged button data", () => {
  it("gives a reporter nothing of the leaders' or the admin's", async () => {
    await h.register(KHOM, "bao_cao", "dong-hung");
    for (const data of ["cmd:baocao:2025-02", "cmd:xuat:2025-02", "cmd:khoa:2025-02", "cmd:mokhoa:2025-02 dong-hung", "cmd:moi"]) {
      const r = await h.press(KHOM, data);
      expect(r.at(-1)!.text).toMatch(/dành cho|Chỉ /);
    }
    for (const data of ["role:admin", "unit:nhon-hung", "save", "o:doc_lap"]) {
      expect((await h.press(KHOM, data)).at(-1)!.text).toContain("Chưa hiểu");
    }
    expect(h.standin.documents).toHaveLength(0);
    expect(h.bot.db.$client.prepare("select count(*) n from invites").get()).toEqual({ n: 1 }); // only the test's own
    expect(h.bot.db.$client.prepare("select count(*) n from period_locks").get()).toEqual({ n: 0 });
    expect((await h.press(9999, "cmd:baocao:2025-02")).map((m) => m.text)).toEqual([NOT_REGISTERED]);
  });

  it("takes 'không phát sinh' only for this month or last month", async () => {
    await h.register(KHOM, "bao_cao", "dong-hung");
    for (const data of ["cmd:khongphatsinh:tuyen_truyen:2015-01", "cmd:khongphatsinh:tuyen_truyen:2025-03", "cmd:khongphatsinh:tuyen_truyen:2025"]) {
      expect((await h.press(KHOM, data)).at(-1)!.text).toContain("tháng này hoặc tháng trước");
    }
    expect((await h.press(KHOM, "cmd:khongphatsinh:tuyen_truyen:2025-01")).at(-1)!.text).toContain("kỳ tháng 01/2025");
    expect(h.bot.db.$client.prepare("select period from nil_reports").all()).toEqual([{ period: "2025-01" }]);
  });

  it("drops a step begun under a role the person no longer has", async () => {
    await h.register(9001, "admin", "nhon-hung");
    await h.say(9001, "/moi");
    h.bot.db.$client.prepare("update users set role = 'bao_cao', unit_code = 'dong-hung'").run(); // changed by the office meanwhile
    const r = await h.say(9001, "1");
    expect(r.at(-1)!.text).toContain("Vai trò của bạn đã thay đổi");
  });
});

describe("locks", () => {
  it("closes a reopened unit again when the period is locked again", async () => {
    await h.register(KHOM, "bao_cao", "dong-hung");
    await h.register(CHAIRMAN, "lanh_dao", "nhon-hung");
    // /khoa takes only a period that is over: lock February once March has begun.
    h.clock.set("2025-03-03T03:00:00Z");
    await h.say(CHAIRMAN, "/khoa tháng 2/2025");
    await h.say(CHAIRMAN, "/mokhoa tháng 2/2025 Đông Hưng");
    await h.say(CHAIRMAN, "/khoa tháng 2/2025");
    const r = await h.press(KHOM, "cmd:khongphatsinh:tuyen_truyen:2025-02");
    expect(r.at(-1)!.text).toContain("đã khóa sổ");
  });

  it("refuses a reminder's form button for a month that is locked, before any question", async () => {
    await h.register(KHOM, "bao_cao", "dong-hung");
    await h.register(CHAIRMAN, "lanh_dao", "nhon-hung");
    await h.say(CHAIRMAN, "/khoa tháng 1/2025");
    const r = await h.press(KHOM, "cmd:form:tuyen_truyen:2025-01");
    expect(r.map((m) => m.text)).toEqual([expect.stringContaining("Kỳ tháng 01/2025 đã khóa sổ")]);
  });
});

