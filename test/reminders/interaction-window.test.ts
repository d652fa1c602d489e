// Issue 18, the interaction window, end to end: the real bot with the Zalo OA channel (its stand-in
// answers -230 to a consultation message once a person is past the 7 days: closeWindow) and
// Telegram beside it (the Bot API stand-in). A reminder to a person outside the OA's window reaches
// them on their linked Telegram; with no other way the office is told who and why, before the
// close; with a template configured the reminder goes as the template. Clock hand-set: the
// reminder runs on 24 Feb 2025 at 08:00 in Vietnam (01:00Z), 4 days before the close on 28 Feb.
import { afterEach, describe, expect, it } from "vitest";
import { join } from "node:path";
import { oaEnv, startOaHarness, type OaHarness } from "../helpers/zalo-oa-harness.js";
import { cli } from "../helpers/cli.js";
import { testClock } from "../helpers/harness.js";
import { runDueJobs } from "../../src/reminders/jobs.js";

const OFFICE = 9001;
const LAN_TG = 1001;
const LAN_OA = "7000000000000000201";
const THANG_OA = "7000000000000000202";
const MAI_OA = "7000000000000000203";
const REMINDER_AT = "2025-02-24T01:00:00Z";
/** 193 h before the reminder: past the 7 days (168 h). */
const EIGHT_DAYS_BEFORE = "2025-02-16T00:00:00Z";
/** 10 h before the reminder: free, by what the bot recorded. */
const TEN_HOURS_BEFORE = "2025-02-23T15:00:00Z";

let z: OaHarness | undefined;
afterEach(async () => { await z?.close(); z = undefined; });

async function start(env: Record<string, string> = {}): Promise<OaHarness> {
  z = await startOaHarness({ clock: testClock("2025-02-12T03:00:00Z"), env });
  await z.h.register(OFFICE, "admin", "nhon-hung", "Văn phòng");
  return z;
}

/** Registers on the OA at the clock's time and names the person as the office would. */
async function registerOnOa(z: OaHarness, oaId: string, unit: string, name: string): Promise<void> {
  await z.register(oaId, "bao_cao", unit);
  z.h.bot.db.$client.prepare("update users set name = ? where id = (select user_id from identities where channel = 'zalo-oa' and platform_user_id = ?)").run(name, oaId);
}

/** The person writes to the OA at `iso` (the bot records the interaction at its clock). */
async function writesOnOa(z: OaHarness, oaId: string, iso: string): Promise<void> {
  z.h.clock.set(iso);
  await z.say(oaId, "/tiendo");
}

async function runReminders(z: OaHarness): Promise<void> {
  z.h.clock.set(REMINDER_AT);
  const h = z.h;
  runDueJobs({ db: h.bot.db, profile: h.bot.profile, settings: h.bot.jobSettings, routing: h.bot.routing }, new Date(REMINDER_AT), { dryRun: false, now: h.clock.now });
  h.bot.outbox.wake();
  await h.bot.outbox.drain({ timeoutMs: 30_000 });
}

const reminderOnOa = (z: OaHarness, oaId: string) => z.oa.sentTo(oaId).filter((m) => m.text?.startsWith("⏰"));
const reminderOnTelegram = (z: OaHarness, chat: number) => z.h.standin.sentTo(chat).filter((m) => m.text.startsWith("⏰"));
const refusals = (z: OaHarness) => z.oa.calls.filter((c) => c.error === -230).length;
const officeNotices = (z: OaHarness) => z.h.standin.sentTo(OFFICE).filter((m) => m.text.startsWith("⚠️ Không nhắc được")).map((m) => m.text);
const FOOT = "Hãy liên hệ trực tiếp với họ. Họ nhận lại được tin nhắc khi nhắn cho bot, hoặc khi liên kết thêm kênh khác bằng /lienket.";

/** Lan: registered on the OA, linked on Telegram (/lienket) on 13 Feb. */
async function lanOnBoth(z: OaHarness): Promise<void> {
  await registerOnOa(z, LAN_OA, "dong-hung", "Lan");
  z.h.clock.set("2025-02-13T03:00:00Z");
  const code = /Mã liên kết của [^:]+: ([A-Z0-9]{6})/.exec((await z.say(LAN_OA, "/lienket")).at(-1)!.text!)![1]!;
  expect((await z.h.say(LAN_TG, `/lienket ${code}`))[0]!.text).toContain("✅ Đã liên kết");
}

describe("reminders and the OA's interaction window", () => {
  it("a person past the OA's 7 days is reminded on their linked Telegram, without trying the OA", async () => {
    const z = await start();
    await lanOnBoth(z);
    await writesOnOa(z, LAN_OA, EIGHT_DAYS_BEFORE);
    z.oa.closeWindow(LAN_OA); // Zalo's view: no interaction in the 7 days before the reminder
    await runReminders(z);
    expect(reminderOnTelegram(z, LAN_TG)).toHaveLength(1);
    expect(reminderOnTelegram(z, LAN_TG)[0]!.text).toContain("Nhắc báo cáo kỳ tháng 02/2025 (hạn cuối ngày 28/02/2025)");
    expect(reminderOnOa(z, LAN_OA)).toEqual([]);
    expect(refusals(z)).toBe(0);
    expect(officeNotices(z)).toEqual([]);
  });

  it("inside the window the OA is used; refused there (-230) the reminder goes on Telegram instead, once", async () => {
    const z = await start();
    await lanOnBoth(z);
    await writesOnOa(z, LAN_OA, TEN_HOURS_BEFORE);
    // By the bot's record the window is open, but Zalo refuses: the outbox takes the other way.
    z.oa.closeWindow(LAN_OA);
    await runReminders(z);
    expect(refusals(z)).toBe(1);
    expect(reminderOnTelegram(z, LAN_TG)).toHaveLength(1);
    const rows = z.h.bot.db.$client.prepare("select channel, status from outbox where kind = 'reminder' order by id").all();
    expect(rows).toEqual([{ channel: "zalo-oa", status: "failed" }, { channel: "telegram", status: "sent" }]);
  });

  it("with no other way, the office learns who could not be reminded and why: before the run's end, and after a -230", async () => {
    const z = await start();
    await registerOnOa(z, THANG_OA, "don-bp-nhon-hung", "Thắng");
    await registerOnOa(z, MAI_OA, "to-phu-nu", "Mai");
    await writesOnOa(z, THANG_OA, EIGHT_DAYS_BEFORE);
    await writesOnOa(z, MAI_OA, TEN_HOURS_BEFORE);
    z.oa.closeWindow(THANG_OA);
    z.oa.closeWindow(MAI_OA);
    await runReminders(z);
    expect(refusals(z)).toBe(1); // Mai's only: Thắng's window was known closed
    expect(officeNotices(z)).toEqual([
      ["⚠️ Không nhắc được 1 người báo cáo kỳ tháng 02/2025:",
        "• Thắng (Đồn Biên phòng Nhơn Hưng): quá 7 ngày không nhắn Zalo OA, chưa liên kết Telegram.", FOOT].join("\n"),
      ["⚠️ Không nhắc được 1 người báo cáo kỳ tháng 02/2025:",
        "• Mai (Tổ Phụ nữ tự quản đường biên cột mốc): quá 7 ngày không nhắn Zalo OA, chưa liên kết Telegram.", FOOT].join("\n"),
    ]);
    expect(reminderOnOa(z, THANG_OA)).toEqual([]);
    expect(reminderOnOa(z, MAI_OA)).toEqual([]);
  });

  it("with ZALO_OA_REMINDER_TEMPLATE_ID, a person past the 7 days gets the reminder as the template", async () => {
    const z = await start({ ZALO_OA_REMINDER_TEMPLATE_ID: "254321" });
    await registerOnOa(z, THANG_OA, "don-bp-nhon-hung", "Thắng");
    await registerOnOa(z, MAI_OA, "to-phu-nu", "Mai");
    await writesOnOa(z, THANG_OA, EIGHT_DAYS_BEFORE);
    await writesOnOa(z, MAI_OA, TEN_HOURS_BEFORE);
    z.oa.closeWindow(THANG_OA);
    z.oa.closeWindow(MAI_OA);
    await runReminders(z);
    // Nothing filed: the border post owes its three forms; 24 Feb to 28 Feb is 4 days.
    expect(z.oa.templates.find((t) => t.userId === THANG_OA)).toEqual({ userId: THANG_OA, templateId: "254321",
      data: { ten: "Thắng", bieu_mau: "Tuần tra, kiểm soát; Nắm tình hình; Đường biên, mốc quốc giới", ky_bao_cao: "tháng 02/2025", so_ngay_con_lai: "4" } });
    // Mai's window looked open: free text first, refused (-230), then the template.
    expect(z.oa.templates.find((t) => t.userId === MAI_OA)).toMatchObject({ templateId: "254321", data: { ten: "Mai", ky_bao_cao: "tháng 02/2025" } });
    expect(refusals(z)).toBe(1);
    expect(z.h.bot.db.$client.prepare("select status from outbox where kind = 'reminder'").all()).toEqual([{ status: "sent" }, { status: "sent" }]);
    expect(officeNotices(z)).toEqual([]);
  });

  it("the CLI's dry run names who could not be reminded and why, and sends nothing", async () => {
    const z = await start();
    await registerOnOa(z, THANG_OA, "don-bp-nhon-hung", "Thắng");
    await writesOnOa(z, THANG_OA, EIGHT_DAYS_BEFORE);
    await z.h.halt(); // the operator runs the command while the bot is stopped
    const env = { ...oaEnv(z.oa), DATABASE_PATH: join(z.h.dir, "bot.sqlite"), BOT_TOKEN: z.h.standin.token, TELEGRAM_API_ROOT: z.h.standin.apiRoot };
    const before = z.oa.calls.length;
    const dry = (await cli(["remind", "--at", "2025-02-24T08:00", "--dry-run"], env, "2025-02-24T09:00:00+07:00")).text;
    expect(dry).toContain("không nhắc được: Thắng — Đồn Biên phòng Nhơn Hưng (quá 7 ngày không nhắn Zalo OA, chưa liên kết Telegram)");
    expect(z.oa.calls.slice(before).filter((c) => c.path.includes("/message/"))).toEqual([]);
    expect(z.h.standin.sentTo(OFFICE).filter((m) => m.text.startsWith("⚠️"))).toEqual([]);
  });
});
