// Zalo's variables: the bot's token, the Bot Platform's API root, how updates arrive and the
// plan's limits. Names and defaults are contracts (docs/design.md, Configuration).
import { z } from "zod";
import { webUrl, type ChannelSettings, type Config } from "../../config.js";

const count = (what: string) => z.coerce.number({ error: `phải là số ${what}, ít nhất 1` }).int({ error: `phải là số ${what} nguyên, ít nhất 1` })
  .min(1, { error: `phải là số ${what}, ít nhất 1` });

export const ZALO_SHAPE = {
  ZALO_BOT_TOKEN: z.string().min(10).optional(),
  ZALO_API_ROOT: webUrl().default("https://bot-api.zaloplatforms.com"),
  /**
   * How updates arrive. A webhook by default: getUpdates has no offset, so polling loses the
   * updates taken by a process that dies before recording them.
   */
  ZALO_MODE: z.enum(["webhook", "polling"], { error: "chỉ nhận webhook hoặc polling" }).default("webhook"),
  /** The plan's people per bot (the free plan: 50) and messages a month (3,000). */
  ZALO_BOT_MAX_USERS: count("người").default(50),
  ZALO_BOT_MONTHLY_MESSAGES: count("tin nhắn").default(3000),
};

export const zaloSettings: ChannelSettings = {
  shape: ZALO_SHAPE,
  examples: {
    ZALO_BOT_TOKEN: "(nguyên chuỗi token Zalo cấp, ít nhất 10 ký tự)",
    ZALO_API_ROOT: "https://bot-api.zaloplatforms.com",
    ZALO_MODE: "webhook",
    ZALO_BOT_MAX_USERS: "50",
    ZALO_BOT_MONTHLY_MESSAGES: "3000",
  },
  secrets: ["ZALO_BOT_TOKEN"],
  check(config: Config) {
    if (!config.ZALO_BOT_TOKEN || config.ZALO_MODE === "polling") return [];
    // Zalo must be able to reach us and prove it is Zalo; name every missing piece at once.
    const missing = (["PUBLIC_BASE_URL", "WEBHOOK_SECRET"] as const).filter((k) => config[k] === undefined);
    return missing.length > 0
      ? [`Cấu hình sai: Zalo nhận tin qua webhook, cần đặt biến ${missing.join(" và ")} (webhook tại PUBLIC_BASE_URL/webhook/zalo, WEBHOOK_SECRET từ 16 đến 256 ký tự); hoặc đặt ZALO_MODE=polling để hỏi tin (có thể mất tin khi bot dừng đột ngột)`]
      : [];
  },
};
