// The bot's HTTP side at start-up: signed links for channels without documents, and the server
// (webhooks, /tep links, /healthz) whenever a messaging channel runs.
import type { Config } from "../config.js";
import type { Db } from "../db/client.js";
import type { Channel } from "../channels/channel.js";
import type { InboundEvent } from "../conversation/types.js";
import { FileLinks } from "../http/file-links.js";
import { startHttpServer, type RunningHttpServer } from "../http/server.js";
import type { Logger } from "../log.js";

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
  accept(channel: Channel, event: InboundEvent): "new" | "duplicate";
}

/** Starts the server unless only the console runs (nothing would reach it). */
export async function startWeb(d: WebDeps): Promise<RunningHttpServer | undefined> {
  const messaging = d.channels.some((c) => c.name !== "console");
  if (!messaging && !d.files) return undefined;
  const ping = d.db.$client.prepare("select 1");
  const server = await startHttpServer({
    port: d.config.PORT, log: d.log, bodyLimitBytes: d.config.HTTP_BODY_LIMIT_KB * 1024, channels: d.channels,
    accept: d.accept, files: d.files, clock: d.clock,
    health: () => { try { ping.get(); return { database: true }; } catch { return { database: false }; } },
  });
  d.log.info({ port: server.port }, "http server listening");
  return server;
}
