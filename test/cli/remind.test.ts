// `npm run cli -- remind --at <ISO> [--dry-run]` runs the jobs due then, as if it were then.
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { cli } from "../helpers/cli.js";
import { startHarness, testClock, type Harness } from "../helpers/harness.js";

let h: Harness | undefined;
afterEach(async () => { await h?.stop(); h = undefined; });


/** The CLI's clock: 09:00 in Vietnam on the reminder's day, outside the default quiet hours (21:00-06:30). */
const MORNING = "2025-02-24T09:00:00+07:00";

describe("cli remind", () => {
  it("prints who would be reminded on a dry run, then reminds them through the Bot API once", async () => {
    h = await startHarness({ clock: testClock("2025-02-20T03:00:00Z") });
    await h.register(2002, "bao_cao", "don-bp-nhon-hung", "Thắng");
    await h.register(1001, "bao_cao", "dong-hung", "Lan");
    await h.bot.stop(); // the operator runs the command while the bot is stopped
    const env = { DATABASE_PATH: join(h.dir, "bot.sqlite"), BOT_TOKEN: h.standin.token, TELEGRAM_API_ROOT: h.standin.apiRoot };
    const dry = (await cli(["remind", "--at", "2025-02-24T08:00:00+07:00", "--dry-run"], env, MORNING)).text;
    expect(dry).toContain("nhac-truoc (2025-02-24 08:00), kỳ 2025-02: 0/8 đơn vị đã báo cáo");
    expect(dry).toContain("sẽ nhắc: Thắng — Đồn Biên phòng Nhơn Hưng (Tuần tra, kiểm soát, Nắm tình hình, Đường biên, mốc quốc giới)");
    expect(dry).toContain("sẽ nhắc: Lan — Khóm Đông Hưng");
    expect(h.standin.sentTo(2002).filter((m) => m.text.startsWith("⏰"))).toHaveLength(0);

    const real = (await cli(["remind", "--at", "2025-02-24T08:00:00+07:00", "--send"], env, MORNING)).text;
    expect(real).toContain("đã xếp gửi: Thắng");
    expect(real).toContain("Đã gửi: 2");
    const twice = (await cli(["remind", "--at", "2025-02-24T08:00:00+07:00", "--send"], env, MORNING)).text;
    expect(twice).toContain("đã chạy rồi");
    expect(h.standin.sentTo(2002).filter((m) => m.text.startsWith("⏰"))).toHaveLength(1);
    expect((await cli(["remind", "--at", "2025-02-24T09:17:00+07:00"], env, MORNING)).text).toContain("Không có việc nào");
  });

  it("follows the injected clock for quiet hours: at 22:00 in Vietnam it only queues, at 09:00 it sends", async () => {
    h = await startHarness({ clock: testClock("2025-02-20T03:00:00Z") });
    await h.register(2002, "bao_cao", "don-bp-nhon-hung", "Thắng");
    await h.bot.stop();
    const env = { DATABASE_PATH: join(h.dir, "bot.sqlite"), BOT_TOKEN: h.standin.token, TELEGRAM_API_ROOT: h.standin.apiRoot,
      QUIET_HOURS: "21:00-06:30" };
    const reminders = () => h!.standin.sentTo(2002).filter((m) => m.text.startsWith("⏰"));
    // The job is due at 08:00 on the 24th; the operator runs it late that evening.
    const night = await cli(["remind", "--at", "2025-02-24T08:00:00+07:00", "--send"], env, "2025-02-24T22:00:00+07:00");
    expect(night.text).toContain("đã xếp gửi: Thắng");
    expect(night.text).toContain("ngoài giờ yên lặng");
    expect(reminders()).toHaveLength(0);
    // The same command the next morning: the job has run, and the queued reminder goes out once.
    const morning = await cli(["remind", "--at", "2025-02-24T08:00:00+07:00", "--send"], env, "2025-02-25T09:00:00+07:00");
    expect(morning.text).toContain("Đã gửi: 1");
    expect(reminders()).toHaveLength(1);
    // And a later job in the quiet hours of that evening queues again without sending.
    const late = await cli(["remind", "--at", "2025-02-28T08:00:00+07:00", "--send"], env, "2025-02-28T21:30:00+07:00");
    expect(late.text).toContain("ngoài giờ yên lặng");
    expect(reminders()).toHaveLength(1);
  });
  it("reads --at as Vietnamese time (UTC+7) unless it carries an offset or Z", async () => {
    h = await startHarness({ clock: testClock("2025-02-20T03:00:00Z") });
    await h.register(1001, "bao_cao", "dong-hung", "Lan");
    await h.bot.stop();
    const env = { DATABASE_PATH: join(h.dir, "bot.sqlite"), BOT_TOKEN: h.standin.token, TELEGRAM_API_ROOT: h.standin.apiRoot };
    // 08:00 on the 24th in Vietnam is the early reminder's slot, whatever the machine's zone.
    const due = "nhac-truoc (2025-02-24 08:00), kỳ 2025-02";
    for (const at of ["2025-02-24T08:00", "2025-02-24T08:00:00", "2025-02-24 08:00", "2025-02-24T01:00Z", "2025-02-24T08:00+07:00"]) {
      expect((await cli(["remind", "--at", at, "--dry-run"], env, MORNING)).text, at).toContain(due);
    }
    // 08:00 UTC is 15:00 in Vietnam: the close-day slot.
    expect((await cli(["remind", "--at", "2025-02-24T08:00Z", "--dry-run"], env, MORNING)).text).toContain("nhac-khoa-so (2025-02-24 15:00)");
    // 02:17 UTC is 09:17 in Vietnam: no job then, and the answer says the Vietnamese time.
    expect((await cli(["remind", "--at", "2025-02-24T02:17Z", "--dry-run"], env, MORNING)).text)
      .toContain("Không có việc nào đến giờ chạy lúc 09:17 ngày 24/02/2025 (giờ Việt Nam)");
    await expect(cli(["remind", "--at", "24/02/2025 8h", "--dry-run"], env, MORNING)).rejects.toThrow("--at cần thời điểm");
  });
});
