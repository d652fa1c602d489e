// The bot's HTTP side, on node:http: platform webhooks, signed download links and a health check.
// A webhook is answered 200 only once its event is recorded (processing happens after the
// answer), and 503 when the database cannot be written in time, so the platform delivers again.
import { createHash, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Channel, ChannelState } from "../channels/channel.js";
import type { InboundEvent } from "../conversation/types.js";
import type { Logger } from "../log.js";
import type { FileLinks } from "./file-links.js";

export interface HttpServerOptions {
  port: number;
  /** Interface to listen on; all interfaces when absent. */
  host?: string;
  log: Logger;
  bodyLimitBytes: number;
  channels: Channel[];
  /**
   * Records the event durably and schedules its processing; a repeated event id is "duplicate";
   * "not-recorded" when the database could not be written within waitMs.
   */
  accept(channel: Channel, event: InboundEvent, o: { waitMs: number }): Promise<"new" | "duplicate" | "not-recorded">;
  files: FileLinks | undefined;
  /** Each part's state: "ok", or what is wrong in a short Vietnamese sentence. Must answer fast. */
  health(): HealthReport;
  clock: () => Date;
}

export interface HealthReport {
  /** Can the bot write its database. */
  database: string;
  /** Are replies waiting in the outbox too long. */
  outbox: string;
}

/** How long a webhook waits for its event to be recorded before answering 503 (platforms time out at ~10 s). */
export const WEBHOOK_RECORD_WAIT_MS = 3000;
/** Retry-After of that 503, in seconds. */
export const WEBHOOK_RETRY_AFTER_S = 5;

export interface RunningHttpServer {
  port: number;
  url: string;
  close(): Promise<void>;
}

export const LINK_REFUSED = "Liên kết không hợp lệ hoặc đã hết hạn. Xin gửi lại yêu cầu trong bot để nhận liên kết mới.";
const NOT_FOUND = "Không tìm thấy.";
const SERVER_ERROR = "Máy chủ gặp lỗi. Xin thử lại sau.";

class TooLarge extends Error {}
class Aborted extends Error {}

export function startHttpServer(o: HttpServerOptions): Promise<RunningHttpServer> {
  const log = o.log.child({ component: "http" });
  const server = createServer((req, res) => {
    // The route name, never the path: a download path carries its token.
    let route = "other";
    handle(o, req, res, (r) => { route = r; }).catch((err: unknown) => {
      log.error({ err, route }, "HTTP handler failed");
      if (!res.headersSent) send(res, 500, SERVER_ERROR, { Connection: "close" });
      else res.destroy();
    });
  });
  // Slow or stalled clients must not hold connections open for long.
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  server.on("clientError", (_err, socket) => { if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n"); else socket.destroy(); });

  return new Promise((resolvePromise, reject) => {
    server.once("error", reject);
    server.listen(o.port, o.host, () => {
      server.off("error", reject);
      const port = (server.address() as AddressInfo).port;
      const host = !o.host || o.host === "0.0.0.0" || o.host === "::" ? "127.0.0.1" : o.host;
      log.info({ port }, "HTTP server listening");
      resolvePromise({
        port,
        url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
        close: () => new Promise<void>((done) => {
          server.close(() => done());
          server.closeIdleConnections();
        }),
      });
    });
  });
}

async function handle(o: HttpServerOptions, req: IncomingMessage, res: ServerResponse, setRoute: (r: string) => void): Promise<void> {
  const path = pathOf(req.url);
  const method = req.method ?? "GET";

  const hook = /^\/webhook\/([^/]+)$/.exec(path);
  if (hook && method === "POST") {
    setRoute("webhook");
    const channel = o.channels.find((c) => c.webhook && c.name === hook[1]);
    if (!channel?.webhook) return send(res, 404, NOT_FOUND);
    return webhook(o, channel, channel.webhook, req, res);
  }

  const tep = /^\/tep\/([^/]+)$/.exec(path);
  if (tep && (method === "GET" || method === "HEAD")) {
    setRoute("tep");
    return download(o, tep[1]!, res);
  }

  if (path === "/healthz" && (method === "GET" || method === "HEAD")) {
    setRoute("healthz");
    return healthz(o, res);
  }

  send(res, 404, NOT_FOUND);
}

async function webhook(o: HttpServerOptions, channel: Channel, hook: NonNullable<Channel["webhook"]>, req: IncomingMessage, res: ServerResponse): Promise<void> {
  // A real-time bound: the platform waits for the answer in real time (from the request's start).
  const deadline = Date.now() + (hook.answerWithinMs ?? WEBHOOK_RECORD_WAIT_MS);
  if (!hook.verify && !secretMatches(req.headers[hook.secretHeader.toLowerCase()], hook.secret)) {
    o.log.warn({ channel: channel.name }, "webhook refused: wrong or missing secret");
    return send(res, 401, "Unauthorized", { Connection: "close" });
  }
  let raw: Buffer;
  try {
    raw = await readBody(req, o.bodyLimitBytes);
  } catch (err) {
    // The sender went away mid-body: nothing was recorded and there is no one to answer.
    if (err instanceof Aborted) return;
    if (!(err instanceof TooLarge)) throw err;
    o.log.warn({ channel: channel.name, limit: o.bodyLimitBytes }, "webhook refused: body too large");
    // Close the connection so the rest of the body is never read.
    return send(res, 413, "Payload Too Large", { Connection: "close" });
  }
  // A signed body is checked on the exact bytes received, before anything is parsed or recorded.
  if (hook.verify && !hook.verify(raw, req.headers)) {
    o.log.warn({ channel: channel.name }, "webhook refused: wrong or missing signature");
    return send(res, 401, "Unauthorized", { Connection: "close" });
  }
  let body: unknown;
  try {
    body = JSON.parse(raw.toString("utf8"));
  } catch {
    return send(res, 400, "Bad Request");
  }
  const events = hook.parse(body);
  let duplicates = 0;
  for (const event of events) {
    const r = await o.accept(channel, event, { waitMs: Math.max(0, deadline - Date.now()) });
    if (r === "not-recorded") {
      // Events of this body recorded before are dropped as duplicates when it comes again.
      o.log.warn({ channel: channel.name }, "webhook not recorded: database cannot be written; asking for redelivery");
      return send(res, 503, "Service Unavailable", { "Retry-After": String(WEBHOOK_RETRY_AFTER_S) });
    }
    if (r === "duplicate") duplicates++;
  }
  o.log.debug({ channel: channel.name, events: events.length, duplicates }, "webhook accepted");
  res.writeHead(200, { "Content-Type": "application/json", "Cache-Control": "no-store" });
  res.end(JSON.stringify({ ok: true }));
}

function download(o: HttpServerOptions, token: string, res: ServerResponse): void {
  const file = o.files?.resolve(token, o.clock());
  // Tampered, expired, unknown or links switched off: one answer, so a probe learns nothing.
  if (!file?.ok) return send(res, 403, LINK_REFUSED, { "Cache-Control": "private, no-store" });
  res.writeHead(200, {
    "Content-Type": file.contentType,
    "Content-Length": String(file.bytes.length),
    "Content-Disposition": contentDisposition(file.fileName),
    "Cache-Control": "private, no-store",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
  });
  res.end(file.bytes);
}

function healthz(o: HttpServerOptions, res: ServerResponse): void {
  let report: HealthReport;
  try {
    report = o.health();
  } catch {
    report = { database: "error: không kiểm tra được", outbox: "error: không kiểm tra được" };
  }
  const channels: Record<string, ChannelState | "error"> = {};
  for (const c of o.channels) {
    try {
      channels[c.name] = c.state();
    } catch {
      channels[c.name] = "error";
    }
  }
  const reasons = [
    ...(report.database === "ok" ? [] : ["database_unwritable"]),
    ...(report.outbox === "ok" ? [] : ["replies_waiting"]),
    ...Object.entries(channels).filter(([, st]) => st === "error").map(([name]) => `channel_error:${name}`),
  ];
  const ok = reasons.length === 0;
  res.writeHead(ok ? 200 : 503, { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" });
  res.end(JSON.stringify({ ok, database: report.database, outbox: report.outbox, channels, reasons }));
}

/** Constant time whatever the lengths: both sides are hashed to 32 bytes first. */
export function secretMatches(given: string | string[] | undefined, secret: string): boolean {
  if (typeof given !== "string" || secret.length === 0) return false;
  const a = createHash("sha256").update(given, "utf8").digest();
  const b = createHash("sha256").update(secret, "utf8").digest();
  return timingSafeEqual(a, b);
}

/** `attachment` with an ASCII fallback name and the exact (Vietnamese) name per RFC 6266/8187. */
export function contentDisposition(fileName: string): string {
  const name = fileName.normalize("NFC");
  const ascii = name.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D")
    .replace(/[^\x20-\x7e]|["\\%;]/g, "_") || "tep";
  const encoded = encodeURIComponent(name).replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

function pathOf(url: string | undefined): string {
  try {
    return new URL(url ?? "/", "http://localhost").pathname;
  } catch {
    return "/";
  }
}

/** The whole body, refusing (without reading further) once it passes the limit. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(new TooLarge());
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        req.pause();
        reject(new TooLarge());
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => { cleanup(); resolveBody(Buffer.concat(chunks)); };
    const onError = () => { cleanup(); reject(new Aborted()); };
    const cleanup = () => { req.off("data", onData); req.off("end", onEnd); req.off("error", onError); req.off("close", onError); };
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
    req.on("close", onError);
  });
}

function send(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", ...headers });
  res.end(text);
}
