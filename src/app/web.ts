// The bot's HTTP side at start-up: signed links for channels without documents, and the server
// (webhooks, /tep links, /healthz, and the office's page under /web when PUBLIC_BASE_URL gives it
// an address) whenever a messaging channel runs.
import type { Config } from "../config.js";
import type { Db } from "../db/client.js";
import type { Channel } from "../channels/channel.js";
import type { InboundEvent } from "../conversation/types.js";
import { FileLinks } from "../http/file-links.js";
import { startHttpServer, type RunningHttpServer } from "../http/server.js";
import type { Logger } from "../log.js";
import { databaseState, type WriteHealth } from "./write-health.js";
import { randomUUID } from "node:crypto";
import { resolve, sep } from "node:path";
import type { Services, UserRecord } from "../conversation/ports.js";
import { returnFromPage } from "../conversation/review.js";
import { reportFromPage, type PageReportForm } from "../conversation/web-report.js";
import type { WardProfile } from "../domain/profile.js";
import { todayInVietnam } from "../domain/vn.js";
import { stmt } from "../db/statements.js";
import { addWebRoutes, type WebPagesDeps } from "../web/routes.js";
import { applyWrites } from "./apply-writes.js";
import type { JobRunner } from "./jobs.js";

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
  /** What the office's page needs; no page without it (or without PUBLIC_BASE_URL). */
  pages?: PagesDeps;
}

export interface PagesDeps {
  profile: WardProfile;
  services: Services;
  jobs: Pick<JobRunner, "record" | "wake">;
  wakeOutbox(): void;
  /** The data folder photos are kept in; none for an in-memory database. */
  dataDir: string | undefined;
  channelLabel(channel: string): string;
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
    ...(d.pages && d.config.PUBLIC_BASE_URL ? { routes: (app) => addWebRoutes(app, pagesFor(d, d.pages!, d.config.PUBLIC_BASE_URL!)) } : {}),
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

/** The page's actions run the core's rules and the app's writes in one transaction, like a chat event. */
function pagesFor(d: WebDeps, p: PagesDeps, baseUrl: string): WebPagesDeps {
  const { db, clock } = d;
  const cutoffDay = d.config.PERIOD_CUTOFF_DAY;
  const apply = (writes: Parameters<typeof applyWrites>[1], now: Date, today: string) => applyWrites(db, writes, {
    cutoffDay, inviteTtlDays: p.services.inviteTtlDays, now, inForce: (code) => p.services.units(today).some((u) => u.code === code) });
  const dataDir = p.dataDir ? resolve(p.dataDir) : undefined;
  return {
    db, profile: p.profile, cutoffDay, clock, log: d.log.child({ component: "web" }),
    secureCookies: baseUrl.startsWith("https:"),
    appLabel: p.channelLabel,
    ...(dataDir ? { photoFile: (rel: string) => { const f = resolve(dataDir, rel); return f.startsWith(dataDir + sep) ? f : undefined; } } : {}),
    returnEntry(user: UserRecord, entryId: number, reason: string) {
      const now = clock();
      const today = todayInVietnam(now);
      try {
        const r = db.$client.transaction(() => {
          const out = returnFromPage({ services: p.services, user, today }, entryId, reason);
          if (out.ok) apply(out.writes, now, today);
          return out;
        }).immediate();
        if (r.ok) p.wakeOutbox();
        return { ok: r.ok, message: r.message };
      } catch (err) {
        d.log.error({ err }, "return from the page failed");
        return { ok: false, message: "Chưa ghi được việc trả lại (máy chủ bận). Xin thử lại sau ít phút." };
      }
    },
    requestReport(user: UserRecord, form: PageReportForm) {
      const now = clock();
      const today = todayInVietnam(now);
      // The report is also sent to the leader's chat, as /baocao's is: the job needs that chat.
      const contact = p.services.contactOf(user.id);
      if (!contact) return { ok: "refused" as const, message: "Bạn chưa có ứng dụng chat nào liên lạc được với bot, nên chưa lập báo cáo từ trang được. Xin nhắn bot một lần rồi thử lại." };
      try {
        const r = db.$client.transaction(() => {
          const out = reportFromPage({ services: p.services, user, today }, form);
          if (!out.ok) return out;
          const eventId = `web:${randomUUID()}`;
          const recorded = p.jobs.record({ channel: contact.channel, chatId: contact.chatId, userId: "", userName: user.name, eventId, at: now,
            body: { type: "text", text: "/baocao" } }, [out.effect], now);
          if (recorded.recorded === 0) {
            const why = recorded.messages[0];
            return { ok: "refused" as const, message: why?.type === "text" ? why.text : "Chưa lập được báo cáo lúc này. Xin thử lại sau ít phút." };
          }
          // The leader's words are kept with the request they go into.
          apply(out.writes, now, today);
          const job = stmt<[string, string], { id: number }>(db, "select id from jobs where channel = ? and event_id = ?").get(contact.channel, eventId)!;
          return { ok: true as const, jobId: job.id };
        }).immediate();
        if (r.ok === true) p.jobs.wake();
        return r;
      } catch (err) {
        d.log.error({ err }, "report request from the page failed");
        return { ok: "refused" as const, message: "Chưa ghi được yêu cầu (máy chủ bận). Xin thử lại sau ít phút." };
      }
    },
  };
}
