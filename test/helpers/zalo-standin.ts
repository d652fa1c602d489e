/**
 * A real HTTP stand-in for the Zalo Bot Platform, listening on 127.0.0.1 (port 0).
 *
 * POST /bot<TOKEN>/<method> with a JSON body; answers { ok, result } or
 * { ok: false, error_code, description } with the same HTTP status. getUpdates long-polls a
 * queue and returns ONE update per call, or 408 once the requested timeout (capped by
 * maxPollMs) has passed. Private chats: user id == chat id, as on Zalo.
 * Only Node built-ins are used.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface ZaloCall {
  method: string;
  params: Record<string, unknown>;
  /** Error code when the call was answered with an error (0: a hung call, never answered). */
  failed?: number;
  /** For a hung call: Date.now() when it came, and when the client closed it (gave up, or died). */
  hungAt?: number;
  abandonedAt?: number;
}

export interface ZaloSent {
  chatId: string;
  text: string;
  /** Delivered, but the caller had gone (its timeout) before the answer could be written: it never learned. */
  unanswered?: boolean;
}

export interface ZaloUpdateBody {
  event_name: string;
  message: Record<string, unknown>;
}

export interface MessageOpts {
  displayName?: string;
  chatType?: "PRIVATE" | "GROUP";
  isBot?: boolean;
  /** ms since the epoch; defaults to a fixed instant so tests do not read the clock. */
  date?: number;
}

/**
 * `asString`: error_code sent as a string ("408"), as some answers carry it; `httpStatus`: the
 * answer's HTTP status when it is not the code (some come as 200 with ok: false).
 */
export type ZaloFault = ({ code: 429; retryAfter?: number } | { code: 403 } | { code: 500 } | { code: 400 } | { code: number }) & { asString?: boolean; httpStatus?: number };

export interface ZaloStandin {
  /** e.g. "http://127.0.0.1:PORT": what the channel passes as apiRoot */
  apiRoot: string;
  token: string;
  calls: ZaloCall[];
  /** successful sendMessage calls, in order */
  sent: ZaloSent[];
  /** the registered webhook, if any */
  webhook(): { url: string; secretToken: string } | undefined;
  /** queue updates; a waiting getUpdates is answered with the first */
  push(...updates: ZaloUpdateBody[]): void;
  /** updates queued and not yet taken by getUpdates */
  pending(): number;
  /** getUpdates calls currently held open */
  heldPolls(): number;
  textMessage(userId: string | number, text: string, opts?: MessageOpts): ZaloUpdateBody;
  imageMessage(userId: string | number, opts?: MessageOpts & { photoUrl?: string; caption?: string }): ZaloUpdateBody;
  stickerMessage(userId: string | number, opts?: MessageOpts): ZaloUpdateBody;
  /** successful sendMessage texts to one chat, in order */
  sentTo(chatId: string | number): ZaloSent[];
  /** poll `pred` every `intervalMs` (10) ms until it is truthy */
  waitFor<T>(pred: () => T | undefined | null | false, timeoutMs?: number, intervalMs?: number): Promise<T>;
  /** the next `times` (default 1) sendMessage calls to chatId answer with `fault` */
  failNextSend(chatId: string | number, fault: ZaloFault, times?: number): void;
  /** the next `times` (default 1) calls of `method` (any chat) answer with `fault` */
  failNext(method: string, fault: ZaloFault, times?: number): void;
  /**
   * The next `times` (default 1) calls of `method` whose params match are never answered (a hung
   * call; `failed` is 0); returns a cancel for those not yet taken.
   */
  hangNext(method: string, times?: number, match?: (params: Record<string, unknown>) => boolean): () => void;
  /** forget every fault and hang not yet used */
  clearFaults(): void;
  /** the next sendMessage to chatId is never answered (a hung call; the connection closes with the stand-in) */
  hangNextSend(chatId: string | number): void;
  /** POST an update to a webhook URL the way the platform does (wrapped unless bare) */
  postWebhook(url: string, secret: string, update: ZaloUpdateBody, opts?: { bare?: boolean }): Promise<{ status: number; body: string }>;
  close(): Promise<void>;
}

const FIXED_DATE = Date.UTC(2026, 0, 15, 3, 0, 0);
const BOT = { id: "7000000000000000001", account_name: "bot.test", account_type: "BASIC", can_join_groups: false, display_name: "Bot thử" };

const DESCRIPTIONS: Record<number, string> = {
  // As the Bot Platform documents them: 403 is its own server error, 429 the spent quota.
  400: "Bad Request", 401: "Unauthorized", 403: "Internal server error", 404: "Not Found",
  408: "Request Timeout", 429: "Quota exceeded", 500: "Internal Server Error",
};

interface Held { res: http.ServerResponse; timer: NodeJS.Timeout; call: ZaloCall }

export async function startZaloStandin(opts: { token?: string; maxPollMs?: number } = {}): Promise<ZaloStandin> {
  const token = opts.token ?? "1234567890123:zalo-SECRET.part~xyz";
  const maxPollMs = opts.maxPollMs ?? 1000;
  const calls: ZaloCall[] = [];
  const sent: ZaloSent[] = [];
  const queue: ZaloUpdateBody[] = [];
  const held: Held[] = [];
  const sendFaults: Array<{ chat: string; fault: ZaloFault; left: number }> = [];
  const methodFaults: Array<{ method: string; fault: ZaloFault; left: number }> = [];
  const hangs: Array<{ method: string; left: number; match: (params: Record<string, unknown>) => boolean }> = [];
  const sockets = new Set<import("node:net").Socket>();
  let hook: { url: string; secretToken: string } | undefined;
  let nextId = 1;
  let closed = false;

  /** Marks a delivery whose answer never reaches the caller (it gave up first): it will send again. */
  function markUnanswered(res: http.ServerResponse, delivered: { unanswered?: boolean }): void {
    if (res.destroyed) delivered.unanswered = true;
    else res.once("close", () => { if (!res.writableEnded) delivered.unanswered = true; });
  }

  function reply(res: http.ServerResponse, status: number, body: unknown): void {
    if (res.writableEnded || res.destroyed) return;
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  }

  function fail(res: http.ServerResponse, call: ZaloCall, fault: ZaloFault, description?: string): void {
    call.failed = fault.code;
    const body: Record<string, unknown> = { ok: false, error_code: fault.asString ? String(fault.code) : fault.code, description: description ?? DESCRIPTIONS[fault.code] ?? "Error" };
    if ("retryAfter" in fault && fault.retryAfter !== undefined) body.retry_after = fault.retryAfter;
    reply(res, fault.httpStatus ?? fault.code, body);
  }

  function takeFault<T extends { left: number; fault: ZaloFault }>(list: T[], match: (f: T) => boolean): ZaloFault | undefined {
    const i = list.findIndex(match);
    if (i < 0) return undefined;
    const f = list[i]!;
    if (--f.left <= 0) list.splice(i, 1);
    return f.fault;
  }

  function message(userId: string | number, o: MessageOpts, extra: Record<string, unknown>): Record<string, unknown> {
    const id = String(userId);
    return {
      message_id: `msg${String(nextId++).padStart(6, "0")}`,
      date: o.date ?? FIXED_DATE + nextId * 1000,
      from: { id, display_name: o.displayName ?? `Người dùng ${id}`, is_bot: o.isBot ?? false },
      chat: { id: o.chatType === "GROUP" ? `g${id}` : id, chat_type: o.chatType ?? "PRIVATE" },
      ...extra,
    };
  }

  const textMessage = (userId: string | number, text: string, o: MessageOpts = {}): ZaloUpdateBody =>
    ({ event_name: "message.text.received", message: message(userId, o, { text }) });
  const imageMessage = (userId: string | number, o: MessageOpts & { photoUrl?: string; caption?: string } = {}): ZaloUpdateBody => {
    const extra: Record<string, unknown> = { photo: o.photoUrl ?? `https://photo.example.invalid/${nextId}.jpg` };
    if (o.caption !== undefined) extra.caption = o.caption;
    return { event_name: "message.image.received", message: message(userId, o, extra) };
  };
  const stickerMessage = (userId: string | number, o: MessageOpts = {}): ZaloUpdateBody =>
    ({ event_name: "message.sticker.received", message: message(userId, o, { sticker: "s123", url: "https://sticker.example.invalid/1.png" }) });

  function push(...updates: ZaloUpdateBody[]): void {
    queue.push(...updates);
    while (held.length > 0 && queue.length > 0) {
      const h = held.shift()!;
      clearTimeout(h.timer);
      reply(h.res, 200, { ok: true, result: queue.shift() });
    }
  }

  function handle(method: string, params: Record<string, unknown>, call: ZaloCall, res: http.ServerResponse): void {
    switch (method) {
      case "getMe": return reply(res, 200, { ok: true, result: BOT });
      case "setWebhook": {
        const url = params.url, secret = params.secret_token;
        if (typeof url !== "string" || !/^https?:\/\//.test(url) || typeof secret !== "string" || secret.length < 8 || secret.length > 256) {
          return fail(res, call, { code: 400 }, "Bad Request: url and secret_token (8-256) required");
        }
        hook = { url, secretToken: secret };
        return reply(res, 200, { ok: true, result: { url, updated_at: FIXED_DATE } });
      }
      case "deleteWebhook": {
        const was = hook;
        hook = undefined;
        return reply(res, 200, { ok: true, result: { url: was?.url ?? "", updated_at: FIXED_DATE } });
      }
      case "getWebhookInfo": return reply(res, 200, { ok: true, result: { url: hook?.url ?? "", updated_at: FIXED_DATE } });
      case "sendChatAction": return reply(res, 200, { ok: true, result: {} });
      case "sendMessage": {
        const chat = String(params.chat_id ?? "");
        const text = params.text;
        if (!chat || typeof text !== "string" || text.length === 0) return fail(res, call, { code: 400 }, "Bad Request: chat_id and text required");
        // The documented limit is 2,000 characters: code points, not UTF-16 units.
        if ([...text].length > 2000) return fail(res, call, { code: 400 }, "Bad Request: text is too long");
        const delivered: ZaloSent = { chatId: chat, text };
        sent.push(delivered);
        markUnanswered(res, delivered);
        return reply(res, 200, { ok: true, result: { message_id: `out${nextId++}`, date: FIXED_DATE } });
      }
      case "getUpdates": {
        // Polling and a webhook exclude each other.
        if (hook) return fail(res, call, { code: 400 }, "Bad Request: webhook is set; delete it before polling");
        if (queue.length > 0) return reply(res, 200, { ok: true, result: queue.shift() });
        const waitMs = Math.min(maxPollMs, Math.max(0, Number(params.timeout ?? 30) * 1000 || 0));
        const h: Held = {
          res, call,
          timer: setTimeout(() => {
            held.splice(held.indexOf(h), 1);
            fail(res, call, { code: 408 }, "Request Timeout");
          }, waitMs),
        };
        held.push(h);
        res.on("close", () => {
          const i = held.indexOf(h);
          if (i >= 0) { clearTimeout(h.timer); held.splice(i, 1); }
        });
        return;
      }
      default: return fail(res, call, { code: 404 }, "Not Found");
    }
  }

  async function onRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const m = /^\/bot([^/]+)\/([A-Za-z]+)\/?$/.exec(new URL(req.url ?? "/", "http://127.0.0.1").pathname);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    if (!m) return reply(res, 404, { ok: false, error_code: 404, description: "Not Found" });
    const [, gotToken, method] = m as unknown as [string, string, string];
    if (decodeURIComponent(gotToken) !== token) return reply(res, 401, { ok: false, error_code: 401, description: "Unauthorized" });
    let params: Record<string, unknown> = {};
    const raw = Buffer.concat(chunks).toString("utf8");
    if (raw.trim()) {
      try { params = JSON.parse(raw) as Record<string, unknown>; } catch {
        return reply(res, 400, { ok: false, error_code: 400, description: "Bad Request: body is not JSON" });
      }
    }
    const call: ZaloCall = { method, params };
    calls.push(call);
    const hang = hangs.findIndex((h) => h.method === method && h.match(params));
    if (hang >= 0) {
      // Never answered: the client gives up (its timeout), or close() cuts the socket.
      call.failed = 0;
      call.hungAt = Date.now();
      res.on("close", () => { call.abandonedAt = Date.now(); });
      if (--hangs[hang]!.left <= 0) hangs.splice(hang, 1);
      return;
    }
    const fault = takeFault(methodFaults, (f) => f.method === method)
      ?? (method === "sendMessage" ? takeFault(sendFaults, (f) => f.chat === String(params.chat_id)) : undefined);
    if (fault) return fail(res, call, fault);
    handle(method, params, call, res);
  }

  const server = http.createServer((req, res) => {
    onRequest(req, res).catch((err: unknown) => reply(res, 500, { ok: false, error_code: 500, description: String(err) }));
  });
  server.on("connection", (s) => { sockets.add(s); s.on("close", () => sockets.delete(s)); });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => { server.off("error", reject); resolve(); });
  });
  const port = (server.address() as AddressInfo).port;

  function waitFor<T>(pred: () => T | undefined | null | false, timeoutMs = 5000, intervalMs = 10): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const started = performance.now();
      const tick = () => {
        let v: T | undefined | null | false;
        try { v = pred(); } catch (err) { reject(err); return; }
        if (v !== undefined && v !== null && v !== false) { resolve(v); return; }
        if (performance.now() - started >= timeoutMs) {
          const tail = calls.slice(-10).map((c) => `${c.method}${c.failed ? ` [${c.failed}]` : ""}`).join(", ");
          reject(new Error(`waitFor: not met within ${timeoutMs} ms; last calls: ${tail || "(none)"}`));
          return;
        }
        setTimeout(tick, intervalMs);
      };
      tick();
    });
  }

  async function postWebhook(url: string, secret: string, update: ZaloUpdateBody, o: { bare?: boolean } = {}): Promise<{ status: number; body: string }> {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "X-Bot-Api-Secret-Token": secret },
      body: JSON.stringify(o.bare ? update : { ok: true, result: update }),
    });
    return { status: res.status, body: await res.text() };
  }

  async function close(): Promise<void> {
    if (closed) return;
    closed = true;
    for (const h of held.splice(0)) { clearTimeout(h.timer); reply(h.res, 408, { ok: false, error_code: 408, description: "Request Timeout" }); }
    const closing = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    for (const s of sockets) s.destroySoon();
    setTimeout(() => server.closeAllConnections(), 100).unref();
    await closing;
  }

  return {
    apiRoot: `http://127.0.0.1:${port}`,
    token,
    calls,
    sent,
    webhook: () => hook,
    push,
    pending: () => queue.length,
    heldPolls: () => held.length,
    textMessage,
    imageMessage,
    stickerMessage,
    sentTo: (chatId) => sent.filter((s) => s.chatId === String(chatId)),
    waitFor,
    failNextSend: (chatId, fault, times = 1) => { sendFaults.push({ chat: String(chatId), fault, left: times }); },
    failNext: (method, fault, times = 1) => { methodFaults.push({ method, fault, left: times }); },
    hangNext: (method, times = 1, match = () => true) => {
      const h = { method, left: times, match };
      hangs.push(h);
      return () => { const i = hangs.indexOf(h); if (i >= 0) hangs.splice(i, 1); };
    },
    clearFaults: () => { sendFaults.splice(0); methodFaults.splice(0); hangs.splice(0); },
    hangNextSend: (chatId) => { hangs.push({ method: "sendMessage", left: 1, match: (p) => String(p.chat_id) === String(chatId) }); },
    postWebhook,
    close,
  };
}
