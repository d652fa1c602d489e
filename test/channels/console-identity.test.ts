// The console says who the local person is and how to change it (issue 16, item 5.4), and what is
// typed for the role and unit picker never reaches the chat (an open form would take "2" as an answer).
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/app/environment.js";
import { startBot, type RunningBot } from "../../src/app/start.js";
import { silentLog, testClock } from "../helpers/harness.js";
import { tempDir } from "../helpers/temp.js";

let bot: RunningBot | undefined;
afterEach(async () => { await bot?.stop(); bot = undefined; });

/** Starts the console bot; `starting` resolves once it is up (start-up waits for the picker when no one is chosen yet). */
function openConsole(dir: string, as?: string) {
  const input = new PassThrough();
  const output = new PassThrough();
  let out = "";
  output.on("data", (d: Buffer) => { out += d.toString("utf8"); });
  const config = loadConfig({ BOT_TOKEN: "", DATABASE_PATH: join(dir, "bot.sqlite"), LOG_LEVEL: "silent", SCHEDULER: "false", PORT: "0" });
  const clock = testClock();
  const starting = startBot({ config, log: silentLog, clock: () => clock.now, ...(as ? { consoleAs: as } : {}), consoleIO: { input, output, outDir: join(dir, "out") } })
    .then((running) => { bot = running; return running; });
  const until = async (text: string) => {
    for (let i = 0; i < 2000 && !out.includes(text); i++) await new Promise((r) => setTimeout(r, 5));
    expect(out).toContain(text);
  };
  return { starting, input, until, get output() { return out; } };
}

async function startConsole(dir: string, as?: string) {
  const c = openConsole(dir, as);
  return { running: await c.starting, input: c.input, until: c.until, get output() { return c.output; } };
}

/** The lines the chat received (the inbox), in order. */
const typed = (b: RunningBot) => (b.db.$client.prepare("select event_json from inbound_events where channel = 'console' order by rowid").all() as { event_json: string }[])
  .map((r) => (JSON.parse(r.event_json) as { body: { text?: string } }).body.text);

describe("console identity", () => {
  it("says who you are at start and how to change it; the picker's answers never reach an open form", async () => {
    const dir = tempDir("bienbot-console-who-");
    const first = await startConsole(dir, "bao_cao:dong-hung");
    await first.until("Bạn muốn làm gì?");
    expect(first.output).toContain("Bạn đang thử với vai trò Người báo cáo, Khóm Đông Hưng.");
    first.input.write("/nhap tuyen_truyen\n");
    await first.until("(1/6)");
    await first.running.stop(); bot = undefined;

    // The next run reopens as the same person and says so, with the way to change.
    const second = await startConsole(dir);
    await second.until("Bạn muốn làm gì?");
    expect(second.output).toContain("Bạn đang thử với vai trò Người báo cáo, Khóm Đông Hưng.");
    expect(second.output).toContain("gõ /doivaitro");
    expect(second.output).toContain("--as");
    // Typed all at once, as a paste or a pipe: "2" and "1" are the picker's, not the form's.
    second.input.write("/doivaitro\n2\n1\n/trogiup\n");
    await second.until("Chọn vai trò để thử");
    await second.until("Bạn đang thử với vai trò Lãnh đạo phường, Phường Nhơn Hưng.");
    await second.until("Báo cáo của phường:");
    await second.running.settle();
    const lines = typed(second.running);
    expect(lines).not.toContain("2");
    expect(lines).not.toContain("1");
    expect(lines).not.toContain("/doivaitro");
    expect(lines.at(-1)).toBe("/trogiup");
  });

  it("a wrong answer in the picker says what to type instead, and asks again", async () => {
    // Start-up waits for the picker (no one chosen yet): the answers are typed while it starts.
    const c = openConsole(tempDir("bienbot-console-pick-"));
    const { starting, input, until } = c;
    const out = () => c.output; // a getter: read at each call
    await until("Chọn vai trò để thử");
    input.write("nhap\n9\n");
    for (let i = 0; i < 2000 && out().split("Gõ một số từ 1 đến 3 rồi nhấn Enter.").length < 3; i++) await new Promise((r) => setTimeout(r, 5));
    expect(out().split("Gõ một số từ 1 đến 3 rồi nhấn Enter.").length - 1).toBe(2);
    input.write("2\n0\n1\n");
    await until("Gõ 1 rồi nhấn Enter."); // the ward is the only unit of a leader
    await starting;
    await until("Bạn đang thử với vai trò Lãnh đạo phường");
    expect(out()).not.toContain("Lỗi");
  });
});
