// Start-up: config -> profile -> database (migrate, sync) -> channel -> app.
import type { Config } from "../config.js";
import { openDb, closeDb, type Db } from "../db/client.js";
import type { Channel } from "../channels/channel.js";
import { ConsoleChannel, CONSOLE_USER, type ConsoleOptions } from "../channels/console.js";
import { TelegramChannel } from "../channels/telegram.js";
import { ROLE_LABELS, ROLES, type Role } from "../conversation/ports.js";
import type { WardProfile } from "../domain/profile.js";
import { createServices } from "../store/services.js";
import { syncProfile, activeUnits } from "../store/profile-sync.js";
import { bindIdentity, findUserByIdentity } from "../store/users.js";
import type { Logger } from "../log.js";
import { BotApp, type Clock } from "./bot-app.js";
import { loadProfile, StartupError } from "./profile-file.js";

export interface StartOptions {
  config: Config;
  log: Logger;
  clock?: Clock;
  /** "--as <role>:<unit>" for the console person. */
  consoleAs?: string;
  consoleIO?: ConsoleOptions;
}

export interface RunningBot {
  config: Config;
  db: Db;
  profile: WardProfile;
  channel: Channel;
  app: BotApp;
  stop(): Promise<void>;
}

export function openStore(config: Config, now: Date): { db: Db; profile: WardProfile } {
  const profile = loadProfile(config.WARD_PROFILE_PATH);
  const db = openDb(config.DATABASE_PATH);
  syncProfile(db, profile, now);
  return { db, profile };
}

async function chooseConsoleIdentity(db: Db, channel: ConsoleChannel, as: string | undefined, now: Date): Promise<void> {
  const units = activeUnits(db);
  if (as) {
    const [role, unitCode] = as.split(":");
    const unit = units.find((u) => u.code === unitCode);
    if (!ROLES.includes(role as Role) || !unit) {
      throw new StartupError(`--as cần dạng <vai trò>:<mã đơn vị>, vai trò là ${ROLES.join("|")}, đơn vị là một trong: ${units.map((u) => u.code).join(", ")}`);
    }
    bindIdentity(db, { channel: "console", platformUserId: CONSOLE_USER, chatId: CONSOLE_USER, name: "Người dùng thử", role: role as Role, unitCode: unit.code, now });
    return;
  }
  if (findUserByIdentity(db, "console", CONSOLE_USER)) return;
  channel.print("Chế độ thử trên máy (chưa đặt BOT_TOKEN). Chọn vai trò để thử:");
  ROLES.forEach((r, i) => channel.print(`   ${i + 1}. ${ROLE_LABELS[r]}`));
  let role: Role | undefined;
  while (!role) role = ROLES[Number(await channel.ask("Số thứ tự: ")) - 1];
  const choices = role === "bao_cao" ? units.filter((u) => u.kind !== "phuong") : units.filter((u) => u.kind === "phuong");
  channel.print("Chọn đơn vị:");
  choices.forEach((u, i) => channel.print(`   ${i + 1}. ${u.name}`));
  let unit: (typeof units)[number] | undefined;
  while (!unit) unit = choices[Number(await channel.ask("Số thứ tự: ")) - 1];
  bindIdentity(db, { channel: "console", platformUserId: CONSOLE_USER, chatId: CONSOLE_USER, name: "Người dùng thử", role, unitCode: unit.code, now });
}

export async function startBot(o: StartOptions): Promise<RunningBot> {
  const clock = o.clock ?? (() => new Date());
  const { config, log } = o;
  const { db, profile } = openStore(config, clock());
  const services = createServices(db, { cutoffDay: config.PERIOD_CUTOFF_DAY, inviteTtlDays: config.INVITE_TTL_DAYS, botUsername: config.BOT_USERNAME });
  const app = new BotApp({ db, services, log, clock });
  let channel: Channel;
  if (config.BOT_TOKEN) {
    channel = new TelegramChannel({ token: config.BOT_TOKEN, apiRoot: config.TELEGRAM_API_ROOT, log });
    await channel.start((e) => app.handle(channel, e));
  } else {
    const c = new ConsoleChannel(o.consoleIO);
    channel = c;
    await chooseConsoleIdentity(db, c, o.consoleAs, clock());
    await c.start((e) => app.handle(channel, e));
    await app.handle(c, { channel: "console", chatId: CONSOLE_USER, userId: CONSOLE_USER, userName: "Người dùng thử",
      eventId: `menu-${Date.now()}`, at: clock(), body: { type: "text", text: "/menu" } });
  }
  log.info({ channel: channel.name, database: config.DATABASE_PATH }, "bot started");
  return {
    config, db, profile, channel, app,
    async stop() {
      await channel.stop();
      closeDb(db);
    },
  };
}
