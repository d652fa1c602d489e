// Review by leaders (/xem): a unit's entries with who filed them; a leader returns one with a
// reason, the filer is told with a "✏️ Sửa" button; until corrected the unit is "returned" in
// /tiendo, the reminders and the digest; once corrected it counts as done again.
import { rmSync } from "node:fs";
import { lockMonths } from "../../src/ledger/locks.js";
import { afterEach, describe, expect, it } from "vitest";
import { buttonData, buttons, startHarness, testClock, type Harness } from "../helpers/harness.js";
import { startZaloHarness, type ZaloHarness } from "../helpers/zalo-harness.js";
import { addEntry } from "../helpers/entries.js";
import { runDueJobs } from "../../src/reminders/jobs.js";
import { openReturns, resolveReturn } from "../../src/ledger/review.js";
import { CountedValues } from "../../src/ledger/read.js";
import { applyWrites, WriteFailed } from "../../src/app/apply-writes.js";
import { checkCompleteness, toReportCompleteness } from "../../src/store/completeness.js";
import { periodFromKey } from "../../src/domain/periods.js";

const KHOM_DONG = 1001;
const CHAIRMAN = 3001;
const OFFICE = 9001;

let h: Harness | undefined;
let z: ZaloHarness | undefined;
afterEach(async () => {
  if (h) { await h.stop(); rmSync(h.dir, { recursive: true, force: true }); h = undefined; }
  if (z) { await z.close(); z = undefined; }
});

/** Files "Tuyên truyền" for today by typing: 1 buổi, 20 lượt người, the rest 0. */
async function fileTuyenTruyen(say: (text: string) => Promise<unknown>): Promise<void> {
  for (const a of ["/nhap tuyen_truyen", "1", "20", "0", "0", "0", "0", "luu"]) await say(a);
}

const LINE = "20/02/2025, Tuyên truyền, phổ biến: 1 buổi, 20 lượt người";
const REASON = "Số người chưa đúng";
const last = (r: { text: string }[]) => r.at(-1)!.text;

async function setUp(): Promise<Harness> {
  h = await startHarness({ clock: testClock("2025-02-20T03:00:00Z") });
  await h.register(KHOM_DONG, "bao_cao", "dong-hung", "Lan");
  await h.register(CHAIRMAN, "lanh_dao", "nhon-hung", "Vũ");
  const hh = h;
  await fileTuyenTruyen((t) => hh.say(KHOM_DONG, t));
  return hh;
}

const entryId = (hh: Harness) => (hh.bot.db.$client.prepare("select id from entries where unit_code = 'dong-hung'").get() as { id: number }).id;

async function delivered(hh: Harness): Promise<void> {
  hh.bot.outbox.wake();
  await hh.bot.outbox.drain({ timeoutMs: 10_000 });
}

describe("/xem", () => {
  it("lists a unit's entries of the month with who filed them, the unit typed by name without diacritics", async () => {
    const hh = await setUp();
    addEntry(hh.bot.db, { unit: "to-antt-dong-hung", form: "tuan_tra", date: "2025-02-03", values: { "tuan_tra.doc_lap.luot_to": 2 } });
    let r = await hh.say(CHAIRMAN, "/xem dong hung");
    expect(last(r)).toBe([
      "📋 Bản ghi của Khóm Đông Hưng, kỳ tháng 02/2025 (mới nhất trước):",
      `• Số ${entryId(hh)}: ${LINE} — Lan`,
      "Cần đơn vị sửa bản ghi nào thì bấm nút trả lại bản ghi đó.",
    ].join("\n"));
    expect(buttons(r.at(-1))).toEqual([{ text: `↩️ Trả lại số ${entryId(hh)}`, data: `cmd:xem:tra:${entryId(hh)}` }]);

    // The longest name wins: the khóm's team, not the khóm; an entry without a filer says where it came from.
    r = await hh.say(CHAIRMAN, "/xem to antt dong hung");
    expect(last(r)).toContain("📋 Bản ghi của Tổ tự quản ANTT khóm Đông Hưng, kỳ tháng 02/2025");
    expect(last(r)).toMatch(/• Số \d+: 03\/02\/2025, Tuần tra, kiểm soát/);

    // Without a unit: the units as choices; a typed short name picks one.
    r = await hh.say(CHAIRMAN, "/xem");
    expect(last(r)).toContain("Xem bản ghi của đơn vị nào?");
    expect(buttons(r.at(-1)).map((b) => b.text)).toContain("Khóm Đông Hưng");
    r = await hh.say(CHAIRMAN, "đông hưng");
    expect(last(r)).toContain(`• Số ${entryId(hh)}: ${LINE} — Lan`);

    // A period after the unit; a unit that does not exist gets the list again.
    expect(last(await hh.say(CHAIRMAN, "/xem Đông Hưng tháng 1/2025"))).toBe(
      "Khóm Đông Hưng chưa có bản ghi nào trong kỳ tháng 01/2025. Gõ /xem Đông Hưng <kỳ> để xem kỳ khác, ví dụ: /xem Đông Hưng tháng trước.");
    r = await hh.say(CHAIRMAN, "/xem ha noi");
    expect(last(r)).toContain("⚠️ Không thấy đơn vị \"ha noi\"");
    expect(buttons(r.at(-1)).map((b) => b.text)).toContain("Khóm Tây Hưng");
    // Only a period: the unit is asked, the period kept.
    r = await hh.say(CHAIRMAN, "/xem tháng 1/2025");
    expect(last(r)).toContain("Xem bản ghi kỳ tháng 01/2025 của đơn vị nào?");
    expect(last(await hh.say(CHAIRMAN, "dong hung"))).toContain("chưa có bản ghi nào trong kỳ tháng 01/2025");
  });
});

describe("/xem <số>", () => {
  it("shows the one entry, as /sua <số> names it, with who filed it and its return button (found by exploratory testing)", async () => {
    const hh = await setUp();
    const id = entryId(hh);
    for (const typed of [`/xem ${id}`, `/xem số ${id}`]) {
      const r = await hh.say(CHAIRMAN, typed);
      expect(last(r)).toBe(`📋 Bản ghi số ${id} của Khóm Đông Hưng, kỳ tháng 02/2025:\n• Số ${id}: ${LINE} — Lan\nCần đơn vị sửa bản ghi này thì bấm nút trả lại.`);
      expect(buttons(r.at(-1))).toEqual([{ text: `↩️ Trả lại số ${id}`, data: `cmd:xem:tra:${id}` }]);
    }
    expect(last(await hh.say(CHAIRMAN, "/xem 99999"))).toBe("⚠️ Không có bản ghi số 99999 trong các đơn vị của phường. Gõ /xem để chọn đơn vị và xem danh sách.");
    // What worked before still does: a unit, a period.
    expect(last(await hh.say(CHAIRMAN, "/xem dong hung"))).toContain("📋 Bản ghi của Khóm Đông Hưng, kỳ tháng 02/2025");
    expect(last(await hh.say(CHAIRMAN, "/xem tháng 1/2025"))).toContain("Xem bản ghi kỳ tháng 01/2025 của đơn vị nào?");
    // A unit whose code is digits (the profile allows it) is still found by its code; "số" names the entry.
    hh.bot.db.$client.prepare("insert into units (code, name, short_name, kind, parent_code, sort_order, active) values ('77', 'Khóm Bảy Bảy', 'Bảy Bảy', 'khom', 'nhon-hung', 99, 1)").run();
    expect(last(await hh.say(CHAIRMAN, "/xem 77"))).toContain("Khóm Bảy Bảy chưa có bản ghi nào trong kỳ tháng 02/2025.");
    expect(last(await hh.say(CHAIRMAN, "/xem số 77"))).toContain("Không có bản ghi số 77 trong các đơn vị của phường.");
  });
});

describe("returning an entry", () => {
  it("tells the filer with a fix button; the unit is returned in /tiendo, the reminder and the digest until corrected", async () => {
    const hh = await setUp();
    const id = entryId(hh);
    expect(last(await hh.say(KHOM_DONG, "/tiendo"))).toBe("✅ Khóm Đông Hưng, kỳ tháng 02/2025: đã báo cáo đủ.");
    expect(last(await hh.say(CHAIRMAN, "/tiendo"))).toContain("1/8 đơn vị đã báo cáo");

    const list = await hh.say(CHAIRMAN, "/xem dong hung");
    let r = await hh.press(CHAIRMAN, buttonData(list.at(-1), `Trả lại số ${id}`));
    expect(last(r)).toBe(`Trả lại bản ghi: ${LINE} — Lan.\nLý do trả lại? Gõ ngắn gọn, ví dụ: số người chưa đúng. Gõ /huy để thôi.`);
    r = await hh.say(CHAIRMAN, "ok");
    expect(last(r)).toContain("⚠️ Xin gõ lý do trả lại (ít nhất 3 chữ)");
    r = await hh.say(CHAIRMAN, REASON);
    expect(last(r)).toBe(`✅ Đã trả lại bản ghi ${LINE} của Khóm Đông Hưng. Đã báo cho Lan để sửa.`);

    await delivered(hh);
    const notice = hh.standin.sentTo(KHOM_DONG).find((m) => m.text.startsWith("↩️"));
    expect(notice!.text).toBe(`↩️ Lãnh đạo Vũ đã trả lại bản ghi ${LINE} của Khóm Đông Hưng.\nLý do: ${REASON}\n`
      + "Bấm ✏️ Sửa để sửa lại; sửa xong, đơn vị được tính là đã báo cáo.");
    expect(buttons(notice)).toEqual([{ text: "✏️ Sửa", data: `fix:${id}` }]);

    // Kept, marked, with a revision whose values before and after are the same.
    const db = hh.bot.db.$client;
    const vu = (db.prepare("select id from users where name = 'Vũ'").get() as { id: number }).id;
    expect(db.prepare("select status, return_reason, returned_by, returned_at from entries where id = ?").get(id))
      .toEqual({ status: "returned", return_reason: REASON, returned_by: vu, returned_at: Date.parse("2025-02-20T03:00:00Z") });
    const rev = db.prepare("select action, reason, changed_by, values_json, new_values_json from entry_revisions where entry_id = ?").all(id) as
      Array<{ action: string; reason: string; changed_by: number; values_json: string; new_values_json: string }>;
    expect(rev).toHaveLength(1);
    expect(rev[0]).toMatchObject({ action: "return", reason: REASON, changed_by: vu });
    expect(JSON.parse(rev[0]!.values_json)).toMatchObject({ "tuyen_truyen.so_buoi": 1, "tuyen_truyen.luot_nguoi": 20 });
    expect(rev[0]!.new_values_json).toBe(rev[0]!.values_json);

    // Its figures still count in reports until corrected.
    const flows = new CountedValues(hh.bot.db).flows({ start: "2025-02-01", end: "2025-02-28" });
    expect(flows).toContainEqual({ unit: "dong-hung", period: "2025-02", metric: "tuyen_truyen.luot_nguoi", value: 20 });

    // /tiendo: returned, not done; the reporter gets the fix button too.
    const leader = last(await hh.say(CHAIRMAN, "/tiendo"));
    expect(leader).toContain("0/8 đơn vị đã báo cáo");
    expect(leader).toContain(`Bị trả lại, chưa sửa:\n• Khóm Đông Hưng: Tuyên truyền, phổ biến ngày 20/02/2025 — lý do: ${REASON}`);
    r = await hh.say(KHOM_DONG, "/tiendo");
    expect(last(r)).toBe(["↩️ Khóm Đông Hưng, kỳ tháng 02/2025: chưa xong, có bản ghi bị lãnh đạo trả lại cần sửa:",
      `• Tuyên truyền, phổ biến ngày 20/02/2025 — lý do: ${REASON}`, "Bấm ✏️ Sửa (hoặc gõ số thứ tự) để sửa."].join("\n"));
    expect(buttons(r.at(-1)).map((b) => b.data)).toEqual([`fix:${id}`]);
    // /cuatoi marks it.
    expect(last(await hh.say(KHOM_DONG, "/cuatoi"))).toContain(`(↩️ lãnh đạo trả lại: ${REASON})`);
    // Returned once is enough: a second return is refused.
    expect(last(await hh.press(CHAIRMAN, `cmd:xem:tra:${id}`))).toBe(`Bản ghi này đã được trả lại (lý do: ${REASON}) và đang chờ đơn vị sửa.`);

    // The reminder names the returned form and why, with the fix button.
    hh.clock.set("2025-02-24T01:00:00Z");
    const deps = { db: hh.bot.db, profile: hh.bot.profile, settings: hh.bot.jobSettings };
    const [remind] = runDueJobs(deps, hh.clock.now, { dryRun: false, now: hh.clock.now });
    expect(remind!.recipients.map((p) => p.name)).toContain("Lan");
    await delivered(hh);
    const reminder = hh.standin.sentTo(KHOM_DONG).find((m) => m.text.startsWith("⏰"));
    expect(reminder!.text).toBe(["⏰ Nhắc báo cáo kỳ tháng 02/2025 (hạn cuối ngày 28/02/2025). Khóm Đông Hưng có bản ghi bị lãnh đạo trả lại, cần sửa:",
      `• Tuyên truyền, phổ biến ngày 20/02/2025 — lý do: ${REASON}`, "Bấm để sửa hoặc nhập ngay:"].join("\n"));
    expect(buttons(reminder).map((b) => b.data)).toEqual([`fix:${id}`]);

    // The leaders' digest, the day after the close, lists the open return.
    hh.clock.set("2025-03-01T01:00:00Z");
    runDueJobs(deps, hh.clock.now, { dryRun: false, now: hh.clock.now });
    await delivered(hh);
    const digest = hh.standin.sentTo(CHAIRMAN).find((m) => m.text.startsWith("📊 Kỳ"));
    expect(digest!.text).toContain(`↩️ Bản ghi bị trả lại, đơn vị chưa sửa:\n• Khóm Đông Hưng: Tuyên truyền, phổ biến ngày 20/02/2025 — lý do: ${REASON}`);

    // Corrected (the correction flow ends with this): the unit counts as done again.
    expect(resolveReturn(hh.bot.db, { entryId: id, now: hh.clock.now })).toBe(true);
    expect(openReturns(hh.bot.db)).toEqual([]);
    expect(last(await hh.say(KHOM_DONG, "/tiendo tháng 2/2025"))).toBe("✅ Khóm Đông Hưng, kỳ tháng 02/2025: đã báo cáo đủ.");
    const after = last(await hh.say(CHAIRMAN, "/tiendo tháng 2/2025"));
    expect(after).toContain("1/8 đơn vị đã báo cáo");
    expect(after).not.toContain("Bị trả lại");
  });

  it("refuses a return from a reporter, even a forged button, and from the app's writes for anyone but leaders", async () => {
    const hh = await setUp();
    const id = entryId(hh);
    expect(last(await hh.say(KHOM_DONG, "/xem dong hung"))).toContain("dành cho lãnh đạo và văn phòng phường");
    expect(last(await hh.press(KHOM_DONG, `cmd:xem:tra:${id}`))).toContain("dành cho lãnh đạo và văn phòng phường");
    await hh.say(KHOM_DONG, "Sai rồi");
    const lan = (hh.bot.db.$client.prepare("select id from users where name = 'Lan'").get() as { id: number }).id;
    expect(() => applyWrites(hh.bot.db, [{ type: "return_entry", entryId: id, by: lan, reason: "thử" }], { cutoffDay: 0, inviteTtlDays: 7, now: hh.clock.now, inForce: () => true }))
      .toThrow(WriteFailed);
    expect(hh.bot.db.$client.prepare("select status from entries where id = ?").get(id)).toEqual({ status: "active" });
    expect(hh.bot.db.$client.prepare("select count(*) n from entry_revisions").get()).toEqual({ n: 0 });

    // The office may return; a locked month is refused with how to reopen it.
    await hh.register(OFFICE, "admin", "nhon-hung", "Văn phòng");
    lockMonths(hh.bot.db, ["2025-02"], null, hh.clock.now); // /khoa refuses a month still running
    expect(last(await hh.press(OFFICE, `cmd:xem:tra:${id}`))).toBe(
      "🔒 Kỳ tháng 02/2025 đã khóa sổ nên đơn vị không sửa được. Mở lại cho đơn vị trước (ví dụ: /mokhoa tháng 02/2025 Đông Hưng), rồi trả lại.");
    await hh.say(CHAIRMAN, "/mokhoa tháng 2/2025 Đông Hưng");
    await hh.press(OFFICE, `cmd:xem:tra:${id}`);
    expect(last(await hh.say(OFFICE, REASON))).toContain("Đã báo cho Lan để sửa.");
    await delivered(hh);
    expect(hh.standin.sentTo(KHOM_DONG).find((m) => m.text.startsWith("↩️"))!.text).toContain("↩️ Văn phòng phường (Văn phòng) đã trả lại bản ghi");
  });
});

describe("a returned entry withdrawn", () => {
  it("closes the return: the unit owes the form again, and the withdrawal is recorded", async () => {
    const hh = await setUp();
    const id = entryId(hh);
    await hh.press(CHAIRMAN, `cmd:xem:tra:${id}`);
    await hh.say(CHAIRMAN, REASON);
    // Until then the digest's caption counts the unit as not reported.
    const february = periodFromKey("2025-02", 0)!;
    expect(toReportCompleteness(checkCompleteness(hh.bot.db, hh.bot.profile, february)).missing)
      .toContainEqual({ unit: "Khóm Đông Hưng", forms: ["tuyen_truyen"] });
    let r = await hh.say(KHOM_DONG, "/cuatoi");
    // Withdrawing is "Sửa / xóa" → "Xóa bản ghi" → a reason → "Xóa" (the correction flow).
    r = await hh.press(KHOM_DONG, buttonData(r.at(-1), "Sửa / xóa số"));
    r = await hh.press(KHOM_DONG, buttonData(r.at(-1), "Xóa bản ghi"));
    r = await hh.say(KHOM_DONG, "đã nhập trùng");
    r = await hh.press(KHOM_DONG, buttonData(r.at(-1), "Xóa"));
    expect(last(r)).toContain("✅ Đã xóa bản ghi");
    expect(openReturns(hh.bot.db)).toEqual([]);
    expect(hh.bot.db.$client.prepare("select status from entries where id = ?").get(id)).toEqual({ status: "deleted" });
    expect(last(await hh.say(KHOM_DONG, "/tiendo"))).toContain("còn thiếu Tuyên truyền, phổ biến");
  });
});

describe("review on Zalo", () => {
  it("works typed: the unit by name, the entry by number, the reason; the reporter gets a numbered fix choice", async () => {
    z = await startZaloHarness({ telegram: false });
    const zz = z;
    await zz.register("800001", "bao_cao", "dong-hung", "Lan");
    await zz.register("800002", "lanh_dao", "nhon-hung", "Vũ");
    await fileTuyenTruyen((t) => zz.say("800001", t));
    const id = (zz.h.bot.db.$client.prepare("select id from entries").get() as { id: number }).id;

    let r = await zz.say("800002", "/xem");
    expect(last(r)).toContain("1. Phường Nhơn Hưng");
    r = await zz.say("800002", "dong hung");
    expect(last(r)).toContain(`• Số ${id}: ${LINE} — Lan`);
    expect(last(r)).toContain(`1. ↩️ Trả lại số ${id}`);
    r = await zz.say("800002", "1");
    expect(last(r)).toContain("Lý do trả lại?");
    r = await zz.say("800002", "so nguoi chua dung");
    expect(last(r)).toContain("✅ Đã trả lại bản ghi");
    expect(last(r)).toContain("Đã báo cho Lan để sửa.");

    zz.h.bot.outbox.wake();
    await zz.h.bot.outbox.drain({ timeoutMs: 10_000 });
    const notice = zz.zalo.sentTo("800001").find((m) => m.text.startsWith("↩️"));
    expect(notice!.text).toContain("Lý do: so nguoi chua dung");
    expect(notice!.text).toContain("1. ✏️ Sửa");
    // A typed "1" picks the fix choice (answered by the correction flow).
    const state = JSON.parse((zz.h.bot.db.$client.prepare("select state_json s from conversations where channel = 'zalo' and chat_id = '800001'")
      .get() as { s: string }).s) as { offered: { id: string }[] };
    expect(state.offered.map((c) => c.id)).toEqual([`fix:${id}`]);
  });
});
