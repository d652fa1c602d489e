// The chat bench's floors, each a bare telegraf bot long-polling its own Bot API stand-in:
//   echo:          replies with the text it got; no storage.
//   durable echo:  records each update and its reply in SQLite in one transaction (WAL,
//                  synchronous=NORMAL, prepared better-sqlite3 statements: as our database is
//                  opened), then replies. The least a bot that loses nothing after a crash must do.
import { join } from "node:path";
import Database from "better-sqlite3";
import { Telegraf } from "telegraf";
import { startBotApiStandin } from "../test/helpers/bot-api-standin.js";
import { Script, trackBotApi, type Subject } from "./chat-load.js";

/** Launches a telegraf bot with `handler` for text messages; resolves once it polls. */
async function startTelegraf(name: string, onText: (text: string, chatId: number, updateId: number) => boolean,
  sqlite?: Database.Database): Promise<Subject> {
  const standin = await startBotApiStandin();
  const tracker = trackBotApi(standin, false);
  const bot = new Telegraf(standin.token, { telegram: { apiRoot: standin.apiRoot } });
  bot.on("text", async (ctx) => {
    if (onText(ctx.message.text, ctx.chat.id, ctx.update.update_id)) await ctx.reply(ctx.message.text);
  });
  let running!: Promise<void>;
  await new Promise<void>((resolve, reject) => {
    running = bot.launch({ dropPendingUpdates: false }, () => resolve());
    running.catch(reject);
  });
  return {
    name, tracker, script: new Script(), replies: () => 1, ...(sqlite ? { sqlite } : {}),
    push: (chat, text) => { standin.pushUpdates([standin.textMessage(chat, text)]); },
    async stop() {
      // launch() starts polling only after getMe and deleteWebhook; until then stop() throws.
      await standin.waitFor(() => standin.calls.some((c) => c.method === "getUpdates"), 5_000).catch(() => undefined);
      try { bot.stop("bench end"); } catch { /* not running */ }
      await running.catch(() => undefined);
      await standin.close();
      sqlite?.close();
    },
  };
}

export function startEcho(): Promise<Subject> {
  return startTelegraf("echo", () => true);
}

/** The durable echo's database, in `dir`: the update (deduplicated by its id) and the reply to send. */
export function startDurableEcho(dir: string): Promise<Subject> {
  const db = new Database(join(dir, "durable-echo.sqlite"));
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.exec(`create table updates (update_id integer primary key, chat_id integer not null, text text not null, received_at integer not null);
    create table replies (id integer primary key, update_id integer not null references updates, chat_id integer not null,
      text text not null, queued_at integer not null)`);
  const update = db.prepare<[number, number, string, number]>(
    "insert into updates (update_id, chat_id, text, received_at) values (?, ?, ?, ?) on conflict do nothing");
  const reply = db.prepare<[number, number, string, number]>("insert into replies (update_id, chat_id, text, queued_at) values (?, ?, ?, ?)");
  // One transaction per update: a redelivered update is recorded once and answered once.
  const record = db.transaction((text: string, chatId: number, updateId: number): boolean => {
    const now = Date.now();
    if (update.run(updateId, chatId, text, now).changes === 0) return false;
    reply.run(updateId, chatId, text, now);
    return true;
  });
  return startTelegraf("durable echo", (text, chatId, updateId) => record(text, chatId, updateId), db);
}
