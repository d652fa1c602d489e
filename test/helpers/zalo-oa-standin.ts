/**
 * A real HTTP stand-in for the Zalo Official Account hosts, written from the documentation
 * (/work/shared/reference/zalo-platforms.md section 2): two listeners on 127.0.0.1, one for the
 * OpenAPI host (openapi.zalo.me) and one for the OAuth host (oauth.zaloapp.com).
 *
 * OAuth  POST /v4/oa/access_token  form {app_id, grant_type=refresh_token, refresh_token}, header
 *        secret_key: answers {access_token, refresh_token, expires_in:"90000"} (a string); the
 *        refresh token is single-use (the old one dies); errors are HTTP 200 {error:-14014,…}.
 * API    POST /v3.0/oa/message/cs  header access_token, JSON {recipient:{user_id}, message:{text} or
 *        {attachment:{type:"file",payload:{token}}}}; POST /v2.0/oa/upload/file multipart "file"
 *        (PDF/DOC/DOCX ≤ 5 MB) → {data:{token}}; POST /v3.0/oa/message/template (ZBS by UID);
 *        POST /v2.0/oa/upload/image multipart "file" (JPG/PNG ≤ 1 MB) → {data:{attachment_id}}, sent
 *        back as {attachment:{type:"template",payload:{template_type:"media",elements:[{media_type:
 *        "image",attachment_id}]}}} with the picture's title in message.text. Sources: Zalo's own
 *        SDKs, zaloplatform/zalo-java-sdk src/test/java/UploadImage.java (path, field "file",
 *        header access_token) and src/test/java/v3/SendImageCSMessage.java (the media template on
 *        /v3.0/oa/message/cs), zaloplatform/zalo-php-sdk src/Builder/MessageBuilder.php ("media":
 *        elements[{media_type, attachment_id}]) and src/ZaloEndpoint.php (API_OA_UPLOAD_PHOTO);
 *        the answer's data.attachment_id and the 1 MB JPG/PNG limit from community clients that
 *        agree (@warriorteam/redai-zalo-sdk's message-management.service.js notes; nhminhhh/zalo-mcp's
 *        zalo_upload_image); no official page was found. Error codes for a refused image are guesses
 *        like those of the file upload (-210 too large, -201 wrong type).
 *        GET /v3.0/oa/user/detail?data={"user_id"} → {data:{display_name, user_is_follower, …}}.
 *        Every error is HTTP 200 {error:<non-zero>, message}.
 * Webhook events are built here and POSTed signed as Zalo does: X-ZEvent-Signature:
 * mac=sha256(appId + rawBody + timestamp + OASecretKey), timestamp being the body's field.
 * Photos the "users" send are served from the API listener at /photo/<name>.
 * Only Node built-ins are used.
 */
import { createHash } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Socket } from "node:net";

export interface OaCall {
  host: "api" | "oauth";
  path: string;
  /** The access_token header (api) or secret_key header (oauth), as received. */
  credential: string | undefined;
  body: unknown;
  /** The error code answered (0 on success; undefined for a call whose answer was dropped). */
  error?: number;
  /** A hung call (hangNext): when it came, and when the caller let go of it (Date.now()). */
  hungAt?: number;
  abandonedAt?: number;
}

export interface OaSent {
  userId: string;
  text?: string;
  /** A file attachment: the upload token, and the file it stands for. */
  file?: { token: string; fileName: string; bytes: Buffer };
  /** A picture (media template): its attachment id, and the image uploaded under it; `text` is its title. */
  image?: { attachmentId: string; fileName: string; bytes: Buffer };
  /** Delivered, but the caller had gone (its timeout) before the answer could be written: it never learned. */
  unanswered?: boolean;
}

export interface OaTemplateSent { userId: string; templateId: string; data: Record<string, unknown> }

/** `status`: answered with that HTTP status and a body that is not JSON, as a gateway's 5xx is. */
export interface OaError { error: number; message: string; status?: number }

/** A webhook event body as Zalo posts it (ids and timestamp are strings). */
export type OaEvent = Record<string, unknown> & { event_name: string; timestamp: string };

export interface OaStandinOptions {
  appId?: string;
  appSecret?: string;
  oaSecretKey?: string;
  oaId?: string;
  /** seconds, as the string expires_in; default 90000 (25 h) */
  accessTtlSec?: number;
  /** Whether a refresh also kills the access token it replaces (the sources disagree; default false). */
  refreshKillsOldAccess?: boolean;
  /** The code an expired access token gets: -216 (field log) or -220 (official table); default -216. */
  expiredCode?: -216 | -220;
}

export interface ZaloOaStandin {
  apiRoot: string;
  oauthRoot: string;
  appId: string;
  appSecret: string;
  oaSecretKey: string;
  oaId: string;
  /** The refresh token the OA admin's authorisation gave (the seed for ZALO_OA_REFRESH_TOKEN). */
  seedRefreshToken: string;
  calls: OaCall[];
  /** Consultation messages delivered, in order. */
  sent: OaSent[];
  templates: OaTemplateSent[];
  uploads: Array<{ token: string; fileName: string; bytes: Buffer; contentType: string }>;
  /** Pictures uploaded with /v2.0/oa/upload/image. */
  imageUploads: Array<{ attachmentId: string; fileName: string; bytes: Buffer; contentType: string }>;
  /** Successful refreshes so far. */
  refreshes(): number;
  /** The refresh token that works now (the newest issued). */
  liveRefreshToken(): string;
  /** Access tokens accepted now. */
  liveAccessTokens(): string[];
  /** Every access token issued so far stops working (-216/-220), as at the end of its 25 h. */
  expireAccessTokens(): void;
  /** The refresh token dies (spent elsewhere, or 3 months passed): refreshes answer -14014. */
  killRefreshToken(): void;
  /** Issue a fresh pair as a new authorisation by the OA admin would; returns the refresh token. */
  authorise(): string;
  /** The next refresh is carried out (the token rotates) but its answer never arrives: the socket is cut. */
  loseNextRefreshAnswer(): void;
  /** The next `times` calls to `path` on the API host answer this error (HTTP 200, or err.status). */
  failNext(path: string, err: OaError, times?: number): void;
  /** The next `times` calls to `path` whose JSON body matches are never answered; returns a lift for those not yet taken. */
  hangNext(path: string, times?: number, match?: (body: Record<string, unknown>) => boolean): () => void;
  /** Called for each API call with a JSON body, before it is answered (the crash suite kills the bot from here). */
  onCall?: (path: string, body: Record<string, unknown>) => void;
  /** The display name the profile API (GET /v3.0/oa/user/detail) gives this user. */
  setName(userId: string, name: string): void;
  /** Consultation messages to this user answer -230 (no interaction in 7 days) until it interacts again. */
  closeWindow(userId: string): void;
  sentTo(userId: string): OaSent[];
  textEvent(userId: string, text: string, o?: { msgId?: string; timestamp?: number }): OaEvent;
  imageEvent(userId: string, url: string, o?: { caption?: string; msgId?: string; timestamp?: number }): OaEvent;
  followEvent(userId: string, o?: { timestamp?: number }): OaEvent;
  unfollowEvent(userId: string, o?: { timestamp?: number }): OaEvent;
  /** The OA's own message coming back (sender and recipient swapped), which the bot must drop. */
  echoEvent(userId: string, text: string): OaEvent;
  /** The signature Zalo would send for this exact body ("mac=<hex>"). */
  sign(rawBody: string, timestamp: string): string;
  /**
   * POST an event to the bot as Zalo does: signed, unless `signature` is given (null: no header).
   * `prefix: false` sends the bare hex without "mac=".
   */
  postEvent(url: string, event: OaEvent | Record<string, unknown>, o?: { signature?: string | null; prefix?: boolean }): Promise<{ status: number; body: string }>;
  /** A URL on the stand-in serving these bytes as a photo a person sent. */
  photoUrl(name: string, bytes: Buffer): string;
  waitFor<T>(pred: () => T | undefined | null | false, timeoutMs?: number, intervalMs?: number): Promise<T>;
  close(): Promise<void>;
}

/** A fixed instant so tests never read the clock (2026-01-15 10:00 in Vietnam). */
const FIXED_MS = Date.UTC(2026, 0, 15, 3, 0, 0);
const MAX_FILE_BYTES = 5 * 1024 * 1024;
const FILE_TYPES = /\.(pdf|docx?)$/i;
const MAX_IMAGE_BYTES = 1024 * 1024;
const IMAGE_TYPES = /\.(png|jpe?g)$/i;

const OK = (data: unknown) => ({ data, error: 0, message: "Success" });
const ERR = (error: number, message: string) => ({ error, message });

export async function startZaloOaStandin(o: OaStandinOptions = {}): Promise<ZaloOaStandin> {
  const appId = o.appId ?? "4321098765432109876";
  const appSecret = o.appSecret ?? "AppSecret-abcdefghijkl";
  const oaSecretKey = o.oaSecretKey ?? "OaSecretKey-mnopqrstuv";
  const oaId = o.oaId ?? "1234567890123456789";
  const ttl = o.accessTtlSec ?? 90_000;
  const expiredCode = o.expiredCode ?? -216;
  let serial = 0;
  const next = (p: string) => `${p}${String(++serial).padStart(6, "0")}${createHash("sha256").update(`${p}${serial}`).digest("hex").slice(0, 24)}`;

  const calls: OaCall[] = [];
  const sent: OaSent[] = [];
  const templates: OaTemplateSent[] = [];
  const uploads: ZaloOaStandin["uploads"] = [];
  const imageUploads: ZaloOaStandin["imageUploads"] = [];
  const photos = new Map<string, Buffer>();
  const apiFaults: Array<{ path: string; err: OaError; left: number }> = [];
  const hangs: Array<{ path: string; left: number; match: (body: Record<string, unknown>) => boolean }> = [];
  const closedWindows = new Set<string>();
  const names = new Map<string, string>();
  const live = new Set<string>();
  const expired = new Set<string>();
  let refreshToken = next("rt-");
  const seedRefreshToken = refreshToken;
  let refreshCount = 0;
  let loseAnswer = false;
  let msgSerial = 0;

  const json = (res: http.ServerResponse, body: unknown) => {
    if (res.writableEnded || res.destroyed) return;
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };

  async function readBody(req: http.IncomingMessage): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  }

  function issuePair(): { access: string; refresh: string } {
    const access = next("at-");
    if (o.refreshKillsOldAccess) for (const t of live) { live.delete(t); expired.add(t); }
    live.add(access);
    refreshToken = next("rt-");
    return { access, refresh: refreshToken };
  }

  async function onOauth(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const raw = (await readBody(req)).toString("utf8");
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const form = Object.fromEntries(new URLSearchParams(raw));
    const call: OaCall = { host: "oauth", path, credential: header(req, "secret_key"), body: form };
    calls.push(call);
    const answer = (body: Record<string, unknown>) => { call.error = typeof body.error === "number" ? body.error : 0; json(res, body); };
    const oauthErr = (error: number, name: string) => answer({ error, error_name: name, error_reason: name, ref_doc: "https://developers.zalo.me/docs/official-account", error_description: name });
    if (path !== "/v4/oa/access_token" || req.method !== "POST") return answer(ERR(404, "You are accessing an empty or invalid API"));
    if (!String(req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded")) return oauthErr(-14001, "Invalid parameter");
    if (form.app_id !== appId) return oauthErr(-14002, "Invalid app id");
    if (call.credential !== appSecret) return oauthErr(-14004, "Invalid secret key");
    if (form.grant_type !== "refresh_token") return oauthErr(-14018, "Invalid grant type");
    if (!form.refresh_token || form.refresh_token !== refreshToken) return oauthErr(-14014, "Invalid refresh token");
    const pair = issuePair();
    refreshCount++;
    if (loseAnswer) {
      // Done on Zalo's side, lost on the way back: the caller never learns the new pair.
      loseAnswer = false;
      call.error = undefined;
      res.socket?.destroy();
      return;
    }
    answer({ access_token: pair.access, refresh_token: pair.refresh, expires_in: String(ttl) });
  }

  function tokenError(token: string | undefined): OaError | undefined {
    if (token && live.has(token)) return undefined;
    if (token && expired.has(token)) return expiredCode === -216 ? { error: -216, message: "Access token has expired" } : { error: -220, message: "access_token is expired or removed" };
    return { error: -216, message: "Access token is invalid" };
  }

  async function onApi(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://x");
    const photo = /^\/photo\/([^/]+)$/.exec(url.pathname);
    if (photo && req.method === "GET") {
      const bytes = photos.get(photo[1]!);
      if (!bytes) { res.writeHead(404); res.end(); return; }
      res.writeHead(200, { "content-type": "image/jpeg", "content-length": String(bytes.length) });
      res.end(bytes);
      return;
    }
    const raw = await readBody(req);
    const call: OaCall = { host: "api", path: url.pathname, credential: header(req, "access_token"), body: undefined };
    calls.push(call);
    const answer = (body: Record<string, unknown>) => { call.error = typeof body.error === "number" ? body.error : 0; json(res, body); };
    const bad = tokenError(call.credential);
    if (bad) return answer(ERR(bad.error, bad.message));
    const fault = apiFaults.findIndex((f) => f.path === url.pathname);
    if (fault >= 0) {
      const f = apiFaults[fault]!;
      if (--f.left <= 0) apiFaults.splice(fault, 1);
      if (f.err.status !== undefined) {
        call.error = f.err.error;
        res.writeHead(f.err.status, { "content-type": "text/html" });
        res.end(`<html><body>${f.err.message}</body></html>`);
        return;
      }
      return answer(ERR(f.err.error, f.err.message));
    }
    if (req.method === "GET" && url.pathname === "/v3.0/oa/user/detail") {
      let who: string;
      try { who = String((JSON.parse(url.searchParams.get("data") ?? "") as { user_id?: unknown }).user_id ?? ""); } catch { who = ""; }
      if (!/^\d+$/.test(who)) return answer(ERR(-201, "user_id is invalid"));
      return answer(OK({ user_id: who, user_id_by_app: `9${who}`, display_name: names.get(who) ?? `Khách ${who.slice(-4)}`,
        user_is_follower: true, user_last_interaction_date: "15/01/2026", avatar: "", avatars: {}, tags_and_notes_info: { tag_names: [], notes: [] } }));
    }
    if (req.method !== "POST") return answer(ERR(404, "You are accessing an empty or invalid API"));
    const fileOf = async (): Promise<File | null> => {
      try {
        const fd = await new Response(new Uint8Array(raw), { headers: { "content-type": String(req.headers["content-type"] ?? "") } }).formData();
        const f = fd.get("file");
        return typeof f === "string" ? null : f;
      } catch { return null; }
    };
    if (url.pathname === "/v2.0/oa/upload/image") {
      const file = await fileOf();
      if (!file) return answer(ERR(-201, "Parameters are invalid"));
      if (file.size > MAX_IMAGE_BYTES) return answer(ERR(-210, "Parameter exceeds allowable limit"));
      if (!IMAGE_TYPES.test(file.name)) return answer(ERR(-201, "File type is not supported"));
      const attachmentId = next("img-");
      imageUploads.push({ attachmentId, fileName: file.name, bytes: Buffer.from(await file.arrayBuffer()), contentType: file.type });
      return answer(OK({ attachment_id: attachmentId }));
    }
    if (url.pathname === "/v2.0/oa/upload/file") {
      const file = await fileOf();
      if (!file) return answer(ERR(-201, "Parameters are invalid"));
      if (file.size > MAX_FILE_BYTES) return answer(ERR(-210, "Parameter exceeds allowable limit"));
      if (!FILE_TYPES.test(file.name)) return answer(ERR(-201, "File type is not supported"));
      const token = next("ft-");
      uploads.push({ token, fileName: file.name, bytes: Buffer.from(await file.arrayBuffer()), contentType: file.type });
      return answer(OK({ token }));
    }
    let body: Record<string, unknown>;
    try { body = JSON.parse(raw.toString("utf8")) as Record<string, unknown>; } catch { return answer(ERR(-201, "Parameters are invalid")); }
    call.body = body;
    const hang = hangs.findIndex((x) => x.path === url.pathname && x.match(body));
    if (hang >= 0) {
      // Never answered: the bot gives up (its timeout), or close() cuts the socket.
      if (--hangs[hang]!.left <= 0) hangs.splice(hang, 1);
      call.hungAt = Date.now();
      res.on("close", () => { call.abandonedAt = Date.now(); });
      return;
    }
    standin.onCall?.(url.pathname, body);
    const userId = String((body.recipient as { user_id?: unknown } | undefined)?.user_id ?? (body as { user_id?: unknown }).user_id ?? "");
    if (!/^\d+$/.test(userId)) return answer(ERR(-201, "user_id is invalid"));
    /** Marks a delivery whose answer never reaches the caller (it gave up first): it will send again. */
    const delivered = (d: OaSent): OaSent => {
      if (res.destroyed) d.unanswered = true;
      else res.once("close", () => { if (!res.writableEnded) d.unanswered = true; });
      return d;
    };
    if (url.pathname === "/v3.0/oa/message/cs") {
      if (closedWindows.has(userId)) return answer(ERR(-230, "User has not interacted with the OA in the past 7 days"));
      const message = body.message as { text?: unknown; attachment?: { type?: unknown; payload?: { token?: unknown; template_type?: unknown; elements?: unknown } } } | undefined;
      if (message?.attachment?.type === "template" && message.attachment.payload?.template_type === "media") {
        const elements = Array.isArray(message.attachment.payload.elements) ? message.attachment.payload.elements as Array<{ media_type?: unknown; attachment_id?: unknown }> : [];
        const up = elements[0]?.media_type === "image" ? imageUploads.find((u) => u.attachmentId === elements[0]?.attachment_id) : undefined;
        if (!up) return answer(ERR(-201, "Attachment is invalid"));
        if (message.text !== undefined && (typeof message.text !== "string" || [...message.text].length > 2000)) return answer(ERR(-210, "Parameter exceeds allowable limit"));
        sent.push(delivered({ userId, ...(typeof message.text === "string" ? { text: message.text } : {}), image: { attachmentId: up.attachmentId, fileName: up.fileName, bytes: up.bytes } }));
      } else if (typeof message?.text === "string") {
        if (message.text.length === 0) return answer(ERR(-201, "Parameters are invalid"));
        if ([...message.text].length > 2000) return answer(ERR(-210, "Parameter exceeds allowable limit"));
        sent.push(delivered({ userId, text: message.text }));
      } else if (message?.attachment?.type === "file") {
        const up = uploads.find((u) => u.token === message.attachment?.payload?.token);
        if (!up) return answer(ERR(-201, "Attachment is invalid"));
        sent.push(delivered({ userId, file: { token: up.token, fileName: up.fileName, bytes: up.bytes } }));
      } else return answer(ERR(-201, "Parameters are invalid"));
      return answer(OK({ message_id: next("mid-"), user_id: userId, sent_time: String(FIXED_MS) }));
    }
    if (url.pathname === "/v3.0/oa/message/template") {
      const templateId = String(body.template_id ?? "");
      if (!templateId) return answer(ERR(-201, "template_id is invalid"));
      templates.push({ userId, templateId, data: (body.template_data ?? {}) as Record<string, unknown> });
      return answer(OK({ msg_id: next("mid-"), sent_time: String(FIXED_MS) }));
    }
    if (url.pathname === "/v2.0/oa/message") return answer(ERR(-240, "MessageV2 API has been shut down"));
    return answer(ERR(404, "You are accessing an empty or invalid API"));
  }

  const sockets = new Set<Socket>();
  async function listen(handler: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>): Promise<{ server: http.Server; root: string }> {
    const server = http.createServer((req, res) => {
      handler(req, res).catch((err: unknown) => { if (!res.headersSent) { res.writeHead(500); res.end(String(err)); } });
    });
    server.on("connection", (s) => { sockets.add(s); s.on("close", () => sockets.delete(s)); });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => { server.off("error", reject); resolve(); });
    });
    return { server, root: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
  }
  const api = await listen(onApi);
  const oauth = await listen(onOauth);

  const stamp = (t?: number) => String(t ?? FIXED_MS + ++msgSerial * 1000);
  const sign = (rawBody: string, timestamp: string) => `mac=${createHash("sha256").update(appId + rawBody + timestamp + oaSecretKey).digest("hex")}`;
  const interacted = (userId: string) => { closedWindows.delete(userId); };

  function waitFor<T>(pred: () => T | undefined | null | false, timeoutMs = 10_000, intervalMs = 10): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const started = performance.now();
      const tick = () => {
        let v: T | undefined | null | false;
        try { v = pred(); } catch (err) { reject(err); return; }
        if (v !== undefined && v !== null && v !== false) { resolve(v); return; }
        if (performance.now() - started >= timeoutMs) {
          const tail = calls.slice(-10).map((c) => `${c.path}${c.error ? ` [${c.error}]` : ""}`).join(", ");
          reject(new Error(`waitFor: not met within ${timeoutMs} ms; last calls: ${tail || "(none)"}`));
          return;
        }
        setTimeout(tick, intervalMs);
      };
      tick();
    });
  }

  const standin: ZaloOaStandin = {
    apiRoot: api.root, oauthRoot: oauth.root, appId, appSecret, oaSecretKey, oaId, seedRefreshToken,
    calls, sent, templates, uploads, imageUploads,
    refreshes: () => refreshCount,
    liveRefreshToken: () => refreshToken,
    liveAccessTokens: () => [...live],
    expireAccessTokens() { for (const t of live) expired.add(t); live.clear(); },
    killRefreshToken() { refreshToken = next("rt-never-issued-"); },
    authorise() { return issuePair().refresh; },
    loseNextRefreshAnswer() { loseAnswer = true; },
    failNext(path, err, times = 1) { apiFaults.push({ path, err, left: times }); },
    hangNext(path, times = 1, match = () => true) {
      const x = { path, left: times, match };
      hangs.push(x);
      return () => { const i = hangs.indexOf(x); if (i >= 0) hangs.splice(i, 1); };
    },
    closeWindow(userId) { closedWindows.add(userId); },
    setName(userId, name) { names.set(userId, name); },
    sentTo: (userId) => sent.filter((s) => s.userId === userId),
    textEvent(userId, text, e = {}) {
      interacted(userId);
      return { app_id: appId, sender: { id: userId }, user_id_by_app: `9${userId}`, recipient: { id: oaId }, event_name: "user_send_text",
        message: { text, msg_id: e.msgId ?? next("msg-") }, timestamp: stamp(e.timestamp) };
    },
    imageEvent(userId, url, e = {}) {
      interacted(userId);
      return { app_id: appId, sender: { id: userId }, user_id_by_app: `9${userId}`, recipient: { id: oaId }, event_name: "user_send_image",
        message: { ...(e.caption !== undefined ? { text: e.caption } : {}), msg_id: e.msgId ?? next("msg-"),
          attachments: [{ type: "image", payload: { url, thumbnail: url } }] }, timestamp: stamp(e.timestamp) };
    },
    followEvent(userId, e = {}) {
      interacted(userId);
      return { oa_id: oaId, follower: { id: userId }, user_id_by_app: `9${userId}`, event_name: "follow", source: "oa_profile", app_id: appId, timestamp: stamp(e.timestamp) };
    },
    unfollowEvent(userId, e = {}) {
      return { oa_id: oaId, follower: { id: userId }, user_id_by_app: `9${userId}`, event_name: "unfollow", source: "oa_profile", app_id: appId, timestamp: stamp(e.timestamp) };
    },
    echoEvent(userId, text) {
      return { app_id: appId, sender: { id: oaId }, recipient: { id: userId }, event_name: "oa_send_text", message: { text, msg_id: next("msg-") }, timestamp: stamp() };
    },
    sign,
    async postEvent(url, event, p = {}) {
      const raw = JSON.stringify(event);
      const ts = typeof event.timestamp === "string" ? event.timestamp : "";
      const mac = p.signature === undefined ? sign(raw, ts) : p.signature;
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (mac !== null) headers["X-ZEvent-Signature"] = p.prefix === false ? mac.replace(/^mac=/, "") : mac;
      const res = await fetch(url, { method: "POST", headers, body: raw });
      return { status: res.status, body: await res.text() };
    },
    photoUrl(name, bytes) { photos.set(name, bytes); return `${api.root}/photo/${name}`; },
    waitFor,
    async close() {
      const closing = Promise.all([api.server, oauth.server].map((s) => new Promise<void>((r) => s.close(() => r()))));
      for (const s of sockets) s.destroySoon();
      setTimeout(() => { api.server.closeAllConnections(); oauth.server.closeAllConnections(); }, 100).unref();
      await closing;
    },
  };
  return standin;
}

function header(req: http.IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return typeof v === "string" ? v : undefined;
}
