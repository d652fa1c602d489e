// Starts the real bot (Telegram adapter, SQLite file in a temp folder) against the Bot API stand-in.
import { join } from "node:path";
import { loadConfig } from "../../src/app/environment.js";
import { createLogger } from "../../src/log.js";
import { startBot, type RunningBot, type StartOptions } from "../../src/app/start.js";
import { repliesDue } from "../../src/outbox/sender.js";
import { createInvite } from "../../src/store/invites.js";
import type { Role } from "../../src/conversation/ports.js";
import { startBotApiStandin, type BotApiStandin, type SentMessage } from "./bot-api-standin.js";
import { tempDir } from "./temp.js";

export interface TestClock { now: Date; set(iso: string): void; advance(ms: number): void }

export function testClock(iso = "2025-02-20T03:00:00Z"): TestClock {
  const c = { now: new Date(iso), set(i: string) { c.now = new Date(i); }, advance(ms: number) { c.now = new Date(c.now.getTime() + ms); } };
  return c;
}

export interface Harness {
  dir: string;
  standin: BotApiStandin;
  bot: RunningBot;
  clock: TestClock;
  invite(role: Role, unitCode: string): string;
  /** Register a Telegram user with an invite; returns the user id. */
  register(userId: number, role: Role, unitCode: string, firstName?: string): Promise<number>;
  /**
   * Send updates and wait until the bot handled them all, reports included, and the replies they
   * queued in the outbox are sent (or wait for a later retry); returns what it sent to that chat meanwhile.
   */
  send(userId: number, ...updates: Array<Record<string, unknown>>): Promise<SentMessage[]>;
  say(userId: number, text: string): Promise<SentMessage[]>;
  press(userId: number, data: string): Promise<SentMessage[]>;
  restart(): Promise<void>;
  /** Stop the bot only (the stand-in keeps running), e.g. to let a child process use the database. */
  halt(): Promise<void>;
  /** Start the bot again after halt(), on the same database and stand-in. */
  boot(): Promise<void>;
  stop(): Promise<void>;
}

export const silentLog = createLogger({ level: "silent" });

export async function startHarness(o: { env?: Record<string, string>; clock?: TestClock; dir?: string; start?: Partial<StartOptions> } = {}): Promise<Harness> {
  const dir = o.dir ?? tempDir("bienbot-");
  const standin = await startBotApiStandin();
  const clock = o.clock ?? testClock();
  const config = loadConfig({
    BOT_TOKEN: standin.token, TELEGRAM_API_ROOT: standin.apiRoot, DATABASE_PATH: join(dir, "bot.sqlite"),
    LOG_LEVEL: "silent", SCHEDULER: "false", PORT: "0", ...o.env,
  });
  const boot = () => startBot({ config, log: silentLog, clock: () => clock.now, ...o.start });
  let halted = false;
  const h: Harness = {
    dir, standin, clock, bot: await boot(),
    invite(role, unitCode) {
      return createInvite(h.bot.db, { role, unitCode, createdBy: null, now: clock.now, ttlDays: config.INVITE_TTL_DAYS }).code;
    },
    async register(userId, role, unitCode, firstName = `Người ${userId}`) {
      const code = h.invite(role, unitCode);
      const replies = await h.send(userId, standin.textMessage(userId, `/start ${code}`, { firstName }));
      if (!replies.some((m) => m.text.includes("Đăng ký thành công"))) throw new Error(`registration failed: ${JSON.stringify(replies)}`);
      return userId;
    },
    async send(userId, ...updates) {
      const before = standin.sentTo(userId).length;
      const ids = standin.pushUpdates(updates);
      const processed = h.bot.db.$client.prepare("select 1 from processed_events where channel = 'telegram' and event_id = ?");
      // Checked every millisecond: a reply takes a few, and suites send thousands of messages.
      await standin.waitFor(() => ids.every((id) => processed.get(String(id))) && h.bot.app.idle() && repliesDue(h.bot.db, clock.now) === 0, 5000, 1);
      return standin.sentTo(userId).slice(before);
    },
    say: (userId, text) => h.send(userId, standin.textMessage(userId, text)),
    press: (userId, data) => h.send(userId, standin.callbackQuery(userId, data)),
    async restart() {
      await h.bot.stop();
      h.bot = await boot();
    },
    async halt() {
      if (halted) return;
      halted = true;
      await h.bot.stop();
    },
    async boot() {
      h.bot = await boot();
      halted = false;
    },
    async stop() {
      if (!halted) await h.bot.stop();
      halted = true;
      await standin.close();
    },
  };
  return h;
}

/** The labels and callback data of the inline keyboard of a sent message. */
export function buttons(m: SentMessage | undefined): Array<{ text: string; data: string }> {
  const kb = (m?.replyMarkup as { inline_keyboard?: Array<Array<{ text: string; callback_data: string }>> } | undefined)?.inline_keyboard ?? [];
  return kb.flat().map((b) => ({ text: b.text, data: b.callback_data }));
}

export function buttonData(m: SentMessage | undefined, label: string): string {
  const b = buttons(m).find((x) => x.text.includes(label));
  if (!b) throw new Error(`no button "${label}" in ${JSON.stringify(m)}`);
  return b.data;
}
