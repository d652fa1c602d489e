import { describe, expect, it } from "vitest";
import { z } from "zod";
import { configProblems, loadConfig } from "../../src/app/environment.js";
import { envSchema, loadConfig as loadWith, type ChannelSettings } from "../../src/config.js";
import { channelSettings } from "../../src/channels/registry.js";
import { ENGLISH_WORDS } from "../../src/domain/zod-vi.js";

describe("configuration", () => {
  it("has working defaults", () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ DATABASE_PATH: "data/bot.sqlite", PERIOD_CUTOFF_DAY: 0, QUIET_HOURS: "21:00-06:30", REMIND_CRON_EARLY: "0 8 * * *" });
    expect(c.BOT_TOKEN).toBeUndefined();
  });

  it.each([
    [{ REMIND_CRON_EARLY: "99 8 * * *" }, "REMIND_CRON_EARLY"],
    [{ DIGEST_CRON: "0 8 * *" }, "DIGEST_CRON"],
    [{ REMIND_CRON_CLOSE: "0 15 * * mon" }, "REMIND_CRON_CLOSE"],
    [{ QUIET_HOURS: "99:99-00:00" }, "QUIET_HOURS"],
    [{ PERIOD_CUTOFF_DAY: "31" }, "PERIOD_CUTOFF_DAY"],
    [{ TELEGRAM_API_ROOT: "not a url" }, "TELEGRAM_API_ROOT"],
    [{ PORT: "http" }, "PORT"],
    [{ OUTBOX_RATE_PER_SECOND: "0" }, "OUTBOX_RATE_PER_SECOND"],
    [{ TELEGRAM_MODE: "push" }, "TELEGRAM_MODE"],
    [{ LINK_SECRET: "too-short-for-a-signing-key" }, "LINK_SECRET"],
    [{ LINK_TTL_HOURS: "0" }, "LINK_TTL_HOURS"],
    [{ LINK_TTL_HOURS: "721" }, "LINK_TTL_HOURS"],
    [{ LINK_TTL_HOURS: "1.5" }, "LINK_TTL_HOURS"],
    [{ HTTP_BODY_LIMIT_KB: "0" }, "HTTP_BODY_LIMIT_KB"],
    [{ HTTP_BODY_LIMIT_KB: "lots" }, "HTTP_BODY_LIMIT_KB"],
    [{ PRUNE_AFTER_DAYS: "6" }, "PRUNE_AFTER_DAYS"],
    [{ PRUNE_AFTER_DAYS: "a year" }, "PRUNE_AFTER_DAYS"],
    [{ PRUNE_AFTER_DAYS: "30.5" }, "PRUNE_AFTER_DAYS"],
  ])("refuses %j naming the variable", (env, name) => {
    expect(() => loadConfig(env)).toThrow(new RegExp(`^Cấu hình sai: biến ${name} `));
  });

  it("prunes old rows after 90 days unless PRUNE_AFTER_DAYS says otherwise (at least 7)", () => {
    expect(loadConfig({}).PRUNE_AFTER_DAYS).toBe(90);
    expect(loadConfig({ PRUNE_AFTER_DAYS: "7" }).PRUNE_AFTER_DAYS).toBe(7);
  });

  it("has defaults for the HTTP side", () => {
    expect(loadConfig({})).toMatchObject({ TELEGRAM_MODE: "polling", LINK_TTL_HOURS: 24, HTTP_BODY_LIMIT_KB: 1024 });
    expect(loadConfig({}).LINK_SECRET).toBeUndefined();
    expect(loadConfig({ LINK_TTL_HOURS: "720", HTTP_BODY_LIMIT_KB: "64", LINK_SECRET: "k".repeat(32) }))
      .toMatchObject({ LINK_TTL_HOURS: 720, HTTP_BODY_LIMIT_KB: 64, LINK_SECRET: "k".repeat(32) });
  });

  it("needs PUBLIC_BASE_URL and WEBHOOK_SECRET for TELEGRAM_MODE=webhook, naming what is missing", () => {
    const url = { PUBLIC_BASE_URL: "https://bot.example.vn" };
    const secret = { WEBHOOK_SECRET: "0123456789abcdef" };
    expect(() => loadConfig({ TELEGRAM_MODE: "webhook" }))
      .toThrow(/^Cấu hình sai: biến PUBLIC_BASE_URL và WEBHOOK_SECRET cần được đặt khi TELEGRAM_MODE=webhook$/);
    expect(() => loadConfig({ TELEGRAM_MODE: "webhook", ...secret })).toThrow(/^Cấu hình sai: biến PUBLIC_BASE_URL cần/);
    expect(() => loadConfig({ TELEGRAM_MODE: "webhook", ...url })).toThrow(/^Cấu hình sai: biến WEBHOOK_SECRET cần/);
    expect(() => loadConfig({ TELEGRAM_MODE: "webhook", ...url, WEBHOOK_SECRET: "short" })).toThrow(/^Cấu hình sai: biến WEBHOOK_SECRET cần ít nhất 16/);
    expect(loadConfig({ TELEGRAM_MODE: "webhook", ...url, ...secret }).TELEGRAM_MODE).toBe("webhook");
  });

  it("never prints LINK_SECRET in its error", () => {
    expect(() => loadConfig({ LINK_SECRET: "short-link-secret-value" })).toThrow(/^Cấu hình sai: biến LINK_SECRET cần ít nhất 32 ký tự; ví dụ: LINK_SECRET=\(ít nhất 32 ký tự ngẫu nhiên, tạo bằng: openssl rand -hex 32\)$/);
    expect(() => loadConfig({ LINK_SECRET: "short-link-secret-value" })).not.toThrow(/short-link/);
  });

  // Issue 16, item 2: every variable's error in Vietnamese, saying what to write.
  it.each([
    ["PORT", "abc", "Cấu hình sai: biến PORT phải là một số nguyên từ 0 đến 65535, không phải chữ; ví dụ: PORT=8080"],
    ["PERIOD_CUTOFF_DAY", "40", "Cấu hình sai: biến PERIOD_CUTOFF_DAY phải là một số nguyên từ 0 đến 28; ví dụ: PERIOD_CUTOFF_DAY=0 (tháng dương lịch) hoặc 14 (tháng tính từ ngày 15 đến ngày 14)"],
    ["LOG_LEVEL", "xyz", "Cấu hình sai: biến LOG_LEVEL phải là một trong: fatal, error, warn, info, debug, trace, silent (viết đúng như vậy); ví dụ: LOG_LEVEL=info"],
    ["BOT_TOKEN", "bad", "Cấu hình sai: biến BOT_TOKEN không đúng dạng token của BotFather (số:chuỗi, không có dấu cách hay dấu ngoặc); ví dụ: BOT_TOKEN=123456789:AAH… (sao chép nguyên dòng @BotFather gửi)"],
    ["REPORT_WORKERS", "9", "Cấu hình sai: biến REPORT_WORKERS phải là một số nguyên từ 0 đến 4; ví dụ: REPORT_WORKERS=1"],
    ["AUTO_LOCK_DAYS", "1.5", "Cấu hình sai: biến AUTO_LOCK_DAYS phải là một số nguyên từ 0 trở lên, không có phần lẻ; ví dụ: AUTO_LOCK_DAYS=0 (không tự khóa kỳ)"],
    ["PUBLIC_BASE_URL", "bot.example", "Cấu hình sai: biến PUBLIC_BASE_URL phải là một địa chỉ web đầy đủ, bắt đầu bằng https:// hoặc http://; ví dụ: PUBLIC_BASE_URL=https://bot.phuong.gov.vn"],
  ])("%s=%s: Vietnamese, and what to write", (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  // Issue 17, item 11: "localhost:19471" parses as a URL of scheme "localhost:" and was then retried forever.
  const WEB = "phải là một địa chỉ web đầy đủ, bắt đầu bằng https:// hoặc http://";
  it.each([
    ["TELEGRAM_API_ROOT", "localhost:19471", `Cấu hình sai: biến TELEGRAM_API_ROOT ${WEB}; ví dụ: TELEGRAM_API_ROOT=https://api.telegram.org`],
    ["TELEGRAM_API_ROOT", "127.0.0.1:8081", `Cấu hình sai: biến TELEGRAM_API_ROOT ${WEB}; ví dụ: TELEGRAM_API_ROOT=https://api.telegram.org`],
    ["ZALO_API_ROOT", "localhost:19472", `Cấu hình sai: biến ZALO_API_ROOT ${WEB}; ví dụ: ZALO_API_ROOT=https://bot-api.zaloplatforms.com`],
    ["ZALO_API_ROOT", "ftp://bot-api.zaloplatforms.com", `Cấu hình sai: biến ZALO_API_ROOT ${WEB}; ví dụ: ZALO_API_ROOT=https://bot-api.zaloplatforms.com`],
    ["PUBLIC_BASE_URL", "bot.phuong.gov.vn:443", `Cấu hình sai: biến PUBLIC_BASE_URL ${WEB}; ví dụ: PUBLIC_BASE_URL=https://bot.phuong.gov.vn`],
    ["PUBLIC_BASE_URL", "mailto:vanphong@phuong.gov.vn", `Cấu hình sai: biến PUBLIC_BASE_URL ${WEB}; ví dụ: PUBLIC_BASE_URL=https://bot.phuong.gov.vn`],
  ])("%s=%s (no web scheme): one Vietnamese line naming the variable and what to write", (name, value, message) => {
    expect(configProblems({ [name]: value }).problems).toEqual([message]);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  it("a web address with its scheme is taken as written", () => {
    expect(loadConfig({ TELEGRAM_API_ROOT: "http://localhost:19471", ZALO_API_ROOT: "https://zalo.example", PUBLIC_BASE_URL: "https://bot.phuong.gov.vn" }))
      .toMatchObject({ TELEGRAM_API_ROOT: "http://localhost:19471", ZALO_API_ROOT: "https://zalo.example", PUBLIC_BASE_URL: "https://bot.phuong.gov.vn" });
  });

  /** A bad value for every variable; null where any non-empty text is accepted (a path). */
  const BAD: Record<string, string | null> = {
    BOT_TOKEN: "bad-token", TELEGRAM_API_ROOT: "xx yy", BOT_USERNAME: "@bot name", ZALO_BOT_TOKEN: "short", ZALO_API_ROOT: "qq ww",
    DATABASE_PATH: null, WARD_PROFILE_PATH: null, REPORT_TEMPLATE_PATH: null, REPORT_TEMPLATE_DIR: null,
    PUBLIC_BASE_URL: "bot.vn", PORT: "abc", WEBHOOK_SECRET: "short", TELEGRAM_MODE: "push", LINK_SECRET: "short",
    LINK_TTL_HOURS: "x", HTTP_BODY_LIMIT_KB: "-1", LOG_LEVEL: "xyz", PERIOD_CUTOFF_DAY: "40", INVITE_TTL_DAYS: "0",
    REMIND_CRON_EARLY: "sáng", REMIND_CRON_CLOSE: "0 15 * *", DIGEST_CRON: "0 8 * * mon", REMIND_DAYS_BEFORE: "4;1",
    QUIET_HOURS: "21-6", OUTBOX_RATE_PER_SECOND: "0", OUTBOX_CHAT_INTERVAL_MS: "-5", OUTBOX_GIVE_UP_HOURS: "0", SEND_TIMEOUT_MS: "5", DOCUMENT_TIMEOUT_MS: "x",
    REPORT_WORKERS: "9", REPORT_QUEUE: "nhiều", AUTO_LOCK_DAYS: "1.5", PRUNE_AFTER_DAYS: "1", SCHEDULER: "maybe",
    ZALO_MODE: "push", ZALO_BOT_MAX_USERS: "0", ZALO_BOT_MONTHLY_MESSAGES: "nhiều",
    ZALO_OA_APP_ID: "app", ZALO_OA_APP_SECRET: "short", ZALO_OA_SECRET_KEY: "short", ZALO_OA_REFRESH_TOKEN: "short", ZALO_OA_ID: "oa-id",
    ZALO_OA_API_ROOT: "zz xx", ZALO_OA_OAUTH_ROOT: "yy zz", ZALO_OA_REMINDER_TEMPLATE_ID: "mẫu 1", ZALO_OA_MONTHLY_MESSAGES: "0",
  };

  it("every variable in the schema: a bad value is refused in Vietnamese, naming it, never quoting a secret", () => {
    // The shared variables and every plug-in's (declared in its folder, composed from the registry).
    expect(Object.keys(BAD).sort()).toEqual(Object.keys(envSchema(channelSettings()).shape).sort());
    for (const [name, value] of Object.entries(BAD)) {
      if (value === null) continue;
      const { problems } = configProblems({ [name]: value });
      expect(problems, name).toHaveLength(1);
      expect(problems[0]).toMatch(new RegExp(`^Cấu hình sai: biến ${name} `));
      expect(problems[0]).not.toMatch(ENGLISH_WORDS);
      if (/TOKEN|SECRET/.test(name)) expect(problems[0]!.slice(`Cấu hình sai: biến ${name} `.length)).not.toContain(value);
    }
  });

  it("names every bad variable at once (for the check command)", () => {
    expect(configProblems({ PORT: "abc", LOG_LEVEL: "xyz" }).problems.map((p) => p.split(" ")[4])).toEqual(["PORT", "LOG_LEVEL"]);
  });

  // Issue 16, item 6: a plug-in declares its variables in its folder; config.ts composes them.
  it("a plug-in's variable is refused in Vietnamese with the plug-in's own example", () => {
    expect(() => loadConfig({ ZALO_BOT_TOKEN: "short" }))
      .toThrow(/^Cấu hình sai: biến ZALO_BOT_TOKEN .+; ví dụ: ZALO_BOT_TOKEN=\(nguyên chuỗi token Zalo cấp, ít nhất 10 ký tự\)$/);
    const fake: ChannelSettings = {
      shape: { PIGEON_TOKEN: z.string().regex(/^\d+$/, { error: "chỉ gồm chữ số" }).optional(), PIGEON_LOFT: z.string().default("mái nhà") },
      examples: { PIGEON_TOKEN: "12345" },
      secrets: ["PIGEON_TOKEN"],
      check: (c) => (c.PIGEON_TOKEN === "0" ? ["Cấu hình sai: biến PIGEON_TOKEN không được là 0"] : []),
    };
    expect(() => loadWith({ PIGEON_TOKEN: "abc" }, [fake])).toThrow(/^Cấu hình sai: biến PIGEON_TOKEN chỉ gồm chữ số; ví dụ: PIGEON_TOKEN=12345$/);
    expect(loadWith({ PIGEON_TOKEN: "42" }, [fake])).toMatchObject({ PIGEON_TOKEN: "42", PIGEON_LOFT: "mái nhà", PORT: 8080 });
    expect(() => loadWith({ PIGEON_TOKEN: "0" }, [fake])).toThrow(/^Cấu hình sai: biến PIGEON_TOKEN không được là 0$/);
    // Without the plug-in, its variables are not the shared schema's.
    expect(loadWith({ PIGEON_TOKEN: "abc" }, [])).not.toHaveProperty("PIGEON_TOKEN");
  });
});
