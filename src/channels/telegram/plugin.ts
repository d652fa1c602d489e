// Telegram runs when BOT_TOKEN is set: by long polling, or by webhook (TELEGRAM_MODE=webhook).
import { COMMAND_MENU } from "../../conversation/commands.js";
import type { ChannelPlugin } from "../plugin.js";
import { TelegramChannel } from "./telegram-channel.js";

export const telegramPlugin: ChannelPlugin = {
  name: "telegram",
  configured: (config) => Boolean(config.BOT_TOKEN),
  create({ config, log, clock }) {
    const webhook = config.TELEGRAM_MODE === "webhook" && config.PUBLIC_BASE_URL && config.WEBHOOK_SECRET
      ? { url: `${config.PUBLIC_BASE_URL.replace(/\/+$/, "")}/webhook/telegram`, secret: config.WEBHOOK_SECRET }
      : undefined;
    return new TelegramChannel({
      token: config.BOT_TOKEN!, apiRoot: config.TELEGRAM_API_ROOT, log, clock, commands: COMMAND_MENU,
      ...(webhook ? { webhook } : {}), ...(config.BOT_USERNAME ? { username: config.BOT_USERNAME } : {}),
    });
  },
};
