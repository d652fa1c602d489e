// The Zalo channel receiving by long polling, against a real HTTP stand-in of the Bot Platform.
import { Writable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { createLogger } from "../../src/log.js";
import { ZaloChannel, ZaloRefusedError } from "../../src/channels/zalo/zalo-channel.js";
import type { InboundEvent } from "../../src/conversation/types.js";
import { startZaloStandin, type ZaloStandin } from "../helpers/zalo-standin.js";

function capture() {
  let out = "";
  const destination = new Writable({ write(chunk, _enc, done) { out += String(chunk); done(); } });
  return { log: createLogger({ level: "debug", destination }), text: () => out };
}

let standin: ZaloStandin | undefined;
let channel: ZaloChannel | undefined;

afterEach(async () => {
  await channel?.stop();
  await standin?.close();
  channel = undefined;
  standin = undefined;
});

function polling(s: ZaloStandin, log = capture().log, extra: Partial<ConstructorParameters<typeof ZaloChannel>[0]> = {}) {
  channel = new ZaloChannel({ token: s.token, apiRoot: s.apiRoot, log, mode: "polling", pollTimeoutSec: 1, retryBaseMs: 10, retryMaxMs: 40, ...extra });
  return channel;
}

describe("zalo polling", () => {
  it("delivers text, image and sticker events in order, one update per getUpdates", async () => {
    standin = await startZaloStandin();
    const events: InboundEvent[] = [];
    const ch = polling(standin);
    await ch.start(async (e) => { events.push(e); });
    expect(ch.state()).toBe("polling");
    const text = standin.textMessage(42, "Xin chào", { displayName: "Nguyễn Văn An" });
    standin.push(
      text,
      standin.imageMessage(42, { photoUrl: "https://photo.example.invalid/a.jpg", caption: "Biên bản" }),
      standin.stickerMessage(42),
    );
    await standin.waitFor(() => events.length === 3);
    expect(events.map((e) => e.body)).toEqual([
      { type: "text", text: "Xin chào" },
      { type: "photo", fileId: "https://photo.example.invalid/a.jpg", caption: "Biên bản" },
      { type: "unsupported", what: "sticker" },
    ]);
    expect(events[0]).toMatchObject({ channel: "zalo", chatId: "42", userId: "42", userName: "Nguyễn Văn An", eventId: text.message.message_id });
    expect(events[0]!.at.getTime()).toBe(text.message.date);
    expect(new Set(events.map((e) => e.eventId)).size).toBe(3);
    // One update per successful call: three answered getUpdates for three updates.
    const answered = standin.calls.filter((c) => c.method === "getUpdates" && c.failed === undefined);
    expect(answered.length).toBeGreaterThanOrEqual(3);
    // Polling and a webhook exclude each other: the webhook is deleted before the first poll.
    const methods = standin.calls.map((c) => c.method);
    expect(methods.indexOf("deleteWebhook")).toBeGreaterThanOrEqual(0);
    expect(methods.indexOf("deleteWebhook")).toBeLessThan(methods.indexOf("getUpdates"));
    expect(standin.calls.find((c) => c.method === "getUpdates")!.params).toEqual({ timeout: "1" });
  });

  it("polls again at once after a 408 (empty poll) and still receives later updates", async () => {
    standin = await startZaloStandin({ maxPollMs: 50 });
    const events: InboundEvent[] = [];
    const ch = polling(standin, capture().log, { retryBaseMs: 60_000 });
    await ch.start(async (e) => { events.push(e); });
    await standin.waitFor(() => standin!.calls.filter((c) => c.failed === 408).length >= 2);
    standin.push(standin.textMessage(7, "sau khi chờ"));
    await standin.waitFor(() => events.length === 1);
    expect(events[0]!.body).toEqual({ type: "text", text: "sau khi chờ" });
    expect(ch.state()).toBe("polling");
  });

  it("a 408 sent with a string error_code (\"408\") is an empty poll too, not a back-off", async () => {
    standin = await startZaloStandin();
    const events: InboundEvent[] = [];
    // A back-off of a minute: were "408" read as an error, the update below would wait that long.
    const ch = polling(standin, capture().log, { retryBaseMs: 60_000, retryMaxMs: 60_000 });
    standin.failNext("getUpdates", { code: 408, asString: true, httpStatus: 200 }, 2);
    await ch.start(async (e) => { events.push(e); });
    await standin.waitFor(() => standin!.calls.filter((c) => c.method === "getUpdates" && c.failed === 408).length === 2);
    standin.push(standin.textMessage(7, "sau hai lần chờ"));
    await standin.waitFor(() => events.length === 1, 10_000);
    expect(ch.state()).toBe("polling");
  });

  it("a 403 at start-up is the platform's server error: tried again, and polling starts", async () => {
    standin = await startZaloStandin();
    const events: InboundEvent[] = [];
    const ch = polling(standin);
    standin.failNext("getMe", { code: 403 });
    standin.failNext("deleteWebhook", { code: 403 });
    await ch.start(async (e) => { events.push(e); });
    expect(ch.state()).toBe("polling");
    expect(standin.calls.filter((c) => c.failed === 403).map((c) => c.method)).toEqual(["getMe", "deleteWebhook"]);
    standin.push(standin.textMessage(3, "vẫn nhận"));
    await standin.waitFor(() => events.length === 1);
  });

  it("a 404 from deleteWebhook (a bot with no webhook) does not stop start-up", async () => {
    standin = await startZaloStandin();
    const events: InboundEvent[] = [];
    const ch = polling(standin);
    standin.failNext("deleteWebhook", { code: 404 });
    await ch.start(async (e) => { events.push(e); });
    expect(ch.state()).toBe("polling");
    standin.push(standin.textMessage(4, "có tin"));
    await standin.waitFor(() => events.length === 1);
  });

  it("backs off after other errors and keeps polling; a handler error does not stop it", async () => {
    standin = await startZaloStandin();
    const { log, text } = capture();
    const events: string[] = [];
    const ch = polling(standin, log);
    standin.failNext("getUpdates", { code: 500 }, 2);
    await ch.start(async (e) => {
      if (e.body.type === "text" && e.body.text === "hỏng") throw new Error("handler broke");
      events.push(e.eventId);
    });
    standin.push(standin.textMessage(1, "hỏng"), standin.textMessage(1, "tiếp"));
    await standin.waitFor(() => events.length === 1);
    expect(standin.calls.filter((c) => c.method === "getUpdates" && c.failed === 500)).toHaveLength(2);
    expect(text()).toContain("zalo getUpdates failed");
    expect(text()).toContain("zalo update could not be recorded; skipped");
    expect(text()).not.toContain(standin.token);
    expect(text()).not.toContain("SECRET");
  });

  it("normalises text to NFC", async () => {
    standin = await startZaloStandin();
    const events: InboundEvent[] = [];
    await polling(standin).start(async (e) => { events.push(e); });
    standin.push(standin.textMessage(5, "Tie\u0302\u0301n")); // decomposed "Tiến"
    await standin.waitFor(() => events.length === 1);
    expect(events[0]!.body).toEqual({ type: "text", text: "Tiến" });
  });

  it("drops group chats and messages from bots", async () => {
    standin = await startZaloStandin();
    const events: InboundEvent[] = [];
    await polling(standin).start(async (e) => { events.push(e); });
    standin.push(standin.textMessage(9, "nhóm", { chatType: "GROUP" }), standin.textMessage(9, "bot", { isBot: true }), standin.textMessage(9, "riêng"));
    await standin.waitFor(() => events.length === 1 && standin!.pending() === 0);
    await standin.waitFor(() => standin!.heldPolls() === 1);
    expect(events.map((e) => e.body)).toEqual([{ type: "text", text: "riêng" }]);
  });

  it("stop() aborts a held long poll promptly and resolves", async () => {
    standin = await startZaloStandin({ maxPollMs: 60_000 });
    const ch = polling(standin, capture().log, { pollTimeoutSec: 30 });
    await ch.start(async () => {});
    await standin.waitFor(() => standin!.heldPolls() === 1);
    const t0 = performance.now();
    await ch.stop();
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(ch.state()).toBe("stopped");
    await standin.waitFor(() => standin!.heldPolls() === 0);
    const polls = standin.calls.filter((c) => c.method === "getUpdates").length;
    standin.push(standin.textMessage(1, "sau khi dừng"));
    expect(standin.calls.filter((c) => c.method === "getUpdates").length).toBe(polls);
  });

  it("stop() during a start-up back-off returns at once", async () => {
    standin = await startZaloStandin();
    const ch = polling(standin, capture().log, { retryBaseMs: 60_000 });
    standin.failNext("getMe", { code: 500 });
    const started = ch.start(async () => {});
    await standin.waitFor(() => standin!.calls.some((c) => c.failed === 500));
    await ch.stop();
    await expect(started).resolves.toBeUndefined();
    expect(standin.calls.filter((c) => c.method === "getUpdates")).toHaveLength(0);
  });

  it("a wrong token at start-up gives ZaloRefusedError naming ZALO_BOT_TOKEN, without the token", async () => {
    standin = await startZaloStandin();
    const wrong = "999999:wrong-SECRET-token";
    channel = new ZaloChannel({ token: wrong, apiRoot: standin.apiRoot, log: capture().log, mode: "polling", retryBaseMs: 10 });
    const err = await channel.start(async () => {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZaloRefusedError);
    expect((err as Error).message).toContain("ZALO_BOT_TOKEN");
    expect((err as Error).message).toContain("401");
    expect((err as Error).message).not.toContain(wrong);
    expect(channel.state()).toBe("error");
  });
});
