// The Zalo Official Account channel: receives by webhook only (the address is registered by hand
// in Zalo's console), replies as consultation messages (/v3.0/oa/message/cs), 2,000 characters a
// message, no buttons (choices as numbered lists), documents uploaded and sent as file
// attachments, pictures (charts) uploaded and sent as images (oa-image.ts). Zalo accepts a
// consultation message only within 7 days of the person's last interaction (free within 48 h):
// -230 becomes SendFailure windowClosed, never retried.
import type { Db } from "../../db/client.js";
import type { Outbound } from "../../conversation/types.js";
import { maskTokens, type Logger } from "../../log.js";
import {
  SendError,
  type Channel, type ChannelCapabilities, type ChannelState, type EventHandler, type WebhookReceiver,
} from "../channel.js";
import { choicesAsText } from "../choices-as-text.js";
import { OaApiError, OaClient, OaNetworkError } from "./oa-client.js";
import { classifyOaError, sendFailureOf } from "./oa-errors.js";
import { attachmentIdOf, IMAGE_UPLOAD_PATH, imageContentType, imageMessageBody, imageRefusal } from "./oa-image.js";
import { OA_CHANNEL, parseOaBody } from "./oa-events.js";
import { recordUnfollow, tellOfficeReauthorise } from "./oa-office.js";
import { isRegistrationProbe, SIGNATURE_HEADER, signatureMatches } from "./oa-signature.js";
import { TEMPLATE_PATH, templateBody } from "./oa-template.js";
import { NoAccessToken, OaTokens } from "./oa-tokens.js";

export const OA_MAX_TEXT = 2000;
/** Upload limits (zalo-platforms.md 4.1): PDF, DOC, DOCX up to 5 MB. */
export const OA_MAX_FILE_BYTES = 5 * 1024 * 1024;
const OA_FILE_TYPES = /\.(pdf|docx?)$/i;
export const OA_CAPABILITIES: ChannelCapabilities = {
  buttons: false, documents: true, documentTypes: [".pdf", ".doc", ".docx"], images: true, editing: false, maxTextLength: OA_MAX_TEXT,
  interactionWindow: { freeHours: 48, maxHours: 168 },
};
/** Zalo retries a webhook not answered within 2 s: the record must be done well before. */
const ANSWER_WITHIN_MS = 1500;
const DOWNLOAD_TIMEOUT_MS = 60_000;
const PROFILE_PATH = "/v3.0/oa/user/detail";
/** Names remembered at most (the map is emptied past it: a ward has a few hundred people). */
const MAX_NAMES = 10_000;
const MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024;

export interface ZaloOaOptions {
  appId: string;
  appSecret: string;
  secretKey: string;
  refreshToken: string;
  oaId?: string;
  apiRoot: string;
  oauthRoot: string;
  db: Db;
  log: Logger;
  clock: () => Date;
  /** One call sending a message gives up after this long (SEND_TIMEOUT_MS); an upload after twice it. */
  sendTimeoutMs?: number;
  /** ZALO_OA_REMINDER_TEMPLATE_ID: reminders reach a person past the 7-day window as this template. */
  reminderTemplateId?: string;
}

/** Split at `max` characters (code points, never half of one), at line breaks where possible. */
export function splitByCharacters(text: string, max: number): string[] {
  const chars = [...text];
  if (chars.length <= max) return [text];
  const parts: string[] = [];
  let rest = chars;
  while (rest.length > max) {
    const window = rest.slice(0, max);
    const cut = window.lastIndexOf("\n");
    const end = cut > 0 ? cut : max;
    parts.push(rest.slice(0, end).join(""));
    rest = rest.slice(cut > 0 ? end + 1 : end);
  }
  if (rest.length > 0) parts.push(rest.join(""));
  return parts.filter((p) => p.trim() !== "");
}

export class ZaloOaChannel implements Channel {
  readonly name = OA_CHANNEL;
  readonly capabilities: ChannelCapabilities;
  readonly webhook: WebhookReceiver;
  private readonly client: OaClient;
  private readonly tokens: OaTokens;
  private readonly abort = new AbortController();
  private current: ChannelState = "starting";
  /** Display names from the profile API: events carry none, and a name is wanted at registration. */
  private readonly names = new Map<string, string>();
  private readonly asking = new Set<string>();

  constructor(private readonly o: ZaloOaOptions) {
    this.capabilities = o.reminderTemplateId ? { ...OA_CAPABILITIES, templateReminders: true } : OA_CAPABILITIES;
    this.client = new OaClient(o.apiRoot, o.oauthRoot);
    this.tokens = new OaTokens({
      db: o.db, channel: OA_CHANNEL, client: this.client, appId: o.appId, appSecret: o.appSecret, seed: o.refreshToken,
      clock: o.clock, log: o.log, onDead: (now) => tellOfficeReauthorise(o.db, OA_CHANNEL, now),
    });
    this.webhook = {
      secretHeader: SIGNATURE_HEADER, secret: "",
      answerWithinMs: ANSWER_WITHIN_MS,
      verify: (raw, headers) => isRegistrationProbe(raw, headers) || signatureMatches(raw, headers, o.appId, o.secretKey),
      parse: (body) => this.parse(body),
    };
  }

  state(): ChannelState {
    if (this.current === "stopped") return this.current;
    try { return this.tokens.dead() ? "error" : this.current; } catch { return "error"; }
  }

  async start(_onEvent: EventHandler): Promise<void> {
    // Events arrive by the HTTP server's webhook route; nothing to register with Zalo from here.
    this.current = "webhook";
    // A token now rather than at the first reply; a failure here is not fatal (the sends retry).
    try {
      await this.tokens.accessToken();
    } catch (err) {
      this.o.log.warn({ err: this.mask(err) }, "zalo-oa: no access token at start-up; sends will try again");
    }
    this.o.log.info({ dead: this.tokens.dead() }, "zalo-oa webhook ready");
  }

  async stop(): Promise<void> {
    this.current = "stopped";
    this.abort.abort();
  }

  inviteLink(_code: string): string | undefined { return undefined; }

  /** The body's events; an unfollow is recorded here at once (before the 200), being no message. */
  private parse(body: unknown) {
    const parsed = parseOaBody(body, this.o.clock, this.o.oaId);
    for (const u of parsed.unfollowed) {
      // Written at the bot's time: the event's own may be ahead or behind, and would hold the notice.
      const r = recordUnfollow(this.o.db, OA_CHANNEL, u.userId, this.o.clock());
      this.o.log.info({ outcome: r }, "zalo-oa: a person unfollowed the OA");
    }
    for (const e of parsed.events) {
      const name = this.names.get(e.userId);
      if (name) e.userName = name;
      else this.learnName(e.userId);
    }
    return parsed.events;
  }

  /**
   * Asks Zalo for the person's display name in the background (never holding the webhook's
   * answer); a follow usually comes first, so the name is known by the time they register.
   */
  private learnName(userId: string): void {
    if (this.asking.has(userId) || this.current === "stopped") return;
    this.asking.add(userId);
    if (this.names.size > MAX_NAMES) this.names.clear();
    void this.call(PROFILE_PATH, (token) => this.client.get<{ display_name?: unknown }>(PROFILE_PATH, token, { user_id: userId }, this.timeout(1)))
      .then((data) => { if (typeof data?.display_name === "string" && data.display_name.trim()) this.names.set(userId, data.display_name.normalize("NFC").trim()); })
      .catch((err: unknown) => this.o.log.debug({ err: this.mask(err) }, "zalo-oa: profile not read"))
      .finally(() => this.asking.delete(userId));
  }

  /** A photo a person sent: its URL on Zalo's content servers, fetched (http(s) only, at most 20 MB). */
  async download(fileId: string): Promise<Buffer> {
    let url: URL;
    try { url = new URL(fileId); } catch { throw new Error("Zalo OA photo: not a URL"); }
    if (url.protocol !== "https:" && url.protocol !== "http:") throw new Error(`Zalo OA photo: unsupported URL scheme ${url.protocol}`);
    const res = await fetch(url, { signal: AbortSignal.any([this.abort.signal, AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS)]) });
    if (!res.ok || !res.body) throw new Error(`Zalo OA photo: download answered ${res.status}`);
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body) {
      size += chunk.length;
      if (size > MAX_DOWNLOAD_BYTES) { await res.body.cancel().catch(() => undefined); throw new Error("Zalo OA photo: larger than 20 MB"); }
      chunks.push(Buffer.from(chunk));
    }
    return Buffer.concat(chunks);
  }

  async send(chatId: string, message: Outbound): Promise<void> {
    if (message.type === "document") return this.sendDocument(chatId, message);
    if (message.type === "image") return this.sendImage(chatId, message);
    const templateId = this.o.reminderTemplateId;
    if (message.template && templateId) {
      // A reminder: free text while the window is open, the template once it is closed (known, or answered -230).
      const template = message.template;
      const asTemplate = () => this.call(TEMPLATE_PATH, (token) => this.client.post(TEMPLATE_PATH, token, templateBody(chatId, templateId, template), this.timeout(1)));
      if (template.windowClosed) { await asTemplate(); return; }
      try {
        await this.sendText(chatId, message);
      } catch (err) {
        if (!(err instanceof SendError) || err.failure.kind !== "windowClosed") throw err;
        await asTemplate();
      }
      return;
    }
    await this.sendText(chatId, message);
  }

  private async sendText(chatId: string, message: Extract<Outbound, { type: "text" }>): Promise<void> {
    const plain = choicesAsText(message);
    for (const part of splitByCharacters(plain.type === "text" ? plain.text : "", OA_MAX_TEXT)) {
      await this.call("/v3.0/oa/message/cs", (token) => this.client.post(
        "/v3.0/oa/message/cs", token, { recipient: { user_id: chatId }, message: { text: part } }, this.timeout(1)));
    }
  }

  /**
   * Uploaded, then sent as a file attachment. A file Zalo does not take (type, over 5 MB, refused
   * as too large) fails as fatal: the outbox then gives the person a signed link (give-up.ts).
   */
  private async sendDocument(chatId: string, doc: Extract<Outbound, { type: "document" }>): Promise<void> {
    if (!OA_FILE_TYPES.test(doc.fileName)) throw new SendError({ kind: "fatal" }, `Zalo OA chỉ nhận tệp PDF, DOC, DOCX (${doc.fileName})`);
    if (doc.bytes.length > OA_MAX_FILE_BYTES) throw new SendError({ kind: "fatal", tooLarge: true }, `Zalo OA nhận tệp tối đa 5 MB (${doc.fileName}: ${doc.bytes.length} byte)`);
    const uploaded = await this.call("/v2.0/oa/upload/file", (token) => {
      const form = new FormData();
      form.append("file", new Blob([new Uint8Array(doc.bytes)], { type: contentTypeOf(doc.fileName) }), doc.fileName);
      return this.client.post<{ token?: unknown; attachment_id?: unknown }>("/v2.0/oa/upload/file", token, form, this.timeout(2));
    });
    // The docs and SDKs say data.token; one client reads attachment_id (the same thing, newer name).
    const fileToken = typeof uploaded?.token === "string" && uploaded.token ? uploaded.token
      : typeof uploaded?.attachment_id === "string" && uploaded.attachment_id ? uploaded.attachment_id : undefined;
    if (!fileToken) throw new SendError({ kind: "retryable" }, "Zalo OA upload: no file token in the answer");
    await this.call("/v3.0/oa/message/cs", (token) => this.client.post("/v3.0/oa/message/cs", token,
      { recipient: { user_id: chatId }, message: { attachment: { type: "file", payload: { token: fileToken } } } }, this.timeout(1)));
    if (doc.caption) {
      // The file is delivered: a failed caption must not send it again.
      await this.send(chatId, { type: "text", text: doc.caption }).catch((err: unknown) => this.o.log.warn({ err: this.mask(err) }, "zalo-oa: the caption after a file was not sent"));
    }
  }

  /**
   * Uploaded as an image, then sent as a media template with the caption as its title. One Zalo
   * does not take (type, over 1 MB, refused) fails as fatal: the outbox then sends a signed link.
   */
  private async sendImage(chatId: string, image: Extract<Outbound, { type: "image" }>): Promise<void> {
    const refused = imageRefusal(image.fileName, image.bytes.length);
    if (refused) throw new SendError(refused.tooLarge ? { kind: "fatal", tooLarge: true } : { kind: "fatal" }, refused.reason);
    const uploaded = await this.call(IMAGE_UPLOAD_PATH, (token) => {
      const form = new FormData();
      form.append("file", new Blob([new Uint8Array(image.bytes)], { type: imageContentType(image.fileName) }), image.fileName);
      return this.client.post<{ attachment_id?: unknown }>(IMAGE_UPLOAD_PATH, token, form, this.timeout(2));
    });
    const attachmentId = attachmentIdOf(uploaded);
    if (!attachmentId) throw new SendError({ kind: "retryable" }, "Zalo OA image upload: no attachment_id in the answer");
    const caption = image.caption?.trim() ? image.caption : undefined;
    const asTitle = caption !== undefined && [...caption].length <= OA_MAX_TEXT;
    await this.call("/v3.0/oa/message/cs", (token) => this.client.post("/v3.0/oa/message/cs", token,
      imageMessageBody(chatId, attachmentId, asTitle ? caption : undefined), this.timeout(1)));
    if (caption !== undefined && !asTitle) {
      // The picture is delivered: a failed caption must not send it again.
      await this.send(chatId, { type: "text", text: caption }).catch((err: unknown) => this.o.log.warn({ err: this.mask(err) }, "zalo-oa: the caption after a picture was not sent"));
    }
  }

  /** One API call with the access token; once more after a refresh when Zalo says it is invalid or expired. */
  private async call<T>(path: string, fn: (token: string) => Promise<T>): Promise<T> {
    let token: string;
    try {
      token = await this.tokens.accessToken();
    } catch (err) {
      throw this.failure(err, path);
    }
    try {
      return await fn(token);
    } catch (err) {
      if (!(err instanceof OaApiError) || classifyOaError(err.code) !== "refresh") throw this.failure(err, path);
      this.o.log.info({ code: err.code }, "zalo-oa: access token refused; refreshing once");
      try {
        const fresh = await this.tokens.renew(token);
        return await fn(fresh);
      } catch (again) {
        throw this.failure(again, path);
      }
    }
  }

  private failure(err: unknown, path: string): SendError {
    if (err instanceof SendError) return err;
    if (err instanceof OaApiError) return new SendError(sendFailureOf(classifyOaError(err.code), err.code), this.mask(err));
    if (err instanceof NoAccessToken || err instanceof OaNetworkError) return new SendError({ kind: "retryable" }, this.mask(err));
    return new SendError({ kind: "retryable" }, `Zalo OA ${path}: ${this.mask(err)}`);
  }

  private timeout(factor: number): { timeoutMs?: number; signal: AbortSignal } {
    return { signal: this.abort.signal, ...(this.o.sendTimeoutMs ? { timeoutMs: this.o.sendTimeoutMs * factor } : {}) };
  }

  private mask(err: unknown): string {
    const s = err instanceof Error ? err.message : String(err);
    return maskTokens([this.o.appSecret, this.o.secretKey, this.o.refreshToken].reduce((t, secret) => t.split(secret).join("<secret>"), s));
  }
}

function contentTypeOf(fileName: string): string {
  if (/\.pdf$/i.test(fileName)) return "application/pdf";
  if (/\.docx$/i.test(fileName)) return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
  return "application/msword";
}
