// Zalo's variables: the bot's token and the Bot Platform's API root. Names and defaults are
// contracts (docs/design.md, Configuration).
import { z } from "zod";
import { webUrl, type ChannelSettings } from "../../config.js";

export const ZALO_SHAPE = {
  ZALO_BOT_TOKEN: z.string().min(10).optional(),
  ZALO_API_ROOT: webUrl().default("https://bot-api.zaloplatforms.com"),
};

export const zaloSettings: ChannelSettings = {
  shape: ZALO_SHAPE,
  examples: {
    ZALO_BOT_TOKEN: "(nguyên chuỗi token Zalo cấp, ít nhất 10 ký tự)",
    ZALO_API_ROOT: "https://bot-api.zaloplatforms.com",
  },
  secrets: ["ZALO_BOT_TOKEN"],
};
