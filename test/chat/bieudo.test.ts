// /bieudo over the real channels' stand-ins: on Telegram the chart arrives as a photo (sendPhoto,
// through the outbox, drawn in the job queue); on a Zalo Official Account as an image (uploaded to
// /v2.0/oa/upload/image, then a consultation message carrying its attachment_id); on the Zalo Bot
// Platform, which has no pictures, as a signed link serving the PNG; an unknown figure gets a short list of what to type. The
// clock is the harness's (20/02/2025 10:00 in Vietnam), so "no period" means 03/2024–02/2025.
import { afterEach, describe, expect, it } from "vitest";
import { rmSync } from "node:fs";
import { startHarness, type Harness } from "../helpers/harness.js";
import { startZaloHarness, type ZaloHarness } from "../helpers/zalo-harness.js";
import { startOaHarness, type OaHarness } from "../helpers/zalo-oa-harness.js";
import { addEntry } from "../helpers/entries.js";
import { call } from "../http/fixtures.js";

let h: Harness | undefined;
let z: ZaloHarness | undefined;
let oaH: OaHarness | undefined;
afterEach(async () => {
  if (h) { await h.stop(); rmSync(h.dir, { recursive: true, force: true }); h = undefined; }
  await z?.close();
  z = undefined;
  if (oaH) { await oaH.close(); rmSync(oaH.h.dir, { recursive: true, force: true }); oaH = undefined; }
});

const CHAIRMAN = 3001;
const TEAM = 1002;

/**
 * Sends a command without waiting for the bot to go idle (h.say waits 5 s at most; the first
 * chart also starts the worker thread, which on a loaded machine takes longer), then waits for
 * the photo with a generous timeout.
 */
async function photoFor(userId: number, text: string, n = 1): Promise<void> {
  h!.standin.pushUpdates([h!.standin.textMessage(userId, text)]);
  await h!.standin.waitFor(() => h!.standin.photos.length >= n, 120_000, 20);
}

/** PNG signature, then IHDR's width and height. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe("/bieudo on Telegram", () => {
  it("sends the chart as a photo, queued in the outbox as a picture", async () => {
    h = await startHarness();
    await h.register(CHAIRMAN, "lanh_dao", "nhon-hung");
    addEntry(h.bot.db, { unit: "don-bp-nhon-hung", form: "tuan_tra", date: "2025-01-10", values: { "tuan_tra.doc_lap.luot_to": 12, "tuan_tra.doc_lap.luot_nguoi": 84 } });
    await photoFor(CHAIRMAN, "/bieudo tuần tra năm 2025");
    expect(h.standin.sentTo(CHAIRMAN).map((r) => r.text).join("\n")).not.toContain("⚠️");
    const photo = h.standin.photos[0]!;
    expect(photo.chatId).toBe(String(CHAIRMAN));
    expect(photo.filename).toBe("bieu-do-tuan_tra-2025.png");
    // The ward became Phường Thới Sơn on 01/07/2025: a chart ending after that day bears the new name.
    expect(photo.caption).toBe("📈 Tuần tra, kiểm soát, Phường Thới Sơn, theo năm 2025.");
    expect(pngSize(photo.bytes)).toEqual({ width: 800, height: 450 });
    expect(h.standin.documents).toHaveLength(0);
    const rows = () => h!.bot.db.$client.prepare("select kind, status, json_extract(payload_json, '$.type') as type from outbox where json_extract(payload_json, '$.type') = 'image'").all();
    // Marked sent just after the platform answered.
    await h.standin.waitFor(() => JSON.stringify(rows()).includes("sent"), 30_000, 20);
    expect(rows()).toEqual([{ kind: "document", status: "sent", type: "image" }]);
  });

  it("names the ward as it was called at the chart's end: Nhơn Hưng for a period wholly before 01/07/2025", async () => {
    h = await startHarness();
    await h.register(CHAIRMAN, "lanh_dao", "nhon-hung");
    await photoFor(CHAIRMAN, "/bieudo tuần tra 6 tháng đầu năm 2025");
    expect(h.standin.photos[0]!.caption).toBe("📈 Tuần tra, kiểm soát, Phường Nhơn Hưng, theo 6 tháng đầu năm 2025.");
  });

  it("charts a reporter's own unit", async () => {
    h = await startHarness();
    await h.register(TEAM, "bao_cao", "to-antt-dong-hung", "Hùng");
    await photoFor(TEAM, "/bieudo vi pham");
    expect(h.standin.photos[0]!.caption).toBe("📈 Phát hiện, xử lý vi phạm, Tổ tự quản ANTT khóm Đông Hưng, theo 12 tháng đến tháng 02/2025.");
  });

  it("a leader may name a unit after the period", async () => {
    h = await startHarness();
    await h.register(CHAIRMAN, "lanh_dao", "nhon-hung");
    await photoFor(CHAIRMAN, "/bieudo tuyen truyen quý 1/2025 Đông Hưng");
    expect(h.standin.photos[0]!.caption).toBe("📈 Tuyên truyền, phổ biến, Khóm Đông Hưng, theo quý I/2025.");
  });

  it("answers an unknown figure with what to type, in Vietnamese, and draws nothing", async () => {
    h = await startHarness();
    await h.register(CHAIRMAN, "lanh_dao", "nhon-hung");
    const answer = (await h.say(CHAIRMAN, "/bieudo con mèo")).map((r) => r.text).join("\n");
    expect(answer).toContain("⚠️ Không có số liệu \"con mèo\" để vẽ biểu đồ.");
    for (const line of ["/bieudo tuyen truyen — Tuyên truyền, phổ biến (buổi tuyên truyền)", "/bieudo tuan tra — Tuần tra, kiểm soát (lượt tổ)",
      "/bieudo vi pham — Phát hiện, xử lý vi phạm (vụ xnc trái phép, vụ buôn lậu, vụ vi phạm khác)"]) expect(answer).toContain(line);
    expect(answer).toBe(answer.normalize("NFC"));
    // A period that cannot be read is said so.
    expect((await h.say(CHAIRMAN, "/bieudo tuan tra thang 13")).at(-1)!.text).toMatch(/^⚠️/);
    expect(h.standin.photos).toHaveLength(0);
    expect(h.bot.db.$client.prepare("select count(*) as n from jobs").get()).toEqual({ n: 0 });
  });

  it("with no figure, offers the charts as buttons", async () => {
    h = await startHarness();
    await h.register(CHAIRMAN, "lanh_dao", "nhon-hung");
    const last = (await h.say(CHAIRMAN, "/bieudo")).at(-1)!;
    expect(JSON.stringify(last.replyMarkup)).toContain("cmd:bieudo:tuan_tra");
    h.standin.pushUpdates([h.standin.callbackQuery(CHAIRMAN, "cmd:bieudo:tuan_tra")]);
    await h.standin.waitFor(() => h!.standin.photos.length >= 1, 120_000, 20);
    expect(h.standin.photos[0]!.caption).toContain("Tuần tra, kiểm soát");
  });
});

describe("/bieudo on the Zalo Bot Platform", () => {
  it("answers with a signed link that serves the PNG", async () => {
    z = await startZaloHarness({ telegram: false });
    await z.register("800002", "lanh_dao", "nhon-hung");
    z.zalo.push(z.zalo.textMessage("800002", "/bieudo tuan tra nam 2025"));
    // Not z.say: the first chart also starts the worker thread, slower than its wait on a loaded machine.
    const texts = await z.zalo.waitFor(() => {
      const all = z!.zalo.sentTo("800002").map((m) => m.text).join("\n");
      return /\/tep\//.test(all) ? all : undefined;
    }, 120_000, 20);
    const link = texts.match(/https:\/\/\S+\/tep\/\S+/)?.[0];
    expect(texts).toContain("📈 Tuần tra, kiểm soát");
    expect(link).toBeDefined();
    const res = await call(z.local(link!));
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("image/png");
  });
});

describe("/bieudo on a Zalo Official Account", () => {
  it("uploads the PNG as an image and sends a consultation message with its attachment_id and the caption, not a link", async () => {
    oaH = await startOaHarness({ telegram: false });
    const { oa } = oaH;
    const LEADER = "8512345678901234599";
    await oaH.register(LEADER, "lanh_dao", "nhon-hung");
    addEntry(oaH.h.bot.db, { unit: "don-bp-nhon-hung", form: "tuan_tra", date: "2025-01-10", values: { "tuan_tra.doc_lap.luot_to": 12, "tuan_tra.doc_lap.luot_nguoi": 84 } });
    // Not oaH.say: the first chart also starts the worker thread, slower than its wait on a loaded machine.
    const posted = await oa.postEvent(oaH.hookUrl(), oa.textEvent(LEADER, "/bieudo tuan tra nam 2025"));
    expect(posted.status).toBe(200);
    const picture = await oa.waitFor(() => oa.sentTo(LEADER).find((m) => m.image), 120_000, 20);
    // The stand-in received a PNG upload, 800 × 450, and a message naming that upload.
    expect(oa.imageUploads).toHaveLength(1);
    const upload = oa.imageUploads[0]!;
    expect(upload.fileName).toBe("bieu-do-tuan_tra-2025.png");
    expect(upload.contentType).toBe("image/png");
    expect(pngSize(upload.bytes)).toEqual({ width: 800, height: 450 });
    expect(picture.image!.attachmentId).toBe(upload.attachmentId);
    expect(picture.text).toBe("📈 Tuần tra, kiểm soát, Phường Thới Sơn, theo năm 2025.");
    const call = oa.calls.find((c) => c.path === "/v3.0/oa/message/cs" && JSON.stringify(c.body).includes(upload.attachmentId))!;
    expect(call.body).toEqual({ recipient: { user_id: LEADER }, message: { text: "📈 Tuần tra, kiểm soát, Phường Thới Sơn, theo năm 2025.",
      attachment: { type: "template", payload: { template_type: "media", elements: [{ media_type: "image", attachment_id: upload.attachmentId }] } } } });
    // Nothing went as a link, and no file upload was used for the picture.
    await oaH.h.bot.settle();
    expect(oa.sentTo(LEADER).map((m) => m.text ?? "").join("\n")).not.toContain("/tep/");
    expect(oa.uploads).toHaveLength(0);
  }, 150_000);
});
