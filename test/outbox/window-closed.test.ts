// Issue 18: a send refused because the person's interaction window is closed (windowClosed) is
// final for that message, never retried, and in the same transaction the message goes another
// way: the person's other linked channel, else (a reminder) the office is told. The outcome is
// recorded by the outbox's own recorder with the bot's fall-back (src/reminders/routing.ts), on the
// real store; what is queued is then sent by the running bot through the Bot API stand-in.
import { afterEach, describe, expect, it } from "vitest";
import { startHarness, silentLog, testClock, type Harness } from "../helpers/harness.js";
import { defaultBackoffMs, OutcomeRecorder } from "../../src/outbox/outcome.js";
import { statements, type DueRow } from "../../src/outbox/table.js";
import { runDueJobs } from "../../src/reminders/jobs.js";
import { rerouteRefused, type Routing } from "../../src/reminders/routing.js";
import type { ChannelRoute } from "../../src/reminders/reach.js";
import { bindIdentity } from "../../src/store/users.js";

const LAN = 1001;
const OFFICE = 9001;
const WINDOWED: ChannelRoute = { name: "oa", label: "Zalo OA", capabilities: { interactionWindow: { freeHours: 48, maxHours: 168 } } };

let h: Harness;
afterEach(async () => { await h.stop(); });

async function setUp(): Promise<Routing> {
  h = await startHarness({ clock: testClock("2025-02-12T03:00:00Z") });
  await h.register(OFFICE, "admin", "nhon-hung", "Văn phòng");
  await h.register(LAN, "bao_cao", "dong-hung", "Lan");
  const db = h.bot.db.$client;
  const lan = (db.prepare("select user_id as id from identities where platform_user_id = ?").get(String(LAN)) as { id: number }).id;
  // Both wrote on the windowed channel 10 h before the reminder: by the store, their windows are open.
  const at = Date.parse("2025-02-23T15:00:00Z");
  db.prepare("insert into identities (channel, platform_user_id, chat_id, user_id, created_at, last_seen_at) values ('oa', 'oa-lan', 'oa-lan', ?, ?, ?)").run(lan, at, at);
  bindIdentity(h.bot.db, { channel: "oa", platformUserId: "oa-thang", chatId: "oa-thang", name: "Thắng", role: "bao_cao", unitCode: "don-bp-nhon-hung", now: new Date(at) });
  return { routes: [...h.bot.routing.routes, WINDOWED] };
}

/**
 * Runs the 24 Feb reminders and claims their rows on the windowed channel as the sender would
 * (synchronously, so the running sender never picks them): the rows as the sender holds them.
 */
function remindAndClaim(routing: Routing): DueRow[] {
  const iso = "2025-02-24T01:00:00Z";
  h.clock.set(iso);
  runDueJobs({ db: h.bot.db, profile: h.bot.profile, settings: h.bot.jobSettings, routing }, new Date(iso), { dryRun: false, now: h.clock.now });
  const rows = h.bot.db.$client.prepare(`select id, channel, chat_id as chatId, user_id as userId, payload_json as payloadJson, attempts,
    dedupe_key as dedupeKey, kind, parts_sent as partsSent, created_at as createdAt from outbox where channel = 'oa' and status = 'pending' order by id`).all() as DueRow[];
  for (const r of rows) h.bot.db.$client.prepare("update outbox set status = 'sending' where id = ?").run(r.id);
  return rows;
}

function recorder(routing: Routing): OutcomeRecorder {
  return new OutcomeRecorder({ db: h.bot.db, s: statements(h.bot.db), log: silentLog, pauseChannel: () => undefined, clock: () => h.clock.now,
    giveUpAfterMs: 48 * 3_600_000, backoff: defaultBackoffMs, onWindowClosed: (row) => rerouteRefused(h.bot.db, routing, row, h.clock.now) });
}

const row = (id: number) => h.bot.db.$client.prepare("select status, attempts, last_error as error from outbox where id = ?").get(id);

async function delivered(): Promise<void> {
  h.bot.outbox.wake();
  await h.bot.outbox.drain({ timeoutMs: 20_000 });
}

describe("windowClosed", () => {
  it("is final for the message, and the reminder reaches the person on their other linked channel", async () => {
    const routing = await setUp();
    const rows = remindAndClaim(routing);
    const lanRow = rows.find((r) => r.chatId === "oa-lan")!;
    expect(lanRow).toMatchObject({ kind: "reminder" });
    recorder(routing).record(lanRow, { kind: "windowClosed" }, "error -230: User has not interacted with the OA in the past 7 days");
    expect(row(lanRow.id)).toEqual({ status: "failed", attempts: 1, error: "window closed: error -230: User has not interacted with the OA in the past 7 days" });
    // The reminder log follows the message to its new row (the clean-up keeps what the log points at).
    const moved = h.bot.db.$client.prepare(`select o.channel, o.kind, o.status from reminder_log r join outbox o on o.id = r.outbox_id
      where r.user_id = ? and r.job = 'nhac-truoc-4'`).get(lanRow.userId);
    expect(moved).toEqual({ channel: "telegram", kind: "reminder", status: "pending" });
    await delivered();
    const [reminder] = h.standin.sentTo(LAN).filter((m) => m.text.startsWith("⏰"));
    expect(reminder!.text).toContain("Nhắc báo cáo kỳ tháng 02/2025 (hạn cuối ngày 28/02/2025)");
    expect(row(lanRow.id)).toMatchObject({ status: "failed", attempts: 1 });
    expect(h.standin.sentTo(OFFICE).filter((m) => m.text.startsWith("⚠️"))).toEqual([]);
  });

  it("with no other way, the office learns who was not reminded and why", async () => {
    const routing = await setUp();
    const thangRow = remindAndClaim(routing).find((r) => r.chatId === "oa-thang")!;
    recorder(routing).record(thangRow, { kind: "windowClosed" }, "error -230");
    expect(row(thangRow.id)).toMatchObject({ status: "failed", attempts: 1 });
    await delivered();
    expect(h.standin.sentTo(OFFICE).filter((m) => m.text.startsWith("⚠️")).map((m) => m.text)).toEqual([[
      "⚠️ Không nhắc được 1 người báo cáo kỳ tháng 02/2025:",
      "• Thắng (Đồn Biên phòng Nhơn Hưng): quá 7 ngày không nhắn Zalo OA, chưa liên kết Telegram.",
      "Hãy liên hệ trực tiếp với họ. Họ nhận lại được tin nhắc khi nhắn cho bot, hoặc khi liên kết thêm kênh khác bằng /lienket.",
    ].join("\n")]);
  });

  it("a fault of the fall-back never loses the outcome: the row is still failed, not left sending", async () => {
    const routing = await setUp();
    const [first] = remindAndClaim(routing);
    const broken = new OutcomeRecorder({ db: h.bot.db, s: statements(h.bot.db), log: silentLog, pauseChannel: () => undefined, clock: () => h.clock.now,
      giveUpAfterMs: 48 * 3_600_000, backoff: defaultBackoffMs, onWindowClosed: () => { throw new Error("bug in the fall-back"); } });
    broken.record(first!, { kind: "windowClosed" }, "error -230");
    expect(row(first!.id)).toMatchObject({ status: "failed", attempts: 1 });
  });
});
