// Issue 18, the interaction window: the reminder jobs choose each person's channel by window
// (real bot, real SQLite, Telegram through the Bot API stand-in). A second channel with a 48 h /
// 7-day window is described to the jobs as a route; its identities are rows of the store, as
// after /lienket. The reminders for it are only queued here (no such channel runs): what is sent
// on it is interaction-window.test.ts's business.
import { afterEach, describe, expect, it } from "vitest";
import { startHarness, testClock, type Harness } from "../helpers/harness.js";
import { runDueJobs } from "../../src/reminders/jobs.js";
import type { Routing } from "../../src/reminders/routing.js";
import type { ChannelRoute } from "../../src/reminders/reach.js";
import { bindIdentity } from "../../src/store/users.js";

const LAN = 1001;
const OFFICE = 9001;
const WINDOWED: ChannelRoute = { name: "oa", label: "Zalo OA", capabilities: { interactionWindow: { freeHours: 48, maxHours: 168 } } };

let h: Harness;
afterEach(async () => { await h.stop(); });

/** Lan on Telegram (last written 2025-02-12) and on the windowed channel; Thắng on the windowed channel only. */
async function setUp(lanWindowedAt: string, thangWindowedAt: string): Promise<void> {
  h = await startHarness({ clock: testClock("2025-02-12T03:00:00Z") });
  await h.register(OFFICE, "admin", "nhon-hung", "Văn phòng");
  await h.register(LAN, "bao_cao", "dong-hung", "Lan");
  const db = h.bot.db.$client;
  const lan = (db.prepare("select user_id as id from identities where platform_user_id = ?").get(String(LAN)) as { id: number }).id;
  db.prepare("insert into identities (channel, platform_user_id, chat_id, user_id, created_at, last_seen_at) values ('oa', 'oa-lan', 'oa-lan', ?, ?, ?)")
    .run(lan, Date.parse(lanWindowedAt), Date.parse(lanWindowedAt));
  bindIdentity(h.bot.db, { channel: "oa", platformUserId: "oa-thang", chatId: "oa-thang", name: "Thắng", role: "bao_cao", unitCode: "don-bp-nhon-hung", now: new Date(thangWindowedAt) });
}

function runAt(iso: string, windowed: ChannelRoute) {
  h.clock.set(iso);
  const routing: Routing = { routes: [...h.bot.routing.routes, windowed] };
  return runDueJobs({ db: h.bot.db, profile: h.bot.profile, settings: h.bot.jobSettings, routing }, new Date(iso), { dryRun: false, now: h.clock.now });
}

const rowsFor = (userName: string) => h.bot.db.$client.prepare(`select o.channel, o.chat_id as chatId, o.kind, o.payload_json as payload
  from outbox o join users u on u.id = o.user_id where u.name = ? and o.kind = 'reminder' order by o.id`).all(userName) as Array<{ channel: string; chatId: string; payload: string }>;
const officeNotices = () => h.standin.sentTo(OFFICE).filter((m) => m.text.startsWith("⚠️ Không nhắc được"));

async function delivered(): Promise<void> {
  h.bot.outbox.wake();
  await h.bot.outbox.drain({ timeoutMs: 20_000 });
}

describe("reminders by interaction window", () => {
  it("prefers a free channel to a billable window, and tells the office once who has no way left, and why", async () => {
    // 24 Feb 08:00 in Vietnam (01:00Z): Lan wrote on the windowed channel 72 h before (billable),
    // Thắng 193 h before (past 7 days), with nothing else linked.
    await setUp("2025-02-21T01:00:00Z", "2025-02-16T00:00:00Z");
    const [early] = runAt("2025-02-24T01:00:00Z", WINDOWED);
    expect(early).toMatchObject({ job: "nhac-truoc", period: "2025-02" });
    expect(early!.recipients.find((r) => r.name === "Lan")).toMatchObject({ queued: true });
    expect(early!.recipients.find((r) => r.name === "Thắng")).toMatchObject({ queued: false, unreached: "quá 7 ngày không nhắn Zalo OA, chưa liên kết Telegram" });
    expect(rowsFor("Lan").map((r) => r.channel)).toEqual(["telegram"]);
    expect(rowsFor("Thắng")).toEqual([]);
    await delivered();
    expect(h.standin.sentTo(LAN).filter((m) => m.text.startsWith("⏰"))).toHaveLength(1);
    expect(officeNotices().map((m) => m.text)).toEqual([[
      "⚠️ Không nhắc được 1 người báo cáo kỳ tháng 02/2025:",
      "• Thắng (Đồn Biên phòng Nhơn Hưng): quá 7 ngày không nhắn Zalo OA, chưa liên kết Telegram.",
      "Hãy liên hệ trực tiếp với họ. Họ nhận lại được tin nhắc khi nhắn cho bot, hoặc khi liên kết thêm kênh khác bằng /lienket.",
    ].join("\n")]);

    // The close day (28 Feb 15:00 in Vietnam): Thắng is still out of reach; the office already knows.
    const [close] = runAt("2025-02-28T08:00:00Z", WINDOWED);
    expect(close).toMatchObject({ job: "nhac-khoa-so" });
    expect(close!.recipients.find((r) => r.name === "Thắng")).toMatchObject({ queued: false, unreached: expect.any(String) });
    await delivered();
    expect(h.standin.sentTo(LAN).filter((m) => m.text.startsWith("⏰"))).toHaveLength(2);
    expect(officeNotices()).toHaveLength(1);
  });

  it("inside the free 48 h the channel written from last is used, as before windows", async () => {
    // Lan wrote on the windowed channel 30 h before the reminder, after her Telegram registration.
    await setUp("2025-02-22T19:00:00Z", "2025-02-16T00:00:00Z");
    runAt("2025-02-24T01:00:00Z", WINDOWED);
    expect(rowsFor("Lan").map((r) => `${r.channel}:${r.chatId}`)).toEqual(["oa:oa-lan"]);
  });

  it("where only a closed window remains and the channel has templates, queues the reminder as a template with its params", async () => {
    await setUp("2025-02-21T01:00:00Z", "2025-02-16T00:00:00Z");
    const [early] = runAt("2025-02-24T01:00:00Z", { ...WINDOWED, capabilities: { ...WINDOWED.capabilities, templateReminders: true } });
    expect(early!.recipients.find((r) => r.name === "Thắng")).toMatchObject({ queued: true });
    const [row] = rowsFor("Thắng");
    expect(row).toMatchObject({ channel: "oa", chatId: "oa-thang" });
    // 24 Feb to the close on 28 Feb: 4 days; nothing filed yet, so the border post owes its three forms.
    expect(JSON.parse(row!.payload).template).toEqual({ kind: "reminder", name: "Thắng", form: "Tuần tra, kiểm soát; Nắm tình hình; Đường biên, mốc quốc giới",
      period: "tháng 02/2025", daysLeft: 4, windowClosed: true });
    // Lan's reminder on Telegram carries the params too, but not as a closed window.
    expect(JSON.parse(rowsFor("Lan")[0]!.payload).template).toEqual({ kind: "reminder", name: "Lan", form: expect.any(String), period: "tháng 02/2025", daysLeft: 4 });
    expect(h.bot.db.$client.prepare("select count(*) n from outbox where kind = 'notice'").get()).toEqual({ n: 0 });
  });
});
