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
  ])("refuses %j naming the variable", (env, name) => {
    expect(() => loadConfig(env)).toThrow(new RegExp(`^Cấu hình sai: biến ${name} `));
  });
});
