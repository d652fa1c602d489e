// Who has reported (/tiendo), "không phát sinh", and period locks, over the stand-in.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buttonData, startHarness, type Harness } from "../helpers/harness.js";
import { addEntry } from "../helpers/entries.js";
import { lockMonths } from "../../src/ledger/locks.js";

let h: Harness;
beforeEach(async () => { h = await startHarness(); });
afterEach(async () => { await h.stop(); });

const KHOM_DONG = 1001;
const KHOM_TAY = 1002;
const BORDER_POST = 2002;
const CHAIRMAN = 3001;

async function fileTuyenTruyen(user: number): Promise<string> {
  await h.say(user, "/nhap tuyen_truyen");
  let r = await h.say(user, "1");
  for (const a of ["20", "0", "0", "0", "0"]) r = await h.say(user, a);
  r = await h.say(user, "luu");
  return r.at(-1)!.text;
}

describe("/tiendo and không phát sinh", () => {
  it("counts entries and nil reports, and lists the missing units with their reporters", async () => {
    await h.register(KHOM_DONG, "bao_cao", "dong-hung", "Lan");
    await h.register(KHOM_TAY, "bao_cao", "tay-hung", "Hùng");
    await h.register(BORDER_POST, "bao_cao", "don-bp-nhon-hung", "Thắng");
    await h.register(CHAIRMAN, "lanh_dao", "nhon-hung", "Vũ");
    expect(await fileTuyenTruyen(KHOM_DONG)).toContain("✅ Đã lưu");
    // "không phát sinh" from the button in the form list
    let r = await h.say(KHOM_TAY, "/nhap");
    r = await h.press(KHOM_TAY, buttonData(r.at(-1), "Không phát sinh"));
    r = await h.press(KHOM_TAY, buttonData(r.at(-1), "Tuyên truyền"));
    expect(r.at(-1)!.text).toContain("không phát sinh trong kỳ tháng 02/2025");
    // counted as reported, and recorded as zeros over the month (once, however often it is sent)
    await h.say(KHOM_TAY, "/khongphatsinh tuyen_truyen");
    const nil = h.bot.db.$client.prepare(`select e.source, e.span_start, e.span_end, count(v.metric) n, sum(v.value) total
      from entries e join entry_values v on v.entry_id = e.id where e.unit_code = 'tay-hung' group by e.id`).all();
    expect(nil).toEqual([{ source: "nil", span_start: "2025-02-01", span_end: "2025-02-28", n: 6, total: 0 }]);
    addEntry(h.bot.db, { unit: "don-bp-nhon-hung", form: "tuan_tra", date: "2025-02-03", values: { "tuan_tra.doc_lap.luot_to": 3, "tuan_tra.doc_lap.luot_nguoi": 9 } });

    const leader = (await h.say(CHAIRMAN, "/tiendo")).at(-1)!.text;
    expect(leader).toContain("Tiến độ kỳ tháng 02/2025: 2/8 đơn vị đã báo cáo.");
    expect(leader).toContain("• Đồn Biên phòng Nhơn Hưng: Nắm tình hình; Đường biên, mốc quốc giới (Thắng)");
    expect(leader).toContain("• Khóm Trung Bắc Hưng: Tuyên truyền, phổ biến (chưa mời người báo cáo)");
    expect(leader).not.toContain("Khóm Đông Hưng");
    expect(leader).not.toContain("Khóm Tây Hưng");

    expect((await h.say(KHOM_DONG, "tien do")).at(-1)!.text).toBe("✅ Khóm Đông Hưng, kỳ tháng 02/2025: đã báo cáo đủ.");
    const post = (await h.say(BORDER_POST, "/tiendo")).at(-1)!.text;
    expect(post).toContain("Đồn Biên phòng Nhơn Hưng, kỳ tháng 02/2025: còn thiếu Nắm tình hình; Đường biên, mốc quốc giới.");
    expect(post).not.toContain("Khóm");

    const earlier = (await h.say(CHAIRMAN, "/tiendo tháng 1/2025")).at(-1)!.text;
    expect(earlier).toContain("tháng 01/2025: 0/8");
  });
});

describe("period locks", () => {
  it("refuses new entries in a locked period, naming it and who can reopen it; /mokhoa reopens one unit only", async () => {
    await h.register(KHOM_DONG, "bao_cao", "dong-hung");
    await h.register(KHOM_TAY, "bao_cao", "tay-hung");
    await h.register(CHAIRMAN, "lanh_dao", "nhon-hung");
    expect((await h.say(KHOM_DONG, "/khoa tháng 2/2025")).at(-1)!.text).toContain("Chỉ lãnh đạo phường");
    // The month still runs, so /khoa refuses it; a month locked while open (set directly) is what is tested here.
    expect((await h.say(CHAIRMAN, "/khoa thang 2/2025")).at(-1)!.text).toContain("chưa kết thúc");
    lockMonths(h.bot.db, ["2025-02"], null, h.clock.now);

    const refused = await fileTuyenTruyen(KHOM_DONG);
    expect(refused).toContain("Kiểm tra lại rồi bấm Lưu."); // the form stays at its summary
    const warned = h.standin.sentTo(KHOM_DONG).map((m) => m.text).find((t) => t.startsWith("⚠️ Kỳ tháng 02/2025 đã khóa sổ"));
    expect(warned).toContain("sửa ngày hoạt động"); // told before the questions
    const locked = h.standin.sentTo(KHOM_DONG).map((m) => m.text).find((t) => t.includes("chưa lưu được"));
    expect(locked).toContain("Kỳ tháng 02/2025 đã khóa sổ");
    expect(locked).toContain("Lãnh đạo phường");
    expect((await h.say(KHOM_DONG, "/khongphatsinh tuyen_truyen")).at(-1)!.text).toContain("đã khóa sổ");
    expect(h.bot.db.$client.prepare("select count(*) n from entries").get()).toEqual({ n: 0 });

    // An earlier date in an open month is accepted from the same summary.
    await h.say(KHOM_DONG, "/huy");
    expect((await h.say(CHAIRMAN, "/mokhoa tháng 2/2025 dong-hung")).at(-1)!.text).toContain("Đã mở lại kỳ tháng 02/2025 cho Khóm Đông Hưng");
    expect(await fileTuyenTruyen(KHOM_DONG)).toContain("✅ Đã lưu");
    await fileTuyenTruyen(KHOM_TAY);
    expect(h.standin.sentTo(KHOM_TAY).map((m) => m.text).some((t) => t.includes("đã khóa sổ"))).toBe(true);
    expect(h.bot.db.$client.prepare("select unit_code from entries").all()).toEqual([{ unit_code: "dong-hung" }]);
    // mokhoa by the unit's name without diacritics
    expect((await h.say(CHAIRMAN, "/mokhoa t2/2025 tay hung")).at(-1)!.text).toContain("cho Khóm Tây Hưng");
    // A month never locked is not "reopened": the leader is told it is open, and nothing is written.
    const locksBefore = h.bot.db.$client.prepare("select count(*) n from period_locks").get();
    const notLocked = (await h.say(CHAIRMAN, "/mokhoa tháng 12/2024 dong hung")).at(-1)!.text;
    expect(notLocked).toBe("Kỳ tháng 12/2024 chưa khóa sổ với Khóm Đông Hưng: đơn vị vẫn nhập và sửa được, không cần mở lại.");
    expect(h.bot.db.$client.prepare("select count(*) n from period_locks").get()).toEqual(locksBefore);
  });

  it("lets a locked-out person move the activity date into an open month", async () => {
    await h.register(KHOM_DONG, "bao_cao", "dong-hung");
    await h.register(CHAIRMAN, "lanh_dao", "nhon-hung");
    lockMonths(h.bot.db, ["2025-02"], null, h.clock.now); // /khoa refuses a month still running
    await fileTuyenTruyen(KHOM_DONG);
    let r = await h.say(KHOM_DONG, "2"); // Sửa
    r = await h.say(KHOM_DONG, "1"); // Ngày hoạt động
    r = await h.say(KHOM_DONG, "31/1");
    r = await h.say(KHOM_DONG, "luu");
    expect(r.at(-1)!.text).toContain("kỳ tháng 01/2025");
  });
});

describe("/tiendo for more than a month", () => {
  it("answers the quarter typed, month by month, for a reporter and for a leader", async () => {
    await h.register(KHOM_DONG, "bao_cao", "dong-hung", "Lan");
    await h.register(CHAIRMAN, "lanh_dao", "nhon-hung", "Vũ");
    expect(await fileTuyenTruyen(KHOM_DONG)).toContain("✅ Đã lưu"); // February 2025 (the harness's today, 20/02/2025)

    const mine = (await h.say(KHOM_DONG, "/tiendo quý 1/2025")).at(-1)!.text;
    expect(mine).toContain("Khóm Đông Hưng, kỳ quý I/2025");
    expect(mine).toContain("• tháng 01/2025: còn thiếu Tuyên truyền, phổ biến");
    expect(mine).toContain("• tháng 02/2025: đã báo cáo đủ");
    expect(mine).toContain("tháng 03/2025 chưa bắt đầu");

    const leader = (await h.say(CHAIRMAN, "/tiendo quý 1/2025")).at(-1)!.text;
    expect(leader).toContain("Tiến độ kỳ quý I/2025");
    expect(leader).toContain("• tháng 01/2025: 0/8 đơn vị đã báo cáo");
    expect(leader).toContain("• tháng 02/2025: 1/8 đơn vị đã báo cáo");
    // The month in progress in detail, named as such.
    expect(leader).toContain("tháng 02/2025, chưa báo cáo:");
  });
});
