// `npm run cli -- remind --at <ISO> [--dry-run]` runs the jobs due then, as if it were then.
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { cli } from "../helpers/cli.js";
import { startHarness, testClock, type Harness } from "../helpers/harness.js";

let h: Harness | undefined;
afterEach(async () => { await h?.stop(); h = undefined; });


function quietWindowAwayFromNow(): string {
  const hhmm = (d: Date) => d.toISOString().slice(11, 16);
  const start = new Date(Date.now() + 7 * 3600_000 + 12 * 3600_000); // Vietnamese time, 12 h ahead
  return `${hhmm(start)}-${hhmm(new Date(start.getTime() + 60_000))}`;
}

describe("cli remind", () => {
  it("prints who would be reminded on a dry run, then reminds them through the Bot API once", async () => {
    h = await startHarness({ clock: testClock("2025-02-20T03:00:00Z") });
    await h.register(2002, "bao_cao", "don-bp-nhon-hung", "Thắng");
    await h.register(1001, "bao_cao", "dong-hung", "Lan");
    await h.bot.stop(); // the operator runs the command while the bot is stopped
    // --send uses the real clock: keep the quiet hours a minute, twelve hours from now, so the
    // test sends whatever time of day it runs.
    const env = { DATABASE_PATH: join(h.dir, "bot.sqlite"), BOT_TOKEN: h.standin.token, TELEGRAM_API_ROOT: h.standin.apiRoot,
      QUIET_HOURS: quietWindowAwayFromNow() };
    const dry = (await cli(["remind", "--at", "2025-02-24T08:00:00+07:00", "--dry-run"], env)).text;
    expect(dry).toContain("nhac-truoc (2025-02-24 08:00), kỳ 2025-02: 0/8 đơn vị đã báo cáo");
    expect(dry).toContain("sẽ nhắc: Thắng — Đồn Biên phòng Nhơn Hưng (Tuần tra, kiểm soát, Nắm tình hình, Đường biên, mốc quốc giới)");
    expect(dry).toContain("sẽ nhắc: Lan — Khóm Đông Hưng");
    expect(h.standin.sentTo(2002).filter((m) => m.text.startsWith("⏰"))).toHaveLength(0);

    const real = (await cli(["remind", "--at", "2025-02-24T08:00:00+07:00", "--send"], env)).text;
    expect(real).toContain("đã xếp gửi: Thắng");
    expect(real).toContain("Đã gửi: 2");
    const twice = (await cli(["remind", "--at", "2025-02-24T08:00:00+07:00", "--send"], env)).text;
    expect(twice).toContain("đã chạy rồi");
    expect(h.standin.sentTo(2002).filter((m) => m.text.startsWith("⏰"))).toHaveLength(1);
    expect((await cli(["remind", "--at", "2025-02-24T09:17:00+07:00"], env)).text).toContain("Không có việc nào");
  });

  it("does not send from the command line in quiet hours; the messages stay queued", async () => {
    h = await startHarness({ clock: testClock("2025-02-20T03:00:00Z") });
    await h.register(2002, "bao_cao", "don-bp-nhon-hung", "Thắng");
    await h.bot.stop();
    const env = { DATABASE_PATH: join(h.dir, "bot.sqlite"), BOT_TOKEN: h.standin.token, TELEGRAM_API_ROOT: h.standin.apiRoot,
      QUIET_HOURS: "00:00-23:59" };
    const r = (await cli(["remind", "--at", "2025-02-24T08:00:00+07:00", "--send"], { ...env, QUIET_HOURS: quietWindowAwayFromNow() }));
    expect(r.text).toContain("đã xếp gửi: Thắng");
    expect(h.standin.sentTo(2002).filter((m) => m.text.startsWith("⏰"))).toHaveLength(1);
    await cli(["remind", "--at", "2025-02-27T08:00:00+07:00"], { ...env, QUIET_HOURS: quietWindowAwayFromNow() });
    const quiet = await cli(["remind", "--at", "2025-02-28T08:00:00+07:00", "--send"], env);
    expect(quiet.text).toContain("ngoài giờ yên lặng");
    expect(h.standin.sentTo(2002).filter((m) => m.text.startsWith("⏰"))).toHaveLength(1);
  });
});

