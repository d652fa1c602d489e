// The Zalo Official Account's variables. Names and defaults are contracts (docs/design.md,
// Configuration). Two different secrets: the app's secret (sent as `secret_key` when the access
// token is refreshed) and the OA Secret Key (signs webhooks); mixing them up is the classic bug.
import { z } from "zod";
import { webUrl, type ChannelSettings, type Config } from "../../config.js";

const id = (what: string) => z.string().regex(/^\d{5,25}$/, { error: `chỉ gồm chữ số (${what})` });

export const ZALO_OA_SHAPE = {
  ZALO_OA_APP_ID: id("App ID của ứng dụng trên developers.zalo.me").optional(),
  ZALO_OA_APP_SECRET: z.string().min(8, { error: "cần ít nhất 8 ký tự (Khóa bí mật của ứng dụng)" }).optional(),
  ZALO_OA_SECRET_KEY: z.string().min(8, { error: "cần ít nhất 8 ký tự (OA Secret Key)" }).optional(),
  /** The first refresh token only: the bot keeps the rotated ones in its database. */
  ZALO_OA_REFRESH_TOKEN: z.string().min(10, { error: "cần ít nhất 10 ký tự (Refresh Token)" }).optional(),
  ZALO_OA_ID: id("OA ID").optional(),
  ZALO_OA_API_ROOT: webUrl().default("https://openapi.zalo.me"),
  ZALO_OA_OAUTH_ROOT: webUrl().default("https://oauth.zaloapp.com"),
  /** A pre-approved template for reminders outside the 7-day window. */
  ZALO_OA_REMINDER_TEMPLATE_ID: z.string().regex(/^\w{1,40}$/, { error: "chỉ gồm chữ không dấu và số (mã mẫu tin đã duyệt)" }).optional(),
  /**
   * Messages a month the office wants counted (warned at 80 %, told at 100 %). Zalo documents no
   * monthly cap on an OA's consultation messages (zalo-platforms.md 2.2, 2.6: the old "8 free per
   * 48 h" is gone; past 48 h they are billed), so there is no default: a ward sets its own budget.
   */
  ZALO_OA_MONTHLY_MESSAGES: z.coerce.number({ error: "phải là số tin nhắn, ít nhất 1" }).int({ error: "phải là số tin nhắn nguyên, ít nhất 1" })
    .min(1, { error: "phải là số tin nhắn, ít nhất 1" }).optional(),
};

/** The four that must all be set for the OA to run. */
export const ZALO_OA_REQUIRED = ["ZALO_OA_APP_ID", "ZALO_OA_APP_SECRET", "ZALO_OA_SECRET_KEY", "ZALO_OA_REFRESH_TOKEN"] as const;

export const zaloOaSettings: ChannelSettings = {
  shape: ZALO_OA_SHAPE,
  examples: {
    ZALO_OA_APP_ID: "4321098765432109876 (developers.zalo.me → ứng dụng → App ID)",
    ZALO_OA_APP_SECRET: "(Khóa bí mật của ứng dụng, developers.zalo.me → ứng dụng → Cài đặt)",
    ZALO_OA_SECRET_KEY: "(OA Secret Key, oa.zalo.me → Cài đặt → Công cụ lập trình)",
    ZALO_OA_REFRESH_TOKEN: "(Refresh Token nhận khi quản trị viên OA cấp quyền cho ứng dụng)",
    ZALO_OA_ID: "1234567890123456789",
    ZALO_OA_API_ROOT: "https://openapi.zalo.me",
    ZALO_OA_OAUTH_ROOT: "https://oauth.zaloapp.com",
    ZALO_OA_REMINDER_TEMPLATE_ID: "254321",
    ZALO_OA_MONTHLY_MESSAGES: "5000",
  },
  secrets: ["ZALO_OA_APP_SECRET", "ZALO_OA_SECRET_KEY", "ZALO_OA_REFRESH_TOKEN"],
  check(config: Config) {
    const set = ZALO_OA_REQUIRED.filter((k) => config[k] !== undefined);
    if (set.length === 0 || set.length === ZALO_OA_REQUIRED.length) return [];
    // Half a configuration would silently leave the OA off: name what is missing.
    const missing = ZALO_OA_REQUIRED.filter((k) => config[k] === undefined);
    return [`Cấu hình sai: kênh Zalo OA cần đủ bốn biến; còn thiếu ${missing.join(", ")}`];
  },
};
