// Every flow driven only by typing, as on a channel without buttons (Zalo shows the choices as a
// numbered list): numbers, labels, labels without diacritics. Typed answers that match nothing in
// a choice-only list get the list again, and the conversation stays where it was.
import JSZip from "jszip";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buttons, startHarness, type Harness } from "../helpers/harness.js";
import { addEntry } from "../helpers/entries.js";
import type { SentMessage } from "../helpers/bot-api-standin.js";
import { runDueJobs } from "../../src/reminders/jobs.js";
// Expected texts written out here (not imported from src/), so a changed message fails the test.
const NOT_REGISTERED = "Bạn chưa được đăng ký dùng bot báo cáo của phường. Xin liên hệ Văn phòng UBND phường để nhận mã mời, rồi gõ: /start <mã mời>\nĐã dùng bot trên ứng dụng khác? Gõ /lienket ở đó để lấy mã liên kết.";

let h: Harness;
beforeEach(async () => { h = await startHarness(); });
afterEach(async () => { await h.stop(); });

const KHOM = 1001;
const POST = 2002;
const CHAIRMAN = 3001;
const ADMIN = 4001;
const NOT_A_CHOICE = "⚠️ Không có lựa chọn này. Gõ số thứ tự hoặc tên một mục dưới đây, hoặc gõ /menu để xem các việc.";

const last = (r: SentMessage[]) => r.at(-1)!;
const choices = (m: SentMessage | undefined) => buttons(m).map((b) => b.data);
const labels = (m: SentMessage | undefined) => buttons(m).map((b) => b.text);

/** Typing something that is in no list: a warning, then the same list again. */
async function expectListAgain(user: number, typed: string, list: SentMessage, warning: string | RegExp = NOT_A_CHOICE): Promise<void> {
  const r = await h.say(user, typed);
  expect(r[0]!.text).toMatch(typeof warning === "string" ? new RegExp(`^${warning.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}`) : warning);
  expect(choices(last(r))).toEqual(choices(list));
}

async function documentXml(bytes: Buffer): Promise<string> {
  return (await JSZip.loadAsync(bytes)).file("word/document.xml")!.async("string");
}

describe("registration and the menu, typed", () => {
  it("registers with a typed /start <code>; the menu answers to numbers, labels and folded labels, and repeats itself", async () => {
    expect((await h.say(KHOM, "/start")).map((m) => m.text)).toEqual([NOT_REGISTERED]);
    const code = h.invite("bao_cao", "dong-hung");
    let r = await h.say(KHOM, `/start ${code}`);
    expect(r[0]!.text).toContain("Đăng ký thành công");
    const menu = last(r);
    expect(labels(menu)).toEqual(["📝 Nhập báo cáo", "➖ Không phát sinh", "📊 Tiến độ đơn vị", "📄 Bản ghi của tôi", "❓ Hướng dẫn"]);
    await expectListAgain(KHOM, "xin chào", menu);
    await expectListAgain(KHOM, "9", menu);
    expect(last(await h.say(KHOM, "3")).text).toContain("Khóm Đông Hưng, kỳ tháng 02/2025");
    r = await h.say(KHOM, "/start");
    expect(choices(last(r))).toEqual(choices(menu));
    expect(last(await h.say(KHOM, "huong dan")).text).toContain("Hướng dẫn dùng bot");
    r = await h.say(KHOM, "/menu");
    expect(last(await h.say(KHOM, "Bản ghi của tôi")).text).toContain("chưa có bản ghi nào");
  });
});

describe("a choice typed as it is shown", () => {
  it("copied with its emoji, or with a full stop, picks it: '📝 Nhập báo cáo', '✅ Lưu', 'lưu.'", async () => {
    // Zalo and the console print the choices with their emoji ("1. ✅ Lưu"); copying one is natural.
    await h.register(KHOM, "bao_cao", "dong-hung");
    let r = await h.say(KHOM, "/menu");
    r = await h.say(KHOM, "📝 Nhập báo cáo");
    expect(last(r).text).toContain("Chọn biểu mẫu");
    r = await h.say(KHOM, "tuyen truyen");
    for (const a of ["2", "60", "1", "10", "0", "0"]) r = await h.say(KHOM, a);
    expect(labels(last(r))).toContain("✅ Lưu");
    r = await h.say(KHOM, "✅ Lưu");
    expect(r.map((m) => m.text).join("\n")).toContain("✅ Đã lưu");
    r = await h.say(KHOM, "/nhap tuyen_truyen");
    for (const a of ["3", "90", "1", "10", "0", "0"]) r = await h.say(KHOM, a);
    r = await h.say(KHOM, "lưu.");
    expect(r.map((m) => m.text).join("\n")).toContain("✅ Đã lưu");
    expect((h.bot.db.$client.prepare("select count(*) as n from entries where status = 'active'").get() as { n: number }).n).toBe(2);
  });
});

describe("forms, typed", () => {
  it("picks the form, a choice field, Lưu/Sửa/Hủy, a field to edit and the date, all typed; wrong picks repeat the list", async () => {
    await h.register(POST, "bao_cao", "don-bp-nhon-hung");
    const list = last(await h.say(POST, "/nhap"));
    await expectListAgain(POST, "tuần lễ", list);
    let r = await h.say(POST, "tuan tra");
    const kinds = last(r);
    expect(labels(kinds)).toContain("Kiểm soát lưu động");
    await expectListAgain(POST, "đi dạo", kinds, /^⚠️ Xin chọn một trong các mục/);
    await expectListAgain(POST, "12", kinds, /^⚠️ Xin chọn một trong các mục/);
    r = await h.say(POST, "kiem soat luu dong");
    r = await h.say(POST, "7");
    r = await h.say(POST, "35 lượt");
    const summary = last(r);
    expect(summary.text).toContain("Hình thức: Kiểm soát lưu động");
    await expectListAgain(POST, "4", summary, /^⚠️ Xin bấm Lưu, Sửa hoặc Hủy/);
    await expectListAgain(POST, "ok", summary, /^⚠️ Xin bấm Lưu, Sửa hoặc Hủy/);
    const pick = last(await h.say(POST, "sua"));
    expect(pick.text).toBe("Muốn sửa mục nào?");
    await expectListAgain(POST, "9", pick, /^⚠️ Xin chọn mục cần sửa/);
    expect(last(await h.say(POST, "1")).text).toContain("Ngày hoạt động?");
    expect(last(await h.say(POST, "hôm qua")).text).toContain("Ngày hoạt động: 19/02/2025");
    await h.say(POST, "Sửa");
    r = await h.say(POST, "hinh thuc");
    expect(labels(last(r))).toEqual(labels(kinds));
    r = await h.say(POST, String(labels(kinds).indexOf("Đồn độc lập tuần tra") + 1));
    expect(last(r).text).toContain("Hình thức: Đồn độc lập tuần tra");
    expect(last(await h.say(POST, "1")).text).toContain("✅ Đã lưu");
    const rows = h.bot.db.$client.prepare("select e.activity_date d, v.metric, v.value from entries e join entry_values v on v.entry_id = e.id order by v.metric").all();
    expect(rows).toEqual([
      { d: "2025-02-19", metric: "tuan_tra.doc_lap.luot_nguoi", value: 35 },
      { d: "2025-02-19", metric: "tuan_tra.doc_lap.luot_to", value: 7 },
    ]);
  });

  it("keeps typed numbers as answers to number fields, and Hủy typed cancels", async () => {
    await h.register(KHOM, "bao_cao", "dong-hung");
    const list = last(await h.say(KHOM, "/nhap"));
    await h.say(KHOM, String(labels(list).indexOf("Tuyên truyền, phổ biến") + 1));
    for (const a of ["1", "2", "3", "1", "2", "3"]) await h.say(KHOM, a);
    const r = await h.say(KHOM, "huy");
    expect(r[0]!.text).toContain("Đã hủy");
    expect(h.bot.db.$client.prepare("select count(*) n from entries").get()).toEqual({ n: 0 });
    await h.say(KHOM, "/nhap tuyen truyen");
    for (const a of ["1", "2", "3", "1", "2", "3"]) await h.say(KHOM, a);
    await h.say(KHOM, "Lưu");
    const values = h.bot.db.$client.prepare("select value from entry_values order by metric").all().map((v) => (v as { value: number }).value);
    expect(values.sort()).toEqual([1, 1, 2, 2, 3, 3]);
  });
});

describe("/cuatoi, typed", () => {
  it("numbers its list by position, so a typed number picks the line shown with it; confirmation typed", async () => {
    await h.register(KHOM, "bao_cao", "dong-hung");
    for (const buoi of ["5", "6"]) {
      await h.say(KHOM, "/nhap tuyen truyen");
      for (const a of [buoi, "100", "0", "0", "0", "0"]) await h.say(KHOM, a);
      await h.say(KHOM, "luu");
    }
    const ids = h.bot.db.$client.prepare("select id from entries order by id").all().map((r) => (r as { id: number }).id);
    const list = last(await h.say(KHOM, "/cuatoi"));
    // Each line names the entry's own number (issue 16); the choices keep their positions.
    expect(list.text).toContain(`• Số ${ids[1]}: 20/02/2025, Tuyên truyền, phổ biến: 6 buổi, 100 lượt người`);
    expect(list.text).toContain(`• Số ${ids[0]}: 20/02/2025, Tuyên truyền, phổ biến: 5 buổi, 100 lượt người`);
    // Each line opens its correction (issue 9: correct in place, or delete with a reason).
    expect(labels(list)).toEqual([`✏️ Sửa / xóa số ${ids[1]}`, `✏️ Sửa / xóa số ${ids[0]}`]);
    await expectListAgain(KHOM, "3", list);
    await expectListAgain(KHOM, "rút lại hết", list);
    const pick = last(await h.say(KHOM, "2"));
    expect(pick.text).toContain(`Bản ghi số ${ids[0]}: 20/02/2025, Tuyên truyền, phổ biến: 5 buổi`);
    await expectListAgain(KHOM, "có", pick, /^⚠️ Không có lựa chọn này/);
    expect(last(await h.say(KHOM, "xoa")).text).toContain(`Vì sao xóa bản ghi số ${ids[0]}?`);
    expect(last(await h.say(KHOM, "ok")).text).toMatch(/^⚠️ Xin gõ lý do/);
    const confirm = last(await h.say(KHOM, "nhap trung"));
    expect(confirm.text).toContain(`Xác nhận xóa bản ghi số ${ids[0]} (20/02/2025, Tuyên truyền, phổ biến: 5 buổi`);
    await expectListAgain(KHOM, "có", confirm, /^⚠️ Không có lựa chọn này/);
    expect(last(await h.say(KHOM, "xoa")).text).toContain(`Đã xóa bản ghi số ${ids[0]}`);
    expect(h.bot.db.$client.prepare("select id, status from entries order by id").all())
      .toEqual([{ id: ids[0], status: "deleted" }, { id: ids[1], status: "active" }]);
  });
});

describe("leaders' flows, typed", () => {
  beforeEach(() => {
    addEntry(h.bot.db, { unit: "dong-hung", form: "tuyen_truyen", date: "2024-11-05", values: { "tuyen_truyen.so_buoi": 2 } });
    addEntry(h.bot.db, { unit: "dong-hung", form: "tuyen_truyen", date: "2025-01-05", values: { "tuyen_truyen.so_buoi": 3 } });
  });

  it("/baocao: a typed period choice asks the number and date like a press; a typed number is the document number", async () => {
    await h.register(CHAIRMAN, "lanh_dao", "nhon-hung");
    const periods = last(await h.say(CHAIRMAN, "/baocao"));
    await expectListAgain(CHAIRMAN, "abc", periods);
    await expectListAgain(CHAIRMAN, "9", periods);
    expect(last(await h.say(CHAIRMAN, "2")).text).toContain("Báo cáo tháng 01/2025. Số văn bản?");
    // "1" is also the place of "Để trống" in the list: asked back, then "1" is "Số 01".
    const askedBack = last(await h.say(CHAIRMAN, "1"));
    expect(askedBack.text).toBe("Bạn gõ 1: số văn bản 01, hay để trống cho văn thư điền?");
    expect(labels(askedBack)).toEqual(["Số 01", "Để trống"]);
    const date = last(await h.say(CHAIRMAN, "1"));
    expect(date.text).toContain("Ngày ban hành?");
    await expectListAgain(CHAIRMAN, "mai", date, /^⚠️ Ngày không hợp lệ/);
    await h.say(CHAIRMAN, "hom nay");
    expect(h.standin.documents.map((d) => d.filename)).toEqual(["bao-cao-2025-01.docx"]);
    expect(await documentXml(h.standin.documents[0]!.bytes)).toContain("Số: 01/BC-UBND");

    await h.say(CHAIRMAN, "/baocao");
    expect(last(await h.say(CHAIRMAN, "ky khac")).text).toContain("Gõ kỳ báo cáo");
    const number = last(await h.say(CHAIRMAN, "quy 4/2024"));
    await expectListAgain(CHAIRMAN, "ba mươi", number, /^⚠️ Số văn bản là một số/);
    await h.say(CHAIRMAN, "de trong");
    await h.say(CHAIRMAN, "1");
    expect(h.standin.documents.at(-1)!.filename).toBe("bao-cao-2024-Q4.docx");

    const empty = last(await h.say(CHAIRMAN, "/baocao thang 12/2024"));
    expect(empty.text).toContain("Vẫn lập một báo cáo trống?");
    await expectListAgain(CHAIRMAN, "vâng", empty, /^⚠️ Xin chọn một mục dưới đây/);
    await h.say(CHAIRMAN, "1");
    expect(h.standin.documents.at(-1)!.filename).toBe("bao-cao-2024-12.docx");
  });

  it("/guilai, /khoa, /mokhoa and /tiendo, typed", async () => {
    await h.register(CHAIRMAN, "lanh_dao", "nhon-hung");
    await h.say(CHAIRMAN, "/baocao thang 1/2025");
    const list = last(await h.say(CHAIRMAN, "/guilai"));
    await expectListAgain(CHAIRMAN, "bản mới nhất", list);
    await h.say(CHAIRMAN, "1");
    expect(h.standin.documents).toHaveLength(2);
    expect(h.standin.documents[1]!.caption).toContain("gửi lại đúng nguyên bản");
    expect(last(await h.say(CHAIRMAN, "/khoa thang 1/2025")).text).toContain("Đã khóa sổ kỳ tháng 01/2025");
    expect(last(await h.say(CHAIRMAN, "/mokhoa thang 1/2025 dong hung")).text).toContain("Đã mở lại kỳ tháng 01/2025 cho Khóm Đông Hưng");
    expect(last(await h.say(CHAIRMAN, "tien do")).text).toContain("Tiến độ kỳ tháng 02/2025");
    const menu = last(await h.say(CHAIRMAN, "/menu"));
    expect(last(await h.say(CHAIRMAN, String(labels(menu).indexOf("📊 Tiến độ báo cáo") + 1))).text).toContain("Tiến độ kỳ tháng 02/2025");
  });

  it("/moi: role and unit typed (number, label, short name without diacritics); wrong picks repeat the list", async () => {
    await h.register(ADMIN, "admin", "nhon-hung");
    const roles = last(await h.say(ADMIN, "/moi"));
    await expectListAgain(ADMIN, "trưởng khóm", roles, /^⚠️ Xin chọn vai trò/);
    const units = last(await h.say(ADMIN, "nguoi bao cao"));
    expect(units.text).toContain("Vai trò: Người báo cáo");
    await expectListAgain(ADMIN, "99", units, /^⚠️ Xin chọn đơn vị/);
    expect(last(await h.say(ADMIN, "dong hung")).text).toContain("Mã mời cho Người báo cáo, Khóm Đông Hưng");
    await h.say(ADMIN, "/moi");
    await h.say(ADMIN, "2");
    expect(last(await h.say(ADMIN, "1")).text).toContain("Mã mời cho Lãnh đạo phường, Phường");
  });
});

describe("/khongphatsinh, typed", () => {
  it("picks the form by number or folded title; other words repeat the list", async () => {
    await h.register(KHOM, "bao_cao", "dong-hung");
    const list = last(await h.say(KHOM, "/khongphatsinh"));
    await expectListAgain(KHOM, "tất cả", list);
    expect(last(await h.say(KHOM, "tuyen truyen, pho bien")).text).toContain("✅ Đã ghi nhận: Tuyên truyền, phổ biến — không phát sinh");
    const nhap = last(await h.say(KHOM, "/nhap"));
    expect(last(await h.say(KHOM, String(labels(nhap).indexOf("➖ Không phát sinh") + 1))).text).toContain("không phát sinh hoạt động");
  });
});

describe("/khongphatsinh while a form is open", () => {
  it("says the form is open and asks its question again, so a typed number is not taken for a pick of the list", async () => {
    // Seen: /nhap → Phát hiện, xử lý vi phạm → /khongphatsinh showed its list with no word of the
    // open form; "4" (meant for "Hỗ trợ, hậu phương") became "Vụ XNC trái phép: 4 vụ".
    await h.register(KHOM, "bao_cao", "dong-hung");
    await h.say(KHOM, "/nhap tuyen_truyen");
    const r = await h.say(KHOM, "/khongphatsinh");
    expect(r[0]!.text).toBe("Bạn đang nhập dở một biểu mẫu: lưu xong hoặc gõ /huy, rồi báo không phát sinh. Hoặc gõ luôn tên biểu, ví dụ: /khongphatsinh tuyen truyen");
    expect(r.map((m) => m.text).join("\n")).toContain('Bạn đang nhập dở "Tuyên truyền, phổ biến"');
    expect(last(r).text).toContain("(1/6)");
    // Named, it is answered at once and the form stays where it was.
    const named = await h.say(KHOM, "/khongphatsinh nam tinh hinh");
    expect(named[0]!.text).toContain("✅ Đã ghi nhận: Nắm tình hình — không phát sinh");
    expect(last(named).text).toContain("(1/6)");
  });
});

describe("reminders, typed", () => {
  it("a typed number after a reminder picks the reminder's own list, not the one shown before it", async () => {
    await h.register(POST, "bao_cao", "don-bp-nhon-hung");
    await h.say(POST, "/khongphatsinh");
    h.clock.set("2025-02-24T01:00:00Z");
    runDueJobs({ db: h.bot.db, profile: h.bot.profile, settings: h.bot.jobSettings }, h.clock.now, { dryRun: false, now: h.clock.now });
    h.bot.outbox.wake();
    await h.bot.outbox.drain({ timeoutMs: 10_000 });
    const reminder = h.standin.sentTo(POST).filter((m) => m.text.startsWith("⏰")).at(-1)!;
    const first = labels(reminder)[0]!.replace(/^📝 /, "");
    expect((await h.say(POST, "1"))[0]!.text).toContain(`📋 ${first}`);
  });
});
