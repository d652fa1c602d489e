// The Zalo Official Account plug-in: runs when ZALO_OA_APP_ID, ZALO_OA_APP_SECRET,
// ZALO_OA_SECRET_KEY and ZALO_OA_REFRESH_TOKEN are all set. Zalo posts events to
// PUBLIC_BASE_URL/webhook/zalo-oa, registered by hand in the app's Webhook page.
import { settingsOf } from "../../config.js";
import type { ChannelPlugin } from "../plugin.js";
import { OA_CAPABILITIES, ZaloOaChannel } from "./oa-channel.js";
import { OA_CHANNEL } from "./oa-events.js";
import { ZALO_OA_REQUIRED, ZALO_OA_SHAPE, zaloOaSettings } from "./settings.js";

export const ZALO_OA_WEBHOOK_PATH = `/webhook/${OA_CHANNEL}`;

export const zaloOaPlugin: ChannelPlugin = {
  name: OA_CHANNEL,
  label: "Zalo OA",
  capabilities: OA_CAPABILITIES,
  settings: zaloOaSettings,
  configured: (config) => ZALO_OA_REQUIRED.every((k) => Boolean(config[k])),
  // Zalo sets no documented monthly quota on an OA (README "Which Zalo"): only the ward's own budget, when set.
  planLimits(config) {
    const monthlyMessages = settingsOf(config, ZALO_OA_SHAPE).ZALO_OA_MONTHLY_MESSAGES;
    return monthlyMessages === undefined ? undefined : { monthlyMessages };
  },
  create({ config, log, db, clock }) {
    const own = settingsOf(config, ZALO_OA_SHAPE);
    if (!config.PUBLIC_BASE_URL) {
      log.warn(`Zalo OA nhận tin qua webhook: đặt PUBLIC_BASE_URL (địa chỉ HTTPS của bot) và đăng ký địa chỉ <PUBLIC_BASE_URL>${ZALO_OA_WEBHOOK_PATH} trong trang Webhook của ứng dụng trên developers.zalo.me.`);
    }
    return new ZaloOaChannel({
      appId: own.ZALO_OA_APP_ID!, appSecret: own.ZALO_OA_APP_SECRET!, secretKey: own.ZALO_OA_SECRET_KEY!, refreshToken: own.ZALO_OA_REFRESH_TOKEN!,
      ...(own.ZALO_OA_ID ? { oaId: own.ZALO_OA_ID } : {}),
      apiRoot: own.ZALO_OA_API_ROOT, oauthRoot: own.ZALO_OA_OAUTH_ROOT, db, log: log.child({ channel: OA_CHANNEL }), clock,
      sendTimeoutMs: config.SEND_TIMEOUT_MS,
      ...(own.ZALO_OA_REMINDER_TEMPLATE_ID ? { reminderTemplateId: own.ZALO_OA_REMINDER_TEMPLATE_ID } : {}),
    });
  },
};
