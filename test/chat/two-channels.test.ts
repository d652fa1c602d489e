// Telegram and Zalo in one process: people on either channel use the same bot and database.
import { afterEach, describe, expect, it } from "vitest";
import { startZaloHarness, type ZaloHarness } from "../helpers/zalo-harness.js";
import { call } from "../http/fixtures.js";
import { runDueJobs } from "../../src/reminders/jobs.js";

let z: ZaloHarness | undefined;
afterEach(async () => { await z?.close(); z = undefined; });

const FILING = ["/nhap tuyen_truyen", "3", "60", "1,5", "0", "0", "0", "luu"];

describe("Telegram and Zalo at once", () => {
  it("/healthz reports the database and each channel's state", async () => {
    z = await startZaloHarness();
    const r = await call(`${z.h.bot.web!.url}/healthz`);
    expect(r.status).toBe(200);
    expect(JSON.parse(r.text)).toMatchObject({ ok: true, database: "ok", channels: { telegram: "polling", zalo: "polling" } });
  });

  it("two people, one on each channel, file at the same time; each is answered on their own channel", async () => {
    z = await startZaloHarness();
    const { h, zalo } = z;
    await h.register(9101, "bao_cao", "dong-hung", "Người Telegram");
    await z.register("9202", "bao_cao", "tay-hung", "Người Zalo");
    for (const step of FILING) {
      // Both messages are in flight together; neither waits for the other.
      const [tg, za] = await Promise.all([h.say(9101, step), z.say("9202", step)]);
      expect(tg.length, step).toBeGreaterThan(0);
      expect(za.length, step).toBeGreaterThan(0);
    }
    expect(h.standin.sentTo(9101).at(-1)!.text + h.standin.sentTo(9101).at(-2)?.text).toContain("Đã lưu");
    expect(zalo.sentTo("9202").map((m) => m.text).join("\n")).toContain("Đã lưu");
    const rows = h.bot.db.$client.prepare(
      "select e.unit_code as unit, i.channel from entries e join identities i on i.user_id = e.reporter_id order by e.unit_code").all();
    expect(rows).toEqual([{ unit: "dong-hung", channel: "telegram" }, { unit: "tay-hung", channel: "zalo" }]);
    // Nothing crossed over: the Zalo person got no Telegram message and the reverse.
    expect(h.standin.sentTo(9202)).toHaveLength(0);
    expect(zalo.sentTo("9101")).toHaveLength(0);
  });

  it("one person linked on both is reminded once, on the channel used last; a report goes back where it was asked", async () => {
    z = await startZaloHarness();
    const { h, zalo } = z;
    // The chairman registers on Telegram and links Zalo with /lienket.
    await h.register(9301, "lanh_dao", "nhon-hung", "Chủ tịch");
    await h.register(9302, "bao_cao", "dong-hung", "Lan");
    const code = /Mã liên kết của [^:]+: ([A-Z0-9]{6})/.exec((await h.say(9302, "/lienket")).map((m) => m.text).join("\n"))?.[1];
    expect(code).toBeDefined();
    const linked = await z.say("9402", `/lienket ${code}`);
    expect(linked[0]!.text).toContain("Đã liên kết: bạn là Lan");

    // Lan wrote last on Zalo: the reminder of 24/02 08:00 goes there, once, and not to Telegram.
    h.clock.set("2025-02-24T01:00:00Z");
    const telegramBefore = h.standin.sentTo(9302).length;
    const zaloBefore = zalo.sentTo("9402").length;
    runDueJobs({ db: h.bot.db, profile: h.bot.profile, settings: h.bot.jobSettings }, h.clock.now, { dryRun: false, now: h.clock.now });
    h.bot.outbox.wake();
    await zalo.waitFor(() => zalo.sentTo("9402").length > zaloBefore);
    await h.bot.settle();
    expect(zalo.sentTo("9402").slice(zaloBefore).filter((m) => m.text.includes("Nhắc báo cáo"))).toHaveLength(1);
    expect(h.standin.sentTo(9302).slice(telegramBefore)).toHaveLength(0);

    // A typed number answers the reminder's list on Zalo: 1 is its first form.
    const typed = await z.say("9402", "1");
    expect(typed.at(-1)!.text).toMatch(/\(1\/\d\)/);
    await z.say("9402", "/huy");

    // The next day she writes on Telegram: the next reminder goes there.
    h.clock.set("2025-02-25T02:00:00Z");
    await h.say(9302, "/tiendo");
    // The close-day reminder (28/02 15:00) is another job, so Lan is due one again.
    h.clock.set("2025-02-28T08:00:00Z");
    const zaloAfter = zalo.sentTo("9402").length;
    const telegramAfter = h.standin.sentTo(9302).length;
    runDueJobs({ db: h.bot.db, profile: h.bot.profile, settings: h.bot.jobSettings }, h.clock.now, { dryRun: false, now: h.clock.now });
    h.bot.outbox.wake();
    await h.standin.waitFor(() => h.standin.sentTo(9302).length > telegramAfter);
    await h.bot.settle();
    expect(h.standin.sentTo(9302).slice(telegramAfter).filter((m) => m.text.includes("Nhắc báo cáo"))).toHaveLength(1);
    expect(zalo.sentTo("9402").slice(zaloAfter)).toHaveLength(0);

    for (const step of FILING) await h.say(9302, step);
    // The chairman links Zalo too; a report asked on Zalo comes back on Zalo as a link, on Telegram as a document.
    const chairCode = /Mã liên kết của [^:]+: ([A-Z0-9]{6})/.exec((await h.say(9301, "/lienket")).map((m) => m.text).join("\n"))?.[1];
    await z.say("9401", `/lienket ${chairCode}`);
    const documentsBefore = h.standin.documents.length;
    const onZalo = await z.say("9401", "/baocao thang 2/2025");
    expect(onZalo.map((m) => m.text).join("\n")).toMatch(/\/tep\//);
    expect(h.standin.documents.length).toBe(documentsBefore);
    await h.say(9301, "/baocao thang 2/2025");
    expect(h.standin.documents.length).toBe(documentsBefore + 1);
  }, 30_000);
});
