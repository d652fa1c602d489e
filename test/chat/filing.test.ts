// End to end over the Bot API stand-in: invite, register, file forms, check SQLite.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buttonData, buttons, startHarness, type Harness } from "../helpers/harness.js";

let h: Harness;
beforeEach(async () => { h = await startHarness(); });
afterEach(async () => { await h.stop(); });

const KHOM_HEAD = 1001;
const BORDER_POST = 2002;

function lastText(ms: { text: string }[]): string { return ms[ms.length - 1]?.text ?? ""; }

describe("filing tuyen_truyen end to end", () => {
  it("registers an invited khóm head, survives bad answers, and stores the entry with unit, period and reporter", async () => {
    await h.register(KHOM_HEAD, "bao_cao", "dong-hung", "Lan");
    const list = await h.say(KHOM_HEAD, "/nhap");
    const formButtons = buttons(list.at(-1)).map((b) => b.text);
    expect(formButtons).toContain("Tuyên truyền, phổ biến");
    expect(formButtons).not.toContain("Tuần tra, kiểm soát");

    let r = await h.press(KHOM_HEAD, buttonData(list.at(-1), "Tuyên truyền"));
    expect(lastText(r)).toContain("Số buổi tuyên truyền");
    r = await h.say(KHOM_HEAD, "12 buổi");
    expect(lastText(r)).toContain("lượt người");

    const bad: Array<[Record<string, unknown>, string]> = [
      [h.standin.textMessage(KHOM_HEAD, "abc"), "Xin nhập một con số"],
      [h.standin.textMessage(KHOM_HEAD, "-3"), "không được âm"],
      [h.standin.textMessage(KHOM_HEAD, "2.5"), "có thể hiểu là 2,5"],
      [h.standin.textMessage(KHOM_HEAD, "   "), "Xin nhập"],
      [h.standin.sticker(KHOM_HEAD), "chỉ đọc được chữ và số"],
    ];
    for (const [update, expected] of bad) {
      r = await h.send(KHOM_HEAD, update);
      expect(r).toHaveLength(2);
      expect(r[0]!.text).toContain(expected);
      expect(r[1]!.text).toContain("Tổng số lượt người dự nghe");
    }
    r = await h.say(KHOM_HEAD, "5");
    expect(r[0]!.text).toContain("lớn hơn hoặc bằng số buổi");
    expect(r[1]!.text).toContain("Tổng số lượt người dự nghe");

    for (const answer of ["1.200", "2,5", "300 tờ", "4", "35"]) r = await h.say(KHOM_HEAD, answer);
    const summary = lastText(r);
    expect(summary).toContain("Lượt người dự nghe: 1.200 lượt người");
    expect(summary).toContain("Giờ loa truyền thanh: 2,5 giờ");
    expect(summary).toContain("Ngày hoạt động: 20/02/2025 (hôm nay)");

    r = await h.press(KHOM_HEAD, buttonData(r.at(-1), "Lưu"));
    expect(lastText(r)).toContain("✅ Đã lưu");
    expect(lastText(r)).toContain("kỳ tháng 02/2025");

    const db = h.bot.db.$client;
    const entry = db.prepare("select e.*, u.name as reporter from entries e join users u on u.id = e.reporter_id").get() as Record<string, unknown>;
    expect(entry).toMatchObject({ unit_code: "dong-hung", form_id: "tuyen_truyen", period: "2025-02", activity_date: "2025-02-20", source: "chat", reporter: "Lan" });
    const values = Object.fromEntries((db.prepare("select metric, value from entry_values where entry_id = ?").all(entry["id"]) as Array<{ metric: string; value: number }>).map((v) => [v.metric, v.value]));
    expect(values).toEqual({
      "tuyen_truyen.so_buoi": 12, "tuyen_truyen.luot_nguoi": 1200, "tuyen_truyen.gio_loa": 2.5,
      "tuyen_truyen.to_roi": 300, "tuyen_truyen.tin_bai": 4, "tuyen_truyen.ho_cam_ket": 35,
    });
  });

  it("lets the person change the activity date and one answer before saving", async () => {
    await h.register(KHOM_HEAD, "bao_cao", "dong-hung");
    await h.say(KHOM_HEAD, "/nhap tuyen truyen");
    let r: Awaited<ReturnType<Harness["say"]>> = [];
    for (const answer of ["2", "40", "0", "0", "0", "0"]) r = await h.say(KHOM_HEAD, answer);
    r = await h.press(KHOM_HEAD, buttonData(r.at(-1), "Sửa"));
    r = await h.press(KHOM_HEAD, buttonData(r.at(-1), "Ngày hoạt động"));
    r = await h.say(KHOM_HEAD, "hôm qua");
    expect(lastText(r)).toContain("Ngày hoạt động: 19/02/2025");
    r = await h.say(KHOM_HEAD, "2"); // typed number picks "Sửa"
    r = await h.say(KHOM_HEAD, "3"); // second field after the date: lượt người
    expect(lastText(r)).toContain("lượt người");
    r = await h.say(KHOM_HEAD, "45");
    r = await h.say(KHOM_HEAD, "luu");
    expect(lastText(r)).toContain("✅ Đã lưu");
    const row = h.bot.db.$client.prepare("select e.activity_date, v.value from entries e join entry_values v on v.entry_id = e.id and v.metric = 'tuyen_truyen.luot_nguoi'").get();
    expect(row).toEqual({ activity_date: "2025-02-19", value: 45 });
  });

  it("cancels with /huy and saves nothing", async () => {
    await h.register(KHOM_HEAD, "bao_cao", "dong-hung");
    await h.say(KHOM_HEAD, "/nhap tuyen_truyen");
    await h.say(KHOM_HEAD, "3");
    const r = await h.say(KHOM_HEAD, "/huy");
    expect(lastText(r)).toContain("Đã hủy");
    expect(h.bot.db.$client.prepare("select count(*) n from entries").get()).toEqual({ n: 0 });
    // "5" is no answer any more: the list on screen (🏠 Menu) is shown again.
    expect(lastText(await h.say(KHOM_HEAD, "5"))).toContain("Không có lựa chọn này");
  });
});

describe("filing tuan_tra at the border post", () => {
  it("takes the patrol kind by button and stores tuan_tra.<kind>.* metrics", async () => {
    await h.register(BORDER_POST, "bao_cao", "don-bp-nhon-hung");
    let r = await h.say(BORDER_POST, "/nhap");
    r = await h.press(BORDER_POST, buttonData(r.at(-1), "Tuần tra"));
    expect(buttons(r.at(-1)).map((b) => b.text)).toContain("Kiểm soát lưu động");
    r = await h.press(BORDER_POST, buttonData(r.at(-1), "Kiểm soát lưu động"));
    r = await h.say(BORDER_POST, "7");
    r = await h.say(BORDER_POST, "35 lượt");
    expect(lastText(r)).toContain("Hình thức: Kiểm soát lưu động");
    r = await h.press(BORDER_POST, buttonData(r.at(-1), "Lưu"));
    expect(lastText(r)).toContain("✅ Đã lưu");
    const values = h.bot.db.$client.prepare("select metric, value from entry_values order by metric").all();
    expect(values).toEqual([
      { metric: "tuan_tra.kiem_soat.luot_nguoi", value: 35 },
      { metric: "tuan_tra.kiem_soat.luot_to", value: 7 },
    ]);
  });

  it("picks a form by the start of its name, typed without diacritics", async () => {
    await h.register(BORDER_POST, "bao_cao", "don-bp-nhon-hung");
    await h.say(BORDER_POST, "/nhap");
    expect(lastText(await h.say(BORDER_POST, "nam tinh"))).toContain("Số tin có giá trị");
  });

  it("accepts the patrol kind typed without diacritics", async () => {
    await h.register(BORDER_POST, "bao_cao", "don-bp-nhon-hung");
    await h.say(BORDER_POST, "/nhap tuan tra");
    const r = await h.say(BORDER_POST, "tuan tra song phuong");
    expect(lastText(r)).toContain("Số lượt tổ");
  });
});

describe("permissions", () => {
  it("does not let a khóm head open a form only the border post files", async () => {
    await h.register(KHOM_HEAD, "bao_cao", "dong-hung");
    let r = await h.say(KHOM_HEAD, "/nhap tuan tra");
    expect(lastText(r)).toContain("chỉ dành cho");
    r = await h.press(KHOM_HEAD, "cmd:form:tuan_tra");
    expect(lastText(r)).toContain("chỉ dành cho");
    r = await h.press(KHOM_HEAD, "cmd:form:moc_quoc_gioi");
    expect(lastText(r)).toContain("chỉ dành cho");
    expect(h.bot.db.$client.prepare("select state_json from conversations where chat_id = ?").get(String(KHOM_HEAD))).toMatchObject({
      state_json: expect.stringContaining("\"pending\":null"),
    });
  });

  it("keeps /moi for the admin", async () => {
    await h.register(KHOM_HEAD, "bao_cao", "dong-hung");
    expect(lastText(await h.say(KHOM_HEAD, "/moi"))).toContain("Chỉ Văn phòng");
  });
});
