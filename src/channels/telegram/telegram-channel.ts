// Telegram adapter on telegraf's API client, with our own long polling. Platform updates are normalised here into
// InboundEvents; nothing Telegram-specific passes this file.
import { Telegraf, TelegramError } from "telegraf";
import type { Update } from "telegraf/types";
import type { InboundEvent, Outbound } from "../../conversation/types.js";
import { maskTokens, type Logger } from "../../log.js";
import { pollUpdates } from "./telegram-polling.js";
import { pause } from "../../time/pause.js";
import { ChannelRefusedError, NotRecorded, SendError, splitText, type Channel, type ChannelCapabilities, type ChannelState, type EventHandler, type ReadyForMore, type SendFailure, type WebhookReceiver } from "../channel.js";

export interface TelegramOptions {
  token: string;
  apiRoot: string;
  log: Logger;
  /** First wait before trying Telegram again when it cannot be reached at start-up (doubles, ≤ 60 s). */
  retryBaseMs?: number;
  /** Shown in the clients' "/" menu. */
  commands?: { command: string; description: string }[];
  /** Receive by webhook at this URL (Telegram echoes the secret in X-Telegram-Bot-Api-Secret-Token); polling otherwise. */
  webhook?: { url: string; secret: string };
  /** The bot's @username when known in advance (BOT_USERNAME), for invite links. */
  username?: string;
  /** Stamps the events Telegram sends without a date (button presses); the app's clock. */
  clock?: () => Date;
  /** A call sending a message, or a file, is abandoned after this long (SEND_TIMEOUT_MS, DOCUMENT_TIMEOUT_MS) and retried. */
  sendTimeoutMs?: number;
  documentTimeoutMs?: number;
}

/** Telegram refused to serve this bot: a wrong token, or another process polling with it. */
export class TelegramRefusedError extends ChannelRefusedError {}

const MAX_TEXT = 4096;
/** Telegram keeps at most 64 bytes of callback_data per button. */
export const TELEGRAM_CAPABILITIES: ChannelCapabilities = { buttons: true, documents: true, images: true, editing: true, maxTextLength: MAX_TEXT, maxChoiceIdBytes: 64 };
const DOWNLOAD_TIMEOUT_MS = 60_000;
const SEND_TIMEOUT_MS = 30_000;
const DOCUMENT_TIMEOUT_MS = 120_000;
type CallSignal = NonNullable<Parameters<Telegraf["telegram"]["callApi"]>[2]>["signal"];
/** telegraf types its signal by the abort-controller package; node-fetch takes Node's own. */
const timeoutSignal = (ms: number): CallSignal => AbortSignal.timeout(ms) as unknown as CallSignal;

/**
 * Normalise one update; undefined for updates the bot does not act on. A press carries no date
 * of its own, so it is stamped by `now` (the injected clock); messages and edits carry theirs.
 */
export function toInboundEvent(update: Update, now: () => Date): InboundEvent | undefined {
  const eventId = String(update.update_id);
  if ("callback_query" in update && update.callback_query) {
    const q = update.callback_query;
    // Only presses on the bot's messages in a private chat: a button in a group is not acted on.
    if (!("data" in q) || !q.message || q.message.chat.type !== "private") return undefined;
    return {
      channel: "telegram", eventId, chatId: String(q.message.chat.id), userId: String(q.from.id),
      userName: [q.from.first_name, q.from.last_name].filter(Boolean).join(" "), at: now(),
      body: { type: "choice", id: q.data },
    };
  }
  if ("edited_message" in update && update.edited_message) {
    // A corrected message is not read again: the person is asked to type the answer anew.
    const m = update.edited_message;
    if (m.chat.type !== "private" || !m.from) return undefined;
    // When it was edited (edit_date), not when first sent; the clock only if the field is missing.
    const at = "edit_date" in m && typeof m.edit_date === "number" && Number.isFinite(m.edit_date) ? new Date(m.edit_date * 1000) : now();
    return { channel: "telegram", eventId, chatId: String(m.chat.id), userId: String(m.from.id),
      userName: [m.from.first_name, m.from.last_name].filter(Boolean).join(" "), at, body: { type: "unsupported", what: "edited" } };
  }
  if (!("message" in update) || !update.message) return undefined;
  const m = update.message;
  if (m.chat.type !== "private") return undefined;
  const from = m.from;
  if (!from) return undefined;
  const base = {
    channel: "telegram", eventId, chatId: String(m.chat.id), userId: String(from.id),
    userName: [from.first_name, from.last_name].filter(Boolean).join(" "), at: new Date(m.date * 1000),
  };
  if ("text" in m) return { ...base, body: { type: "text", text: m.text.normalize("NFC") } };
  if ("photo" in m && m.photo.length > 0) {
    const largest = m.photo[m.photo.length - 1]!;
    return { ...base, body: { type: "photo", fileId: largest.file_id, caption: m.caption } };
  }
  if ("location" in m && m.location && Number.isFinite(m.location.latitude) && Number.isFinite(m.location.longitude)) {
    return { ...base, body: { type: "location", latitude: m.location.latitude, longitude: m.location.longitude } };
  }
  const what = Object.keys(m).find((k) => ["sticker", "voice", "video", "document", "location", "contact", "audio", "animation"].includes(k)) ?? "other";
  return { ...base, body: { type: "unsupported", what } };
}

export function classifyTelegramError(err: unknown): SendFailure {
  if (err instanceof TelegramError) {
    const code = err.response.error_code;
    if (code === 429) return { kind: "throttled", retryAfterMs: (err.response.parameters?.retry_after ?? 1) * 1000 };
    if (code === 403) return { kind: "unreachable" };
    if (code >= 500) return { kind: "retryable" };
    if (code === 413) return { kind: "fatal", tooLarge: true };
    return { kind: "fatal" };
  }
  return { kind: "retryable" }; // network errors, and a call abandoned after its timeout
}

export class TelegramChannel implements Channel {
  readonly name = "telegram";
  readonly capabilities = TELEGRAM_CAPABILITIES;
  private readonly bot: Telegraf;
  private running: Promise<void> | undefined;
  private readonly abort = new AbortController();
  private readonly clock: () => Date;

  readonly webhook?: WebhookReceiver;

  constructor(private readonly o: TelegramOptions) {
    // Without one (a channel built alone, as some tests do), the wall clock: the plug-in passes the app's.
    this.clock = o.clock ?? (() => new Date());
    const apiRoot = o.apiRoot.replace(/\/+$/, "");
    this.bot = new Telegraf(o.token, { telegram: { apiRoot } });
    if (o.webhook) {
      this.webhook = {
        secretHeader: "x-telegram-bot-api-secret-token",
        secret: o.webhook.secret,
        parse: (body) => {
          const update = body as Update;
          if (typeof update !== "object" || update === null || typeof update.update_id !== "number") return [];
          // A press must be answered or the client keeps its spinner; answered before the work.
          if ("callback_query" in update && update.callback_query) {
            this.bot.telegram.answerCbQuery(update.callback_query.id).catch((err: unknown) => this.o.log.warn({ err }, "answerCallbackQuery failed"));
            this.removeKeyboard(update.callback_query);
          }
          const event = toInboundEvent(update, this.clock);
          return event ? [event] : [];
        },
      };
    }
  }

  /**
   * A used keyboard is taken off its message, so an old "✅ Lưu" cannot be pressed again. Best
   * effort and not awaited: the press is handled whether or not the edit succeeds.
   */
  private removeKeyboard(q: { message?: { chat: { id: number; type: string }; message_id: number } }): void {
    const m = q.message;
    if (!m || m.chat.type !== "private") return;
    this.bot.telegram.editMessageReplyMarkup(m.chat.id, m.message_id, undefined, { inline_keyboard: [] })
      .catch((err: unknown) => this.o.log.debug({ err: maskTokens(String(err)) }, "editMessageReplyMarkup failed"));
  }

  async start(onEvent: EventHandler, readyForMore?: ReadyForMore): Promise<void> {
    if (this.o.webhook) return this.startWebhook(this.o.webhook);
    // A ward's connection may not be up yet when the machine boots: keep trying, unless Telegram
    // itself refuses the token (401) or another process polls with it (409).
    for (let attempt = 1; ; attempt++) {
      try {
        this.bot.botInfo = await this.bot.telegram.getMe();
        // Polling and a webhook exclude each other; pending updates are kept.
        await this.bot.telegram.deleteWebhook({ drop_pending_updates: false });
        break;
      } catch (err) {
        if (err instanceof TelegramError && err.code === 401) throw new TelegramRefusedError("Telegram từ chối BOT_TOKEN (401): kiểm tra lại token lấy từ BotFather.");
        if (err instanceof TelegramError && err.code === 409) throw new TelegramRefusedError("Một tiến trình khác đang nhận tin bằng token này (409): chỉ chạy một bot cho mỗi token.");
        if (this.stopped) return;
        const wait = Math.min(60_000, (this.o.retryBaseMs ?? 2000) * 2 ** (attempt - 1));
        this.o.log.warn({ err, attempt, waitMs: wait }, "telegram not reachable at start-up; trying again");
        await this.sleep(wait);
        if (this.stopped) return;
      }
    }
    this.current = "polling";
    this.o.log.info("telegram polling started");
    this.running = pollUpdates({
      telegram: this.bot.telegram, signal: this.abort.signal, log: this.o.log, retryBaseMs: this.o.retryBaseMs ?? 2000,
      receive: (update) => this.receive(update, onEvent), ...(readyForMore ? { readyForMore } : {}),
      refused: () => { this.current = "error"; },
    });
    if (this.o.commands?.length) {
      await this.bot.telegram.setMyCommands(this.o.commands).catch((err: unknown) => this.o.log.warn({ err }, "setMyCommands failed"));
    }
  }

  /** True once the update is recorded (or is one the bot does not act on); false when it must not be acknowledged. */
  private async receive(update: Update, onEvent: EventHandler): Promise<boolean> {
    if ("callback_query" in update && update.callback_query) {
      // Answered at once so the client stops its spinner: it acknowledges nothing to the update queue.
      this.bot.telegram.answerCbQuery(update.callback_query.id).catch((err: unknown) => this.o.log.warn({ err }, "answerCallbackQuery failed"));
      this.removeKeyboard(update.callback_query);
    }
    const event = toInboundEvent(update, this.clock);
    if (!event) return true;
    try {
      await onEvent(event);
      return true;
    } catch (err) {
      if (err instanceof NotRecorded) return false;
      // The event itself cannot be recorded (not the store): holding it would hold every chat.
      this.o.log.error({ err, updateId: update.update_id }, "telegram update could not be recorded; skipped");
      return true;
    }
  }

  private sleep(ms: number): Promise<void> { return pause(ms, this.abort.signal); }

  /** Fetches the bot's @username (getMe) when it is not configured; offline, links are left out. */
  async prepareLinks(): Promise<void> {
    if (this.username) return;
    try { this.bot.botInfo = await this.bot.telegram.getMe(); } catch (err) { this.o.log.debug({ err: maskTokens(String(err)) }, "getMe failed; no invite link"); }
  }

  /** Registers the webhook (retrying while Telegram cannot be reached); updates then arrive at the HTTP server. */
  private async startWebhook(hook: { url: string; secret: string }): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        this.bot.botInfo = await this.bot.telegram.getMe();
        await this.bot.telegram.setWebhook(hook.url, { secret_token: hook.secret });
        this.current = "webhook";
        this.o.log.info("telegram webhook set");
        if (this.o.commands?.length) {
          await this.bot.telegram.setMyCommands(this.o.commands).catch((err: unknown) => this.o.log.warn({ err }, "setMyCommands failed"));
        }
        return;
      } catch (err) {
        if (err instanceof TelegramError && err.code === 401) throw new TelegramRefusedError("Telegram từ chối BOT_TOKEN (401): kiểm tra lại token lấy từ BotFather.");
        if (this.stopped) return;
        const wait = Math.min(60_000, (this.o.retryBaseMs ?? 2000) * 2 ** (attempt - 1));
        this.o.log.warn({ err: maskTokens(String(err)), attempt, waitMs: wait }, "telegram webhook could not be set; trying again");
        await new Promise((r) => setTimeout(r, wait));
      }
    }
  }

  private stopped = false;
  private current: ChannelState = "starting";

  state(): ChannelState { return this.current; }

  /** https://t.me/<bot>?start=<code>, once the bot's username is known. */
  inviteLink(code: string): string | undefined {
    return this.username ? `https://t.me/${this.username}?start=${code}` : undefined;
  }

  /** The bot's @username, known once started (for invite links). */
  get username(): string | undefined { return this.o.username ?? this.bot.botInfo?.username; }

  async stop(): Promise<void> {
    this.stopped = true;
    this.current = "stopped";
    this.abort.abort();
    await this.running;
    this.running = undefined;
  }

  /** getFile, then the file from <apiRoot>/file/bot<token>/<path> (a local Bot API server serves it the same way). */
  async download(fileId: string): Promise<Buffer> {
    try {
      const url = await this.bot.telegram.getFileLink(fileId);
      const res = await fetch(url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
      if (!res.ok) throw new Error(`file download answered ${res.status}`);
      return Buffer.from(await res.arrayBuffer());
    } catch (err) {
      // The file URL holds the token.
      throw new Error(maskTokens(err instanceof Error ? err.message : String(err)));
    }
  }

  async send(chatId: string, message: Outbound): Promise<void> {
    try {
      // callApi, not the helpers: only it takes an AbortSignal, and telegraf's own timeout is 500 s.
      if (message.type === "document") {
        await this.bot.telegram.callApi("sendDocument", { chat_id: chatId, document: { source: message.bytes, filename: message.fileName },
          ...(message.caption ? { caption: message.caption.slice(0, 1024) } : {}) },
        { signal: timeoutSignal(this.o.documentTimeoutMs ?? DOCUMENT_TIMEOUT_MS) });
        return;
      }
      if (message.type === "image") {
        await this.bot.telegram.callApi("sendPhoto", { chat_id: chatId, photo: { source: message.bytes, filename: message.fileName },
          ...(message.caption ? { caption: message.caption.slice(0, 1024) } : {}) },
        { signal: timeoutSignal(this.o.documentTimeoutMs ?? DOCUMENT_TIMEOUT_MS) });
        return;
      }
      const parts = splitText(message.text, MAX_TEXT);
      for (const [i, part] of parts.entries()) {
        const last = i === parts.length - 1;
        const keyboard = last && message.choices?.length
          ? { reply_markup: { inline_keyboard: message.choices.map((c) => [{ text: c.label, callback_data: c.id }]) } }
          : {};
        await this.bot.telegram.callApi("sendMessage", { chat_id: chatId, text: part, ...keyboard },
          { signal: timeoutSignal(this.o.sendTimeoutMs ?? SEND_TIMEOUT_MS) });
      }
    } catch (err) {
      // Network errors quote the request URL, which holds the token.
      throw new SendError(classifyTelegramError(err), maskTokens(err instanceof Error ? err.message : String(err)));
    }
  }
}
