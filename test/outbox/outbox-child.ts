// A separate process that sends the outbox slowly until it is killed (the crash test).
// Usage: tsx test/outbox/outbox-child.ts <dbPath> <apiRoot> <token>
import { TelegramChannel } from "../../src/channels/telegram/telegram-channel.js";
import { openDb } from "../../src/db/client.js";
import { createLogger } from "../../src/log.js";
import { OutboxSender } from "../../src/outbox/sender.js";
// The default ward's catalogue, as the bot installs it (opening the database syncs it).
import "../helpers/default-catalogue.js";

const [dbPath, apiRoot, token] = process.argv.slice(2);
if (!dbPath || !apiRoot || !token) {
  process.stderr.write("usage: outbox-child.ts <dbPath> <apiRoot> <token>\n");
  process.exit(2);
}
const log = createLogger({ level: process.env.LOG_LEVEL ?? "silent", toStderr: true });
const db = openDb(dbPath);
const telegram = new TelegramChannel({ token, apiRoot, log });
const sender = new OutboxSender({ db, log, channelFor: (n) => (n === "telegram" ? telegram : undefined), ratePerSecond: 5 });
sender.start();
process.stdout.write("ready\n");
// Never outlive a failed test by long.
setTimeout(() => process.exit(0), 30_000).unref();
setInterval(() => {}, 1000);
