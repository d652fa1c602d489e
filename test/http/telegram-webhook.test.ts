// Telegram by webhook against the real bot: the secret is checked, a body over the limit is
// refused, and an update delivered twice is handled once.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { rmSync } from "node:fs";
import { startHarness, type Harness } from "../helpers/harness.js";
import { call } from "./fixtures.js";

const SECRET = "webhook-secret-0123456789";
let h: Harness;

beforeEach(async () => {
  h = await startHarness({ env: { TELEGRAM_MODE: "webhook", PUBLIC_BASE_URL: "https://bot.example.vn", WEBHOOK_SECRET: SECRET, HTTP_BODY_LIMIT_KB: "4" } });
});
afterEach(async () => { await h.stop(); rmSync(h.dir, { recursive: true, force: true }); });

const post = (body: unknown, secret?: string) => call(`${h.bot.web!.url}/webhook/telegram`, {
  method: "POST", body: JSON.stringify(body),
  headers: { "content-type": "application/json", ...(secret === undefined ? {} : { "x-telegram-bot-api-secret-token": secret }) },
});
const recorded = () => (h.bot.db.$client.prepare("select count(*) as n from processed_events where channel = 'telegram'").get() as { n: number }).n
  + (h.bot.db.$client.prepare("select count(*) as n from inbound_events").get() as { n: number }).n;

describe("Telegram webhook", () => {
  it("registers the webhook with the secret at start-up instead of polling", () => {
    const set = h.standin.calls.find((c) => c.method === "setWebhook");
    expect(set?.params.url).toBe("https://bot.example.vn/webhook/telegram");
    expect(set?.params.secret_token).toBe(SECRET);
    expect(h.standin.calls.some((c) => c.method === "getUpdates")).toBe(false);
  });

  it("answers an update posted with the right secret, once even when posted twice", async () => {
    const code = h.invite("bao_cao", "dong-hung");
    const update = { update_id: 7001, ...h.standin.textMessage(701, `/start ${code}`) };
    expect((await post(update, SECRET)).status).toBe(200);
    expect((await post(update, SECRET)).status).toBe(200);
    const replies = await h.standin.waitForMessages(701, 1);
    await h.bot.settle();
    expect(replies[0]!.text).toContain("Đăng ký thành công");
    // A repeated /tiendo would be answered twice if the second delivery were handled.
    const before = h.standin.sentTo(701).length;
    const progress = { update_id: 7004, ...h.standin.textMessage(701, "/tiendo") };
    expect((await post(progress, SECRET)).status).toBe(200);
    expect((await post(progress, SECRET)).status).toBe(200);
    await h.standin.waitForMessages(701, before + 1);
    await h.bot.settle();
    expect(h.standin.sentTo(701).slice(before)).toHaveLength(1);
  });

  it("refuses a wrong or missing secret with 401 and records nothing", async () => {
    const update = { update_id: 7002, ...h.standin.textMessage(702, "/menu") };
    expect((await post(update, "wrong-secret-0123456789")).status).toBe(401);
    expect((await post(update)).status).toBe(401);
    await new Promise((r) => setTimeout(r, 50));
    expect(recorded()).toBe(0);
    expect(h.standin.sentTo(702)).toHaveLength(0);
  });

  it("refuses a body over the limit with 413 and records nothing", async () => {
    const update = { update_id: 7003, ...h.standin.textMessage(703, "x".repeat(8 * 1024)) };
    expect((await post(update, SECRET)).status).toBe(413);
    expect(recorded()).toBe(0);
  });
});

describe("Telegram webhook buttons", () => {
  it("takes the keyboard off a pressed message in webhook mode too, and ignores a press in a group", async () => {
    const code = h.invite("bao_cao", "dong-hung");
    await post({ update_id: 7101, ...h.standin.textMessage(711, `/start ${code}`) }, SECRET);
    await h.standin.waitForMessages(711, 2);
    await h.bot.settle();
    const menu = [...h.standin.calls].reverse().find((c) => c.method === "sendMessage" && String(c.params.text).startsWith("Xin chào"))!;
    const menuId = (menu.result as { message_id: number }).message_id;
    const group = { update_id: 7102, ...h.standin.callbackQuery(711, "cmd:form:tuyen_truyen") } as unknown as { callback_query: { message: Record<string, unknown> } };
    group.callback_query.message.chat = { id: -100711, type: "group", title: "Nhóm" };
    expect((await post(group, SECRET)).status).toBe(200);
    expect((await post({ update_id: 7103, ...h.standin.callbackQuery(711, "cmd:nhap", { messageId: menuId }) }, SECRET)).status).toBe(200);
    const edit = await h.standin.waitFor(() => h.standin.calls.find((c) => c.method === "editMessageReplyMarkup"));
    expect(edit.params).toMatchObject({ chat_id: 711, message_id: menuId, reply_markup: { inline_keyboard: [] } });
    await h.standin.waitFor(() => h.standin.sentTo(711).some((m) => m.text.startsWith("Chọn biểu mẫu")));
    await h.bot.settle();
    expect(h.standin.calls.filter((c) => c.method === "editMessageReplyMarkup")).toHaveLength(1);
    expect(h.standin.sentTo(711).some((m) => m.text.includes("(1/"))).toBe(false);
  });
});
