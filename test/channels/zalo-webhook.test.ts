// Zalo by webhook: registration, the receiver's parse (both body shapes), and the plug-in's
// choice of mode from the configuration.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { timingSafeEqual } from "node:crypto";
import { Writable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { createLogger } from "../../src/log.js";
import { loadConfig } from "../../src/app/environment.js";
import type { InboundEvent } from "../../src/conversation/types.js";
import type { WebhookReceiver } from "../../src/channels/channel.js";
import { ZaloChannel, ZaloRefusedError } from "../../src/channels/zalo/zalo-channel.js";
import * as events from "../../src/channels/zalo/zalo-events.js";
import { zaloPlugin } from "../../src/channels/zalo/plugin.js";
import type { PluginDeps } from "../../src/channels/plugin.js";
import { startZaloStandin, type ZaloStandin } from "../helpers/zalo-standin.js";

// An update without a date is stamped by the clock passed in (test/channels/clock-stamps.test.ts checks it).
const NOW = () => new Date("2025-02-20T03:00:00Z");
const toInboundEvent = (u: unknown) => events.toInboundEvent(u, NOW);
const toInboundEvents = (u: unknown) => events.toInboundEvents(u, NOW);

function capture() {
  let out = "";
  const destination = new Writable({ write(chunk, _enc, done) { out += String(chunk); done(); } });
  return { log: createLogger({ level: "debug", destination }), text: () => out };
}

const SECRET = "webhook-secret-0123456789";
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });

async function standin(): Promise<ZaloStandin> {
  const s = await startZaloStandin();
  cleanups.push(() => s.close());
  return s;
}

/** A minimal HTTP receiver like the app's: checks the secret header, then hands the body to parse. */
async function receiver(hook: WebhookReceiver, onEvents: (e: InboundEvent[]) => void): Promise<string> {
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const got = Buffer.from(String(req.headers[hook.secretHeader] ?? ""));
    const want = Buffer.from(hook.secret);
    if (got.length !== want.length || !timingSafeEqual(got, want)) { res.writeHead(401).end(); return; }
    onEvents(hook.parse(JSON.parse(Buffer.concat(chunks).toString("utf8"))));
    res.writeHead(200, { "content-type": "application/json" }).end("{\"ok\":true}");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  cleanups.push(() => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook/zalo`;
}

describe("zalo events", () => {
  it("accepts the wrapped and the bare body and yields the same event", async () => {
    const s = await standin();
    const u = s.textMessage("u1", "Báo cáo tuần", { displayName: "Trần Thị Bình" });
    const wrapped = toInboundEvent({ ok: true, result: u });
    expect(wrapped).toEqual(toInboundEvent(u));
    expect(wrapped).toEqual({
      channel: "zalo", eventId: u.message.message_id, chatId: "u1", userId: "u1", userName: "Trần Thị Bình",
      at: new Date(u.message.date as number), body: { type: "text", text: "Báo cáo tuần" },
    });
  });

  it("maps image, sticker, voice and unsupported events; drops groups, bots and junk", async () => {
    const s = await standin();
    expect(toInboundEvent(s.imageMessage(1, { photoUrl: "https://p.example.invalid/x.jpg" }))!.body).toEqual({ type: "photo", fileId: "https://p.example.invalid/x.jpg" });
    expect(toInboundEvent(s.stickerMessage(1))!.body).toEqual({ type: "unsupported", what: "sticker" });
    const voice = { ...s.textMessage(1, ""), event_name: "message.voice.received" };
    expect(toInboundEvent(voice)!.body).toEqual({ type: "unsupported", what: "voice" });
    const other = { ...s.textMessage(1, ""), event_name: "message.unsupported.received" };
    expect(toInboundEvent(other)!.body).toEqual({ type: "unsupported", what: "unsupported" });
    expect(toInboundEvent(s.textMessage(1, "nhóm", { chatType: "GROUP" }))).toBeUndefined();
    expect(toInboundEvent({ ok: true, result: s.textMessage(1, "nhóm", { chatType: "GROUP" }) })).toBeUndefined();
    expect(toInboundEvent(s.textMessage(1, "tôi là bot", { isBot: true }))).toBeUndefined();
    for (const junk of [undefined, null, 42, "x", {}, { ok: true }, { ok: true, result: {} }, { event_name: "message.text.received" }]) {
      expect(toInboundEvent(junk)).toBeUndefined();
      expect(toInboundEvents(junk)).toEqual([]);
    }
  });
});

describe("zalo events without a message id or a message (protected users)", () => {
  it("an unsupported event with a chat id but no message_id is an event to answer, the same id each delivery", () => {
    const update = { event_name: "message.unsupported.received",
      message: { from: { id: "u5", display_name: "Bé Na", is_bot: false }, chat: { id: "u5", chat_type: "PRIVATE" }, date: 1750316131602 } };
    const e = toInboundEvent({ ok: true, result: update });
    expect(e).toEqual({ channel: "zalo", eventId: "message.unsupported.received:u5:1750316131602", chatId: "u5", userId: "u5",
      userName: "Bé Na", at: new Date(1750316131602), body: { type: "unsupported", what: "unsupported" } });
    expect(toInboundEvent(update)).toEqual(e);
  });

  it("an event with no message at all is answered when a chat id is present; without one it is dropped", () => {
    const bare = { event_name: "message.unsupported.received", chat: { id: "u6", chat_type: "PRIVATE" } };
    const e = toInboundEvent(bare);
    expect(e).toMatchObject({ channel: "zalo", chatId: "u6", userId: "u6", userName: "", at: NOW(), arrived: true,
      body: { type: "unsupported", what: "unsupported" } });
    // Delivered twice, it is one event (recorded once by the inbox).
    expect(toInboundEvent({ ok: true, result: bare })!.eventId).toBe(e!.eventId);
    // The documented shape with nothing in it (vkhangstack/go-zalo-bot's test of a real payload): nobody to answer.
    expect(toInboundEvent({ ok: true, result: { event_name: "message.unsupported.received" } })).toBeUndefined();
  });

  it("a text without its message_id is still dropped (only an unsupported event may lack one)", () => {
    expect(toInboundEvent({ event_name: "message.text.received", message: { text: "x", chat: { id: "u7" }, from: { id: "u7" } } })).toBeUndefined();
  });
});

describe("zalo webhook", () => {
  it("start() registers the webhook and the receiver parses both body shapes, dropping groups", async () => {
    const s = await standin();
    const received: InboundEvent[] = [];
    const url = "https://ward.example.invalid/webhook/zalo";
    const ch = new ZaloChannel({ token: s.token, apiRoot: s.apiRoot, log: capture().log, mode: "webhook", webhookUrl: url, secret: SECRET });
    cleanups.push(() => ch.stop());
    expect(ch.webhook).toMatchObject({ secretHeader: "x-bot-api-secret-token", secret: SECRET });
    await ch.start(async () => { throw new Error("webhook mode does not poll"); });
    expect(ch.state()).toBe("webhook");
    expect(s.webhook()).toEqual({ url, secretToken: SECRET });
    expect(s.calls.map((c) => c.method)).not.toContain("getUpdates");

    const local = await receiver(ch.webhook!, (e) => received.push(...e));
    expect((await s.postWebhook(local, SECRET, s.textMessage(11, "bọc ngoài"))).status).toBe(200);
    expect((await s.postWebhook(local, SECRET, s.imageMessage(11, { caption: "ảnh" }), { bare: true })).status).toBe(200);
    expect((await s.postWebhook(local, SECRET, s.textMessage(11, "nhóm", { chatType: "GROUP" }))).status).toBe(200);
    expect((await s.postWebhook(local, "wrong-secret-000000000", s.textMessage(11, "giả mạo"))).status).toBe(401);
    expect(received.map((e) => e.body.type)).toEqual(["text", "photo"]);
    expect(received[0]!.body).toEqual({ type: "text", text: "bọc ngoài" });
    expect(received[1]!.body).toMatchObject({ type: "photo", caption: "ảnh" });
  });

  it("a webhook address the platform refuses gives ZaloRefusedError", async () => {
    const s = await standin();
    const ch = new ZaloChannel({ token: s.token, apiRoot: s.apiRoot, log: capture().log, mode: "webhook", webhookUrl: "ftp://nowhere", secret: SECRET });
    const err = await ch.start(async () => {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZaloRefusedError);
    expect((err as Error).message).toContain("webhook");
  });
});

/** The Zalo plug-in reads only the configuration and the log; the store is not opened. */
const deps = (d: Pick<PluginDeps, "config" | "log">): PluginDeps => ({ ...d, db: undefined as unknown as PluginDeps["db"], clock: () => new Date(0) });

describe("zalo plug-in", () => {
  const TOKEN = "1234567890:zalo-plugin-secret";
  it("runs only with ZALO_BOT_TOKEN", () => {
    expect(zaloPlugin.name).toBe("zalo");
    expect(zaloPlugin.configured(loadConfig({}))).toBe(false);
    const config = loadConfig({ ZALO_BOT_TOKEN: TOKEN, ZALO_MODE: "polling" });
    expect(zaloPlugin.configured(config)).toBe(true);
    const ch = zaloPlugin.create(deps({ config, log: capture().log }));
    expect(ch).toBeInstanceOf(ZaloChannel);
    expect(ch!.webhook).toBeUndefined();
  });

  it("uses a webhook at PUBLIC_BASE_URL/webhook/zalo by default", async () => {
    const s = await standin();
    const config = loadConfig({ ZALO_BOT_TOKEN: s.token, ZALO_API_ROOT: s.apiRoot, PUBLIC_BASE_URL: "https://ward.example.invalid/bot/", WEBHOOK_SECRET: SECRET });
    expect(config.ZALO_MODE).toBe("webhook");
    expect(zaloPlugin.startupWarning!(config)).toBeUndefined();
    const ch = zaloPlugin.create(deps({ config, log: capture().log }));
    cleanups.push(() => ch.stop());
    expect(ch.webhook?.secret).toBe(SECRET);
    await ch.start(async () => {});
    expect(s.webhook()).toEqual({ url: "https://ward.example.invalid/bot/webhook/zalo", secretToken: SECRET });
    expect(s.calls.map((c) => c.method)).not.toContain("getUpdates");
  });

  it("a token without PUBLIC_BASE_URL or WEBHOOK_SECRET stops start-up, naming what to set, unless ZALO_MODE=polling", () => {
    const url = { PUBLIC_BASE_URL: "https://ward.example.invalid" };
    // Expected texts written out here, not imported from src/.
    const tail = "cần đặt biến PUBLIC_BASE_URL và WEBHOOK_SECRET (webhook tại PUBLIC_BASE_URL/webhook/zalo, WEBHOOK_SECRET từ 16 đến 256 ký tự); hoặc đặt ZALO_MODE=polling để hỏi tin (có thể mất tin khi bot dừng đột ngột)";
    expect(() => loadConfig({ ZALO_BOT_TOKEN: TOKEN })).toThrow(`Cấu hình sai: Zalo nhận tin qua webhook, ${tail}`);
    expect(() => loadConfig({ ZALO_BOT_TOKEN: TOKEN, ...url })).toThrow(/^Cấu hình sai: Zalo nhận tin qua webhook, cần đặt biến WEBHOOK_SECRET \(/);
    expect(() => loadConfig({ ZALO_BOT_TOKEN: TOKEN, WEBHOOK_SECRET: SECRET })).toThrow(/^Cấu hình sai: Zalo nhận tin qua webhook, cần đặt biến PUBLIC_BASE_URL \(/);
    expect(() => loadConfig({ ZALO_BOT_TOKEN: TOKEN, ZALO_MODE: "push" })).toThrow(/^Cấu hình sai: biến ZALO_MODE chỉ nhận webhook hoặc polling/);
    // No token, no Zalo: nothing to ask for.
    expect(() => loadConfig({})).not.toThrow();
    expect(() => loadConfig({ ZALO_BOT_TOKEN: TOKEN })).not.toThrow(/zalo-plugin-secret/);
  });

  it("polls only with ZALO_MODE=polling, saying in the log and to the office that messages may be lost", () => {
    const { log, text } = capture();
    const config = loadConfig({ ZALO_BOT_TOKEN: TOKEN, ZALO_MODE: "polling", ...{ PUBLIC_BASE_URL: "https://ward.example.invalid", WEBHOOK_SECRET: SECRET } });
    const ch = zaloPlugin.create(deps({ config, log }));
    expect(ch!.webhook).toBeUndefined();
    expect(text()).toContain("ZALO_MODE=polling");
    expect(text()).toContain("có thể bị mất");
    expect(text()).not.toContain("zalo-plugin-secret");
    expect(zaloPlugin.startupWarning!(config)).toContain("có thể bị mất");
  });

  it("declares the plan's limits from ZALO_BOT_MAX_USERS and ZALO_BOT_MONTHLY_MESSAGES (defaults 50 and 3000)", () => {
    expect(zaloPlugin.planLimits!(loadConfig({ ZALO_BOT_TOKEN: TOKEN, ZALO_MODE: "polling" }))).toEqual({ maxUsers: 50, monthlyMessages: 3000 });
    expect(zaloPlugin.planLimits!(loadConfig({ ZALO_BOT_TOKEN: TOKEN, ZALO_MODE: "polling", ZALO_BOT_MAX_USERS: "20", ZALO_BOT_MONTHLY_MESSAGES: "500" })))
      .toEqual({ maxUsers: 20, monthlyMessages: 500 });
    expect(() => loadConfig({ ZALO_BOT_MAX_USERS: "0" })).toThrow(/^Cấu hình sai: biến ZALO_BOT_MAX_USERS phải là số người, ít nhất 1/);
  });

  it("refuses a WEBHOOK_SECRET over 256 characters, naming the variable", () => {
    const url = { PUBLIC_BASE_URL: "https://ward.example.invalid" };
    expect(() => loadConfig({ ZALO_BOT_TOKEN: TOKEN, ...url, WEBHOOK_SECRET: "k".repeat(257) }))
      .toThrow(/^Cấu hình sai: biến WEBHOOK_SECRET cần từ 16 đến 256 ký tự/);
    expect(loadConfig({ ZALO_BOT_TOKEN: TOKEN, ...url, WEBHOOK_SECRET: "k".repeat(256) }).WEBHOOK_SECRET).toHaveLength(256);
  });
});
