import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Telegraf, TelegramError } from "telegraf";
import { startBotApiStandin, type BotApiStandin } from "./helpers/bot-api-standin.js";

let standin: BotApiStandin;
let bot: Telegraf;
let launching: Promise<unknown> | undefined;
let handled: number[];

beforeEach(async () => {
  standin = await startBotApiStandin();
  bot = new Telegraf(standin.token, { telegram: { apiRoot: standin.apiRoot } });
  handled = [];
  launching = undefined;
  bot.use(async (ctx, next) => {
    handled.push(ctx.update.update_id);
    await next();
  });
  bot.command("start", (ctx) => ctx.reply(`welcome ${ctx.from.first_name}`));
  bot.on("text", (ctx) => ctx.reply("echo: " + ctx.message.text, { reply_markup: { inline_keyboard: [[{ text: "OK", callback_data: "ok" }]] } }));
  bot.on("callback_query", async (ctx) => {
    await ctx.answerCbQuery();
    const data = "data" in ctx.callbackQuery ? ctx.callbackQuery.data : "?";
    await ctx.editMessageText(`clicked ${data}`);
  });
});

afterEach(async () => {
  if (launching) {
    // bot.stop() throws "Bot is not running!" until launch() reached startPolling (after getMe + deleteWebhook)
    await standin.waitFor(() => standin.calls.some((c) => c.method === "getUpdates"), 2000).catch(() => undefined);
    try {
      bot.stop("test end");
    } catch {
      /* not running */
    }
    await launching;
  }
  await standin.close();
});

/** launch() never resolves while polling: keep the promise and settle it in afterEach */
function launch(): void {
  launching = bot.launch().catch((err: unknown) => err);
}

/** resolves once the bot has a getUpdates request held open on the stand-in */
function pollHeld() {
  return standin.waitFor(() => standin.calls.find((c) => c.method === "getUpdates" && c.result === undefined));
}

describe("Bot API stand-in with a real telegraf bot", () => {
  it("serves getMe/deleteWebhook and long-polls updates; the bot echoes text and handles callbacks", async () => {
    launch();
    const [updateId] = standin.pushUpdates([standin.textMessage(42, "hello", { firstName: "Lan" })]);
    const [echo] = await standin.waitForMessages(42, 1);
    expect(echo).toEqual({
      method: "sendMessage",
      text: "echo: hello",
      replyMarkup: { inline_keyboard: [[{ text: "OK", callback_data: "ok" }]] },
    });
    expect(updateId).toBeTypeOf("number");
    expect(standin.calls.slice(0, 2).map((c) => c.method)).toEqual(["getMe", "deleteWebhook"]);

    // the callback query refers to the bot's last message in that chat
    standin.pushUpdates([standin.callbackQuery(42, "ok")]);
    await standin.waitFor(() => standin.sentTo(42).length >= 2);
    const sent = standin.sentTo(42);
    expect(sent.map((m) => [m.method, m.text])).toEqual([
      ["sendMessage", "echo: hello"],
      ["editMessageText", "clicked ok"],
    ]);
    const echoCall = standin.calls.find((c) => c.method === "sendMessage")!;
    const editCall = standin.calls.find((c) => c.method === "editMessageText")!;
    expect(editCall.params.message_id).toBe((echoCall.result as { message_id: number }).message_id);
    expect(standin.calls.some((c) => c.method === "answerCallbackQuery")).toBe(true);

    // commands carry a bot_command entity, so bot.command() matches
    standin.pushUpdates([standin.textMessage(42, "/start", { firstName: "Lan" })]);
    const all = await standin.waitForMessages(42, 2);
    expect(all[1]!.text).toBe("welcome Lan");

    // stickers/photos are not text: no reply, but they are delivered
    standin.pushUpdates([standin.sticker(42), standin.photo(42)]);
    await standin.waitFor(() => handled.length >= 5);
    expect(standin.sentTo(42)).toHaveLength(3);
  });

  it("delivers updates pushed together as one getUpdates batch", async () => {
    launch();
    await pollHeld(); // the bot is waiting in a long poll
    const ids = standin.pushUpdates([standin.textMessage(7, "one"), standin.textMessage(7, "two")]);
    const msgs = await standin.waitForMessages(7, 2);
    expect(msgs.map((m) => m.text).sort()).toEqual(["echo: one", "echo: two"]);
    const batches = standin.calls
      .filter((c) => c.method === "getUpdates" && Array.isArray(c.result) && c.result.length > 0)
      .map((c) => (c.result as Array<{ update_id: number }>).map((u) => u.update_id));
    expect(batches).toEqual([ids]);
    expect(handled.sort()).toEqual([...ids].sort());
  });

  it("records sendDocument uploads (multipart) with bytes, filename and caption", async () => {
    const markup = { inline_keyboard: [[{ text: "x", callback_data: "y" }]] };
    const msg = await bot.telegram.sendDocument(
      42,
      { source: Buffer.from("hello"), filename: "a.docx" },
      { caption: "cap", reply_markup: markup },
    );
    expect(msg.document.file_name).toBe("a.docx");
    expect(msg.document.file_size).toBe(5);
    expect(msg.document.mime_type).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    expect(msg.chat).toMatchObject({ id: 42, type: "private" });
    expect(standin.documents).toHaveLength(1);
    const doc = standin.documents[0]!;
    expect(doc.chatId).toBe("42");
    expect(doc.filename).toBe("a.docx");
    expect(doc.caption).toBe("cap");
    expect(doc.bytes.equals(Buffer.from("hello"))).toBe(true);
    const call = standin.calls.find((c) => c.method === "sendDocument")!;
    expect(call.params.document).toEqual({ filename: "a.docx", size: 5 });
    expect(call.params.reply_markup).toEqual(markup); // JSON string in multipart -> object
    expect(call.params).not.toHaveProperty("method");
    expect(await standin.waitForMessages(42, 1)).toEqual([{ method: "sendDocument", text: "cap", replyMarkup: markup }]);
  });

  it("injects 429 / 500 / 403 / 400 failures and blocked chats", async () => {
    standin.failNext("sendMessage", { code: 429, retryAfter: 7 });
    const err = await bot.telegram.sendMessage(5, "hi").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TelegramError);
    const te = err as TelegramError;
    expect(te.code).toBe(429);
    expect(te.parameters?.retry_after).toBe(7);
    expect(te.description).toBe("Too Many Requests: retry after 7");
    expect(standin.calls.at(-1)).toMatchObject({ method: "sendMessage", failed: 429 });

    // fault used up: the next call succeeds
    await expect(bot.telegram.sendMessage(5, "again")).resolves.toMatchObject({ text: "again" });
    expect(standin.sentTo(5).map((m) => m.text)).toEqual(["again"]);

    standin.failNext("*send*", { code: 500 }, 2);
    await expect(bot.telegram.sendDocument(5, { source: Buffer.from("x"), filename: "r.docx" })).rejects.toMatchObject({ code: 500 });
    await expect(bot.telegram.sendMessage(5, "x")).rejects.toMatchObject({ code: 500, description: "Internal Server Error" });
    expect(standin.documents).toHaveLength(0);

    standin.failNext("sendMessage", { code: 400, description: "Bad Request: chat not found" });
    await expect(bot.telegram.sendMessage(5, "x")).rejects.toMatchObject({ code: 400, description: "Bad Request: chat not found" });

    standin.blockChat(6);
    await expect(bot.telegram.sendMessage(6, "x")).rejects.toMatchObject({ code: 403, description: "Forbidden: bot was blocked by the user" });
    await expect(bot.telegram.sendMessage(5, "still fine")).resolves.toBeDefined();

    standin.onCall = (method) => (method === "setMyCommands" ? { code: 400, description: "Bad Request: custom" } : undefined);
    await expect(bot.telegram.setMyCommands([{ command: "start", description: "go" }])).rejects.toMatchObject({ code: 400 });
    standin.onCall = undefined;
    await expect(bot.telegram.setMyCommands([{ command: "start", description: "go" }])).resolves.toBe(true);
  });

  it("speaks plain HTTP: wrong token, urlencoded/GET bodies, long-poll timeout, close while polling", async () => {
    const bad = await fetch(`${standin.apiRoot}/botWRONG/getMe`);
    expect(bad.status).toBe(401);
    expect(await bad.json()).toEqual({ ok: false, error_code: 401, description: "Unauthorized" });

    const get = await fetch(`${standin.apiRoot}/bot${standin.token}/sendMessage?chat_id=9&text=q`);
    expect(await get.json()).toMatchObject({ ok: true, result: { chat: { id: 9 }, text: "q" } });
    const form = await fetch(`${standin.apiRoot}/bot${standin.token}/sendMessage`, {
      method: "POST",
      body: new URLSearchParams({ chat_id: "9", text: "u" }),
    });
    expect(await form.json()).toMatchObject({ ok: true, result: { text: "u" } });

    const t0 = Date.now();
    const empty = await fetch(`${standin.apiRoot}/bot${standin.token}/getUpdates?timeout=1`);
    expect(await empty.json()).toEqual({ ok: true, result: [] });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900);

    // confirmation by offset
    const [a, b] = standin.pushUpdates([standin.textMessage(1, "a"), standin.textMessage(1, "b")]);
    const r1 = (await (await fetch(`${standin.apiRoot}/bot${standin.token}/getUpdates?limit=1`)).json()) as { result: Array<{ update_id: number }> };
    expect(r1.result.map((u) => u.update_id)).toEqual([a]);
    const r2 = (await (await fetch(`${standin.apiRoot}/bot${standin.token}/getUpdates?offset=${b}`)).json()) as { result: Array<{ update_id: number }> };
    expect(r2.result.map((u) => u.update_id)).toEqual([b]);

    // a held poll is answered with [] when the stand-in closes
    const held = fetch(`${standin.apiRoot}/bot${standin.token}/getUpdates?offset=${b! + 1}&timeout=50`).then((r) => r.json());
    await pollHeld();
    const t1 = Date.now();
    await standin.close();
    expect(await held).toEqual({ ok: true, result: [] });
    expect(Date.now() - t1).toBeLessThan(10_000); // promptly, not after the poll's 50 s
  });
});
