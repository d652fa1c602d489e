// /baocao is a durable job (issue 17 point 5): recorded with its event, so a stop while it builds
// loses nothing; after the restart it is built again, archived once and delivered once.
// In-process (the bot stopped and started on the same SQLite file); the SIGKILL case is in
// test/process/report-crash.test.ts.
import Database from "better-sqlite3";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../helpers/harness.js";
import { addEntry } from "../helpers/entries.js";
// Expected texts written out here (not imported from src/), so a changed message fails the test.
const APOLOGY = "Xin lỗi, bot gặp trục trặc khi xử lý tin nhắn này. Xin gửi lại sau ít phút; nếu vẫn lỗi, báo Văn phòng UBND phường.";
const REPORT_BUSY = "⏳ Báo cáo trước của anh/chị đang được lập, xin chờ nhận xong rồi hãy yêu cầu báo cáo khác.";
const TOLD = "⏳ Đang tổng hợp báo cáo tháng 02/2025…";

let h: Harness;
afterEach(async () => { await h?.stop(); });

const CHAIRMAN = 3001;
const count = (sql: string) => (h.bot.db.$client.prepare(sql).get() as { n: number }).n;
const textsTo = (id: number) => h.standin.sentTo(id).map((m) => m.text);

/**
 * The bot with a leader and one figure; each build first awaits `gate` (the test holds builds
 * there). A stop waits 50 ms for work in progress, so a held build is left as a crash leaves it.
 */
async function leaderBot(gate: (build: number) => Promise<void>): Promise<{ builds: () => number }> {
  let builds = 0;
  h = await startHarness({ start: { beforeReportBuild: () => gate(++builds), stopWaitMs: 50 } });
  await h.register(CHAIRMAN, "lanh_dao", "nhon-hung", "Vũ");
  addEntry(h.bot.db, { unit: "dong-hung", form: "tuyen_truyen", date: "2025-02-05", values: { "tuyen_truyen.so_buoi": 7 } });
  return { builds: () => builds };
}

const never = () => new Promise<void>(() => undefined);

describe("reports as durable jobs", () => {
  it("a report whose build is under way when the bot stops is built after the restart: delivered once, archived once", async () => {
    let release!: () => void;
    const first = new Promise<void>((r) => { release = r; });
    const bot = await leaderBot((n) => (n === 1 ? first : Promise.resolve()));
    h.standin.pushUpdates([h.standin.textMessage(CHAIRMAN, "/baocao tháng 2/2025")]);
    await h.standin.waitFor(() => textsTo(CHAIRMAN).includes(TOLD) && bot.builds() === 1, 10_000);
    await h.halt();
    await h.boot();
    await h.standin.waitFor(() => h.standin.documents.length === 1, 20_000);
    // The first run's build ends late: it must not archive or send a second copy.
    release();
    await new Promise((r) => setTimeout(r, 300));
    await h.bot.settle();

    expect(h.standin.documents.map((d) => d.filename)).toEqual(["bao-cao-2025-02.docx"]);
    expect(count("select count(*) as n from issued_reports")).toBe(1);
    expect(bot.builds()).toBe(2);
    expect(textsTo(CHAIRMAN).filter((t) => t === TOLD)).toHaveLength(1);
    expect(textsTo(CHAIRMAN)).not.toContain(APOLOGY);
  }, 90_000);

  it("after archive and queue committed, a stop does not build it again: the queued document goes out once", async () => {
    const bot = await leaderBot(() => Promise.resolve());
    h.standin.failNext("sendDocument", { code: 500 });
    h.standin.pushUpdates([h.standin.textMessage(CHAIRMAN, "/baocao tháng 2/2025")]);
    await h.standin.waitFor(() => h.standin.calls.some((c) => c.method === "sendDocument" && c.failed === 500), 20_000);
    await h.halt();
    h.clock.advance(60_000); // past the 5xx backoff
    await h.boot();
    await h.standin.waitFor(() => h.standin.documents.length === 1, 20_000);
    await h.bot.settle();

    expect(bot.builds()).toBe(1);
    expect(count("select count(*) as n from issued_reports")).toBe(1);
    expect(h.standin.documents).toHaveLength(1);
  }, 90_000);

  it("a run that ends after its job was finished elsewhere archives nothing and queues nothing", async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => { release = r; });
    const bot = await leaderBot(() => held);
    h.standin.pushUpdates([h.standin.textMessage(CHAIRMAN, "/baocao tháng 2/2025")]);
    await h.standin.waitFor(() => bot.builds() === 1, 10_000);
    // As if another run had archived it meanwhile: the job is no longer running.
    h.bot.db.$client.prepare("update jobs set status = 'done', result_ref = null").run();
    release();
    await h.standin.waitFor(() => h.bot.app.idle(), 20_000);
    await h.bot.settle();

    expect(count("select count(*) as n from issued_reports")).toBe(0);
    expect(count("select count(*) as n from outbox where kind = 'document'")).toBe(0);
    expect(h.standin.documents).toHaveLength(0);
  }, 60_000);

  it("a leader's report waiting from before a restart still makes a second request 'busy'", async () => {
    await leaderBot(never);
    addEntry(h.bot.db, { unit: "dong-hung", form: "tuyen_truyen", date: "2025-01-05", values: { "tuyen_truyen.so_buoi": 3 } });
    h.standin.pushUpdates([h.standin.textMessage(CHAIRMAN, "/baocao tháng 2/2025")]);
    await h.standin.waitFor(() => textsTo(CHAIRMAN).includes(TOLD), 10_000);
    await h.halt();
    await h.boot();
    h.standin.pushUpdates([h.standin.textMessage(CHAIRMAN, "/baocao tháng 1/2025")]);
    expect(await h.standin.waitFor(() => textsTo(CHAIRMAN).find((t) => t.includes("đang được lập")), 10_000)).toBe(REPORT_BUSY);
    expect(textsTo(CHAIRMAN).filter((t) => t.includes("Đang tổng hợp"))).toEqual([TOLD]);
  }, 90_000);

  it("a build that throws is marked failed with one apology and not tried again, even after a restart", async () => {
    const bot = await leaderBot(() => Promise.reject(new Error("template exploded")));
    await h.say(CHAIRMAN, "/baocao tháng 2/2025");
    await h.standin.waitFor(() => textsTo(CHAIRMAN).includes(APOLOGY), 10_000);
    await h.restart();
    await h.bot.settle();

    expect(bot.builds()).toBe(1);
    expect(textsTo(CHAIRMAN).filter((t) => t === APOLOGY)).toHaveLength(1);
    expect(h.bot.db.$client.prepare("select status, attempts, last_error as lastError from jobs").all())
      .toEqual([{ status: "failed", attempts: 1, lastError: "template exploded" }]);
  }, 60_000);

  it("a job interrupted on each of its five tries is given up at start with one apology (a build that kills the bot)", async () => {
    const bot = await leaderBot(never);
    h.standin.pushUpdates([h.standin.textMessage(CHAIRMAN, "/baocao tháng 2/2025")]);
    await h.standin.waitFor(() => bot.builds() === 1, 10_000);
    await h.halt();
    // As a process killed during its fifth build leaves it (deaths get five tries, jobs.ts MAX_JOB_TRIES_WHEN_KILLED).
    const raw = new Database(join(h.dir, "bot.sqlite"));
    raw.prepare("update jobs set status = 'running', attempts = 5").run();
    raw.close();
    await h.boot();
    await h.standin.waitFor(() => textsTo(CHAIRMAN).includes(APOLOGY), 10_000);
    await h.bot.settle();

    expect(bot.builds()).toBe(1);
    expect(textsTo(CHAIRMAN).filter((t) => t === APOLOGY)).toHaveLength(1);
    expect(h.bot.db.$client.prepare("select status from jobs").all()).toEqual([{ status: "failed" }]);
  }, 60_000);
});
