// The Zalo plug-in: runs when ZALO_BOT_TOKEN is set. With PUBLIC_BASE_URL and WEBHOOK_SECRET the
// platform posts to our HTTP server (/webhook/zalo); otherwise the bot long-polls getUpdates.
import { settingsOf } from "../../config.js";
import type { ChannelPlugin } from "../plugin.js";
import { ZALO_SHAPE, zaloSettings } from "./settings.js";
import { ZALO_CAPABILITIES, ZaloChannel } from "./zalo-channel.js";

export const ZALO_WEBHOOK_PATH = "/webhook/zalo";

export const zaloPlugin: ChannelPlugin = {
  name: "zalo",
  label: "Zalo",
  capabilities: ZALO_CAPABILITIES,
  settings: zaloSettings,
  configured: (config) => Boolean(settingsOf(config, ZALO_SHAPE).ZALO_BOT_TOKEN),
  create({ config, log, clock }) {
    const own = settingsOf(config, ZALO_SHAPE);
    const base = { token: own.ZALO_BOT_TOKEN!, apiRoot: own.ZALO_API_ROOT, log, clock, sendTimeoutMs: config.SEND_TIMEOUT_MS };
    if (config.PUBLIC_BASE_URL) {
      if (config.WEBHOOK_SECRET) {
        const webhookUrl = `${config.PUBLIC_BASE_URL.replace(/\/+$/, "")}${ZALO_WEBHOOK_PATH}`;
        return new ZaloChannel({ ...base, mode: "webhook", webhookUrl, secret: config.WEBHOOK_SECRET });
      }
      log.warn("PUBLIC_BASE_URL được đặt nhưng thiếu WEBHOOK_SECRET: Zalo dùng chế độ hỏi tin (polling) thay cho webhook.");
    }
    return new ZaloChannel({ ...base, mode: "polling" });
  },
};
