// The real bot with the Zalo OA channel, against the OA stand-in (OpenAPI and OAuth hosts): events
// are POSTed signed to the bot's HTTP server as Zalo does. Telegram runs beside it unless
// `telegram: false`. `dir` reuses a database (a restart with another configuration).
import { repliesDue } from "../../src/outbox/sender.js";
import type { Role } from "../../src/conversation/ports.js";
import { startHarness, type Harness, type TestClock } from "./harness.js";
import { startZaloOaStandin, type OaEvent, type OaSent, type ZaloOaStandin } from "./zalo-oa-standin.js";

export const PUBLIC_BASE_URL = "https://bot.example.vn";

export interface OaHarness {
  h: Harness;
  oa: ZaloOaStandin;
  /** The bot's webhook address on the local server. */
  hookUrl(): string;
  /** Post events (signed), wait until handled and replies sent; returns what that person got meanwhile. */
  send(userId: string, ...events: OaEvent[]): Promise<OaSent[]>;
  say(userId: string, text: string): Promise<OaSent[]>;
  /** Register an OA follower by typing /start with a fresh invite. */
  register(userId: string, role: Role, unitCode: string): Promise<void>;
  /** A link the bot sent, pointed at the local server instead of PUBLIC_BASE_URL. */
  local(url: string): string;
  /** Stop the bot and the stand-ins (the temp folder goes at the end of the file). */
  close(): Promise<void>;
}

/** The inbox id the channel gives an event (msg_id; a follow's is made of the person and the time). */
export function eventIdOf(e: OaEvent): string {
  const m = e.message as { msg_id?: string } | undefined;
  if (m?.msg_id) return m.msg_id;
  return `follow:${(e.follower as { id: string }).id}:${e.timestamp}`;
}

export function oaEnv(oa: ZaloOaStandin, refreshToken = oa.seedRefreshToken): Record<string, string> {
  return {
    ZALO_OA_APP_ID: oa.appId, ZALO_OA_APP_SECRET: oa.appSecret, ZALO_OA_SECRET_KEY: oa.oaSecretKey, ZALO_OA_REFRESH_TOKEN: refreshToken,
    ZALO_OA_ID: oa.oaId, ZALO_OA_API_ROOT: oa.apiRoot, ZALO_OA_OAUTH_ROOT: oa.oauthRoot, PUBLIC_BASE_URL,
  };
}

export async function startOaHarness(o: { telegram?: boolean; env?: Record<string, string>; clock?: TestClock; dir?: string; oa?: ZaloOaStandin } = {}): Promise<OaHarness> {
  const oa = o.oa ?? await startZaloOaStandin();
  const env: Record<string, string> = { ...oaEnv(oa), ...(o.telegram === false ? { BOT_TOKEN: "" } : {}), ...o.env };
  const h = await startHarness({ env, ...(o.clock ? { clock: o.clock } : {}), ...(o.dir ? { dir: o.dir } : {}) });
  const z: OaHarness = {
    h, oa,
    hookUrl: () => `${h.bot.web!.url}/webhook/zalo-oa`,
    async send(userId, ...events) {
      const before = oa.sentTo(userId).length;
      for (const e of events) {
        const r = await oa.postEvent(z.hookUrl(), e);
        if (r.status !== 200) throw new Error(`webhook answered ${r.status}: ${r.body}`);
      }
      const ids = events.filter((e) => e.event_name !== "unfollow").map(eventIdOf);
      const processed = h.bot.db.$client.prepare("select 1 from processed_events where channel = 'zalo-oa' and event_id = ?");
      await oa.waitFor(() => ids.every((id) => processed.get(id)) && h.bot.app.idle() && repliesDue(h.bot.db, h.clock.now) === 0, 20_000, 2);
      return oa.sentTo(userId).slice(before);
    },
    say: (userId, text) => z.send(userId, oa.textEvent(userId, text)),
    async register(userId, role, unitCode) {
      const replies = await z.say(userId, `/start ${h.invite(role, unitCode)}`);
      if (!replies.some((m) => m.text?.includes("Đăng ký thành công"))) throw new Error(`registration failed: ${JSON.stringify(replies)}`);
    },
    local: (url) => url.replace(PUBLIC_BASE_URL, h.bot.web!.url),
    async close() {
      await h.stop();
      if (!o.oa) await oa.close();
    },
  };
  return z;
}
