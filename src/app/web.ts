// The bot's HTTP side at start-up: signed links for channels without documents, and the server
// (webhooks, /tep links, /healthz) whenever a messaging channel runs.
import type { Config } from "../config.js";
import type { Db } from "../db/client.js";
import type { Channel } from "../channels/channel.js";
import type { InboundEvent } from "../conversation/types.js";
import { FileLinks } from "../http/file-links.js";
import { startHttpServer, type RunningHttpServer } from "../http/server.js";
import type { Logger } from "../log.js";
import { databaseState, type WriteHealth } from "./write-health.js";

/** Replies (and documents) waiting in the outbox longer than this make /healthz answer 503. */
export const REPLY_LATE_MS = 5 * 60_000;

/** Links need an address the people's phones can open: none without PUBLIC_BASE_URL. */
export function fileLinksFor(config: Config, db: Db, clock: () => Date): FileLinks | undefined {
  if (!config.PUBLIC_BASE_URL) return undefined;
  return new FileLinks({ db, baseUrl: config.PUBLIC_BASE_URL, ttlMs: config.LINK_TTL_HOURS * 3_600_000, clock,
    ...(config.LINK_SECRET ? { secret: config.LINK_SECRET } : {}) });
}

export interface WebDeps {
  config: Config;
  log: Logger;
  db: Db;
  channels: Channel[];
  files: FileLinks | undefined;
  clock: () => Date;
  accept(channel: Channel, event: InboundEvent, o: { waitMs: number }): Promise<"new" | "duplicate" | "not-recorded">;
  /** The bot's write outcomes; /healthz probes the write lock through it. */
  health: WriteHealth;
}

/** Starts the server unless only the console runs (nothing would reach it). */
export async function startWeb(d: WebDeps): Promise<RunningHttpServer | undefined> {
  const messaging = d.channels.some((c) => c.name !== "console");
  if (!messaging && !d.files) return undefined;
  const late = d.db.$client.prepare<[number], { n: number }>(`select count(*) as n from outbox
    where status in ('pending', 'sending') and kind in ('reply', 'document') and created_at < ?`);
  const server = await startHttpServer({
    port: d.config.PORT, log: d.log, bodyLimitBytes: d.config.HTTP_BODY_LIMIT_KB * 1024, channels: d.channels,
    accept: d.accept, files: d.files, clock: d.clock,
    // Fast whatever the store's state: the probe waits at most the connection's short busy timeout.
    health: () => {
      d.health.probe(d.db);
      const database = databaseState(d.health.current());
      let outbox: string;
      try {
        const n = late.get(d.clock().getTime() - REPLY_LATE_MS)?.n ?? 0;
        outbox = n === 0 ? "ok" : `error: ${n} câu trả lời chờ gửi quá ${REPLY_LATE_MS / 60_000} phút`;
      } catch {
        outbox = "error: không đọc được hàng đợi gửi";
      }
      return { database, outbox };
    },
  });
  d.log.info({ port: server.port }, "http server listening");
  return server;
}
