// Quick entry end to end: one typed line fills a form's summary (asking only what is missing),
// saves with one press, records "không phát sinh", refuses another unit's form, and answers a line
// it cannot read with one example for the person's unit. On Telegram and on Zalo.
import { rmSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buttonData, buttons, startHarness, type Harness } from "../helpers/harness.js";
import { startZaloHarness, type ZaloHarness } from "../helpers/zalo-harness.js";
import { lockMonths } from "../../src/ledger/locks.js";

let h: Harness;
beforeEach(async () => { h = await startHarness(); });
afterEach(async () => { await h.stop(); rmSync(h.dir, { recursive: true, force: true }); });

const KHOM = 1001;
const POST = 2002;
const ANTT = 3003;
const CHAIRMAN = 4004;
const KHOM_EXAMPLE = "tuyên truyền 3 buổi 150 người 2 giờ loa";
const POST_EXAMPLE = "tuần tra độc lập 12 tổ 84 người";
const ANTT_EXAMPLE = "tuần tra ANTT 8 tổ 40 người";

type Sent = Awaited<ReturnType<Harness["say"]>>;
const last = (r: Sent) => r.at(-1)!;
const labels = (r: Sent) => buttons(last(r)).map((b) => b.text);

/** The form the chat has open, as the bot keeps it. */
function openForm(user: number): { formId: string; answers: Record<string, unknown>; step: { at: string; key?: string } } | undefined {
  const row = h.bot.db.$client.prepare("select state_json from conversations where channel = 'telegram' and chat_id = ?").get(String(user)) as
    { state_json: string } | undefined;
  const pending = row ? JSON.parse(row.state_json).pending : null;
  return pending?.kind === "form" ? pending.form : undefined;
}

function storedValues(): Record<string, number> {
  const rows = h.bot.db.$client.prepare("select metric, value from entry_values v join entries e on e.id = v.entry_id where e.status = 'active'").all() as
    Array<{ metric: string; value: number }>;
  return Object.fromEntries(rows.map((r) => [r.metric, r.value]));
}
const entryCount = () => (h.bot.db.$client.prepare("select count(*) n from entries").get() as { n: number }).n;

// [who, typed line, form opened, answers prefilled, the question asked next (or the summary)]
const DRAFTS: Array<[number, string, string, Record<string, number | string>, string]> = [
  [KHOM, "tuyen truyen 3 buoi 150 nguoi 2 gio loa", "tuyen_truyen", { so_buoi: 3, luot_nguoi: 150, gio_loa: 2 }, "(4/6) Số tờ bướm"],
  [KHOM, "Tuyên truyền 3 buổi 150 người 2,5 giờ loa", "tuyen_truyen", { so_buoi: 3, luot_nguoi: 150, gio_loa: 2.5 }, "(4/6) Số tờ bướm"],
  [KHOM, "150 người 2 giờ loa tuyên truyền 3 buổi", "tuyen_truyen", { so_buoi: 3, luot_nguoi: 150, gio_loa: 2 }, "(4/6) Số tờ bướm"],
  [KHOM, "tuyen truyen 150 nguoi", "tuyen_truyen", { luot_nguoi: 150 }, "(1/6) Số buổi tuyên truyền"],
  [KHOM, "tuyen truyen 4 buoi 200 nguoi 0 gio loa 500 to 2 tin 10 ho", "tuyen_truyen",
    { so_buoi: 4, luot_nguoi: 200, gio_loa: 0, to_roi: 500, tin_bai: 2, ho_cam_ket: 10 }, "Kiểm tra lại rồi bấm Lưu."],
  [KHOM, "dân số 450 hộ 1.800 khẩu", "dan_so", { ho: 450, khau: 1800 }, "Kiểm tra lại rồi bấm Lưu."],
  [KHOM, "dan so 450 ho", "dan_so", { ho: 450 }, "(2/2) Số nhân khẩu"],
  [KHOM, "vi pham 1 vu buon lau 20 trieu dong", "vi_pham", { buon_lau_vu: 1, buon_lau_gia_tri: 20_000_000 }, "(1/5) Số vụ xuất nhập cảnh"],
  [KHOM, "vi phạm 3 vụ", "vi_pham", {}, "(1/5) Số vụ xuất nhập cảnh"],
  [KHOM, "hau phuong 5 trieu 20 phan qua", "hau_phuong", { cbcs_gia_tri: 5_000_000, qua: 20 }, "Kiểm tra lại rồi bấm Lưu."],
  [KHOM, "tu quan 120 ho 300 nguoi", "tu_quan", { ho: 120, ca_nhan: 300 }, "(3/6) Số tổ tự quản ANTT"],
  [POST, "tuan tra doc lap 12 to 84 nguoi", "tuan_tra", { kind: "doc_lap", luot_to: 12, luot_nguoi: 84 }, "Kiểm tra lại rồi bấm Lưu."],
  [POST, "12 tổ 84 người tuần tra độc lập", "tuan_tra", { kind: "doc_lap", luot_to: 12, luot_nguoi: 84 }, "Kiểm tra lại rồi bấm Lưu."],
  [POST, "tuan tra 12 to 84 nguoi", "tuan_tra", { luot_to: 12, luot_nguoi: 84 }, "(1/3) Hình thức tuần tra?"],
  [POST, "tuần tra kiểm soát lưu động 7 lượt tổ", "tuan_tra", { kind: "kiem_soat", luot_to: 7 }, "(3/3) Tổng số lượt người"],
  [POST, "nam tinh hinh 2 tin co gia tri 5 tin tham khao", "nam_tinh_hinh", { co_gia_tri: 2, tham_khao: 5 }, "Kiểm tra lại rồi bấm Lưu."],
  [POST, "khen thuong 2 tap the 5 ca nhan", "khen_thuong", { tap_the: 2, ca_nhan: 5 }, "Kiểm tra lại rồi bấm Lưu."],
  [POST, "doi ngoai 2 lan 10 phan qua 5 trieu", "doi_ngoai", { gap_go: 2, phan_qua: 10, gia_tri_qua: 5_000_000 }, "Kiểm tra lại rồi bấm Lưu."],
  [ANTT, "tuan tra antt 8 to 40 nguoi", "tuan_tra", { kind: "antt", luot_to: 8, luot_nguoi: 40 }, "Kiểm tra lại rồi bấm Lưu."],
  [ANTT, "vi pham 2 vu xnc 3 nguoi", "vi_pham", { xnc_vu: 2, xnc_nguoi: 3 }, "(3/5) Số vụ buôn lậu"],
];

describe("quick entry on Telegram", () => {
  beforeEach(async () => {
    await h.register(KHOM, "bao_cao", "dong-hung", "Lan");
    await h.register(POST, "bao_cao", "don-bp-nhon-hung", "Hùng");
    await h.register(ANTT, "bao_cao", "to-antt-dong-hung", "Tâm");
  });

  it("reads twenty typed lines, with and without diacritics, in any order, into the right draft, asking only what is missing", async () => {
    expect(DRAFTS.length).toBeGreaterThanOrEqual(20);
    for (const [user, line, formId, answers, next] of DRAFTS) {
      const r = await h.say(user, line);
      expect(openForm(user), line).toMatchObject({ formId, answers });
      expect(Object.keys(openForm(user)!.answers).sort(), line).toEqual(Object.keys(answers).sort());
      expect(last(r).text, line).toContain(next);
      expect(r[0]!.text, line).toMatch(/^⚡ Nhập nhanh: /);
      if (next.startsWith("Kiểm tra")) expect(labels(r), line).toEqual(["✅ Lưu", "✏️ Sửa", "❌ Hủy"]);
      await h.say(user, "/huy");
    }
    expect(entryCount()).toBe(0);
  });

  it("a whole line gives the summary, and one press of Lưu stores it", async () => {
    const r = await h.say(KHOM, "tuyen truyen 3 buoi 150 nguoi 2,5 gio loa 40 to roi 1 tin 12 ho");
    const summary = last(r).text;
    expect(summary).toContain("📋 Tuyên truyền, phổ biến");
    expect(summary).toContain("Buổi tuyên truyền: 3 buổi");
    expect(summary).toContain("Lượt người dự nghe: 150 lượt người");
    expect(summary).toContain("Giờ loa truyền thanh: 2,5 giờ");
    expect(summary).toContain("Ngày hoạt động: 20/02/2025 (hôm nay)");
    const saved = await h.press(KHOM, buttonData(last(r), "Lưu"));
    expect(last(saved).text).toContain("✅ Đã lưu: Tuyên truyền, phổ biến");
    expect(storedValues()).toEqual({
      "tuyen_truyen.so_buoi": 3, "tuyen_truyen.luot_nguoi": 150, "tuyen_truyen.gio_loa": 2.5,
      "tuyen_truyen.to_roi": 40, "tuyen_truyen.tin_bai": 1, "tuyen_truyen.ho_cam_ket": 12,
    });
    expect(openForm(KHOM)).toBeUndefined();
  });

  it("asks only the missing questions, then saves on a typed \"luu\"", async () => {
    let r = await h.say(POST, "tuan tra doc lap 12 to");
    expect(last(r).text).toContain("(3/3) Tổng số lượt người");
    r = await h.say(POST, "84");
    expect(last(r).text).toContain("Hình thức: Đồn độc lập tuần tra");
    r = await h.say(POST, "luu");
    expect(last(r).text).toContain("✅ Đã lưu: Tuần tra, kiểm soát");
    expect(storedValues()).toEqual({ "tuan_tra.doc_lap.luot_to": 12, "tuan_tra.doc_lap.luot_nguoi": 84 });
  });

  it("says which pieces it could not read and asks them; the form's own check still holds", async () => {
    // ("2.5 giờ" is no longer unread: it is asked as the form asks it, see quick-entry-figures.test.ts.)
    let r = await h.say(KHOM, "tuyen truyen -2 gio loa 3 buoi 2 nguoi");
    expect(r[0]!.text).toContain("Chưa rõ: “-2 gio loa”");
    expect(r[0]!.text).toContain("Số lượt người phải lớn hơn hoặc bằng số buổi");
    expect(openForm(KHOM)!.answers).toEqual({ so_buoi: 3 });
    expect(last(r).text).toContain("(2/6) Tổng số lượt người");
    r = await h.say(KHOM, "2");
    expect(r[0]!.text).toContain("lớn hơn hoặc bằng số buổi");
  });

  it("Sửa and Hủy behave as in the form", async () => {
    let r = await h.say(KHOM, "dan so 450 ho 1.800 khau");
    r = await h.say(KHOM, "sua");
    r = await h.say(KHOM, "3"); // the date is 1, hộ 2, khẩu 3
    expect(last(r).text).toContain("Số nhân khẩu");
    r = await h.say(KHOM, "1.850");
    expect(last(r).text).toContain("Nhân khẩu: 1.850 khẩu");
    r = await h.press(KHOM, buttonData(last(r), "Hủy"));
    expect(last(r).text).toContain("Đã hủy");
    expect(entryCount()).toBe(0);
  });

  it("records \"không phát sinh\" for the named form, as /khongphatsinh does", async () => {
    const r = await h.say(KHOM, "khong phat sinh tuyen truyen");
    expect(last(r).text).toBe("✅ Đã ghi nhận: Tuyên truyền, phổ biến — không phát sinh trong kỳ tháng 02/2025.");
    expect(h.bot.db.$client.prepare("select unit_code, form_id, period from nil_reports").all())
      .toEqual([{ unit_code: "dong-hung", form_id: "tuyen_truyen", period: "2025-02" }]);
    const post = await h.say(POST, "Không phát sinh nắm tình hình");
    expect(last(post).text).toContain("Nắm tình hình — không phát sinh");
    // A population count is what exists, not what happened: nothing to waive.
    const stock = await h.say(KHOM, "khong phat sinh dan so");
    expect(last(stock).text).toContain("\"Dân số\" là số liệu hiện có");
    expect(last(stock).text).toContain("Gõ /nhap dân số");
    expect(h.bot.db.$client.prepare("select count(*) n from nil_reports").get()).toEqual({ n: 2 });
  });

  it("refuses another unit's form, naming the forms the person's unit files", async () => {
    for (const line of ["tuan tra doc lap 12 to 84 nguoi", "khong phat sinh tuan tra"]) {
      const r = await h.say(KHOM, line);
      const said = last(r).text;
      expect(said).toContain("\"Tuần tra, kiểm soát\" không phải biểu mẫu của Khóm Đông Hưng");
      expect(said).toContain("Tuyên truyền, phổ biến; Nắm tình hình; Phát hiện, xử lý vi phạm; Phong trào tự quản; Dân số; Hỗ trợ, hậu phương");
      expect(openForm(KHOM)).toBeUndefined();
    }
    const r = await h.say(POST, "dân số 450 hộ");
    expect(last(r).text).toContain("\"Dân số\" không phải biểu mẫu của Đồn Biên phòng Nhơn Hưng");
    expect(entryCount()).toBe(0);
    expect(h.bot.db.$client.prepare("select count(*) n from nil_reports").get()).toEqual({ n: 0 });
  });

  it("answers a line it cannot read with one example for the person's unit", async () => {
    await h.say(KHOM, "tuan tra 1 to 1 nguoi"); // refused: leaves no list on screen
    let r = await h.say(KHOM, "xin chào bot");
    expect(last(r).text).toContain(`Chưa hiểu ý bạn. Muốn nhập nhanh, gõ một dòng như: ${KHOM_EXAMPLE}`);
    // With the menu on screen, the menu comes again with the example.
    r = await h.say(POST, "3 buoi 150 nguoi");
    expect(r[0]!.text).toMatch(/^⚠️ Không có lựa chọn này/);
    expect(r[0]!.text).toContain(POST_EXAMPLE);
    expect(r[0]!.text).not.toContain(KHOM_EXAMPLE);
    expect(labels(r)).toContain("📝 Nhập báo cáo");
    r = await h.say(ANTT, "abc xyz");
    expect(last(r).text).toContain(ANTT_EXAMPLE);
    expect(last(await h.say(KHOM, "/trogiup")).text).toContain("Nhập nhanh: gõ một dòng");
  });

  it("says a locked month before the questions, and Lưu is refused as in the form", async () => {
    lockMonths(h.bot.db, ["2025-02"], null, h.clock.now);
    let r = await h.say(KHOM, "dan so 450 ho 1.800 khau");
    expect(r[0]!.text).toContain("⚠️ Kỳ tháng 02/2025 đã khóa sổ");
    r = await h.say(KHOM, "luu");
    expect(r[0]!.text).toContain("🔒 Kỳ tháng 02/2025 đã khóa sổ nên chưa lưu được");
    expect(entryCount()).toBe(0);
  });

  it("is for reporters: a leader's line is not taken as an entry", async () => {
    await h.register(CHAIRMAN, "lanh_dao", "nhon-hung", "Vũ");
    await h.say(CHAIRMAN, "/huy");
    const r = await h.say(CHAIRMAN, "tuyen truyen 3 buoi 150 nguoi");
    expect(last(r).text).not.toContain("Nhập nhanh");
    expect(openForm(CHAIRMAN)).toBeUndefined();
  });

  it("a line typed while a form is open is an answer to it, not a new entry", async () => {
    await h.say(KHOM, "/nhap dan so");
    const r = await h.say(KHOM, "tuyen truyen 3 buoi");
    expect(r[0]!.text).toContain("Xin nhập một con số");
    expect(openForm(KHOM)).toMatchObject({ formId: "dan_so", answers: {} });
  });
});

describe("quick entry on Zalo", () => {
  let z: ZaloHarness | undefined;
  afterEach(async () => { await z?.close(); z = undefined; });

  it("a typed line fills the summary as a numbered list; \"1\" saves it; a missing answer is asked", async () => {
    z = await startZaloHarness({ telegram: false });
    await z.register("900001", "bao_cao", "dong-hung", "Lan");
    let r = await z.say("900001", "dan so 450 ho 1.800 khau");
    expect(r.at(-1)!.text).toContain("Nhân khẩu: 1.800 khẩu");
    expect(r.at(-1)!.text).toContain("1. ✅ Lưu");
    r = await z.say("900001", "1");
    expect(r.at(-1)!.text).toContain("✅ Đã lưu: Dân số");
    r = await z.say("900001", "Tuyên truyền 3 buổi 150 người 2 giờ loa 0 tờ 0 tin");
    expect(r.at(-1)!.text).toContain("(6/6) Số hộ ký cam kết");
    r = await z.say("900001", "0");
    r = await z.say("900001", "luu");
    expect(r.at(-1)!.text).toContain("✅ Đã lưu: Tuyên truyền, phổ biến");
    const values = z.h.bot.db.$client.prepare("select metric, value from entry_values order by metric").all();
    expect(values).toEqual([
      { metric: "dan_so.ho", value: 450 }, { metric: "dan_so.khau", value: 1800 },
      { metric: "tuyen_truyen.gio_loa", value: 2 }, { metric: "tuyen_truyen.ho_cam_ket", value: 0 },
      { metric: "tuyen_truyen.luot_nguoi", value: 150 }, { metric: "tuyen_truyen.so_buoi", value: 3 },
      { metric: "tuyen_truyen.tin_bai", value: 0 }, { metric: "tuyen_truyen.to_roi", value: 0 },
    ]);
    r = await z.say("900001", "khong phat sinh vi pham");
    expect(r.at(-1)!.text).toContain("Phát hiện, xử lý vi phạm — không phát sinh");
  });
});
