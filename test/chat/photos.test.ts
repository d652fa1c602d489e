// Photos and places that last: a marker report's photo is downloaded through the Bot API
// stand-in and kept under the data folder by its hash; a shared location is saved with the
// entry; the month's report lists the marker anomaly in its appendix.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../helpers/harness.js";
import { addEntry } from "../helpers/entries.js";
import { docxText } from "../report/docx-text.js";

let h: Harness;
beforeEach(async () => { h = await startHarness(); });
afterEach(async () => { await h.stop(); rmSync(h.dir, { recursive: true, force: true }); });

const POST = 2002;
const CHAIRMAN = 3001;
/** A tiny "JPEG": its SHA-256 and size were worked out with sha256sum and wc -c. */
const PHOTO = Buffer.from("\xff\xd8\xff\xe0JFIF moc 245 nghieng", "latin1");
const PHOTO_SHA256 = "d0e1c458acc3b4ad5268235e6c85aade2bb2375c59f0ce5bf16ae11aadb8e7fc";
const PHOTO_SIZE = 24;
const last = (ms: { text: string }[]) => ms.at(-1)?.text ?? "";

/** Files a marker report with one damaged marker, a note, a location and a photo; returns the photo's file id. */
async function fileMarkerReport(): Promise<string> {
  await h.register(POST, "bao_cao", "don-bp-nhon-hung", "Đồn");
  let r = await h.press(POST, "cmd:form:moc_quoc_gioi");
  expect(last(r)).toContain("Số lượt kiểm tra");
  await h.say(POST, "3");
  await h.say(POST, "1");
  r = await h.say(POST, "Mốc 245 bị nghiêng");
  expect(last(r)).toContain("Gửi ảnh mốc");
  // A location while the photo is asked: noted, and the same question again.
  r = await h.send(POST, h.standin.location(POST, 10.612347, 105.012348));
  expect(r.map((m) => m.text)).toEqual([expect.stringContaining("📍 Đã ghi vị trí 10.61235, 105.01235"), expect.stringContaining("Gửi ảnh mốc")]);
  const update = h.standin.photo(POST, { bytes: PHOTO });
  const sizes = (update.message as { photo: { file_id: string }[] }).photo;
  r = await h.send(POST, update);
  expect(last(r)).toContain("đã báo cáo cấp trên");
  r = await h.say(POST, "1");
  expect(last(r)).toContain("Số mốc chính");
  for (const n of ["0", "0", "0"]) await h.say(POST, n);
  r = await h.say(POST, "0");
  expect(last(r)).toContain("• Ảnh: đã gửi ảnh");
  expect(last(r)).toContain("• Vị trí: 10.61235, 105.01235");
  r = await h.press(POST, "save");
  expect(last(r)).toContain("✅ Đã lưu");
  return sizes.at(-1)!.file_id;
}

describe("a marker report's photo and place", () => {
  it("keeps the photo under the data folder with its SHA-256, size and file id, and the location on the entry", async () => {
    const fileId = await fileMarkerReport();
    // The largest size was fetched once, through getFile and /file/bot<token>/<path>.
    expect(h.standin.calls.filter((c) => c.method === "getFile").map((c) => c.params.file_id)).toEqual([fileId]);
    expect(h.standin.downloads).toHaveLength(1);
    const entry = h.bot.db.$client.prepare("select id, latitude, longitude, note, photo_file_id as photoFileId from entries where form_id = 'moc_quoc_gioi'").get() as
      { id: number; latitude: number; longitude: number; note: string; photoFileId: string };
    expect(entry).toMatchObject({ latitude: 10.612347, longitude: 105.012348, note: "Mốc 245 bị nghiêng", photoFileId: fileId });
    const rows = h.bot.db.$client.prepare("select entry_id as entryId, path, sha256, size, platform_file_id as fileId from entry_photos").all();
    // The entry's month folder (activity date 20/02/2025), the file named by its hash.
    expect(rows).toEqual([{ entryId: entry.id, path: `photos/2025-02/${PHOTO_SHA256}.jpg`, sha256: PHOTO_SHA256, size: PHOTO_SIZE, fileId }]);
    const kept = readFileSync(join(h.dir, "photos", "2025-02", `${PHOTO_SHA256}.jpg`));
    expect(createHash("sha256").update(kept).digest("hex")).toBe(PHOTO_SHA256);
    expect(Buffer.compare(kept, h.standin.fileBytes(fileId)!)).toBe(0);
    // Written through a temp file: none is left behind.
    expect(readdirSync(join(h.dir, "photos", "2025-02"))).toEqual([`${PHOTO_SHA256}.jpg`]);
  });

  it("a failed download leaves the entry saved with its platform file id and no photo row", async () => {
    h.standin.failNext("getFile", { code: 500 });
    const fileId = await fileMarkerReport();
    expect(h.bot.db.$client.prepare("select photo_file_id as f from entries where form_id = 'moc_quoc_gioi'").get()).toEqual({ f: fileId });
    expect(h.bot.db.$client.prepare("select count(*) as n from entry_photos").get()).toEqual({ n: 0 });
    expect(existsSync(join(h.dir, "photos"))).toBe(false);
  });

  it("a photo whose download failed is kept at the next start", async () => {
    h.standin.failNext("getFile", { code: 500 });
    const fileId = await fileMarkerReport();
    expect(h.bot.db.$client.prepare("select count(*) as n from entry_photos").get()).toEqual({ n: 0 });
    await h.restart();
    const count = h.bot.db.$client.prepare("select count(*) as n from entry_photos where platform_file_id = ?");
    await h.standin.waitFor(() => (count.get(fileId) as { n: number }).n === 1);
    expect(Buffer.compare(readFileSync(join(h.dir, "photos", "2025-02", `${PHOTO_SHA256}.jpg`)), PHOTO)).toBe(0);
  });

  it("a location outside a form is not lost silently: the person is told how to attach it", async () => {
    await h.register(POST, "bao_cao", "don-bp-nhon-hung", "Đồn");
    const r = await h.send(POST, h.standin.location(POST, 10.6, 105.0));
    expect(last(r)).toContain("Vị trí chỉ được lưu khi đang nhập một báo cáo");
  });

  it("the month's report lists the anomaly in its appendix with date, unit, markers, note and photo count, numbered after the other tables", async () => {
    await fileMarkerReport();
    // A propaganda figure, so the appendix has a table before the markers' (numbering without gaps).
    addEntry(h.bot.db, { unit: "dong-hung", form: "tuyen_truyen", date: "2025-02-05", values: { "tuyen_truyen.so_buoi": 2, "tuyen_truyen.luot_nguoi": 40 } });
    // A marker report with nothing to note is not an anomaly.
    addEntry(h.bot.db, { unit: "to-phu-nu", form: "moc_quoc_gioi", date: "2025-02-06", values: { "moc.luot_kiem_tra": 4, "moc.bat_thuong": 0 } });
    await h.register(CHAIRMAN, "lanh_dao", "nhon-hung", "Vũ");
    await h.say(CHAIRMAN, "/baocao tháng 2/2025");
    const doc = h.standin.documents.at(-1)!;
    const text = await docxText(doc.bytes);
    const appendix = text.slice(text.indexOf("PHỤ LỤC"));
    expect(appendix).toContain("Biểu 1. Kết quả tuyên truyền tháng 02/2025");
    expect(appendix).toContain("Biểu 2. Mốc quốc giới hư hỏng, xê dịch tháng 02/2025");
    expect(appendix).toContain(["STT", "Ngày", "Đơn vị", "Số mốc", "Ghi chú", "Số ảnh"].join("\n"));
    expect(appendix).toContain(["1", "20/02/2025", "Đồn BP Nhơn Hưng", "1", "Mốc 245 bị nghiêng", "1"].join("\n"));
    expect(appendix).not.toContain("Tổ phụ nữ");
  });

  it("a month without marker anomalies has no such table", async () => {
    addEntry(h.bot.db, { unit: "to-phu-nu", form: "moc_quoc_gioi", date: "2025-01-06", values: { "moc.luot_kiem_tra": 4, "moc.bat_thuong": 0 } });
    await h.register(CHAIRMAN, "lanh_dao", "nhon-hung", "Vũ");
    await h.say(CHAIRMAN, "/baocao tháng 1/2025");
    const text = await docxText(h.standin.documents.at(-1)!.bytes);
    expect(text).toContain("ỦY BAN NHÂN DÂN");
    expect(text).not.toContain("Mốc quốc giới hư hỏng");
  });
});
