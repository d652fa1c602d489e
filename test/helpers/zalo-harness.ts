// The real bot with the Zalo channel, against the Zalo Bot Platform stand-in, by long polling
// or by webhook (the stand-in posts to the bot's HTTP server like the platform does).
// Telegram runs beside it unless `telegram: false`.
import { rmSync } from "node:fs";
import { repliesDue } from "../../src/outbox/sender.js";
import type { Role } from "../../src/conversation/ports.js";
import { startHarness, type Harness, type TestClock } from "./harness.js";
import { startZaloStandin, type ZaloSent, type ZaloStandin, type ZaloUpdateBody } from "./zalo-standin.js";

export const WEBHOOK_SECRET = "zalo-webhook-secret-0123";
export const PUBLIC_BASE_URL = "https://bot.example.vn";

export interface ZaloHarness {
  h: Harness;
  zalo: ZaloStandin;
  /** Deliver updates (poll or webhook), wait until handled and replies sent; returns what that chat got meanwhile. */
  send(userId: string, ...updates: ZaloUpdateBody[]): Promise<ZaloSent[]>;
  say(userId: string, text: string): Promise<ZaloSent[]>;
  /** Register a Zalo user by typing /start with a fresh invite. */
  register(userId: string, role: Role, unitCode: string, displayName?: string): Promise<void>;
  /** A link the bot sent, pointed at the local server instead of PUBLIC_BASE_URL. */
  local(url: string): string;
  close(): Promise<void>;
}

export async function startZaloHarness(o: { webhook?: boolean; telegram?: boolean; env?: Record<string, string>; clock?: TestClock } = {}): Promise<ZaloHarness> {
  const zalo = await startZaloStandin({ maxPollMs: 200 });
  const env: Record<string, string> = {
    ZALO_BOT_TOKEN: zalo.token, ZALO_API_ROOT: zalo.apiRoot, PUBLIC_BASE_URL,
    // Webhooks are the default; polling (which may lose updates on a crash) only when asked for.
    ...(o.webhook ? { WEBHOOK_SECRET } : { ZALO_MODE: "polling" }),
    ...(o.telegram === false ? { BOT_TOKEN: "" } : {}),
    ...o.env,
  };
  const h = await startHarness({ env, ...(o.clock ? { clock: o.clock } : {}) });
  const z: ZaloHarness = {
    h, zalo,
    async send(userId, ...updates) {
      const before = zalo.sentTo(userId).length;
      for (const u of updates) {
        if (o.webhook) {
          const r = await zalo.postWebhook(`${h.bot.web!.url}/webhook/zalo`, WEBHOOK_SECRET, u);
          if (r.status !== 200) throw new Error(`webhook answered ${r.status}: ${r.body}`);
        } else zalo.push(u);
      }
      const ids = updates.map((u) => String(u.message.message_id));
      // Prepared on the bot's current database: h.halt()/h.boot() open a new connection.
      const processed = h.bot.db.$client.prepare("select 1 from processed_events where channel = 'zalo' and event_id = ?");
      await zalo.waitFor(() => ids.every((id) => processed.get(id)) && h.bot.app.idle() && repliesDue(h.bot.db, h.clock.now) === 0, 15_000, 1);
      return zalo.sentTo(userId).slice(before);
    },
    say: (userId, text) => z.send(userId, zalo.textMessage(userId, text)),
    async register(userId, role, unitCode, displayName = `Người ${userId}`) {
      const replies = await z.send(userId, zalo.textMessage(userId, `/start ${h.invite(role, unitCode)}`, { displayName }));
      if (!replies.some((m) => m.text.includes("Đăng ký thành công"))) throw new Error(`registration failed: ${JSON.stringify(replies)}`);
    },
    local: (url) => url.replace(PUBLIC_BASE_URL, h.bot.web!.url),
    async close() {
      await h.stop();
      await zalo.close();
      rmSync(h.dir, { recursive: true, force: true });
    },
  };
  return z;
}
