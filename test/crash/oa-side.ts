// The Zalo OA's side of the crash suite (issue 18): the OA stand-in (OpenAPI and OAuth hosts), its
// people's events posted signed to the running bot's /webhook/zalo-oa and posted again until
// recorded, as Zalo retries a webhook not answered 200; and one expiry of the access token during
// the run, which the bot must get past by refreshing (the refresh token rotates).
import { repliesDue } from "../../src/outbox/sender.js";
import type { Harness } from "../helpers/harness.js";
import { eventIdOf, oaEnv } from "../helpers/zalo-oa-harness.js";
import { startZaloOaStandin, type OaEvent, type OaSent, type ZaloOaStandin } from "../helpers/zalo-oa-standin.js";
import type { WebhookPoster } from "./webhook-poster.js";

export const OA_HOOK = "/webhook/zalo-oa";
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** CRASH_OA=0: no OA people (Telegram and Zalo half each, as before issue 18), to compare. */
export const OA_IN_CRASH = process.env.CRASH_OA !== "0";

export class OaSide {
  /** Every event id a person sent (msg_id; a follow's is the person and the moment), to count the lost. */
  readonly sentIds: string[] = [];
  /** The access token's expiries during the run, and how many refreshes came after each. */
  readonly expiries: Array<{ at: number; refreshed: boolean }> = [];

  private constructor(readonly oa: ZaloOaStandin) {}

  static async start(): Promise<OaSide> {
    return new OaSide(await startZaloOaStandin());
  }

  /** The bot's variables for the OA (the child and the in-process boot use the same seed token: the database keeps the chain). */
  env(): Record<string, string> { return oaEnv(this.oa); }

  /** A person's text, stamped with the run's clock (ms), posted until recorded. */
  say(poster: WebhookPoster, userId: string, text: string, atMs: number): void {
    this.post(poster, userId, this.oa.textEvent(userId, text, { timestamp: atMs }));
  }

  post(poster: WebhookPoster, userId: string, e: OaEvent): void {
    this.sentIds.push(eventIdOf(e));
    poster.post(`zalo-oa:${userId}`, async (root) => (await this.oa.postEvent(`${root}${OA_HOOK}`, e)).status);
  }

  /** Follows the OA and registers with an invite code, on the in-process bot, waiting for "Đăng ký thành công". */
  async register(h: Harness, userId: string, code: string, atMs: number): Promise<void> {
    const before = this.oa.sentTo(userId).length;
    for (const e of [this.oa.followEvent(userId, { timestamp: atMs }), this.oa.textEvent(userId, `/start ${code}`, { timestamp: atMs + 1 })]) {
      const r = await this.oa.postEvent(`${h.bot.web!.url}${OA_HOOK}`, e);
      if (r.status !== 200) throw new Error(`OA webhook answered ${r.status}: ${r.body}`);
    }
    await this.oa.waitFor(() => this.oa.sentTo(userId).slice(before).some((m) => m.text?.includes("Đăng ký thành công"))
      && h.bot.app.idle() && repliesDue(h.bot.db, h.clock.now) === 0, 30_000, 5);
  }

  /** Types `text` to the in-process bot and waits until it is handled and the replies are sent; what the person got. */
  async ask(h: Harness, userId: string, text: string): Promise<OaSent[]> {
    const before = this.oa.sentTo(userId).length;
    const e = this.oa.textEvent(userId, text, { timestamp: h.clock.now.getTime() });
    const r = await this.oa.postEvent(`${h.bot.web!.url}${OA_HOOK}`, e);
    if (r.status !== 200) throw new Error(`OA webhook answered ${r.status}: ${r.body}`);
    const processed = h.bot.db.$client.prepare("select 1 from processed_events where channel = 'zalo-oa' and event_id = ?");
    await this.oa.waitFor(() => processed.get(eventIdOf(e)) && h.bot.app.idle() && repliesDue(h.bot.db, h.clock.now) === 0, 30_000, 5);
    return this.oa.sentTo(userId).slice(before);
  }

  /** Events people sent that the bot never recorded (posted again until recorded: none). */
  lost(h: Harness): number {
    const recorded = h.bot.db.$client.prepare("select 1 from processed_events where channel = 'zalo-oa' and event_id = ?");
    return this.sentIds.filter((id) => !recorded.get(id)).length;
  }

  /**
   * Every access token issued so far stops working, as at the end of its 25 h: the bot's next call
   * is refused (-216) and it must refresh once and go on. Run where no kill can strike (a kill
   * between Zalo's rotation and the store would leave a dead refresh token and no live access
   * token: the OA admin would have to authorise again, a case test/chat/zalo-oa.test.ts covers
   * with the old access token still alive). Waits for the refresh, at most `waitMs`; `afterExpiry`
   * may make sure a call to the OA comes.
   */
  async expireAndWaitForRefresh(waitMs: number, afterExpiry: () => void): Promise<void> {
    const before = this.oa.refreshes();
    const from = this.oa.calls.length;
    const at = performance.now();
    this.oa.expireAccessTokens();
    afterExpiry();
    // Until a call with the new token went through: the bot stores the pair before it uses it.
    const usedNew = () => this.oa.refreshes() > before && this.oa.calls.slice(from).some((c) => c.host === "api" && c.error === 0);
    const until = at + waitMs;
    while (!usedNew() && performance.now() < until) await sleep(20);
    this.expiries.push({ at, refreshed: usedNew() });
  }

  async close(): Promise<void> { await this.oa.close(); }
}
