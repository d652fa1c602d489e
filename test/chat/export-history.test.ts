// The export with the history of corrections: /xuat <kỳ> lịch sử and `cli export --lich-su`.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buttonData, startHarness, type Harness } from "../helpers/harness.js";
import { cli } from "../helpers/cli.js";
import type { SentMessage } from "../helpers/bot-api-standin.js";

let h: Harness;
beforeEach(async () => { h = await startHarness(); });
afterEach(async () => { await h.stop(); rmSync(h.dir, { recursive: true, force: true }); });

const KHOM = 1001;
const CHAIRMAN = 3001;
const last = (r: SentMessage[]) => r.at(-1)!;

async function file(buoi: string, nguoi: string): Promise<number> {
  await h.say(KHOM, "/nhap tuyen_truyen");
  for (const a of [buoi, nguoi, "0", "0", "0", "0"]) await h.say(KHOM, a);
  return Number(/số (\d+)\)/.exec(last(await h.say(KHOM, "luu")).text)?.[1]);
}

/** Corrects the sessions of `a` from 12 to 10, and deletes `b`. */
async function correctAndDelete(a: number, b: number): Promise<void> {
  await h.press(KHOM, buttonData(last(await h.press(KHOM, `fix:${a}`)), "Buổi tuyên truyền"));
  await h.say(KHOM, "10");
  await h.press(KHOM, buttonData(last(await h.say(KHOM, "nhập nhầm số buổi")), "Lưu thay đổi"));
  await h.press(KHOM, buttonData(last(await h.press(KHOM, `fix:${b}`)), "Xóa bản ghi"));
  await h.press(KHOM, buttonData(last(await h.say(KHOM, "nhập trùng")), "Xóa"));
}

const HEADER = "so_ban_ghi,don_vi,bieu_mau,phien_ban,thao_tac,nguoi_sua,thoi_diem,ly_do,ngay_cu,gia_tri_cu,ngay_moi,gia_tri_moi";

describe("export with the history of corrections", () => {
  it("/xuat tháng 2/2025 lịch sử adds the revisions after the values; plain /xuat does not", async () => {
    await h.register(KHOM, "bao_cao", "dong-hung", "Lan");
    await h.register(CHAIRMAN, "lanh_dao", "nhon-hung");
    const a = await file("12", "1.200");
    const b = await file("5", "300");
    await correctAndDelete(a, b);
    await h.say(CHAIRMAN, "/xuat tháng 2/2025 csv");
    const plain = h.standin.documents.at(-1)!;
    expect(plain.filename).toBe("so-lieu-2025-02.csv");
    expect(plain.bytes.toString("utf8")).not.toContain("so_ban_ghi");
    await h.say(CHAIRMAN, "/xuat tháng 2/2025 lịch sử csv");
    const doc = h.standin.documents.at(-1)!;
    expect(doc.filename).toBe("so-lieu-2025-02-lich-su.csv");
    expect(doc.caption).toContain("kèm lịch sử sửa");
    const [values, history] = doc.bytes.toString("utf8").split("\r\n\r\n");
    // The values are the latest version: 10 sessions, and nothing of the deleted entry.
    expect(values).toContain("2025-02-20,dong-hung,tuyen_truyen.so_buoi,10,");
    expect(values).not.toContain("300");
    expect(history!.split("\r\n")).toEqual([
      HEADER,
      `${a},dong-hung,tuyen_truyen,1,sửa,"Lan",2025-02-20 10:00,"nhập nhầm số buổi",2025-02-20,` +
        "tuyen_truyen.so_buoi=12; tuyen_truyen.luot_nguoi=1.200; tuyen_truyen.gio_loa=0; tuyen_truyen.to_roi=0; tuyen_truyen.tin_bai=0; tuyen_truyen.ho_cam_ket=0," +
        "2025-02-20,tuyen_truyen.so_buoi=10; tuyen_truyen.luot_nguoi=1.200; tuyen_truyen.gio_loa=0; tuyen_truyen.to_roi=0; tuyen_truyen.tin_bai=0; tuyen_truyen.ho_cam_ket=0",
      `${b},dong-hung,tuyen_truyen,1,xóa,"Lan",2025-02-20 10:00,"nhập trùng",2025-02-20,` +
        "tuyen_truyen.so_buoi=5; tuyen_truyen.luot_nguoi=300; tuyen_truyen.gio_loa=0; tuyen_truyen.to_roi=0; tuyen_truyen.tin_bai=0; tuyen_truyen.ho_cam_ket=0,,",
      "",
    ]);
  });

  it("cli export --lich-su holds the same revisions", async () => {
    await h.register(KHOM, "bao_cao", "dong-hung", "Lan");
    const a = await file("12", "1.200");
    const b = await file("5", "300");
    await correctAndDelete(a, b);
    await h.halt();
    const env = { DATABASE_PATH: join(h.dir, "bot.sqlite") };
    const plain = await cli(["export", "--ky", "2025-02", "--format", "csv"], env);
    expect(plain.text).not.toContain(HEADER);
    const out = await cli(["export", "--ky", "2025-02", "--lich-su", "--format", "csv"], env);
    expect(out.text).toContain(HEADER);
    expect(out.text).toContain(`${a},dong-hung,tuyen_truyen,1,sửa,"Lan",2025-02-20 10:00,"nhập nhầm số buổi",2025-02-20,tuyen_truyen.so_buoi=12;`);
    expect(out.text).toContain(`${b},dong-hung,tuyen_truyen,1,xóa,"Lan",2025-02-20 10:00,"nhập trùng",`);
  });
});
