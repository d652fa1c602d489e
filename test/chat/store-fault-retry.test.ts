// Issue 17 (and issue 16's leftover "a failed write retried only at next start"): an event that
// was recorded but whose handling fails because of the store (full disk, lock) is not
// apologised for and not dropped: it is handled again in-process once the store works.
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../helpers/harness.js";
import { repliesDue } from "../../src/outbox/sender.js";

let h: Harness | undefined;
afterEach(async () => { await h?.stop(); h = undefined; });

const KHOM = 1001;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("handling that fails because of the store", () => {
  it("is retried in-process, in order, once the store can be written; no apology", async () => {
    h = await startHarness();
    await h.register(KHOM, "bao_cao", "dong-hung");
    const c = h.bot.db.$client;
    // Recording (inbound_events) works; handling (processed_events) fails as a full disk does,
    // with the error better-sqlite3 raises for it.
    let full = true;
    c.function("store_fault", () => { if (full) throw new Database.SqliteError("database or disk is full", "SQLITE_FULL"); return 0; });
    c.exec("create trigger full_disk before insert on processed_events begin select store_fault(); end;");
    const before = h.standin.sentTo(KHOM).length;
    const typed = { date: Math.floor(h.clock.now.getTime() / 1000) - 10 }; // typed before the bot could ask
    const ids = h.standin.pushUpdates([h.standin.textMessage(KHOM, "/nhap tuyen_truyen", typed), h.standin.textMessage(KHOM, "12", typed)]);
    const recorded = c.prepare("select count(*) n from inbound_events where event_id in (?, ?) and handled_at is null");
    await h.standin.waitFor(() => (recorded.get(String(ids[0]), String(ids[1])) as { n: number }).n === 2, 5000, 5);
    await sleep(1500); // several tries meanwhile
    expect(h.standin.sentTo(KHOM).slice(before)).toEqual([]);
    expect(c.prepare("select count(*) n from outbox where status = 'pending'").get()).toEqual({ n: 0 });

    full = false;
    const processed = c.prepare("select 1 from processed_events where event_id = ?");
    const bot = h.bot;
    await h.standin.waitFor(() => ids.every((id) => processed.get(String(id))) && bot.app.idle() && repliesDue(bot.db, h!.clock.now) === 0, 10_000, 5);
    expect(h.standin.sentTo(KHOM).slice(before).map((m) => m.text)).toEqual([
      "📋 Tuyên truyền, phổ biến. Trả lời từng câu; gõ /huy để hủy bất cứ lúc nào.", "(1/6) Số buổi tuyên truyền đã tổ chức?",
      // "12" was sent before the question reached the phone, so it is not its answer (point 6).
      "⚠️ Tin \"12\" gửi trước khi bạn nhận được câu hỏi dưới đây nên chưa được dùng. Nếu đó là câu trả lời cho câu hỏi này, xin gõ lại.",
      "(1/6) Số buổi tuyên truyền đã tổ chức?",
    ]);
    expect(recorded.get(String(ids[0]), String(ids[1]))).toEqual({ n: 0 });
  }, 30_000);
});
