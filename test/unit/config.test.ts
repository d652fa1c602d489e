import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";

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
    expect(() => loadConfig({ LINK_SECRET: "short-link-secret-value" })).toThrow(/^Cấu hình sai: biến LINK_SECRET cần ít nhất 32 ký tự$/);
  });
});
