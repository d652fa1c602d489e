// Telegram runs when BOT_TOKEN is set: by long polling, or by webhook (TELEGRAM_MODE=webhook).
import { COMMAND_MENU } from "../../conversation/commands.js";
import { settingsOf } from "../../config.js";
import type { ChannelPlugin } from "../plugin.js";
import { TELEGRAM_SHAPE, telegramSettings } from "./settings.js";
import { TELEGRAM_CAPABILITIES, TelegramChannel } from "./telegram-channel.js";

export const telegramPlugin: ChannelPlugin = {
  name: "telegram",
  label: "Telegram",
  capabilities: TELEGRAM_CAPABILITIES,
  settings: telegramSettings,
  configured: (config) => Boolean(settingsOf(config, TELEGRAM_SHAPE).BOT_TOKEN),
  create({ config, log, clock }) {
    const own = settingsOf(config, TELEGRAM_SHAPE);
    const webhook = own.TELEGRAM_MODE === "webhook" && config.PUBLIC_BASE_URL && config.WEBHOOK_SECRET
      ? { url: `${config.PUBLIC_BASE_URL.replace(/\/+$/, "")}/webhook/telegram`, secret: config.WEBHOOK_SECRET }
      : undefined;
    return new TelegramChannel({
      token: own.BOT_TOKEN!, apiRoot: own.TELEGRAM_API_ROOT, log, clock, commands: COMMAND_MENU,
      sendTimeoutMs: config.SEND_TIMEOUT_MS, documentTimeoutMs: config.DOCUMENT_TIMEOUT_MS,
      ...(webhook ? { webhook } : {}), ...(own.BOT_USERNAME ? { username: own.BOT_USERNAME } : {}),
    });
  },
};
