// /cuatoi: see what the unit filed, withdraw a wrong entry while the month is open.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buttonData, startHarness, type Harness } from "../helpers/harness.js";
import { addEntry } from "../helpers/entries.js";

let h: Harness;
beforeEach(async () => { h = await startHarness(); });
afterEach(async () => { await h.stop(); });

const KHOM = 1001;
const CHAIRMAN = 3001;

async function file(): Promise<number> {
  await h.say(KHOM, "/nhap tuyen_truyen");
  for (const a of ["12", "1.200", "0", "0", "0", "0"]) await h.say(KHOM, a);
  const r = await h.say(KHOM, "luu");
  return Number(/số (\d+)\)/.exec(r.at(-1)!.text)?.[1]);
}

describe("/cuatoi", () => {
  it("lists the unit's entries and withdraws one, keeping its values in the revisions", async () => {
    await h.register(KHOM, "bao_cao", "dong-hung");
    const id = await file();
    let r = await h.say(KHOM, "/cuatoi");
    expect(r.at(-1)!.text).toContain(`• Số ${id}: 20/02/2025, Tuyên truyền, phổ biến: 12 buổi, 1.200 lượt người`);
    // Withdrawing is now "Sửa / xóa", then delete, with a reason (issue 9).
    r = await h.press(KHOM, buttonData(r.at(-1), `Sửa / xóa số ${id}`));
    expect(r.at(-1)!.text).toContain(`Bản ghi số ${id}: 20/02/2025, Tuyên truyền, phổ biến: 12 buổi, 1.200 lượt người`);
    r = await h.press(KHOM, buttonData(r.at(-1), "Xóa bản ghi"));
    r = await h.say(KHOM, "nhập trùng");
    expect(r.at(-1)!.text).toContain(`Xác nhận xóa bản ghi số ${id} (20/02/2025, Tuyên truyền, phổ biến: 12 buổi, 1.200 lượt người)?`);
    r = await h.press(KHOM, buttonData(r.at(-1), "Xóa"));
    expect(r.at(-1)!.text).toContain(`Đã xóa bản ghi số ${id}`);
    const db = h.bot.db.$client;
    expect(db.prepare("select status, revision from entries where id = ?").get(id)).toEqual({ status: "deleted", revision: 2 });
    expect(JSON.parse((db.prepare("select values_json from entry_revisions where entry_id = ?").get(id) as { values_json: string }).values_json))
      .toMatchObject({ "tuyen_truyen.so_buoi": 12 });
    await h.register(CHAIRMAN, "lanh_dao", "nhon-hung");
    // The only entry of the month was withdrawn: the period is empty, and the leader must say so.
    r = await h.say(CHAIRMAN, "/baocao thang 2/2025");
    expect(r.at(-1)!.text).toContain("Kỳ tháng 02/2025 chưa có số liệu nào.");
    expect(h.standin.documents).toHaveLength(0);
    await h.press(CHAIRMAN, buttonData(r.at(-1), "Vẫn lập báo cáo trống"));
    expect(h.standin.documents.at(-1)!.caption).toContain("Tuyên truyền: 0 buổi");
    expect((await h.say(KHOM, "/tiendo")).at(-1)!.text).toContain("còn thiếu");
  });

  it("refuses to withdraw in a locked month, or another unit's entry", async () => {
    await h.register(KHOM, "bao_cao", "dong-hung");
    await h.register(CHAIRMAN, "lanh_dao", "nhon-hung");
    const id = await file();
    const other = addEntry(h.bot.db, { unit: "tay-hung", form: "tuyen_truyen", date: "2025-02-03", values: { "tuyen_truyen.so_buoi": 1 } });
    expect((await h.press(KHOM, `cmd:cuatoi:xoa!:${other}`)).at(-1)!.text).toContain(`Không có bản ghi số ${other}`);
    // /khoa takes only a period that is over: lock February once March has begun (/cuatoi still shows last month).
    h.clock.set("2025-03-03T03:00:00Z");
    await h.say(CHAIRMAN, "/khoa thang 2/2025");
    expect((await h.press(KHOM, `cmd:cuatoi:xoa!:${id}`)).at(-1)!.text).toContain("Kỳ tháng 02/2025 đã khóa sổ");
    expect(h.bot.db.$client.prepare("select count(*) n from entries where status = 'active'").get()).toEqual({ n: 2 });
  });

  it("never lets a number typed for a form question pick a withdrawal button", async () => {
    await h.register(KHOM, "bao_cao", "dong-hung");
    const id = await file();
    await h.say(KHOM, "/nhap tuyen_truyen");
    await h.say(KHOM, "/cuatoi");
    expect((await h.say(KHOM, "1")).at(-1)!.text).toContain("(2/6)");
    expect((await h.say(KHOM, "1")).at(-1)!.text).toContain("(3/6)");
    expect(h.bot.db.$client.prepare("select status from entries where id = ?").get(id)).toEqual({ status: "active" });
  });
});

