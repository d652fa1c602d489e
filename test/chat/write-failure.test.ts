// The core returns its writes and the app carries them out before queueing the replies: when a
// write fails, nothing is answered and the event stays in the inbox, to be handled after a restart.
import { afterEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../helpers/harness.js";
import { applyWrites, WriteFailed } from "../../src/app/apply-writes.js";

let h: Harness | undefined;
afterEach(async () => { await h?.stop(); h = undefined; });

const KHOM = 1001;

describe("a write that fails", () => {
  it("queues no reply and leaves the event unhandled in the inbox; a restart handles it once", async () => {
    h = await startHarness();
    await h.register(KHOM, "bao_cao", "dong-hung");
    await h.say(KHOM, "/nhap tuyen_truyen");
    for (const a of ["4", "80", "1", "0", "0", "0"]) await h.say(KHOM, a);
    const db = h.bot.db.$client;
    // The store refuses every new entry, as a full disk or a broken file would.
    db.exec("create trigger refuse_entries before insert on entries begin select raise(abort, 'refused by the test'); end;");
    const outboxBefore = (db.prepare("select count(*) n from outbox").get() as { n: number }).n;
    const sentBefore = h.standin.sentTo(KHOM).length;
    const [id] = h.standin.pushUpdates([h.standin.callbackQuery(KHOM, "save")]);
    const inbox = db.prepare("select handled_at as handledAt from inbound_events where channel = 'telegram' and event_id = ?");
    const bot = h.bot;
    await h.standin.waitFor(() => inbox.get(String(id)) !== undefined && bot.app.idle(), 5000, 1);
    await new Promise((r) => setTimeout(r, 50)); // the outbox sender would have sent anything queued by now

    expect(inbox.get(String(id))).toEqual({ handledAt: null });
    expect(db.prepare("select count(*) n from processed_events where event_id = ?").get(String(id))).toEqual({ n: 0 });
    expect(db.prepare("select count(*) n from outbox").get()).toEqual({ n: outboxBefore });
    expect(h.standin.sentTo(KHOM).slice(sentBefore).map((m) => m.text)).toEqual([]);
    expect(db.prepare("select count(*) n from entries").get()).toEqual({ n: 0 });

    // The store works again: the event recorded before the restart is handled, and answered, once.
    db.exec("drop trigger refuse_entries");
    await h.restart();
    const after = h.bot.db.$client;
    await h.standin.waitFor(() => (after.prepare("select count(*) n from processed_events where event_id = ?").get(String(id)) as { n: number }).n === 1
      && h!.bot.app.idle() && h!.standin.sentTo(KHOM).length > sentBefore, 5000, 1);
    expect(h.standin.sentTo(KHOM).slice(sentBefore).map((m) => m.text)).toEqual([expect.stringMatching(/^✅ Đã lưu: .* \(số 1\)\.$/)]);
    expect(after.prepare("select count(*) n from entries").get()).toEqual({ n: 1 });
    expect(after.prepare("select handled_at is not null as handled from inbound_events where event_id = ?").get(String(id))).toEqual({ handled: 1 });
  });

  it("a save the entry pipeline refuses throws, and writes nothing (the core checks first, so this is a bug)", async () => {
    h = await startHarness();
    await h.register(KHOM, "bao_cao", "dong-hung");
    const db = h.bot.db;
    const reporter = (db.$client.prepare("select id from users where unit_code = 'dong-hung'").get() as { id: number }).id;
    // A value of smuggled goods with no case: the form's cross-check refuses it.
    const entry = { unitCode: "dong-hung", reporterId: reporter, formId: "vi_pham", activityDate: "2025-03-08",
      values: { "vi_pham.buon_lau_vu": 0, "vi_pham.buon_lau_gia_tri": 1_000_000 } };
    const o = { cutoffDay: 0, inviteTtlDays: 7, now: h.clock.now, inForce: () => true };
    expect(() => db.$client.transaction(() => applyWrites(db, [{ type: "save_entry", ref: "entry", entry }], o))()).toThrow(WriteFailed);
    expect(db.$client.prepare("select count(*) n from entries").get()).toEqual({ n: 0 });
    // The same figures made consistent are saved, and the new entry's number is given back by its ref.
    const made = db.$client.transaction(() => applyWrites(db, [{ type: "save_entry", ref: "entry", entry: { ...entry, values: { ...entry.values, "vi_pham.buon_lau_vu": 1 } } }], o))();
    expect(made.get("entry")).toBe(1);
  });
});
