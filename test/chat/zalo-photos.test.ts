// A Zalo photo is a URL: the bot fetches it after the marker report is saved and keeps it under
// the data folder by its hash. The "content server" is a local HTTP server of this test.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startZaloHarness, type ZaloHarness } from "../helpers/zalo-harness.js";

let z: ZaloHarness | undefined;
let server: http.Server | undefined;
afterEach(async () => {
  await z?.close();
  z = undefined;
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = undefined;
});

const POST = "810001";
/** A tiny "PNG"; SHA-256 and size worked out with sha256sum and wc -c. */
const PHOTO = Buffer.from("\x89PNG\r\n\x1a\nmoc 250 lun", "latin1");
const PHOTO_SHA256 = "01eeb1376499f3386bf5e055b862241e78e47a9e5e671da86494aeeefc937d1f";
const PHOTO_SIZE = 19;

describe("Zalo photo of a marker report", () => {
  it("is downloaded from its URL and kept under the data folder with its hash and an entry_photos row", async () => {
    const served: string[] = [];
    server = http.createServer((req, res) => {
      served.push(req.url ?? "");
      if (req.url !== "/anh/moc-250.png") { res.writeHead(404).end(); return; }
      res.writeHead(200, { "content-type": "image/png", "content-length": PHOTO.length }).end(PHOTO);
    });
    await new Promise<void>((r) => server!.listen(0, "127.0.0.1", () => r()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/anh/moc-250.png`;

    z = await startZaloHarness({ telegram: false });
    await z.register(POST, "bao_cao", "don-bp-nhon-hung", "Đồn");
    const list = await z.say(POST, "/nhap");
    const number = list.at(-1)!.text.split("\n").find((l) => l.includes("Đường biên, mốc quốc giới"))?.match(/^(\d+)\. /)?.[1];
    expect(number).toBeDefined();
    await z.say(POST, number!);
    await z.say(POST, "2");
    await z.say(POST, "1");
    let r = await z.say(POST, "Mốc 250 bị lún");
    expect(r.at(-1)!.text).toContain("Gửi ảnh mốc");
    r = await z.send(POST, z.zalo.imageMessage(POST, { photoUrl: url }));
    expect(r.at(-1)!.text).toContain("đã báo cáo cấp trên");
    r = await z.say(POST, "1");
    expect(r.at(-1)!.text).toContain("Số mốc chính");
    for (const n of ["0", "0", "0", "0"]) r = await z.say(POST, n);
    expect(r.at(-1)!.text).toContain("Kiểm tra lại");
    r = await z.say(POST, "luu");
    expect(r.at(-1)!.text).toContain("✅ Đã lưu");

    expect(served).toEqual(["/anh/moc-250.png"]);
    const db = z.h.bot.db.$client;
    const entry = db.prepare("select id, photo_file_id as photoFileId from entries where form_id = 'moc_quoc_gioi'").get() as { id: number; photoFileId: string };
    expect(entry.photoFileId).toBe(url);
    expect(db.prepare("select entry_id as entryId, path, sha256, size, platform_file_id as fileId from entry_photos").all())
      .toEqual([{ entryId: entry.id, path: `photos/2025-02/${PHOTO_SHA256}.png`, sha256: PHOTO_SHA256, size: PHOTO_SIZE, fileId: url }]);
    expect(Buffer.compare(readFileSync(join(z.h.dir, "photos", "2025-02", `${PHOTO_SHA256}.png`)), PHOTO)).toBe(0);
  });
});
