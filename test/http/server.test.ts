// The HTTP server on a real port with a real SQLite file: webhook secret, body limit and JSON
// checks, signed download links and /healthz.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FileLinks } from "../../src/http/file-links.js";
import { startHttpServer, type RunningHttpServer } from "../../src/http/server.js";
import { archiveReport } from "../../src/store/issued-reports.js";
import { Writable } from "node:stream";
import { createLogger, type Logger } from "../../src/log.js";
import type { Channel } from "../../src/channels/channel.js";
import type { InboundEvent } from "../../src/conversation/types.js";
import { call, fakeChannel, movableClock, SECRET_HEADER, tempDb, type Clock, type TempDb } from "./fixtures.js";
// Expected texts written out here (not imported from src/), so a changed message fails the test.
const LINK_REFUSED = "Liên kết không hợp lệ hoặc đã hết hạn. Xin gửi lại yêu cầu trong bot để nhận liên kết mới.";
const DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

const HOOK_SECRET = "webhook-secret-0123456789";
const LINK_SECRET = "link-secret-0123456789-0123456789-abcdef";
const HOUR = 3_600_000;
let log: Logger = createLogger({ level: "silent" });

let t: TempDb;
let clock: Clock;
let server: RunningHttpServer;
let accepted: Array<{ channel: string; event: InboundEvent }>;
let channels: ReturnType<typeof fakeChannel>[];
let links: FileLinks;
let databaseOk: boolean;

async function start(limit = 1024): Promise<void> {
  const seen = new Set<string>();
  server = await startHttpServer({
    port: 0, host: "127.0.0.1", log, bodyLimitBytes: limit, channels, files: links, clock,
    async accept(channel: Channel, event: InboundEvent) {
      accepted.push({ channel: channel.name, event });
      const key = `${channel.name}:${event.eventId}`;
      if (seen.has(key)) return "duplicate";
      seen.add(key);
      return "new";
    },
    health: () => ({ database: databaseOk ? "ok" : "error: không ghi được", outbox: "ok" }),
  });
}

beforeEach(async () => {
  t = tempDb();
  clock = movableClock();
  accepted = [];
  databaseOk = true;
  channels = [fakeChannel("zalo", HOOK_SECRET), fakeChannel("telegram", HOOK_SECRET, "polling")];
  links = new FileLinks({ db: t.db, baseUrl: "https://bot.example.vn/", secret: LINK_SECRET, ttlMs: 24 * HOUR, clock });
  await start();
});

afterEach(async () => {
  await server.close();
  t.close();
});

const post = (path: string, body: string | undefined, secret: string | null = HOOK_SECRET) =>
  call(`${server.url}${path}`, {
    method: "POST", body,
    headers: { "Content-Type": "application/json", ...(secret === null ? {} : { [SECRET_HEADER]: secret }) },
  });

const update = (id: number, text = "xin chào") => JSON.stringify({ updates: [{ id, text }] });

/** The part of a link after the host, for requesting it from the test server. */
const pathOf = (url: string) => new URL(url).pathname;

describe("webhooks", () => {
  it("refuses a wrong secret with 401 and records nothing", async () => {
    const r = await post("/webhook/zalo", update(1), "webhook-secret-0123456788");
    expect(r.status).toBe(401);
    expect(accepted).toEqual([]);
  });

  it("refuses a missing secret, or one of another length, with 401", async () => {
    expect((await post("/webhook/zalo", update(1), null)).status).toBe(401);
    expect((await post("/webhook/zalo", update(1), "x")).status).toBe(401);
    expect(accepted).toEqual([]);
  });

  it("refuses a body over the limit with 413, by Content-Length or while streaming", async () => {
    const big = JSON.stringify({ updates: [{ id: 1, text: "a".repeat(5000) }] });
    expect((await post("/webhook/zalo", big)).status).toBe(413);
    const streamed = await call(`${server.url}/webhook/zalo`, {
      method: "POST", headers: { [SECRET_HEADER]: HOOK_SECRET },
      chunks: [Buffer.from('{"updates":[{"id":1,"text":"'), ...Array.from({ length: 8 }, () => Buffer.alloc(512, 97)), Buffer.from('"}]}')],
    });
    expect(streamed.status).toBe(413);
    expect(accepted).toEqual([]);
  });

  it("records nothing when the sender goes away mid-body, and keeps serving", async () => {
    const { request } = await import("node:http");
    const req = request(`${server.url}/webhook/zalo`, { method: "POST", headers: { [SECRET_HEADER]: HOOK_SECRET, "Content-Length": "500" } });
    req.on("error", () => {});
    req.write('{"updates":[{"id":1,');
    await new Promise((r) => setTimeout(r, 50));
    req.destroy();
    await new Promise((r) => setTimeout(r, 50));
    expect(accepted).toEqual([]);
    expect((await post("/webhook/zalo", update(2))).status).toBe(200);
  });

  it("answers invalid JSON with 400", async () => {
    const r = await post("/webhook/zalo", "{not json");
    expect(r.status).toBe(400);
    expect(accepted).toEqual([]);
  });

  it("hands the parsed events to accept and answers 200 {ok:true}", async () => {
    const r = await post("/webhook/zalo", JSON.stringify({ updates: [{ id: 7, text: "/start" }, { id: 8, text: "báo cáo" }] }));
    expect(r.status).toBe(200);
    expect(JSON.parse(r.text)).toEqual({ ok: true });
    expect(accepted.map((a) => [a.channel, a.event.eventId, a.event.body])).toEqual([
      ["zalo", "7", { type: "text", text: "/start" }],
      ["zalo", "8", { type: "text", text: "báo cáo" }],
    ]);
  });

  it("passes a repeated event through to accept, which calls it a duplicate; both answered 200", async () => {
    expect((await post("/webhook/zalo", update(9))).status).toBe(200);
    expect((await post("/webhook/zalo", update(9))).status).toBe(200);
    expect(accepted.map((a) => a.event.eventId)).toEqual(["9", "9"]);
  });

  it("answers 404 for an unknown channel and for other methods and paths", async () => {
    expect((await post("/webhook/viber", update(1))).status).toBe(404);
    expect((await call(`${server.url}/webhook/zalo`)).status).toBe(404);
    expect((await call(`${server.url}/`)).status).toBe(404);
    expect(accepted).toEqual([]);
  });

  it("answers 500 without details when accepting fails", async () => {
    await server.close();
    const failing = { ...channels[0]!, webhook: { ...channels[0]!.webhook!, parse: () => { throw new Error("secret detail"); } } };
    channels = [failing as ReturnType<typeof fakeChannel>];
    await start();
    const r = await post("/webhook/zalo", update(1));
    expect(r.status).toBe(500);
    expect(r.text).not.toContain("secret detail");
  });
});

describe("download links", () => {
  const reportName = "Báo cáo tháng 02-2025 – Đồn Biên phòng.docx";

  it("serves an archived report's exact bytes with the right headers", async () => {
    const bytes = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 1, 2, 255]);
    const { id } = archiveReport(t.db, { period: "2025-02", requestedBy: null, channel: "zalo", fileName: reportName, bytes, entryCount: 3, now: clock() });
    const link = links.linkForReport(id);
    expect(link.url.startsWith("https://bot.example.vn/tep/")).toBe(true);
    expect(link.expiresAt.getTime()).toBe(clock().getTime() + 24 * HOUR);
    const r = await call(`${server.url}${pathOf(link.url)}`);
    expect(r.status).toBe(200);
    expect(r.body.equals(bytes)).toBe(true);
    expect(r.headers["content-type"]).toBe(DOCX_CONTENT_TYPE);
    expect(r.headers["content-length"]).toBe(String(bytes.length));
    expect(r.headers["cache-control"]).toBe("private, no-store");
    const cd = r.headers["content-disposition"]!;
    expect(cd).toMatch(/^attachment; filename="Bao cao thang 02-2025 _ Don Bien phong\.docx"; filename\*=UTF-8''/);
    expect(decodeURIComponent(cd.split("filename*=UTF-8''")[1]!)).toBe(reportName.normalize("NFC"));
  });

  it("serves a shared file likewise, and HEAD gives the headers", async () => {
    const bytes = Buffer.from("Danh sách đơn vị chưa nộp\n", "utf8");
    const link = links.shareFile({ fileName: "Đơn vị chưa nộp.txt", contentType: "text/plain; charset=utf-8", bytes });
    const r = await call(`${server.url}${pathOf(link.url)}`);
    expect(r.status).toBe(200);
    expect(r.body.equals(bytes)).toBe(true);
    expect(r.headers["content-type"]).toBe("text/plain; charset=utf-8");
    expect(r.headers["content-disposition"]).toContain(`filename*=UTF-8''${encodeURIComponent("Đơn vị chưa nộp.txt")}`);
    const head = await call(`${server.url}${pathOf(link.url)}`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
  });

  function refused(r: { status: number; text: string; headers: Record<string, unknown> }) {
    expect(r.status).toBe(403);
    expect(r.text).toBe(LINK_REFUSED);
    expect(r.headers["content-type"]).toBe("text/plain; charset=utf-8");
  }

  it("refuses a link with one character changed in the payload or the signature", async () => {
    const link = links.shareFile({ fileName: "a.txt", contentType: "text/plain", bytes: Buffer.from("a") });
    const path = pathOf(link.url);
    const token = path.slice("/tep/".length);
    const dot = token.indexOf(".");
    const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === "A" ? "B" : "A") + s.slice(i + 1);
    for (const i of [0, 5, dot - 1, dot + 1, token.length - 1]) {
      refused(await call(`${server.url}/tep/${flip(token, i)}`));
    }
    refused(await call(`${server.url}/tep/${token.slice(0, dot)}`));
    refused(await call(`${server.url}/tep/junk`));
    refused(await call(`${server.url}/tep/%E2%9C%93.%FF`));
    expect((await call(`${server.url}${path}`)).status).toBe(200);
  });

  it("refuses an expired link with the same sentence", async () => {
    const link = links.shareFile({ fileName: "a.txt", contentType: "text/plain", bytes: Buffer.from("a") });
    clock.advance(24 * HOUR - 60_000);
    expect((await call(`${server.url}${pathOf(link.url)}`)).status).toBe(200);
    clock.advance(60_001);
    refused(await call(`${server.url}${pathOf(link.url)}`));
  });

  it("refuses a link signed with another secret", async () => {
    const other = new FileLinks({ db: t.db, baseUrl: "https://bot.example.vn", secret: "another-secret-0123456789-0123456789-xyz", ttlMs: HOUR, clock });
    const link = other.shareFile({ fileName: "a.txt", contentType: "text/plain", bytes: Buffer.from("a") });
    refused(await call(`${server.url}${pathOf(link.url)}`));
  });

  it("refuses every link when links are switched off", async () => {
    const link = links.shareFile({ fileName: "a.txt", contentType: "text/plain", bytes: Buffer.from("a") });
    await server.close();
    links = undefined as unknown as FileLinks;
    await start();
    refused(await call(`${server.url}${pathOf(link.url)}`));
  });
});

describe("/healthz", () => {
  it("shows the channels' states, 200 when all is well", async () => {
    const r = await call(`${server.url}/healthz`);
    expect(r.status).toBe(200);
    expect(JSON.parse(r.text)).toEqual({ ok: true, database: "ok", outbox: "ok", channels: { zalo: "webhook", telegram: "polling" }, reasons: [] });
    expect((await call(`${server.url}/healthz`, { method: "HEAD" })).status).toBe(200);
  });

  it("answers 503 when a channel is in error or the database is not fine", async () => {
    channels[1]!.setState("error");
    const r = await call(`${server.url}/healthz`);
    expect(r.status).toBe(503);
    expect(JSON.parse(r.text)).toEqual({ ok: false, database: "ok", outbox: "ok", channels: { zalo: "webhook", telegram: "error" }, reasons: ["channel_error:telegram"] });
    channels[1]!.setState("polling");
    databaseOk = false;
    const d = await call(`${server.url}/healthz`);
    expect(d.status).toBe(503);
    expect(JSON.parse(d.text)).toMatchObject({ ok: false, database: "error: không ghi được", reasons: ["database_unwritable"] });
  });
});

describe("logs", () => {
  it("never carry the webhook secret or a link's token", async () => {
    let out = "";
    log = createLogger({ level: "trace", destination: new Writable({ write(c, _e, done) { out += String(c); done(); } }) });
    try {
      await server.close();
      await start();
      const link = links.shareFile({ fileName: "a.txt", contentType: "text/plain", bytes: Buffer.from("a") });
      await post("/webhook/zalo", update(1));
      await post("/webhook/zalo", update(2), "wrong-secret-0123456789");
      await call(`${server.url}${pathOf(link.url)}`);
      await call(`${server.url}${pathOf(link.url)}x`);
      expect(out).toContain("webhook refused");
      const [payload, signature] = pathOf(link.url).slice("/tep/".length).split(".");
      for (const secret of [HOOK_SECRET, "wrong-secret", LINK_SECRET, payload!, signature!]) expect(out).not.toContain(secret);
    } finally {
      log = createLogger({ level: "silent" });
    }
  });
});
