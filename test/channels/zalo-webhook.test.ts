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
    expect(zaloPlugin.configured(loadConfig({ ZALO_BOT_TOKEN: TOKEN }))).toBe(true);
    const ch = zaloPlugin.create(deps({ config: loadConfig({ ZALO_BOT_TOKEN: TOKEN }), log: capture().log }));
    expect(ch).toBeInstanceOf(ZaloChannel);
    expect(ch!.webhook).toBeUndefined();
  });

  it("uses a webhook at PUBLIC_BASE_URL/webhook/zalo when the secret is set too", async () => {
    const s = await standin();
    const config = loadConfig({ ZALO_BOT_TOKEN: s.token, ZALO_API_ROOT: s.apiRoot, PUBLIC_BASE_URL: "https://ward.example.invalid/bot/", WEBHOOK_SECRET: SECRET });
    const ch = zaloPlugin.create(deps({ config, log: capture().log }));
    cleanups.push(() => ch.stop());
    expect(ch.webhook?.secret).toBe(SECRET);
    await ch.start(async () => {});
    expect(s.webhook()).toEqual({ url: "https://ward.example.invalid/bot/webhook/zalo", secretToken: SECRET });
  });

  it("polls, with a warning, when PUBLIC_BASE_URL has no WEBHOOK_SECRET", () => {
    const { log, text } = capture();
    const ch = zaloPlugin.create(deps({ config: loadConfig({ ZALO_BOT_TOKEN: TOKEN, PUBLIC_BASE_URL: "https://ward.example.invalid" }), log }));
    expect(ch!.webhook).toBeUndefined();
    expect(text()).toContain("WEBHOOK_SECRET");
    expect(text()).not.toContain("zalo-plugin-secret");
  });
});
