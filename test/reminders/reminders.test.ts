// Reminders before the close and the digest after it, end to end: jobs -> outbox -> stand-in.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buttons, startHarness, testClock, type Harness } from "../helpers/harness.js";
import { addEntry } from "../helpers/entries.js";
import { runDueJobs } from "../../src/reminders/jobs.js";
import { catchUp } from "../../src/reminders/scheduler.js";
import { enqueue } from "../../src/outbox/sender.js";
import { text } from "../../src/conversation/types.js";
import { silentLog } from "../helpers/harness.js";

const KHOM_DONG = 1001;
const KHOM_TAY = 1002;
const TO_PHU_NU = 1003;
const BORDER_POST = 2002;
const CHAIRMAN = 3001;
const FRESH_CHAT = 4040;

let h: Harness;

async function setUp(env: Record<string, string> = {}) {
  h = await startHarness({ clock: testClock("2025-02-20T03:00:00Z"), env });
  await h.register(KHOM_DONG, "bao_cao", "dong-hung", "Lan");
  await h.register(KHOM_TAY, "bao_cao", "tay-hung", "Hùng");
  await h.register(TO_PHU_NU, "bao_cao", "to-phu-nu", "Mai");
  await h.register(BORDER_POST, "bao_cao", "don-bp-nhon-hung", "Thắng");
  await h.register(CHAIRMAN, "lanh_dao", "nhon-hung", "Vũ");
  addEntry(h.bot.db, { unit: "dong-hung", form: "tuyen_truyen", date: "2025-02-05", values: { "tuyen_truyen.so_buoi": 2, "tuyen_truyen.luot_nguoi": 50 } });
  addEntry(h.bot.db, { unit: "don-bp-nhon-hung", form: "tuan_tra", date: "2025-02-06", values: { "tuan_tra.doc_lap.luot_to": 30, "tuan_tra.doc_lap.luot_nguoi": 210 } });
  await h.say(KHOM_TAY, "/khongphatsinh tuyen_truyen");
}

const deps = () => ({ db: h.bot.db, profile: h.bot.profile, settings: h.bot.jobSettings });
/** Run the jobs due at a moment, with the bot's clock set to it (the outbox sends what is due by then). */
function runAt(iso: string, dryRun = false) {
  h.clock.set(iso);
  return runDueJobs(deps(), new Date(iso), { dryRun, now: h.clock.now });
}
const schedulerDeps = () => ({ ...deps(), log: silentLog, clock: () => h.clock.now, onQueued: () => h.bot.outbox.wake() });
const reminders = (chat: number) => h.standin.sentTo(chat).filter((m) => m.text.startsWith("⏰"));
/** Rows other than replies (every reply goes through the outbox too). */
const outboxCount = () => (h.bot.db.$client.prepare("select count(*) n from outbox where kind not in ('reply', 'document')").get() as { n: number }).n;

async function delivered(): Promise<void> {
  h.bot.outbox.wake();
  await h.bot.outbox.drain({ timeoutMs: 10_000 });
}

beforeEach(() => undefined);
afterEach(async () => { await h.stop(); });

describe("reminders before the close", () => {
  it("reminds only the units that still owe, naming what they owe, with buttons that open the forms", async () => {
    await setUp();
    const [outcome] = runAt("2025-02-24T01:00:00Z");
    expect(outcome).toMatchObject({ job: "nhac-truoc", period: "2025-02", note: "2/8 đơn vị đã báo cáo" });
    expect(outcome!.recipients.map((r) => r.name).sort()).toEqual(["Mai", "Thắng"]);
    await delivered();
    expect(reminders(KHOM_DONG)).toEqual([]);
    expect(reminders(KHOM_TAY)).toEqual([]);
    const [post] = reminders(BORDER_POST);
    expect(post!.text).toContain("kỳ tháng 02/2025 (hạn cuối ngày 28/02/2025)");
    expect(post!.text).toContain("Nắm tình hình; Đường biên, mốc quốc giới");
    expect(post!.text).not.toContain("Tuần tra");
    expect(buttons(post).map((b) => b.data)).toEqual(["cmd:form:nam_tinh_hinh:2025-02", "cmd:form:moc_quoc_gioi:2025-02", "cmd:khongphatsinh::2025-02"]);
    expect(reminders(TO_PHU_NU)).toHaveLength(1);
    // Pressed after the close, the buttons still answer for February.
    h.clock.set("2025-03-01T02:00:00Z");
    const opened = await h.press(BORDER_POST, "cmd:form:nam_tinh_hinh:2025-02");
    expect(opened.at(-1)!.text).toContain("Số tin có giá trị");
    await h.say(BORDER_POST, "2");
    const summary = await h.say(BORDER_POST, "3");
    expect(summary.at(-1)!.text).toContain("Ngày hoạt động: 28/02/2025");
    expect((await h.say(BORDER_POST, "luu")).at(-1)!.text).toContain("kỳ tháng 02/2025");
    let nil = await h.press(BORDER_POST, "cmd:khongphatsinh::2025-02");
    expect(nil.at(-1)!.text).toContain("không phát sinh hoạt động trong kỳ tháng 02/2025");
    expect(buttons(nil.at(-1)).map((b) => b.text)).not.toContain("Dân số");
    nil = await h.press(BORDER_POST, "cmd:khongphatsinh:moc_quoc_gioi:2025-02");
    expect(nil.at(-1)!.text).toContain("không phát sinh trong kỳ tháng 02/2025");
    const left = runAt("2025-03-01T01:00:00Z"); // digest: the post has now reported February
    expect(left.find((o) => o.job === "tong-hop")!.note).toBe("3/8 đơn vị đã báo cáo");
  });

  it("reminds each person once per job and period: a job run twice, a second slot, a restart", async () => {
    await setUp({ REMIND_CRON_EARLY: "0,30 8 * * *" });
    runAt("2025-02-24T01:00:00Z");
    const again = runAt("2025-02-24T01:00:00Z");
    expect(again[0]!.note).toBe("đã chạy rồi");
    const secondSlot = runAt("2025-02-24T01:30:00Z");
    expect(secondSlot[0]!.recipients.every((r) => !r.queued)).toBe(true);
    await h.restart();
    runAt("2025-02-24T01:00:00Z");
    runAt("2025-02-24T01:30:00Z");
    await delivered();
    expect(reminders(BORDER_POST)).toHaveLength(1);
    expect(reminders(TO_PHU_NU)).toHaveLength(1);
    // one day before the close is another reminder
    runAt("2025-02-27T01:00:00Z");
    await delivered();
    expect(reminders(BORDER_POST)).toHaveLength(2);
  });

  it("does not remind a unit that reported after the first reminder; reminds on the close day at 15:00", async () => {
    await setUp();
    runAt("2025-02-24T01:00:00Z");
    await h.say(TO_PHU_NU, "/khongphatsinh tuan_tra");
    const [close] = runAt("2025-02-28T08:00:00Z");
    expect(close!.job).toBe("nhac-khoa-so");
    expect(close!.recipients.map((r) => r.name)).toEqual(["Thắng"]);
    expect(runAt("2025-02-25T01:00:00Z")[0]!.note).toBe("không phải ngày nhắc");
  });

  it("never sends in quiet hours", async () => {
    await setUp({ REMIND_CRON_EARLY: "0 22 * * *" });
    const [outcome] = runAt("2025-02-24T15:00:00Z");
    expect(outcome!.note).toContain("giờ yên lặng");
    expect(outboxCount()).toBe(0);
  });

  it("holds reminders that fall due in quiet hours until the quiet hours end", async () => {
    await setUp();
    h.clock.set("2025-02-24T15:30:00Z"); // 22:30 in Vietnam
    enqueue(h.bot.db, { channel: "telegram", chatId: String(FRESH_CHAT), message: text("⏰ nhắc thử"), kind: "reminder", dedupeKey: "test:quiet" }, h.clock.now);
    // A chat nothing was sent to yet, so no per-chat gap delays the reminder: only the quiet hours can.
    // Positive synchronisation: a reply (never held by the quiet hours) queued after the reminder
    // to the same chat. The sender walks due rows oldest first and one chat never has two sends at
    // once, so once the sentinel has arrived the reminder had its turn: had it not been held, it
    // would have gone out first.
    const before = h.standin.sentTo(FRESH_CHAT).length;
    enqueue(h.bot.db, { channel: "telegram", chatId: String(FRESH_CHAT), message: text("mốc đồng bộ"), kind: "reply", dedupeKey: "reply:test:sentinel" }, h.clock.now);
    h.bot.outbox.wake();
    const arrived = await h.standin.waitForMessages(FRESH_CHAT, before + 1);
    expect(arrived.at(-1)!.text).toBe("mốc đồng bộ");
    expect(reminders(FRESH_CHAT)).toHaveLength(0);
    const row = h.bot.db.$client.prepare("select status, attempts from outbox where dedupe_key = 'test:quiet'").get() as { status: string; attempts: number };
    expect(row).toEqual({ status: "pending", attempts: 0 });
    h.clock.set("2025-02-24T23:31:00Z"); // 06:31
    await delivered();
    expect(reminders(FRESH_CHAT)).toHaveLength(1);
  });

  it("catches up a job missed while the bot was down, once, on the same day and outside quiet hours", async () => {
    await setUp();
    h.clock.set("2025-02-24T20:00:00Z"); // 03:00 on the 25th in Vietnam: quiet, and another day
    expect(catchUp(schedulerDeps())).toEqual([]);
    h.clock.set("2025-02-24T03:30:00Z"); // 10:30 on the 24th: the 08:00 slot was missed
    const first = catchUp(schedulerDeps());
    expect(first.map((o) => [o.job, o.slot])).toContainEqual(["nhac-truoc", "2025-02-24T08:00"]);
    expect(catchUp(schedulerDeps())).toEqual([]);
    await h.restart();
    expect(catchUp(schedulerDeps())).toEqual([]);
    await delivered();
    expect(reminders(BORDER_POST)).toHaveLength(1);
  });

  it("sends the leaders a digest the day after the close, with a button for the report", async () => {
    await setUp();
    runAt("2025-03-01T01:00:00Z");
    await delivered();
    const digest = h.standin.sentTo(CHAIRMAN).filter((m) => m.text.startsWith("📊"));
    expect(digest).toHaveLength(1);
    expect(digest[0]!.text).toContain("Kỳ tháng 02/2025: đã báo cáo 2/8 đơn vị");
    expect(digest[0]!.text).toContain("Tuyên truyền: 2 buổi, 50 lượt người");
    expect(buttons(digest[0]).map((b) => b.data)).toContain("cmd:baocao:2025-02");
    await h.press(CHAIRMAN, "cmd:baocao:2025-02");
    await h.press(CHAIRMAN, "report:no_number");
    await h.press(CHAIRMAN, "report:today");
    expect(h.standin.documents.at(-1)!.filename).toBe("bao-cao-2025-02.docx");
  });

  it("lists who would be reminded without sending on a dry run", async () => {
    await setUp();
    const [outcome] = runAt("2025-02-24T01:00:00Z", true);
    expect(outcome!.recipients.map((r) => r.name).sort()).toEqual(["Mai", "Thắng"]);
    expect(outboxCount()).toBe(0);
    expect(h.bot.db.$client.prepare("select count(*) n from job_runs").get()).toEqual({ n: 0 });
  });

  it("marks a person who blocked the bot unreachable and tells the admin, once", async () => {
    await setUp();
    await h.register(9001, "admin", "nhon-hung", "Văn phòng");
    h.standin.blockChat(BORDER_POST);
    runAt("2025-02-24T01:00:00Z");
    await delivered();
    await h.bot.outbox.drain({ timeoutMs: 10_000 });
    const admin = h.standin.sentTo(9001).filter((m) => m.text.startsWith("⚠️"));
    expect(admin).toHaveLength(1);
    expect(admin[0]!.text).toContain("Thắng (Đồn Biên phòng Nhơn Hưng)");
    expect(h.bot.db.$client.prepare("select status from outbox where chat_id = ? and kind not in ('reply', 'document')").get(String(BORDER_POST))).toEqual({ status: "unreachable" });
    // unreachable people are left out of later reminders, until they write to the bot again
    const [later] = runAt("2025-02-27T01:00:00Z");
    expect(later!.recipients.map((r) => r.name)).toEqual(["Mai"]);
    // (Telegram delivers nothing from a person who blocked the bot: they unblock it first.)
    h.standin.unblockChat(BORDER_POST);
    await h.say(BORDER_POST, "/tiendo");
    expect(h.bot.db.$client.prepare("select unreachable_at from users where name = 'Thắng'").get()).toEqual({ unreachable_at: null });
  });
});

describe("automatic lock", () => {
  it("locks a month the configured number of days after its close", async () => {
    await setUp({ AUTO_LOCK_DAYS: "3" });
    expect(runAt("2025-03-02T17:05:00Z").find((o) => o.job === "tu-khoa")!.note).toBe("không có kỳ đến hạn tự khóa");
    const [lock] = runAt("2025-03-03T17:05:00Z").filter((o) => o.job === "tu-khoa");
    expect(lock!.note).toBe("tự khóa sổ kỳ tháng 02/2025");
    expect(h.bot.db.$client.prepare("select period, automatic from period_locks").all()).toEqual([{ period: "2025-02", automatic: 1 }]);
    const r = await h.say(KHOM_DONG, "/khongphatsinh tuyen_truyen");
    expect(r.at(-1)!.text).toContain("tháng 03/2025"); // the current month is still open
    await h.say(KHOM_DONG, "/nhap tuyen_truyen");
    for (const a of ["1", "20", "0", "0", "0", "0", "2", "1", "28/2"]) await h.say(KHOM_DONG, a);
    const saved = await h.say(KHOM_DONG, "luu");
    expect(saved[0]!.text).toContain("Kỳ tháng 02/2025 đã khóa sổ");
  });
});

describe("housekeeping", () => {
  it("forgets handled event ids after a week", async () => {
    await setUp();
    const count = () => (h.bot.db.$client.prepare("select count(*) n from processed_events").get() as { n: number }).n;
    expect(count()).toBeGreaterThan(0);
    const [kept] = runAt("2025-02-25T20:30:00Z").filter((o) => o.job === "don-dep");
    expect(kept!.note).toMatch(/^đã xóa 0 mã sự kiện cũ,/);
    const [cleaned] = runAt("2025-03-10T20:30:00Z").filter((o) => o.job === "don-dep");
    expect(cleaned!.note).toMatch(/^đã xóa [1-9]\d* mã sự kiện cũ,/);
    expect(count()).toBe(0);
  });

  it("forgets the inbox's handled events and the record of sent replies after a week", async () => {
    await setUp();
    const n = (sql: string) => (h.bot.db.$client.prepare(sql).get() as { n: number }).n;
    const inbox = "select count(*) n from inbound_events";
    const replies = "select count(*) n from outbox where kind in ('reply', 'document')";
    expect(n(inbox)).toBeGreaterThan(0);
    expect(n(replies)).toBeGreaterThan(0);
    runAt("2025-02-25T20:30:00Z");
    expect(n(inbox)).toBeGreaterThan(0);
    expect(n(replies)).toBeGreaterThan(0);
    runAt("2025-03-10T20:30:00Z");
    expect(n(inbox)).toBe(0);
    expect(n(replies)).toBe(0);
  });
});
