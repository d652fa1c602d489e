// The bot's HTTP side, on hono (@hono/node-server over node:http): platform webhooks, signed
// download links, a health check, and the routes the office's page adds (mounted by the app).
// A webhook is answered 200 only once its event is recorded (processing happens after the
// answer), and 503 when the database cannot be written in time, so the platform delivers again.
import { createHash, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { Hono, type Context } from "hono";
import { getRequestListener, type HttpBindings } from "@hono/node-server";
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
  /** More routes (the office's page), added before the 404; they name their route for the logs with setRoute. */
  routes?: (app: HttpApp) => void;
}

/** The variables every route may set: its name, for the logs (never the path: a path may carry a token). */
export type HttpEnv = { Bindings: HttpBindings; Variables: { route: string } };
export type HttpApp = Hono<HttpEnv>;

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
  const app = httpApp(o, log);
  const server = createServer(getRequestListener(app.fetch));
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

/** The routes; GET routes answer HEAD too (hono runs the GET and drops the body). */
export function httpApp(o: HttpServerOptions, log: Logger): HttpApp {
  const app: HttpApp = new Hono<HttpEnv>();
  app.onError((err, c) => {
    log.error({ err, route: c.get("route") ?? "other" }, "HTTP handler failed");
    return plain(500, SERVER_ERROR, { Connection: "close" });
  });
  app.notFound(() => plain(404, NOT_FOUND));

  app.post("/webhook/:channel", async (c) => {
    c.set("route", "webhook");
    const channel = o.channels.find((ch) => ch.webhook && ch.name === c.req.param("channel"));
    if (!channel?.webhook) return plain(404, NOT_FOUND);
    return webhook(o, channel, channel.webhook, c);
  });
  app.get("/tep/:token", (c) => {
    c.set("route", "tep");
    return download(o, c.req.param("token"));
  });
  app.get("/healthz", (c) => {
    c.set("route", "healthz");
    return healthz(o);
  });
  o.routes?.(app);
  return app;
}

async function webhook(o: HttpServerOptions, channel: Channel, hook: NonNullable<Channel["webhook"]>, c: Context<HttpEnv>): Promise<Response> {
  // A real-time bound: the platform waits for the answer in real time (from the request's start).
  const deadline = Date.now() + (hook.answerWithinMs ?? WEBHOOK_RECORD_WAIT_MS);
  if (!hook.verify && !secretMatches(c.req.header(hook.secretHeader), hook.secret)) {
    o.log.warn({ channel: channel.name }, "webhook refused: wrong or missing secret");
    return plain(401, "Unauthorized", { Connection: "close" });
  }
  let raw: Buffer;
  try {
    raw = await readBody(c.env.incoming, o.bodyLimitBytes);
  } catch (err) {
    // The sender went away mid-body: nothing was recorded and there is no one to answer.
    if (err instanceof Aborted) return plain(400, "Bad Request", { Connection: "close" });
    if (!(err instanceof TooLarge)) throw err;
    o.log.warn({ channel: channel.name, limit: o.bodyLimitBytes }, "webhook refused: body too large");
    // Close the connection so the rest of the body is never read.
    return plain(413, "Payload Too Large", { Connection: "close" });
  }
  // A signed body is checked on the exact bytes received, before anything is parsed or recorded.
  if (hook.verify && !hook.verify(raw, c.env.incoming.headers)) {
    o.log.warn({ channel: channel.name }, "webhook refused: wrong or missing signature");
    return plain(401, "Unauthorized", { Connection: "close" });
  }
  let body: unknown;
  try {
    body = JSON.parse(raw.toString("utf8"));
  } catch {
    return plain(400, "Bad Request");
  }
  const events = hook.parse(body);
  let duplicates = 0;
  for (const event of events) {
    const r = await o.accept(channel, event, { waitMs: Math.max(0, deadline - Date.now()) });
    if (r === "not-recorded") {
      // Events of this body recorded before are dropped as duplicates when it comes again.
      o.log.warn({ channel: channel.name }, "webhook not recorded: database cannot be written; asking for redelivery");
      return plain(503, "Service Unavailable", { "Retry-After": String(WEBHOOK_RETRY_AFTER_S) });
    }
    if (r === "duplicate") duplicates++;
  }
  o.log.debug({ channel: channel.name, events: events.length, duplicates }, "webhook accepted");
  return new Response(JSON.stringify({ ok: true }), { status: 200, headers: { "Content-Type": "application/json", "Cache-Control": "no-store" } });
}

function download(o: HttpServerOptions, token: string): Response {
  const file = o.files?.resolve(token, o.clock());
  // Tampered, expired, unknown or links switched off: one answer, so a probe learns nothing.
  if (!file?.ok) return plain(403, LINK_REFUSED, { "Cache-Control": "private, no-store" });
  return fileResponse(file);
}

/** A file as an attachment, never cached, never sniffed. */
export function fileResponse(file: { fileName: string; contentType: string; bytes: Buffer }): Response {
  return new Response(new Uint8Array(file.bytes), {
    status: 200,
    headers: {
      "Content-Type": file.contentType,
      "Content-Length": String(file.bytes.length),
      "Content-Disposition": contentDisposition(file.fileName),
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "no-referrer",
    },
  });
}

function healthz(o: HttpServerOptions): Response {
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
  return new Response(JSON.stringify({ ok, database: report.database, outbox: report.outbox, channels, reasons }),
    { status: ok ? 200 : 503, headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" } });
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

/** A short plain-text answer. */
export function plain(status: number, text: string, headers: Record<string, string> = {}): Response {
  return new Response(text, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", ...headers } });
}
