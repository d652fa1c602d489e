// Telegram's variables: the bot's token, the Bot API root, its @username for invite links and how
// updates arrive. Names, defaults and messages are contracts (docs/design.md, Configuration).
import { z } from "zod";
import { webUrl, type ChannelSettings, type Config } from "../../config.js";

export const TELEGRAM_SHAPE = {
  BOT_TOKEN: z.string().regex(/^\d+:[\w-]{10,}$/, { error: "không đúng dạng token của BotFather (số:chuỗi, không có dấu cách hay dấu ngoặc)" }).optional(),
  TELEGRAM_API_ROOT: webUrl().default("https://api.telegram.org"),
  BOT_USERNAME: z.string().regex(/^\w{3,64}$/, { error: "chỉ gồm chữ không dấu, số và dấu _, không có @" }).optional(),
  /** How updates arrive: long polling, or a webhook on PUBLIC_BASE_URL (needs WEBHOOK_SECRET). */
  TELEGRAM_MODE: z.enum(["polling", "webhook"], { error: "chỉ nhận polling hoặc webhook" }).default("polling"),
};

export const telegramSettings: ChannelSettings = {
  shape: TELEGRAM_SHAPE,
  examples: {
    BOT_TOKEN: "123456789:AAH… (sao chép nguyên dòng @BotFather gửi)",
    TELEGRAM_API_ROOT: "https://api.telegram.org",
    BOT_USERNAME: "bien_gioi_bot (tên bot, không có @)",
    TELEGRAM_MODE: "polling",
  },
  secrets: ["BOT_TOKEN"],
  check(config: Config) {
    if (config.TELEGRAM_MODE !== "webhook") return [];
    // Telegram must be able to reach us and prove it is Telegram; name every missing piece at once.
    const missing = (["PUBLIC_BASE_URL", "WEBHOOK_SECRET"] as const).filter((k) => config[k] === undefined);
    return missing.length > 0 ? [`Cấu hình sai: biến ${missing.join(" và ")} cần được đặt khi TELEGRAM_MODE=webhook`] : [];
  },
};
