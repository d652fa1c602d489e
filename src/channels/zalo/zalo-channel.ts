// Zalo adapter over the Zalo Bot Platform (long polling or webhook). No buttons, no documents, no
// edits, 2000 characters a message: choices go out as a numbered list, long texts in parts.
import type { Outbound } from "../../conversation/types.js";
import { maskTokens, type Logger } from "../../log.js";
import {
  ChannelRefusedError, NotRecorded,
  SendError, splitText,
  type Channel, type ChannelCapabilities, type ChannelState, type EventHandler, type SendFailure, type WebhookReceiver,
} from "../channel.js";
import { choicesAsText } from "../choices-as-text.js";
import { ZaloApiError, ZaloClient, ZaloNetworkError } from "./zalo-client.js";
import { toInboundEvents } from "./zalo-events.js";

export interface ZaloOptions {
  token: string;
  apiRoot: string;
  log: Logger;
  mode: "polling" | "webhook";
  /** HTTPS address the platform posts to (webhook mode). */
  webhookUrl?: string;
  /** Sent back in X-Bot-Api-Secret-Token (webhook mode; 8–256 characters). */
  secret?: string;
  /** First wait after a failed call (doubles, capped by retryMaxMs); default 2 s. */
  retryBaseMs?: number;
  /** Longest wait between retries; default 60 s. */
  retryMaxMs?: number;
  /** getUpdates long-poll timeout in seconds; default 30 (shorter in tests). */
  pollTimeoutSec?: number;
  /** Stamps an update that carries no date; the app's clock. */
  clock?: () => Date;
  /** A sendMessage call is abandoned after this long (SEND_TIMEOUT_MS) and retried by the outbox. */
  sendTimeoutMs?: number;
}

/** Zalo refused to serve this bot (a wrong or revoked token), or refused the webhook address. */
export class ZaloRefusedError extends ChannelRefusedError {}

export const ZALO_MAX_TEXT = 2000;
// The 2,000 are characters (code points): an emoji is one.
export const ZALO_CAPABILITIES: ChannelCapabilities = { buttons: false, documents: false, editing: false, maxTextLength: ZALO_MAX_TEXT, countsCodePoints: true };
const DOWNLOAD_TIMEOUT_MS = 60_000;
const MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024;
const SECRET_HEADER = "x-bot-api-secret-token";

/**
 * A failed call as the outbox acts on it. As documented: 403 is "Internal server error" (retried,
 * not "blocked"), and 429 is "Quota exceeded", the plan's monthly quota, which comes back on the
 * 1st of the next month (Vietnamese time, from `now`: the app's clock).
 */
/** Vietnam is UTC+7 all year. */
const VN_OFFSET_MS = 7 * 3_600_000;

/** 00:00 on the 1st of the month after `now`'s, Vietnamese time: when a monthly quota starts again. */
export function nextQuotaPeriod(now: Date): Date {
  const v = new Date(now.getTime() + VN_OFFSET_MS);
  return new Date(Date.UTC(v.getUTCFullYear(), v.getUTCMonth() + 1, 1) - VN_OFFSET_MS);
}

export function classifyZaloError(err: unknown, now: Date): SendFailure {
  if (err instanceof ZaloApiError) {
    if (err.code === 429) return { kind: "quotaSpent", resumeAt: nextQuotaPeriod(now).getTime() };
    if (err.code === 403 || err.code === 408 || err.code >= 500) return { kind: "retryable" };
    if (err.code === 413) return { kind: "fatal", tooLarge: true };
    return { kind: "fatal" };
  }
  return { kind: "retryable" }; // network errors, timeouts
}

export class ZaloChannel implements Channel {
  readonly name = "zalo";
  readonly capabilities = ZALO_CAPABILITIES;
  readonly webhook?: WebhookReceiver;
  private readonly client: ZaloClient;
  private readonly abort = new AbortController();
  private current: ChannelState = "starting";
  private stopped = false;
  private loop: Promise<void> | undefined;

  private readonly clock: () => Date;

  constructor(private readonly o: ZaloOptions) {
    // Without one (a channel built alone, as some tests do), the wall clock: the plug-in passes the app's.
    this.clock = o.clock ?? (() => new Date());
    if (o.mode === "webhook") {
      if (!o.webhookUrl || !o.secret) throw new Error("ZaloChannel: webhook mode needs webhookUrl and secret");
      this.webhook = { secretHeader: SECRET_HEADER, secret: o.secret, parse: (body) => toInboundEvents(body, this.clock) };
    }
    this.client = new ZaloClient(o.token, o.apiRoot);
  }

  state(): ChannelState { return this.current; }

  /**
   * A Zalo photo arrives as a URL on Zalo's content servers: fetched as is. Only http(s) URLs,
   * and at most MAX_DOWNLOAD_BYTES (the body is read in chunks and cut off beyond it).
   */
  async download(fileId: string): Promise<Buffer> {
    let url: URL;
    try { url = new URL(fileId); } catch { throw new Error("Zalo photo: not a URL"); }
    if (url.protocol !== "https:" && url.protocol !== "http:") throw new Error(`Zalo photo: unsupported URL scheme ${url.protocol}`);
    const res = await fetch(url, { signal: AbortSignal.any([this.abort.signal, AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS)]) });
    if (!res.ok || !res.body) throw new Error(`Zalo photo: download answered ${res.status}`);
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body) {
      size += chunk.length;
      if (size > MAX_DOWNLOAD_BYTES) { await res.body.cancel().catch(() => undefined); throw new Error("Zalo photo: larger than 20 MB"); }
      chunks.push(Buffer.from(chunk));
    }
    return Buffer.concat(chunks);
  }

  /** Zalo has no links that open a bot with a start code. */
  inviteLink(_code: string): string | undefined { return undefined; }

  async start(onEvent: EventHandler): Promise<void> {
    // A ward's connection may not be up yet when the machine boots: keep trying, unless Zalo
    // itself refuses the token (401) or the webhook address (other 4xx). 403 is the platform's
    // own server error, tried again like a 5xx.
    const bot = await this.startupCall<{ account_name?: string; display_name?: string }>("getMe", {});
    if (this.stopped) return;
    if (this.o.mode === "webhook") {
      await this.startupCall("setWebhook", { url: this.o.webhookUrl, secret_token: this.o.secret });
      if (this.stopped) return;
      this.current = "webhook";
      this.o.log.info({ bot: bot?.account_name ?? bot?.display_name }, "zalo webhook registered");
      return;
    }
    // Polling and a webhook exclude each other: getUpdates fails while a webhook is set. A bot
    // that has none may answer 404 here ("no webhook"): nothing to delete.
    await this.startupCall("deleteWebhook", {}, { notFoundIsFine: true });
    if (this.stopped) return;
    this.current = "polling";
    this.o.log.info({ bot: bot?.account_name ?? bot?.display_name }, "zalo polling started");
    this.loop = this.poll(onEvent);
  }

  /** One start-up call, retried with back-off on network and server errors. */
  private async startupCall<T>(method: string, body: Record<string, unknown>, o: { notFoundIsFine?: boolean } = {}): Promise<T | undefined> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.client.call<T>(method, body, { signal: this.abort.signal });
      } catch (err) {
        if (this.stopped) return undefined;
        if (o.notFoundIsFine && err instanceof ZaloApiError && err.code === 404) return undefined;
        if (err instanceof ZaloApiError && err.code === 401) {
          this.current = "error";
          throw new ZaloRefusedError("Zalo từ chối ZALO_BOT_TOKEN (401): kiểm tra lại token của bot trong Zalo Bot Creator.");
        }
        if (err instanceof ZaloApiError && err.code >= 400 && err.code < 500 && ![403, 408, 429].includes(err.code)) {
          this.current = "error";
          throw new ZaloRefusedError(method === "setWebhook"
            ? `Zalo không nhận địa chỉ webhook ${this.o.webhookUrl} (${err.code}${err.description ? `: ${err.description}` : ""}): cần một địa chỉ HTTPS truy cập được từ Internet (PUBLIC_BASE_URL).`
            : `Zalo từ chối lệnh ${method} khi khởi động (${err.code}${err.description ? `: ${err.description}` : ""}).`);
        }
        const wait = this.backoff(attempt);
        this.o.log.warn({ err, attempt, waitMs: wait }, `zalo ${method} failed at start-up; trying again`);
        await this.sleep(wait);
      }
    }
  }

  /** One update per getUpdates; 408 means "nothing yet", so poll again at once. */
  private async poll(onEvent: EventHandler): Promise<void> {
    const timeoutSec = this.o.pollTimeoutSec ?? 30;
    let failures = 0;
    while (!this.stopped) {
      let result: unknown;
      try {
        result = await this.client.call<unknown>("getUpdates", { timeout: String(timeoutSec) },
          { signal: this.abort.signal, timeoutMs: timeoutSec * 1000 + 10_000 });
      } catch (err) {
        if (this.stopped) break;
        if (err instanceof ZaloApiError && err.code === 408) { failures = 0; this.current = "polling"; continue; }
        failures++;
        this.current = "error";
        const wait = this.backoff(failures);
        this.o.log.warn({ err, failures, waitMs: wait }, "zalo getUpdates failed; polling again after a pause");
        await this.sleep(wait);
        continue;
      }
      failures = 0;
      this.current = "polling";
      // One at a time, in order; the next getUpdates (which is what tells Zalo the update is taken)
      // waits until this one is recorded, however long the database cannot be written.
      for (const event of toInboundEvents(result, this.clock)) {
        try {
          await onEvent(event);
        } catch (err) {
          // Only when the bot stops while the database cannot be written: Zalo has handed it over already.
          if (err instanceof NotRecorded) this.o.log.error({ eventId: event.eventId }, "zalo update not recorded: the bot stopped while the database could not be written");
          // An event that can never be recorded must not stop polling.
          else this.o.log.error({ err, eventId: event.eventId }, "zalo update could not be recorded; skipped");
        }
      }
    }
  }

  private backoff(attempt: number): number {
    return Math.min(this.o.retryMaxMs ?? 60_000, (this.o.retryBaseMs ?? 2000) * 2 ** (attempt - 1));
  }

  /** A pause that stop() cuts short. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      if (this.abort.signal.aborted) { resolve(); return; }
      const done = () => { clearTimeout(timer); this.abort.signal.removeEventListener("abort", done); resolve(); };
      const timer = setTimeout(done, ms);
      this.abort.signal.addEventListener("abort", done, { once: true });
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.current = "stopped";
    this.abort.abort();
    await this.loop;
    this.loop = undefined;
  }

  async send(chatId: string, message: Outbound): Promise<void> {
    if (message.type === "document" || message.type === "image") {
      // The app sends a signed link on channels without documents; reaching here is a bug.
      throw new SendError({ kind: "fatal" }, `Zalo không gửi được tệp (${message.fileName}): hãy gửi đường dẫn tải về.`);
    }
    const plain = choicesAsText(message);
    const parts = splitText(plain.type === "text" ? plain.text : "", ZALO_MAX_TEXT, { codePoints: true }).filter((p) => p.trim() !== "");
    for (const part of parts) {
      try {
        await this.client.call("sendMessage", { chat_id: chatId, text: part }, this.o.sendTimeoutMs ? { timeoutMs: this.o.sendTimeoutMs } : {});
      } catch (err) {
        const why = err instanceof ZaloApiError || err instanceof ZaloNetworkError ? err.message : String(err);
        throw new SendError(classifyZaloError(err, this.clock()), maskTokens(why.split(this.o.token).join("<token>")));
      }
    }
  }
}
