// Shared pieces of the HTTP tests: a real SQLite file in a temp folder, a movable clock, a fake
// channel (the server's collaborator, not a platform) and a raw HTTP client.
import { rmSync } from "node:fs";
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { join } from "node:path";
import { closeDb, openDb, type Db } from "../../src/db/client.js";
import type { Channel, ChannelState } from "../../src/channels/channel.js";
import type { InboundEvent } from "../../src/conversation/types.js";
import { tempDir } from "../helpers/temp.js";

export interface TempDb { db: Db; path: string; dir: string; reopen(): Db; close(): void }

export function tempDb(): TempDb {
  const dir = tempDir("bienbot-http-");
  const path = join(dir, "bot.sqlite");
  const opened: Db[] = [];
  const t: TempDb = {
    dir, path, db: openDb(path),
    reopen() { const db = openDb(path); opened.push(db); return db; },
    close() {
      for (const db of [t.db, ...opened]) closeDb(db);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return t;
}

export interface Clock { now: Date; (): Date; advance(ms: number): void }

export function movableClock(iso = "2025-03-01T02:00:00Z"): Clock {
  const c = (() => c.now) as Clock;
  c.now = new Date(iso);
  c.advance = (ms) => { c.now = new Date(c.now.getTime() + ms); };
  return c;
}

export const SECRET_HEADER = "X-Test-Bot-Secret";

/** A channel receiving by webhook; its platform body is { updates: [{ id, text }] }. */
export function fakeChannel(name: string, secret: string, state: ChannelState = "webhook"): Channel & { setState(s: ChannelState): void } {
  let current = state;
  return {
    name,
    capabilities: { buttons: false, documents: false, editing: false, maxTextLength: 2000 },
    async start() {},
    async stop() {},
    async send() {},
    state: () => current,
    setState(s) { current = s; },
    webhook: {
      secretHeader: SECRET_HEADER,
      secret,
      parse(body: unknown): InboundEvent[] {
        const updates = (body as { updates?: Array<{ id: number; text: string }> }).updates ?? [];
        return updates.map((u) => ({
          channel: name, chatId: "42", userId: "42", userName: "Người thử", eventId: String(u.id),
          at: new Date("2025-03-01T02:00:00Z"), body: { type: "text", text: u.text },
        }));
      },
    },
  };
}

export interface Reply { status: number; headers: IncomingHttpHeaders; body: Buffer; text: string }

/** One request with node:http; `chunks` are written one by one without a Content-Length. */
export function call(url: string, o: { method?: string; headers?: Record<string, string>; body?: string | Buffer; chunks?: Buffer[] } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: o.method ?? "GET", headers: o.headers }, (res) => {
      const parts: Buffer[] = [];
      res.on("data", (c: Buffer) => parts.push(c));
      res.on("end", () => {
        const body = Buffer.concat(parts);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text: body.toString("utf8") });
      });
      res.on("error", reject);
    });
    // A server that refuses a body early may close while we still write; the response decides.
    req.on("error", reject);
    if (o.chunks) {
      for (const c of o.chunks) req.write(c);
      req.end();
    } else req.end(o.body);
  });
}
