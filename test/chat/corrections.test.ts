// Correct in place (issue 9, item 1): one answer asked again with the form's own question and
// checks, or the entry deleted; a reason; a confirmation; the old version kept as a revision;
// reports follow the latest version; a locked month refuses both.
import { rmSync } from "node:fs";
import { lockMonths } from "../../src/ledger/locks.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buttonData, buttons, startHarness, type Harness } from "../helpers/harness.js";
import { addEntry } from "../helpers/entries.js";
import type { SentMessage } from "../helpers/bot-api-standin.js";

let h: Harness;
beforeEach(async () => { h = await startHarness(); });
afterEach(async () => { await h.stop(); rmSync(h.dir, { recursive: true, force: true }); });

const KHOM = 1001;
const CHAIRMAN = 3001;
/** The harness clock: 2025-02-20 10:00 in Vietnam. */
const NOW = Date.parse("2025-02-20T03:00:00Z");
const last = (r: SentMessage[]) => r.at(-1)!;

/** Files a propaganda entry of Khóm Đông Hưng; returns its id and the "Đã lưu" message. */
async function file(buoi: string, nguoi: string): Promise<{ id: number; saved: SentMessage }> {
  await h.say(KHOM, "/nhap tuyen_truyen");
  for (const a of [buoi, nguoi, "0", "0", "0", "0"]) await h.say(KHOM, a);
  const saved = last(await h.say(KHOM, "luu"));
  return { id: Number(/số (\d+)\)/.exec(saved.text)?.[1]), saved };
}

const db = () => h.bot.db.$client;
const valuesOf = (id: number) => Object.fromEntries((db().prepare("select metric, value from entry_values where entry_id = ?").all(id) as { metric: string; value: number }[])
  .map((v) => [v.metric, v.value]));
const revisions = (id: number) => db().prepare(`select revision, action, values_json, new_values_json, activity_date, new_activity_date,
  changed_by, reason, changed_at from entry_revisions where entry_id = ? order by id`).all(id) as Record<string, unknown>[];
const userId = (name: string) => (db().prepare("select id from users where name = ?").get(name) as { id: number }).id;

/** Opens the correction of `id`, changes the field whose button starts with `field` to `answer`, gives the reason, saves. */
async function correct(id: number, field: string, answer: string, reason: string): Promise<SentMessage> {
  const pick = last(await h.press(KHOM, `fix:${id}`));
  await h.press(KHOM, buttonData(pick, field));
  await h.say(KHOM, answer);
  const confirm = last(await h.say(KHOM, reason));
  return last(await h.press(KHOM, buttonData(confirm, "Lưu thay đổi")));
}

async function remove(id: number, reason: string): Promise<SentMessage> {
  await h.press(KHOM, buttonData(last(await h.press(KHOM, `fix:${id}`)), "Xóa bản ghi"));
  return last(await h.press(KHOM, buttonData(last(await h.say(KHOM, reason)), "Xóa")));
}

describe("correcting an entry in place", () => {
  it("from the 'Đã lưu' button: one answer asked again with the form's checks, a reason, a confirmation; the revision keeps who, when, why, old and new", async () => {
    await h.register(KHOM, "bao_cao", "dong-hung");
    const { id, saved } = await file("12", "1.200");
    let r = await h.press(KHOM, buttonData(saved, "Sửa / xóa"));
    const pick = last(r);
    expect(pick.text).toContain(`Bản ghi số ${id}: 20/02/2025, Tuyên truyền, phổ biến: 12 buổi, 1.200 lượt người`);
    expect(buttons(pick).map((b) => b.text)).toEqual(["Ngày hoạt động (20/02/2025)", "Buổi tuyên truyền: 12 buổi",
      "Lượt người dự nghe: 1.200 lượt người", "Giờ loa truyền thanh: 0 giờ", "Tờ bướm: 0 tờ", "Tin, bài: 0 tin, bài", "Hộ ký cam kết: 0 hộ",
      "🗑 Xóa bản ghi này"]);
    r = await h.press(KHOM, buttonData(pick, "Buổi tuyên truyền"));
    expect(last(r).text).toContain("Số buổi tuyên truyền đã tổ chức?");
    // The form's own reading and checks: a whole number, and no more sessions than listeners.
    expect((await h.say(KHOM, "2,5"))[0]!.text).toMatch(/^⚠️/);
    expect((await h.say(KHOM, "1500"))[0]!.text).toBe("⚠️ Số lượt người phải lớn hơn hoặc bằng số buổi (mỗi buổi có ít nhất 1 người dự).");
    expect(last(await h.say(KHOM, "10")).text).toContain(`Vì sao sửa bản ghi số ${id}?`);
    expect(last(await h.say(KHOM, "ab")).text).toMatch(/^⚠️ Xin gõ lý do ngắn, ít nhất 3 chữ/);
    const confirm = last(await h.say(KHOM, "nhập nhầm số buổi"));
    expect(confirm.text).toBe(`Xác nhận sửa bản ghi số ${id} (Tuyên truyền, phổ biến):\n• Buổi tuyên truyền: 12 buổi → 10 buổi\nLý do: nhập nhầm số buổi`);
    expect(valuesOf(id)["tuyen_truyen.so_buoi"]).toBe(12); // nothing written before the confirmation
    r = await h.press(KHOM, buttonData(confirm, "Lưu thay đổi"));
    expect(last(r).text).toContain(`✅ Đã sửa bản ghi số ${id}.`);

    expect(valuesOf(id)).toEqual({ "tuyen_truyen.so_buoi": 10, "tuyen_truyen.luot_nguoi": 1200, "tuyen_truyen.gio_loa": 0,
      "tuyen_truyen.to_roi": 0, "tuyen_truyen.tin_bai": 0, "tuyen_truyen.ho_cam_ket": 0 });
    expect(db().prepare("select status, revision, updated_at from entries where id = ?").get(id)).toEqual({ status: "active", revision: 2, updated_at: NOW });
    const [rev] = revisions(id);
    expect(rev).toMatchObject({ revision: 1, action: "edit", activity_date: "2025-02-20", new_activity_date: "2025-02-20",
      changed_by: userId("Người 1001"), reason: "nhập nhầm số buổi", changed_at: NOW });
    expect(JSON.parse(rev!.values_json as string)).toMatchObject({ "tuyen_truyen.so_buoi": 12, "tuyen_truyen.luot_nguoi": 1200 });
    expect(JSON.parse(rev!.new_values_json as string)).toMatchObject({ "tuyen_truyen.so_buoi": 10, "tuyen_truyen.luot_nguoi": 1200 });

    // The activity date, with the form's date question: a second revision.
    h.clock.advance(60_000);
    await h.press(KHOM, buttonData(last(await h.press(KHOM, `fix:${id}`)), "Ngày hoạt động"));
    const dated = last(await h.say(KHOM, "15/2"));
    expect(dated.text).toContain("Vì sao sửa");
    const confirmDate = last(await h.say(KHOM, "sai ngày"));
    expect(confirmDate.text).toContain("• Ngày hoạt động: 20/02/2025 → 15/02/2025");
    await h.press(KHOM, buttonData(confirmDate, "Lưu thay đổi"));
    expect(db().prepare("select activity_date, counted_on, revision from entries where id = ?").get(id))
      .toEqual({ activity_date: "2025-02-15", counted_on: "2025-02-15", revision: 3 });
    expect(revisions(id)[1]).toMatchObject({ revision: 2, action: "edit", activity_date: "2025-02-20", new_activity_date: "2025-02-15", reason: "sai ngày", changed_at: NOW + 60_000 });
  });

  it("a figure changed to more than ten times the unit's largest month is pointed out before the change is saved, as at filing", async () => {
    // Seen: filing 1.000.000 lượt người asks "gấp hơn 10 lần…", but /sua → 10.000 went straight to the reason and was saved.
    await h.register(KHOM, "bao_cao", "dong-hung");
    addEntry(h.bot.db, { unit: "dong-hung", form: "tuyen_truyen", date: "2025-01-10", values: { "tuyen_truyen.so_buoi": 2, "tuyen_truyen.luot_nguoi": 64 } });
    const { id } = await file("2", "60");
    await h.press(KHOM, buttonData(last(await h.press(KHOM, `fix:${id}`)), "Lượt người dự nghe"));
    await h.say(KHOM, "10.000");
    const confirm = last(await h.say(KHOM, "sửa lại số người"));
    // The largest month before: 64 (January); February's entry itself is 60. 10.000 > 10 × 64.
    expect(confirm.text).toBe(`⚠️ Lượt người dự nghe: 10.000 lượt người, gấp hơn 10 lần tháng cao nhất trước đây của đơn vị (64 lượt người). Số này có đúng không?\n\n`
      + `Xác nhận sửa bản ghi số ${id} (Tuyên truyền, phổ biến):\n• Lượt người dự nghe: 60 lượt người → 10.000 lượt người\nLý do: sửa lại số người`);
    expect(valuesOf(id)["tuyen_truyen.luot_nguoi"]).toBe(60); // nothing written before the press
    await h.press(KHOM, buttonData(confirm, "Lưu thay đổi"));
    expect(valuesOf(id)["tuyen_truyen.luot_nguoi"]).toBe(10000);
    // An ordinary change carries no warning.
    await h.press(KHOM, buttonData(last(await h.press(KHOM, `fix:${id}`)), "Buổi tuyên truyền"));
    await h.say(KHOM, "3");
    expect(last(await h.say(KHOM, "thêm một buổi")).text).toMatch(/^Xác nhận sửa bản ghi số/);
  });

  it("deletes with a reason; the report counts the latest version of each entry and nothing of the deleted one", async () => {
    await h.register(KHOM, "bao_cao", "dong-hung");
    await h.register(CHAIRMAN, "lanh_dao", "nhon-hung");
    const a = (await file("12", "1.200")).id;
    const b = (await file("5", "300")).id;
    addEntry(h.bot.db, { unit: "tay-hung", form: "tuyen_truyen", date: "2025-02-06", values: { "tuyen_truyen.so_buoi": 7, "tuyen_truyen.luot_nguoi": 700 } });
    expect((await correct(a, "Buổi tuyên truyền", "10", "nhập nhầm")).text).toContain(`Đã sửa bản ghi số ${a}`);
    expect((await correct(a, "Lượt người", "1.000", "đếm lại")).text).toContain(`Đã sửa bản ghi số ${a}`);
    const gone = await remove(b, "nhập trùng");
    expect(gone.text).toContain(`✅ Đã xóa bản ghi số ${b}.`);
    expect(db().prepare("select status, revision from entries where id = ?").get(b)).toEqual({ status: "deleted", revision: 2 });
    expect(revisions(b)).toEqual([expect.objectContaining({ revision: 1, action: "delete", reason: "nhập trùng", new_values_json: "{}", changed_by: userId("Người 1001") })]);
    expect(JSON.parse(revisions(b)[0]!.values_json as string)).toMatchObject({ "tuyen_truyen.so_buoi": 5, "tuyen_truyen.luot_nguoi": 300 });
    expect(revisions(a).map((r) => r.revision)).toEqual([1, 2]);

    // By hand: Đông Hưng 10 buổi, 1.000 người (the corrected entry; the deleted 5 buổi, 300 count
    // for nothing) + Tây Hưng 7 buổi, 700 người = 17 buổi, 1.700 lượt người, from 2 entries.
    await h.say(CHAIRMAN, "/baocao tháng 2/2025");
    const doc = h.standin.documents.at(-1)!;
    expect(doc.caption).toContain("17 buổi, 1.700 lượt người");
    expect(doc.caption).toContain("Tổng hợp từ 2 bản ghi");
    // /cuatoi lists only what still counts, in the latest version.
    const list = last(await h.say(KHOM, "/cuatoi")).text;
    expect(list).toContain("• Số 1: 20/02/2025, Tuyên truyền, phổ biến: 10 buổi, 1.000 lượt người");
    expect(list).not.toContain("5 buổi");
  });

  it("a locked month refuses both correcting and deleting, at the start and at the last press", async () => {
    await h.register(KHOM, "bao_cao", "dong-hung");
    await h.register(CHAIRMAN, "lanh_dao", "nhon-hung");
    const { id } = await file("12", "1.200");
    // A correction begun while the month was open, saved after the leader locked it.
    await h.press(KHOM, buttonData(last(await h.press(KHOM, `fix:${id}`)), "Buổi tuyên truyền"));
    await h.say(KHOM, "10");
    const confirm = last(await h.say(KHOM, "nhập nhầm"));
    lockMonths(h.bot.db, ["2025-02"], null, h.clock.now); // /khoa refuses a month still running
    const refused = `🔒 Kỳ tháng 02/2025 đã khóa sổ nên không sửa hoặc xóa được bản ghi số ${id}.`;
    expect(last(await h.press(KHOM, buttonData(confirm, "Lưu thay đổi"))).text).toContain(refused);
    // Opening a correction or a deletion is refused at once.
    expect(last(await h.press(KHOM, `fix:${id}`)).text).toContain(refused);
    expect(last(await h.press(KHOM, `cmd:cuatoi:xoa:${id}`)).text).toContain(refused);
    expect(last(await h.say(KHOM, `/sua ${id}`)).text).toContain(refused);
    expect(valuesOf(id)["tuyen_truyen.so_buoi"]).toBe(12);
    expect(db().prepare("select status, revision from entries where id = ?").get(id)).toEqual({ status: "active", revision: 1 });
    expect(revisions(id)).toEqual([]);
  });

  it("refuses to move an entry into a locked month, and a deletion started before the lock", async () => {
    await h.register(KHOM, "bao_cao", "dong-hung");
    await h.register(CHAIRMAN, "lanh_dao", "nhon-hung");
    const { id } = await file("12", "1.200");
    await h.say(CHAIRMAN, "/khoa tháng 1/2025");
    const r = await correct(id, "Ngày hoạt động", "15/1", "sai tháng");
    expect(r.text).toContain(`🔒 Kỳ tháng 01/2025 đã khóa sổ nên không sửa hoặc xóa được bản ghi số ${id}.`);
    await h.press(KHOM, buttonData(last(await h.press(KHOM, `fix:${id}`)), "Xóa bản ghi"));
    const confirm = last(await h.say(KHOM, "nhập trùng"));
    lockMonths(h.bot.db, ["2025-02"], null, h.clock.now); // /khoa refuses a month still running
    expect(last(await h.press(KHOM, buttonData(confirm, "Xóa"))).text).toContain("🔒 Kỳ tháng 02/2025 đã khóa sổ");
    expect(db().prepare("select status, activity_date, revision from entries where id = ?").get(id)).toEqual({ status: "active", activity_date: "2025-02-20", revision: 1 });
  });

  it("refuses another unit's entry, and opens from anywhere: a form in progress comes back after /huy", async () => {
    await h.register(KHOM, "bao_cao", "dong-hung");
    const { id } = await file("12", "1.200");
    const other = addEntry(h.bot.db, { unit: "tay-hung", form: "tuyen_truyen", date: "2025-02-03", values: { "tuyen_truyen.so_buoi": 1 } });
    expect(last(await h.press(KHOM, `fix:${other}`)).text).toBe(`Không có bản ghi số ${other} của Khóm Đông Hưng. Gõ /cuatoi để xem danh sách.`);
    await h.say(KHOM, "/nhap tuyen_truyen");
    await h.say(KHOM, "3");
    const pick = last(await h.press(KHOM, `fix:${id}`));
    expect(pick.text).toContain(`Bản ghi số ${id}:`);
    // /menu, or a stale button, shows the question the correction waits on.
    const again = await h.say(KHOM, "/menu");
    expect(again[0]!.text).toContain("Bạn muốn làm gì?");
    expect(again.slice(1).map((m) => m.text)).toEqual([`Bạn đang sửa bản ghi số ${id}. Trả lời tiếp, hoặc gõ /huy để thôi.`, pick.text]);
    expect((await h.press(KHOM, "save")).map((m) => m.text)).toEqual(["Nút này đã cũ, không còn dùng được.", expect.stringContaining("Bạn đang sửa"), pick.text]);
    expect((await h.press(KHOM, "cmd:form:tuyen_truyen")).map((m) => m.text)).toContain(pick.text);
    const back = await h.say(KHOM, "/huy");
    expect(back.map((m) => m.text)).toEqual([`Đã thôi, bản ghi số ${id} giữ nguyên.`, expect.stringContaining("Bạn đang nhập dở \"Tuyên truyền, phổ biến\""),
      expect.stringContaining("(2/6) Tổng số lượt người dự nghe?")]);
    expect(last(await h.say(KHOM, "30")).text).toContain("(3/6)");
  });

  it("a returned entry is listed as such, and once corrected is active again without its return reason", async () => {
    await h.register(KHOM, "bao_cao", "dong-hung");
    await h.register(CHAIRMAN, "lanh_dao", "nhon-hung");
    const { id } = await file("12", "1.200");
    // Returning is another part of issue 9; here only its mark on the entry matters.
    db().prepare("update entries set status = 'returned', return_reason = 'số buổi quá cao', returned_by = ?, returned_at = ? where id = ?")
      .run(userId("Người 3001"), NOW, id);
    expect(last(await h.say(KHOM, "/cuatoi")).text).toContain(`• Số ${id}: 20/02/2025, Tuyên truyền, phổ biến: 12 buổi, 1.200 lượt người (↩️ lãnh đạo trả lại: số buổi quá cao)`);
    expect(last(await h.press(KHOM, `fix:${id}`)).text).toContain("↩️ Bị trả lại: số buổi quá cao.");
    await h.say(KHOM, "/huy");
    expect((await correct(id, "Buổi tuyên truyền", "2", "lãnh đạo trả lại")).text).toContain(`Đã sửa bản ghi số ${id}`);
    expect(db().prepare("select status, return_reason, revision from entries where id = ?").get(id)).toEqual({ status: "active", return_reason: null, revision: 2 });
    expect(valuesOf(id)["tuyen_truyen.so_buoi"]).toBe(2);
  });

  it("a choice answer (the patrol kind) is asked with the form's options and moves the figures to the new kind", async () => {
    const TEAM = 1101;
    await h.register(TEAM, "bao_cao", "to-antt-dong-hung");
    await h.say(TEAM, "/nhap tuan_tra");
    await h.say(TEAM, "Tuần tra đảm bảo ANTT, lễ tết");
    await h.say(TEAM, "4");
    await h.say(TEAM, "12");
    const id = Number(/số (\d+)\)/.exec(last(await h.say(TEAM, "luu")).text)?.[1]);
    const pick = last(await h.press(TEAM, `fix:${id}`));
    expect(buttons(pick).map((b) => b.text)).toContain("Hình thức: Tuần tra đảm bảo ANTT, lễ tết");
    const options = last(await h.press(TEAM, buttonData(pick, "Hình thức")));
    expect(options.text).toContain("Hình thức tuần tra?");
    expect(last(await h.say(TEAM, "9")).text).toContain("Hình thức tuần tra?"); // not an option: asked again
    await h.say(TEAM, "Kiểm soát lưu động");
    const confirm = last(await h.say(TEAM, "chọn nhầm hình thức"));
    expect(confirm.text).toContain("• Tuần tra đảm bảo ANTT, lễ tết (lượt tổ): 4 lượt tổ → 0 lượt tổ");
    expect(confirm.text).toContain("• Kiểm soát lưu động (lượt tổ): 0 lượt tổ → 4 lượt tổ");
    await h.press(TEAM, buttonData(confirm, "Lưu thay đổi"));
    expect(valuesOf(id)).toEqual({ "tuan_tra.kiem_soat.luot_to": 4, "tuan_tra.kiem_soat.luot_nguoi": 12 });
  });

  it("/cuatoi: each line shows the entry's number; a typed choice number picks its button", async () => {
    await h.register(KHOM, "bao_cao", "dong-hung");
    const ids = [];
    for (const buoi of ["5", "6", "7"]) ids.push((await file(buoi, "100")).id);
    const list = last(await h.say(KHOM, "/cuatoi"));
    expect(list.text).toContain(`• Số ${ids[2]}: 20/02/2025, Tuyên truyền, phổ biến: 7 buổi`);
    expect(list.text).toContain(`• Số ${ids[0]}: 20/02/2025, Tuyên truyền, phổ biến: 5 buổi`);
    expect(buttons(list).map((b) => b.text)).toEqual([`✏️ Sửa / xóa số ${ids[2]}`, `✏️ Sửa / xóa số ${ids[1]}`, `✏️ Sửa / xóa số ${ids[0]}`]);
    expect(last(await h.say(KHOM, "3")).text).toContain(`Bản ghi số ${ids[0]}: 20/02/2025, Tuyên truyền, phổ biến: 5 buổi`);
    // The correction is left first: /cuatoi typed during it is an aside, and "1" would answer the correction.
    await h.say(KHOM, "/huy");
    await h.say(KHOM, "/cuatoi");
    expect(last(await h.say(KHOM, "1")).text).toContain(`Bản ghi số ${ids[2]}: 20/02/2025, Tuyên truyền, phổ biến: 7 buổi`);
  });
});
