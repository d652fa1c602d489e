// Issue 10, item 6: an event the platform sends without a date of its own (a Telegram button
// press, a Zalo update with no date, a line typed in the console) is stamped by the app's
// injected clock, never the wall clock. The clock here is set to a moment no wall clock shows.
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/app/environment.js";
import { startBot, type RunningBot } from "../../src/app/start.js";
import { startHarness, silentLog, testClock, type Harness } from "../helpers/harness.js";
import { startZaloHarness, type ZaloHarness } from "../helpers/zalo-harness.js";
import { tempDir } from "../helpers/temp.js";

const MOMENT = "2019-03-04T05:06:07.089Z";

/** The `at` recorded with each event in the inbox, by event id. */
function stamps(bot: RunningBot, channel: string): Map<string, string> {
  const rows = bot.db.$client.prepare("select event_id, event_json from inbound_events where channel = ?").all(channel) as Array<{ event_id: string; event_json: string }>;
  return new Map(rows.map((r) => [r.event_id, (JSON.parse(r.event_json) as { at: string }).at]));
}

let h: Harness | undefined;
let z: ZaloHarness | undefined;
let bot: RunningBot | undefined;
afterEach(async () => {
  await h?.stop(); h = undefined;
  await z?.close(); z = undefined;
  await bot?.stop(); bot = undefined;
});

describe("Telegram", () => {
  it("a button press is stamped by the injected clock", async () => {
    h = await startHarness({ clock: testClock(MOMENT) });
    const [id] = h.standin.pushUpdates([h.standin.callbackQuery(4242, "cmd:menu")]);
    await h.standin.waitFor(() => stamps(h!.bot, "telegram").has(String(id)));
    expect(stamps(h.bot, "telegram").get(String(id))).toBe(MOMENT);
  });

  it("an edited message is stamped by its edit_date, or by the injected clock when it has none", async () => {
    h = await startHarness({ clock: testClock(MOMENT) });
    const edited = (editDate?: number) => ({
      edited_message: {
        message_id: 7, from: { id: 4242, is_bot: false, first_name: "Lan" }, chat: { id: 4242, type: "private", first_name: "Lan" },
        date: 1_600_000_000, text: "5", ...(editDate === undefined ? {} : { edit_date: editDate }),
      },
    });
    const [withDate, without] = h.standin.pushUpdates([edited(1_700_000_000), edited()]);
    await h.standin.waitFor(() => stamps(h!.bot, "telegram").size === 2);
    // 1 700 000 000 s after the epoch is 2023-11-14 22:13:20 UTC.
    expect(stamps(h.bot, "telegram").get(String(withDate))).toBe("2023-11-14T22:13:20.000Z");
    expect(stamps(h.bot, "telegram").get(String(without))).toBe(MOMENT);
  });
});

describe("Zalo", () => {
  it("an update without a date is stamped by the injected clock; one with a date keeps it", async () => {
    z = await startZaloHarness({ telegram: false, clock: testClock(MOMENT) });
    const undated = z.zalo.textMessage("700001", "xin chào");
    delete (undated.message as { date?: number }).date;
    const dated = z.zalo.textMessage("700001", "chào lần nữa", { date: 1_700_000_000_000 });
    await z.send("700001", undated, dated);
    const at = stamps(z.h.bot, "zalo");
    expect(at.get(String(undated.message.message_id))).toBe(MOMENT);
    expect(at.get(String(dated.message.message_id))).toBe("2023-11-14T22:13:20.000Z");
  });
});

describe("console", () => {
  /** The bot in console mode in this process, fed through a stream; resolves when the menu is shown. */
  async function startConsole(dir: string) {
    const input = new PassThrough();
    const output = new PassThrough();
    let out = "";
    output.on("data", (d: Buffer) => { out += d.toString("utf8"); });
    const config = loadConfig({ BOT_TOKEN: "", DATABASE_PATH: join(dir, "bot.sqlite"), LOG_LEVEL: "silent", SCHEDULER: "false", PORT: "0" });
    const clock = testClock(MOMENT);
    const running = await startBot({ config, log: silentLog, clock: () => clock.now, consoleAs: "bao_cao:dong-hung", consoleIO: { input, output, outDir: join(dir, "out") } });
    const until = async (text: string) => {
      for (let i = 0; i < 2000 && !out.includes(text); i++) await new Promise((r) => setTimeout(r, 5));
      expect(out).toContain(text);
    };
    return { running, input, until, get output() { return out; } };
  }

  it("a typed line is stamped by the injected clock, and a second run's lines are not taken for the first's", async () => {
    const dir = tempDir("bienbot-console-clock-");
    const first = await startConsole(dir);
    bot = first.running;
    await first.until("Bạn muốn làm gì?");
    first.input.write("trogiup\n");
    await bot.settle();
    const once = stamps(bot, "console");
    expect(once.size).toBeGreaterThanOrEqual(2); // the menu shown at start, then the typed line
    expect([...once.values()].every((at) => at === MOMENT), JSON.stringify([...once])).toBe(true);
    await bot.stop(); bot = undefined;

    // Same clock, same database: the new run's lines are new events, handled and answered.
    const second = await startConsole(dir);
    bot = second.running;
    await second.until("Bạn muốn làm gì?");
    await bot.settle();
    const twice = stamps(bot, "console");
    expect(twice.size).toBe(once.size + 1);
    expect([...twice.values()].every((at) => at === MOMENT)).toBe(true);
  });
});
