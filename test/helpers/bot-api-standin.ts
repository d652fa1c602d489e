/**
 * A real HTTP stand-in for the Telegram Bot API, listening on 127.0.0.1.
 *
 * Point a telegraf bot at it with
 *   new Telegraf(standin.token, { telegram: { apiRoot: standin.apiRoot } })
 * and drive it by pushing updates (served through genuine long polling on
 * getUpdates) and inspecting the recorded calls.
 *
 * Only Node built-ins are used. Multipart bodies are parsed with the global
 * `Request#formData()` (undici, Node 20).
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";

export interface RecordedCall {
  method: string;
  params: Record<string, unknown>;
  at: number; // Date.now() when the request arrived
  /** HTTP/Telegram error code when the call was answered with an error. */
  failed?: number;
  /** For getUpdates: the updates that were returned (set once the poll is answered). */
  result?: unknown;
  /** Date.now() when the client closed the request before it was answered (it gave up, or died). */
  abandonedAt?: number;
}

export interface SentDocument {
  chatId: string;
  filename: string;
  bytes: Buffer;
  caption?: string;
  mimeType?: string;
}

export interface SentMessage {
  method: string;
  text: string;
  replyMarkup?: unknown;
  at: number;
}

export type InjectedError =
  | { code: 429; retryAfter: number }
  | { code: 500 }
  | { code: 403 }
  | { code: 400; description?: string }
  | { code: 413; description?: string };

export interface CustomResponse {
  code: number;
  description?: string;
  retryAfter?: number;
}

export interface UpdateOpts {
  firstName?: string;
  updateId?: number;
  /** The message's own send time, whole seconds since the epoch as Telegram gives it; default: now. */
  date?: number;
}

export interface BotApiStandin {
  /** e.g. "http://127.0.0.1:PORT" — what the bot passes as telegram.apiRoot */
  apiRoot: string;
  /** default "123456:TEST-token" */
  token: string;
  /** every API call in order (including getUpdates) */
  calls: RecordedCall[];
  /** queue updates for the bot; update_id auto-increments unless given; returns the update_ids */
  pushUpdates(updates: Array<Record<string, unknown>>): number[];
  /** a private-chat text message from user `userId` (chat id = user id) */
  textMessage(userId: number, text: string, opts?: UpdateOpts): Record<string, unknown>;
  /** a callback query; `message` defaults to the last message the bot sent to that chat */
  callbackQuery(
    userId: number,
    data: string,
    opts?: { messageId?: number; updateId?: number; firstName?: string },
  ): Record<string, unknown>;
  sticker(userId: number, opts?: UpdateOpts): Record<string, unknown>;
  /** A photo in three sizes; the largest holds `bytes` (random JPEG-like bytes by default), served by getFile. */
  photo(userId: number, opts?: UpdateOpts & { caption?: string; bytes?: Buffer }): Record<string, unknown>;
  /** A shared location (message.location). */
  location(userId: number, latitude: number, longitude: number, opts?: UpdateOpts): Record<string, unknown>;
  /** The bytes served for a file id (photos pushed with photo()), as getFile and /file/bot<token>/<path> serve them. */
  fileBytes(fileId: string): Buffer | undefined;
  /** Files downloaded through /file/bot<token>/<path>, in order. */
  downloads: Array<{ filePath: string; size: number }>;
  /** successful sendMessage / editMessageText calls to a chat, in order */
  sentTo(chatId: number | string): SentMessage[];
  /** successful sendDocument uploads, in order */
  documents: SentDocument[];
  /** successful sendPhoto uploads (a chart), in order */
  photos: SentDocument[];
  /** poll `pred` every `intervalMs` (10) ms until it returns something other than undefined/null/false */
  waitFor<T>(pred: () => T | undefined | null | false, timeoutMs?: number, intervalMs?: number): Promise<T>;
  /** wait until at least n successful sendMessage/sendDocument calls went to chatId; returns all of them */
  waitForMessages(
    chatId: number | string,
    n: number,
    timeoutMs?: number,
  ): Promise<Array<{ method: string; text: string; replyMarkup?: unknown }>>;
  /**
   * The next `times` (default 1) calls of `method` answer with `error`.
   * "*send*" matches every send* method except sendChatAction.
   */
  failNext(method: string, error: InjectedError, times?: number): void;
  /** every call carrying this chat_id answers 403 "Forbidden: bot was blocked by the user" */
  blockChat(chatId: number | string): void;
  /** the person unblocked the bot */
  unblockChat(chatId: number | string): void;
  /** decide an (error) response before default handling; return undefined for default */
  onCall?: (method: string, params: Record<string, unknown>) => CustomResponse | undefined;
  /** Calls of `method` to this chat are answered only after `ms` (a slow chat). */
  delayChat(chatId: number | string, ms: number, method?: string): void;
  /**
   * The next call of `method` whose params match is held unanswered until `release()` (forever
   * if never released: a request in flight when the bot dies). `arrived` resolves when it comes.
   */
  holdNext(method: string, match?: (params: Record<string, unknown>) => boolean): { arrived: Promise<RecordedCall>; release(): void };
  /** The n-th call of `method` from now (1 = the next) answers with `error`. */
  failNth(method: string, n: number, error: InjectedError): void;
  close(): Promise<void>;
}

const BOT_USER = { id: 123456, is_bot: true, first_name: "Test bot", username: "test_bot" } as const;

const JSON_FIELDS = ["reply_markup", "results", "mask_position", "shipping_options", "errors", "media", "allowed_updates", "commands", "scope", "link_preview_options", "reply_parameters", "entities", "caption_entities"];

const TRUE_METHODS = new Set([
  "deleteWebhook",
  "setWebhook",
  "setMyCommands",
  "deleteMyCommands",
  "answerCallbackQuery",
  "sendChatAction",
  "deleteMessage",
  "deleteMessages",
  "setChatMenuButton",
  "setMyDescription",
  "setMyShortDescription",
  "setMyName",
  "pinChatMessage",
  "unpinChatMessage",
  "logOut",
  "close",
]);

const MIME_BY_EXT: Record<string, string> = {
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  pdf: "application/pdf",
  csv: "text/csv",
  txt: "text/plain",
  json: "application/json",
  zip: "application/zip",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  png: "image/png",
};

function guessMime(filename: string): string {
  const ext = filename.includes(".") ? filename.split(".").pop()!.toLowerCase() : "";
  return MIME_BY_EXT[ext] ?? "application/octet-stream";
}

function defaultDescription(code: number): string {
  switch (code) {
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden: bot was blocked by the user";
    case 404:
      return "Not Found";
    case 409:
      return "Conflict: terminated by other getUpdates request";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 502:
      return "Bad Gateway";
    default:
      return http.STATUS_CODES[code] ?? "Error";
  }
}

/** An uploaded file part, as it arrives in a multipart body. */
interface UploadedFile {
  __file: true;
  filename: string;
  bytes: Buffer;
  type: string;
}

function isUploadedFile(v: unknown): v is UploadedFile {
  return typeof v === "object" && v !== null && (v as { __file?: unknown }).__file === true;
}

function isSendMethod(method: string): boolean {
  return method.startsWith("send") && method !== "sendChatAction";
}

function fileId(): string {
  return "BQACAgIAAx" + randomBytes(18).toString("base64url");
}

function uniqueId(): string {
  return "AgAD" + randomBytes(6).toString("base64url");
}

interface HeldPoll {
  offset: number;
  limit: number;
  call: RecordedCall;
  timer: NodeJS.Timeout;
  answer: (updates: Array<Record<string, unknown>>) => void;
}

interface StoredMessage {
  text?: string;
  replyMarkup?: unknown;
}

export async function startBotApiStandin(opts: { token?: string } = {}): Promise<BotApiStandin> {
  const token = opts.token ?? "123456:TEST-token";
  const calls: RecordedCall[] = [];
  const documents: SentDocument[] = [];
  const photos: SentDocument[] = [];
  const pending: Array<Record<string, unknown> & { update_id: number }> = [];
  const held = new Set<HeldPoll>();
  const failures: Array<{ method: string; error: InjectedError; left: number }> = [];
  const blocked = new Set<string>();
  const lastMessageId = new Map<string, number>(); // per-chat message counter (both directions)
  const botMessages = new Map<string, StoredMessage>(); // `${chat}:${message_id}` -> content
  const inflight = new Set<http.ServerResponse>();
  let nextUpdateId = 1000;
  let flushScheduled = false;
  let closed = false;

  const nowSec = () => Math.floor(Date.now() / 1000);

  function nextMessageId(chatId: string): number {
    const id = (lastMessageId.get(chatId) ?? 0) + 1;
    lastMessageId.set(chatId, id);
    return id;
  }

  function chatObject(chatId: unknown): Record<string, unknown> {
    const raw = String(chatId);
    const num = Number(raw);
    if (Number.isFinite(num) && raw.trim() !== "") {
      return num > 0 ? { id: num, type: "private", first_name: `User ${num}` } : { id: num, type: "supergroup", title: `Group ${num}` };
    }
    return { id: -1001234567890, type: "channel", title: raw, username: raw.replace(/^@/, "") };
  }

  function userObject(userId: number, firstName?: string): Record<string, unknown> {
    return { id: userId, is_bot: false, first_name: firstName ?? `User ${userId}`, language_code: "vi" };
  }

  function privateChat(userId: number, firstName?: string): Record<string, unknown> {
    return { id: userId, type: "private", first_name: firstName ?? `User ${userId}` };
  }

  // ---------------------------------------------------------------- updates

  function takeBatch(offset: number, limit: number): Array<Record<string, unknown>> {
    // confirmed updates are forgotten
    if (offset > 0) {
      while (pending.length > 0 && pending[0]!.update_id < offset) pending.shift();
    }
    return pending.filter((u) => u.update_id >= offset).slice(0, limit);
  }

  function flushHeld(): void {
    flushScheduled = false;
    for (const poll of [...held]) {
      const batch = takeBatch(poll.offset, poll.limit);
      if (batch.length > 0) poll.answer(batch);
    }
  }

  function pushUpdates(updates: Array<Record<string, unknown>>): number[] {
    const ids: number[] = [];
    for (const u of updates) {
      const given = typeof u.update_id === "number" ? u.update_id : undefined;
      const id = given ?? nextUpdateId;
      nextUpdateId = Math.max(nextUpdateId, id + 1);
      const update = { ...u, update_id: id };
      // keep the queue ordered by update_id
      let i = pending.length;
      while (i > 0 && pending[i - 1]!.update_id > id) i--;
      pending.splice(i, 0, update);
      ids.push(id);
    }
    // answer a waiting poll on the next tick so that all updates pushed together form ONE batch
    if (!flushScheduled && held.size > 0) {
      flushScheduled = true;
      setImmediate(flushHeld);
    }
    return ids;
  }

  function withUpdateId(update: Record<string, unknown>, updateId?: number): Record<string, unknown> {
    return updateId === undefined ? update : { update_id: updateId, ...update };
  }

  function incomingMessage(userId: number, firstName: string | undefined, extra: Record<string, unknown>, date?: number): Record<string, unknown> {
    return {
      message_id: nextMessageId(String(userId)),
      from: userObject(userId, firstName),
      chat: privateChat(userId, firstName),
      date: date ?? nowSec(),
      ...extra,
    };
  }

  function textMessage(userId: number, text: string, o: UpdateOpts = {}): Record<string, unknown> {
    const extra: Record<string, unknown> = { text };
    const cmd = /^\/[A-Za-z0-9_]+(@[A-Za-z0-9_]+)?/.exec(text);
    if (cmd) extra.entities = [{ offset: 0, length: cmd[0].length, type: "bot_command" }];
    return withUpdateId({ message: incomingMessage(userId, o.firstName, extra, o.date) }, o.updateId);
  }

  function callbackQuery(userId: number, data: string, o: { messageId?: number; updateId?: number; firstName?: string } = {}): Record<string, unknown> {
    const chat = String(userId);
    const messageId = o.messageId ?? lastBotMessageId(chat) ?? 1;
    const stored = botMessages.get(`${chat}:${messageId}`);
    const message: Record<string, unknown> = {
      message_id: messageId,
      from: { ...BOT_USER },
      chat: privateChat(userId, o.firstName),
      date: nowSec(),
      text: stored?.text ?? "",
    };
    if (stored?.replyMarkup !== undefined) message.reply_markup = stored.replyMarkup;
    return withUpdateId(
      {
        callback_query: {
          id: String(BigInt.asUintN(63, BigInt("0x" + randomBytes(8).toString("hex")))),
          from: userObject(userId, o.firstName),
          message,
          chat_instance: String(-userId * 7919),
          data,
        },
      },
      o.updateId,
    );
  }

  function sticker(userId: number, o: UpdateOpts = {}): Record<string, unknown> {
    return withUpdateId(
      {
        message: incomingMessage(userId, o.firstName, {
          sticker: {
            file_id: "CAACAgIAAxkBAAE" + randomBytes(16).toString("base64url"),
            file_unique_id: uniqueId(),
            type: "regular",
            width: 512,
            height: 512,
            is_animated: false,
            is_video: false,
            emoji: "👍",
            set_name: "TestStickers",
            file_size: 24576,
          },
        }),
      },
      o.updateId,
    );
  }

  function photoSizes(): Array<Record<string, unknown>> {
    const base = "AgACAgUAAxkBAAI" + randomBytes(16).toString("base64url");
    return [
      { file_id: base + "AAMCAAM", file_unique_id: uniqueId(), file_size: 1432, width: 90, height: 67 },
      { file_id: base + "AAMBAAM", file_unique_id: uniqueId(), file_size: 20540, width: 320, height: 240 },
      { file_id: base + "AAMXAAM", file_unique_id: uniqueId(), file_size: 84211, width: 800, height: 600 },
    ];
  }

  /** file_id -> the file getFile describes and /file/ serves. */
  const files = new Map<string, { path: string; bytes: Buffer }>();
  const downloads: Array<{ filePath: string; size: number }> = [];
  let fileCounter = 0;

  function registerFile(id: string, bytes: Buffer, ext = "jpg"): void {
    files.set(id, { path: `photos/file_${fileCounter++}.${ext}`, bytes });
  }

  function location(userId: number, latitude: number, longitude: number, o: UpdateOpts = {}): Record<string, unknown> {
    return withUpdateId({ message: incomingMessage(userId, o.firstName, { location: { latitude, longitude } }) }, o.updateId);
  }

  function photo(userId: number, o: UpdateOpts & { caption?: string; bytes?: Buffer } = {}): Record<string, unknown> {
    const sizes = photoSizes();
    for (const [i, s] of sizes.entries()) {
      const bytes = i === sizes.length - 1 && o.bytes ? o.bytes : Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(64)]);
      s.file_size = bytes.length;
      registerFile(String(s.file_id), bytes);
    }
    const extra: Record<string, unknown> = { photo: sizes };
    if (o.caption !== undefined) extra.caption = o.caption;
    return withUpdateId({ message: incomingMessage(userId, o.firstName, extra) }, o.updateId);
  }

  function lastBotMessageId(chat: string): number | undefined {
    for (let i = calls.length - 1; i >= 0; i--) {
      const c = calls[i]!;
      if (c.failed !== undefined || String(c.params.chat_id) !== chat) continue;
      const r = c.result as { message_id?: unknown } | undefined;
      if (c.method.startsWith("send") && r && typeof r.message_id === "number") return r.message_id;
    }
    return undefined;
  }

  // ---------------------------------------------------------------- queries

  function sentTo(chatId: number | string): SentMessage[] {
    const chat = String(chatId);
    return calls
      .filter((c) => (c.method === "sendMessage" || c.method === "editMessageText") && c.failed === undefined && String(c.params.chat_id) === chat)
      .map((c) => {
        const m: SentMessage = { method: c.method, text: String(c.params.text ?? ""), at: c.at };
        if (c.params.reply_markup !== undefined) m.replyMarkup = c.params.reply_markup;
        return m;
      });
  }

  function describeCalls(n = 15): string {
    const tail = calls.slice(-n).map((c) => {
      let p = JSON.stringify(c.params);
      if (p.length > 200) p = p.slice(0, 200) + "…";
      return `  ${new Date(c.at).toISOString().slice(11, 23)} ${c.method}${c.failed !== undefined ? ` [failed ${c.failed}]` : ""} ${p}`;
    });
    return `last ${tail.length} of ${calls.length} calls:\n${tail.join("\n") || "  (none)"}`;
  }

  function waitFor<T>(pred: () => T | undefined | null | false, timeoutMs = 5000, intervalMs = 10): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const started = Date.now();
      const tick = () => {
        let v: T | undefined | null | false;
        try {
          v = pred();
        } catch (err) {
          reject(err);
          return;
        }
        if (v !== undefined && v !== null && v !== false) {
          resolve(v);
          return;
        }
        if (Date.now() - started >= timeoutMs) {
          reject(new Error(`waitFor: condition not met within ${timeoutMs} ms; ${describeCalls()}`));
          return;
        }
        setTimeout(tick, intervalMs);
      };
      tick();
    });
  }

  function deliveredTo(chat: string): Array<{ method: string; text: string; replyMarkup?: unknown }> {
    return calls
      .filter((c) => (c.method === "sendMessage" || c.method === "sendDocument") && c.failed === undefined && String(c.params.chat_id) === chat)
      .map((c) => {
        const text = c.method === "sendMessage" ? String(c.params.text ?? "") : String(c.params.caption ?? "");
        const m: { method: string; text: string; replyMarkup?: unknown } = { method: c.method, text };
        if (c.params.reply_markup !== undefined) m.replyMarkup = c.params.reply_markup;
        return m;
      });
  }

  async function waitForMessages(chatId: number | string, n: number, timeoutMs = 5000) {
    const chat = String(chatId);
    try {
      return await waitFor(() => {
        const got = deliveredTo(chat);
        return got.length >= n ? got : undefined;
      }, timeoutMs);
    } catch (err) {
      const got = deliveredTo(chat);
      throw new Error(
        `waitForMessages(${chat}, ${n}): only ${got.length} message(s) after ${timeoutMs} ms: ${JSON.stringify(got.map((m) => m.text))}\n${(err as Error).message}`,
      );
    }
  }

  // ---------------------------------------------------------------- faults

  function failNext(method: string, error: InjectedError, times = 1): void {
    failures.push({ method, error, left: times });
  }

  function blockChat(chatId: number | string): void {
    blocked.add(String(chatId));
  }

  function unblockChat(chatId: number | string): void {
    blocked.delete(String(chatId));
  }

  const delays = new Map<string, { ms: number; method: string }>();
  const holds: Array<{ method: string; match: (p: Record<string, unknown>) => boolean; arrive(c: RecordedCall): void; released: Promise<void> }> = [];
  const nth: Array<{ method: string; left: number; error: InjectedError }> = [];

  function delayChat(chatId: number | string, ms: number, method = "sendMessage"): void {
    delays.set(String(chatId), { ms, method });
  }

  function holdNext(method: string, match: (p: Record<string, unknown>) => boolean = () => true) {
    let arrive!: (c: RecordedCall) => void;
    let release!: () => void;
    const arrived = new Promise<RecordedCall>((r) => { arrive = r; });
    const released = new Promise<void>((r) => { release = r; });
    holds.push({ method, match, arrive, released });
    return { arrived, release };
  }

  function failNth(method: string, n: number, error: InjectedError): void {
    nth.push({ method, left: n, error });
  }

  /** What to wait for before answering this call (a delay or a hold), if anything. */
  function gate(call: RecordedCall): Promise<unknown> | undefined {
    const i = holds.findIndex((h) => h.method === call.method && h.match(call.params));
    if (i >= 0) {
      const [h] = holds.splice(i, 1);
      h!.arrive(call);
      return h!.released;
    }
    const d = call.params.chat_id !== undefined ? delays.get(String(call.params.chat_id)) : undefined;
    if (d && d.method === call.method) return new Promise((r) => setTimeout(r, d.ms));
    return undefined;
  }

  function injectedFailure(method: string, params: Record<string, unknown>): CustomResponse | undefined {
    const custom = standin.onCall?.(method, params);
    if (custom) return custom;
    let hit: InjectedError | undefined;
    for (const f of nth) if (f.method === method && --f.left === 0) hit ??= f.error;
    for (let i = nth.length - 1; i >= 0; i--) if (nth[i]!.left <= 0) nth.splice(i, 1);
    if (hit) return hit.code === 429 ? { code: 429, retryAfter: hit.retryAfter } : { code: hit.code };
    const idx = failures.findIndex((f) => f.left > 0 && (f.method === method || (f.method === "*send*" && isSendMethod(method))));
    if (idx >= 0) {
      const f = failures[idx]!;
      f.left--;
      if (f.left <= 0) failures.splice(idx, 1);
      const e = f.error;
      if (e.code === 429) return { code: 429, retryAfter: e.retryAfter };
      if (e.code === 400) return { code: 400, description: e.description ?? "Bad Request" };
      if (e.code === 413) return { code: 413, description: e.description ?? "Request Entity Too Large" };
      return { code: e.code };
    }
    if (params.chat_id !== undefined && blocked.has(String(params.chat_id))) {
      return { code: 403, description: "Forbidden: bot was blocked by the user" };
    }
    return undefined;
  }

  // ---------------------------------------------------------------- HTTP

  function send(res: http.ServerResponse, status: number, body: unknown): void {
    if (res.writableEnded || res.destroyed) return;
    const json = JSON.stringify(body);
    res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(json) });
    res.end(json);
  }

  function sendError(res: http.ServerResponse, r: CustomResponse): void {
    const body: Record<string, unknown> = {
      ok: false,
      error_code: r.code,
      description: r.description ?? (r.code === 429 && r.retryAfter !== undefined ? `Too Many Requests: retry after ${r.retryAfter}` : defaultDescription(r.code)),
    };
    if (r.retryAfter !== undefined) body.parameters = { retry_after: r.retryAfter };
    send(res, r.code >= 400 && r.code <= 599 ? r.code : 400, body);
  }

  function readBody(req: http.IncomingMessage): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => resolve(Buffer.concat(chunks)));
      req.on("error", reject);
    });
  }

  async function parseParams(req: http.IncomingMessage, url: URL): Promise<Record<string, unknown>> {
    const params: Record<string, unknown> = {};
    for (const [k, v] of url.searchParams) params[k] = v;
    const body = await readBody(req);
    if (body.length === 0) return params;
    const ctype = String(req.headers["content-type"] ?? "").toLowerCase();
    if (ctype.startsWith("multipart/form-data")) {
      const form = await new Request("http://x", {
        method: "POST",
        headers: { "content-type": String(req.headers["content-type"]) },
        body: new Uint8Array(body), // a copy typed as Uint8Array<ArrayBuffer> for BodyInit
      }).formData();
      for (const [k, v] of form) {
        if (typeof v === "string") params[k] = v;
        else params[k] = { __file: true, filename: v.name, bytes: Buffer.from(await v.arrayBuffer()), type: v.type } satisfies UploadedFile;
      }
    } else if (ctype.startsWith("application/x-www-form-urlencoded")) {
      for (const [k, v] of new URLSearchParams(body.toString("utf8"))) params[k] = v;
    } else {
      // application/json, or anything else that looks like JSON
      const parsed: unknown = JSON.parse(body.toString("utf8"));
      if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) Object.assign(params, parsed);
    }
    // JSON-encoded fields (telegraf JSON-stringifies them in multipart bodies)
    for (const k of JSON_FIELDS) {
      const v = params[k];
      if (typeof v === "string" && /^\s*[[{]/.test(v)) {
        try {
          params[k] = JSON.parse(v);
        } catch {
          /* keep the raw string */
        }
      }
    }
    return params;
  }

  /** params as recorded: uploaded files replaced by {filename, size} */
  function recordable(params: Record<string, unknown>, method: string): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(params)) {
      // telegraf adds a redundant `method` field to multipart bodies
      if (k === "method" && v === method) continue;
      out[k] = isUploadedFile(v) ? { filename: v.filename, size: v.bytes.length } : v;
    }
    return out;
  }

  function sentMessage(params: Record<string, unknown>, extra: Record<string, unknown>): Record<string, unknown> {
    const chat = chatObject(params.chat_id);
    const messageId = nextMessageId(String(params.chat_id));
    const msg: Record<string, unknown> = { message_id: messageId, from: { ...BOT_USER }, chat, date: nowSec(), ...extra };
    const markup = params.reply_markup as { inline_keyboard?: unknown } | undefined;
    if (markup && typeof markup === "object" && markup.inline_keyboard) msg.reply_markup = markup;
    botMessages.set(`${String(params.chat_id)}:${messageId}`, { text: typeof extra.text === "string" ? extra.text : typeof extra.caption === "string" ? extra.caption : undefined, replyMarkup: msg.reply_markup });
    return msg;
  }

  function documentFromParam(v: unknown): { filename: string; bytes: Buffer; mime: string; fileId?: string } {
    if (isUploadedFile(v)) {
      // Like Telegram, infer the MIME type from the file name. telegraf sends file parts without a
      // Content-Type header, which undici's formData() reports as "text/plain" (the multipart default).
      const guessed = guessMime(v.filename);
      const mime = guessed !== "application/octet-stream" || !v.type ? guessed : v.type;
      return { filename: v.filename, bytes: v.bytes, mime };
    }
    // a file_id or URL given as a string: nothing uploaded
    const s = String(v ?? "");
    const name = s.startsWith("http") ? (s.split("/").pop() ?? "document") : "document";
    return { filename: name, bytes: Buffer.alloc(0), mime: guessMime(name), fileId: s.startsWith("http") ? undefined : s };
  }

  /** default handling; returns the `result` or an error */
  function handle(method: string, params: Record<string, unknown>): { result: unknown } | { error: CustomResponse } {
    if (TRUE_METHODS.has(method)) return { result: true };
    switch (method) {
      case "getMe":
        return { result: { ...BOT_USER, can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false } };
      case "getWebhookInfo":
        return { result: { url: "", has_custom_certificate: false, pending_update_count: pending.length } };
      case "getMyCommands":
        return { result: [] };
      case "getChat":
        return { result: chatObject(params.chat_id) };
      case "getFile": {
        const f = files.get(String(params.file_id ?? ""));
        if (!f) return { error: { code: 400, description: "Bad Request: invalid file_id" } };
        return { result: { file_id: params.file_id, file_unique_id: uniqueId(), file_size: f.bytes.length, file_path: f.path } };
      }
      case "sendMessage": {
        if (typeof params.text !== "string" || params.text.trim() === "") return { error: { code: 400, description: "Bad Request: message text is empty" } };
        if (params.text.length > 4096) return { error: { code: 400, description: "Bad Request: message is too long" } };
        const extra: Record<string, unknown> = { text: params.text };
        if (params.entities !== undefined) extra.entities = params.entities;
        return { result: sentMessage(params, extra) };
      }
      case "editMessageText":
      case "editMessageReplyMarkup": {
        if (params.inline_message_id !== undefined) return { result: true };
        if (method === "editMessageReplyMarkup") return { result: true };
        if (typeof params.text !== "string" || params.text.trim() === "") return { error: { code: 400, description: "Bad Request: message text is empty" } };
        const chat = String(params.chat_id);
        const messageId = Number(params.message_id);
        const msg: Record<string, unknown> = {
          message_id: messageId,
          from: { ...BOT_USER },
          chat: chatObject(params.chat_id),
          date: nowSec(),
          edit_date: nowSec(),
          text: params.text,
        };
        const markup = params.reply_markup as { inline_keyboard?: unknown } | undefined;
        if (markup && typeof markup === "object" && markup.inline_keyboard) msg.reply_markup = markup;
        botMessages.set(`${chat}:${messageId}`, { text: params.text, replyMarkup: msg.reply_markup });
        return { result: msg };
      }
      case "sendDocument": {
        const d = documentFromParam(params.document);
        const document: Record<string, unknown> = {
          file_id: d.fileId ?? fileId(),
          file_unique_id: uniqueId(),
          file_name: d.filename,
          mime_type: d.mime,
          file_size: d.bytes.length,
        };
        const extra: Record<string, unknown> = { document };
        if (typeof params.caption === "string") extra.caption = params.caption;
        return { result: sentMessage(params, extra) };
      }
      case "sendPhoto": {
        const extra: Record<string, unknown> = { photo: photoSizes() };
        if (typeof params.caption === "string") extra.caption = params.caption;
        return { result: sentMessage(params, extra) };
      }
      default:
        return { error: { code: 404, description: "Not Found" } };
    }
  }

  function handleGetUpdates(res: http.ServerResponse, call: RecordedCall, params: Record<string, unknown>): void {
    const offset = Number(params.offset ?? 0) || 0;
    const limitRaw = Number(params.limit ?? 100) || 100;
    const limit = Math.min(Math.max(limitRaw, 1), 100);
    const timeoutSec = Math.max(Number(params.timeout ?? 0) || 0, 0);
    const answer = (updates: Array<Record<string, unknown>>) => {
      call.result = updates;
      send(res, 200, { ok: true, result: updates });
    };
    const batch = takeBatch(offset, limit);
    if (batch.length > 0 || timeoutSec === 0 || closed) {
      answer(batch);
      return;
    }
    const poll: HeldPoll = {
      offset,
      limit,
      call,
      timer: setTimeout(() => poll.answer([]), timeoutSec * 1000),
      answer: (updates) => {
        clearTimeout(poll.timer);
        held.delete(poll);
        answer(updates);
      },
    };
    held.add(poll);
    // the client gave up (e.g. telegraf's AbortController on bot.stop())
    res.on("close", () => {
      if (held.has(poll)) {
        clearTimeout(poll.timer);
        held.delete(poll);
      }
    });
  }

  async function onRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    inflight.add(res);
    res.on("close", () => inflight.delete(res));
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    // File downloads, as the Bot API serves them: GET /file/bot<token>/<file_path>.
    const fileMatch = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (fileMatch) {
      req.resume();
      const path = decodeURIComponent(fileMatch[2]!);
      const f = decodeURIComponent(fileMatch[1]!) === token ? [...files.values()].find((x) => x.path === path) : undefined;
      if (!f) { send(res, 404, { ok: false, error_code: 404, description: "Not Found" }); return; }
      downloads.push({ filePath: path, size: f.bytes.length });
      res.writeHead(200, { "content-type": "image/jpeg", "content-length": f.bytes.length });
      res.end(f.bytes);
      return;
    }
    const m = /^\/bot([^/]+)\/([A-Za-z]+)\/?$/.exec(url.pathname);
    if (!m) {
      send(res, 404, { ok: false, error_code: 404, description: "Not Found" });
      return;
    }
    const [, gotToken, method] = m as unknown as [string, string, string];
    if (decodeURIComponent(gotToken) !== token) {
      req.resume();
      send(res, 401, { ok: false, error_code: 401, description: "Unauthorized" });
      return;
    }
    let params: Record<string, unknown>;
    try {
      params = await parseParams(req, url);
    } catch (err) {
      send(res, 400, { ok: false, error_code: 400, description: `Bad Request: can't parse request body (${(err as Error).message})` });
      return;
    }
    const call: RecordedCall = { method, params: recordable(params, method), at: Date.now() };
    calls.push(call);
    res.on("close", () => { if (!res.writableEnded) call.abandonedAt = Date.now(); });
    const wait = gate(call);
    if (wait) await wait;

    const failure = injectedFailure(method, call.params);
    if (failure) {
      call.failed = failure.code;
      sendError(res, failure);
      return;
    }
    if (method === "getUpdates") {
      handleGetUpdates(res, call, params);
      return;
    }
    const out = handle(method, params);
    if ("error" in out) {
      call.failed = out.error.code;
      sendError(res, out.error);
      return;
    }
    call.result = out.result;
    if (method === "sendDocument") {
      const d = documentFromParam(params.document);
      const doc: SentDocument = { chatId: String(params.chat_id), filename: d.filename, bytes: d.bytes, mimeType: d.mime };
      if (typeof params.caption === "string") doc.caption = params.caption;
      documents.push(doc);
    }
    if (method === "sendPhoto") {
      const d = documentFromParam(params.photo);
      const photo: SentDocument = { chatId: String(params.chat_id), filename: d.filename, bytes: d.bytes, mimeType: d.mime };
      if (typeof params.caption === "string") photo.caption = params.caption;
      photos.push(photo);
    }
    send(res, 200, { ok: true, result: out.result });
  }

  const server = http.createServer((req, res) => {
    onRequest(req, res).catch((err: unknown) => {
      send(res, 500, { ok: false, error_code: 500, description: `Internal Server Error: ${(err as Error).message}` });
    });
  });
  server.keepAliveTimeout = 60_000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  async function close(): Promise<void> {
    if (closed) return;
    closed = true;
    // answer held polls with [] so the client is not left hanging
    for (const poll of [...held]) poll.answer([]);
    const closing = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    // give in-flight responses (e.g. the [] just written) a moment to flush, then cut everything
    const deadline = Date.now() + 200;
    while (inflight.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    server.closeAllConnections();
    await closing;
  }

  const standin: BotApiStandin = {
    apiRoot: `http://127.0.0.1:${port}`,
    token,
    calls,
    documents,
    photos,
    pushUpdates,
    textMessage,
    callbackQuery,
    sticker,
    photo,
    location,
    fileBytes: (id) => files.get(id)?.bytes,
    downloads,
    sentTo,
    waitFor,
    waitForMessages,
    failNext,
    blockChat,
    unblockChat,
    delayChat,
    holdNext,
    failNth,
    close,
  };
  return standin;
}
