// Zalo's side of the crash suite, by webhook: each person's update is posted to the bot that is
// running (the child, or the last in-process boot), in order per chat, and posted again until the
// bot answers 200, which it does only once the update is recorded. A kill mid-post, or a bot that
// is down, means the update comes again, as the platform sends it again: none may be lost.
import { WEBHOOK_SECRET } from "../helpers/zalo-harness.js";
import type { ZaloStandin, ZaloUpdateBody } from "../helpers/zalo-standin.js";

const RETRY_MS = 100;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class ZaloWebhookPoster {
  private readonly chains = new Map<string, Promise<void>>();
  private stopped = false;

  /** `target`: the running bot's HTTP root, undefined while none runs. */
  constructor(private readonly zalo: ZaloStandin, private readonly target: () => string | undefined) {}

  post(chatId: string, update: ZaloUpdateBody): void {
    const next = (this.chains.get(chatId) ?? Promise.resolve()).then(() => this.deliver(update));
    this.chains.set(chatId, next);
  }

  private async deliver(update: ZaloUpdateBody): Promise<void> {
    while (!this.stopped) {
      const root = this.target();
      if (root) {
        try {
          if ((await this.zalo.postWebhook(`${root}/webhook/zalo`, WEBHOOK_SECRET, update)).status === 200) return;
        } catch { /* the bot died mid-post: post again */ }
      }
      await sleep(RETRY_MS);
    }
  }

  /** Resolves once every update posted so far was taken (or the poster stopped). */
  async settle(): Promise<void> {
    await Promise.all([...this.chains.values()]);
  }

  stop(): void { this.stopped = true; }
}
