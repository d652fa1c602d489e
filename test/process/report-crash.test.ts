// A bot process SIGKILLed while /baocao compiles (issue 17: the leader saw "⏳ Đang tổng hợp…" and
// then nothing, even after the restart): after a restart on the same database the report is built
// again and the leader receives the document once, archived once.
import { spawn, type ChildProcess } from "node:child_process";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../helpers/harness.js";
import { addEntry } from "../helpers/entries.js";

let h: Harness | undefined;
let child: ChildProcess | undefined;
afterEach(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  child = undefined;
  await h?.stop();
  h = undefined;
});

const CHAIRMAN = 3001;
const TOLD = "⏳ Đang tổng hợp báo cáo tháng 02/2025…";

describe("a crash while a report compiles", () => {
  it("SIGKILL after 'Đang tổng hợp', the build held: after the restart the leader receives the DOCX once", async () => {
    const hh = await startHarness();
    h = hh;
    await hh.register(CHAIRMAN, "lanh_dao", "nhon-hung", "Vũ");
    addEntry(hh.bot.db, { unit: "dong-hung", form: "tuyen_truyen", date: "2025-02-05", values: { "tuyen_truyen.so_buoi": 7 } });
    await hh.halt();
    const c = spawn(process.execPath, ["--import", "tsx", resolve(import.meta.dirname, "bot-child.ts"),
      join(hh.dir, "bot.sqlite"), hh.standin.apiRoot, hh.standin.token, hh.clock.now.toISOString()],
    { cwd: resolve(import.meta.dirname, "../.."), stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, BOT_CHILD_HOLD_REPORTS: "1" } });
    child = c;
    const exited = new Promise<NodeJS.Signals | null>((r) => c.once("exit", (_code, signal) => r(signal)));
    await new Promise<void>((ready, fail) => {
      c.stdout!.on("data", (d: Buffer) => { if (d.toString().includes("ready")) ready(); });
      void exited.then(() => fail(new Error("bot child exited before it was ready")));
    });
    // The leader is told, and the process dies right then, its build held in the worker's queue.
    hh.standin.onCall = (method, params) => {
      if (method === "sendMessage" && String(params.text) === TOLD) child?.kill("SIGKILL");
      return undefined;
    };
    hh.standin.pushUpdates([hh.standin.textMessage(CHAIRMAN, "/baocao tháng 2/2025")]);
    expect(await exited).toBe("SIGKILL");
    hh.standin.onCall = undefined;
    expect(hh.standin.documents).toHaveLength(0);

    await hh.boot();
    await hh.standin.waitFor(() => hh.standin.documents.length === 1, 20_000);
    await hh.bot.settle();
    await new Promise((r) => setTimeout(r, 300)); // nothing more comes
    expect(hh.standin.documents.map((d) => [d.chatId, d.filename])).toEqual([[String(CHAIRMAN), "bao-cao-2025-02.docx"]]);
    expect((hh.bot.db.$client.prepare("select count(*) as n from issued_reports").get() as { n: number }).n).toBe(1);
    const told = hh.standin.calls.filter((x) => x.method === "sendMessage" && String(x.params.text) === TOLD && x.failed === undefined);
    // Killed while its request was in flight, the bot cannot know it arrived: sent again at most once.
    expect(told.length).toBeGreaterThanOrEqual(1);
    expect(told.length).toBeLessThanOrEqual(2);
  }, 90_000);
});
