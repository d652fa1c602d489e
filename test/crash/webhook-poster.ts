// The webhook side of the crash suite (Zalo's Bot Platform and the Zalo OA): each person's event is
// posted to the bot that is running (the child, or the last in-process boot), in order per chat,
// and posted again until the bot answers 200, which it does only once the event is recorded. A
// kill mid-post, or a bot that is down, means the event comes again, as the platform sends it
// again: none may be lost.
const RETRY_MS = 100;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** One delivery to the bot's HTTP root: the status it answered. */
export type Delivery = (root: string) => Promise<number>;

export class WebhookPoster {
  private readonly chains = new Map<string, Promise<void>>();
  private stopped = false;
  /** Posts answered with anything but 200 (or cut by a kill), each then posted again. */
  refused = 0;

  /** `target`: the running bot's HTTP root, undefined while none runs. */
  constructor(private readonly target: () => string | undefined) {}

  /** `chat` orders the posts: one chat's events reach the bot in the order they were sent. */
  post(chat: string, deliver: Delivery): void {
    const next = (this.chains.get(chat) ?? Promise.resolve()).then(() => this.deliver(deliver));
    this.chains.set(chat, next);
  }

  private async deliver(deliver: Delivery): Promise<void> {
    while (!this.stopped) {
      const root = this.target();
      if (root) {
        try {
          if (await deliver(root) === 200) return;
        } catch { /* the bot died mid-post: post again */ }
        this.refused++;
      }
      await sleep(RETRY_MS);
    }
  }

  /** Resolves once every event posted so far was taken (or the poster stopped). */
  async settle(): Promise<void> {
    await Promise.all([...this.chains.values()]);
  }

  stop(): void { this.stopped = true; }
}
