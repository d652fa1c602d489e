// The Zalo plug-in: runs when ZALO_BOT_TOKEN is set. By default the platform posts to our HTTP
// server (/webhook/zalo, which needs PUBLIC_BASE_URL and WEBHOOK_SECRET: settings.ts checks);
// with ZALO_MODE=polling the bot long-polls getUpdates, which has no offset and so may lose
// updates on a crash: the office is told so at start-up.
import { settingsOf, type Config } from "../../config.js";
import type { ChannelPlugin } from "../plugin.js";
import { ZALO_SHAPE, zaloSettings } from "./settings.js";
import { ZALO_CAPABILITIES, ZaloChannel } from "./zalo-channel.js";

export const ZALO_WEBHOOK_PATH = "/webhook/zalo";

export const ZALO_POLLING_WARNING = "⚠️ Zalo đang chạy ở chế độ hỏi tin (ZALO_MODE=polling): nếu bot dừng đột ngột, vài tin nhắn Zalo gửi đến lúc đó có thể bị mất mà không ai biết. Khi chạy thật, hãy dùng webhook: đặt PUBLIC_BASE_URL và WEBHOOK_SECRET, bỏ ZALO_MODE=polling.";

const polling = (config: Config) => settingsOf(config, ZALO_SHAPE).ZALO_MODE === "polling";

export const zaloPlugin: ChannelPlugin = {
  name: "zalo",
  label: "Zalo",
  capabilities: ZALO_CAPABILITIES,
  settings: zaloSettings,
  configured: (config) => Boolean(settingsOf(config, ZALO_SHAPE).ZALO_BOT_TOKEN),
  planLimits(config) {
    const own = settingsOf(config, ZALO_SHAPE);
    return { maxUsers: own.ZALO_BOT_MAX_USERS, monthlyMessages: own.ZALO_BOT_MONTHLY_MESSAGES };
  },
  startupWarning: (config) => (polling(config) ? ZALO_POLLING_WARNING : undefined),
  create({ config, log, clock }) {
    const own = settingsOf(config, ZALO_SHAPE);
    const base = { token: own.ZALO_BOT_TOKEN!, apiRoot: own.ZALO_API_ROOT, log, clock, sendTimeoutMs: config.SEND_TIMEOUT_MS };
    if (polling(config)) {
      log.warn("Zalo hỏi tin (ZALO_MODE=polling): getUpdates không có offset, tin nhắn có thể bị mất nếu bot dừng đột ngột; khi chạy thật hãy dùng webhook.");
      return new ZaloChannel({ ...base, mode: "polling" });
    }
    // settings.ts check() refuses to start without them; a configuration built past it is a bug.
    if (!config.PUBLIC_BASE_URL || !config.WEBHOOK_SECRET) throw new Error("Zalo webhook mode needs PUBLIC_BASE_URL and WEBHOOK_SECRET");
    const webhookUrl = `${config.PUBLIC_BASE_URL.replace(/\/+$/, "")}${ZALO_WEBHOOK_PATH}`;
    return new ZaloChannel({ ...base, mode: "webhook", webhookUrl, secret: config.WEBHOOK_SECRET });
  },
};
