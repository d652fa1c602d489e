// Issue 17 point 12: the events handled in one turn share one commit, each in a savepoint of its
// own. An event whose write fails rolls back alone: the other person's save in the same commit
// stands and is confirmed; the failed one is neither answered nor marked handled (it is handled
// again after a restart, as test/chat/write-failure.test.ts shows for an event alone).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { turnCommit } from "../../src/db/turn-commit.js";
import { startHarness, type Harness } from "../helpers/harness.js";

let h: Harness;
beforeEach(async () => { h = await startHarness(); });
afterEach(async () => { await h.stop(); });

// The chat bench's filing: the form, six answers; "luu" picks the "✅ Lưu" button by its label.
const ANSWERS = ["/nhap tuyen_truyen", "3", "60", "1,5", "0", "2", "0"];
const DONG_HUNG = 1201;
const TAY_HUNG = 1202;

describe("one commit per turn, a savepoint per event", () => {
  it("a failed event in a shared commit rolls back alone; the other save is committed and confirmed", async () => {
    await h.register(DONG_HUNG, "bao_cao", "dong-hung");
    await h.register(TAY_HUNG, "bao_cao", "tay-hung");
    for (const id of [DONG_HUNG, TAY_HUNG]) for (const text of ANSWERS) await h.say(id, text);
    const db = h.bot.db.$client;
    // The store refuses Đông Hưng's entries only, as a broken write of one event would.
    db.exec("create trigger refuse_dong_hung before insert on entries when new.unit_code = 'dong-hung' begin select raise(abort, 'refused by the test'); end;");
    const sentBefore = [DONG_HUNG, TAY_HUNG].map((id) => h.standin.sentTo(id).length);
    const turns = turnCommit(h.bot.db);
    const eventCommits = turns.eventCommits;

    const [refused, saved] = h.standin.pushUpdates([h.standin.textMessage(DONG_HUNG, "luu"), h.standin.textMessage(TAY_HUNG, "luu")]);
    const processed = db.prepare<[string], { n: number }>("select count(*) n from processed_events where event_id = ?");
    const inbox = db.prepare<[string], { handledAt: number | null }>("select handled_at as handledAt from inbound_events where channel = 'telegram' and event_id = ?");
    await h.standin.waitFor(() => processed.get(String(saved))!.n === 1 && inbox.get(String(refused)) !== undefined && h.bot.app.idle()
      && h.standin.sentTo(TAY_HUNG).length > sentBefore[1]!, 10_000, 1);
    await new Promise((r) => setTimeout(r, 100)); // the outbox would have sent anything queued by now

    expect(turns.eventCommits - eventCommits).toBe(1); // both events were in one commit
    expect(h.standin.sentTo(TAY_HUNG).slice(sentBefore[1]).map((m) => m.text)).toEqual([expect.stringMatching(/^✅ Đã lưu: .* \(số 1\)\.$/)]);
    expect(db.prepare("select unit_code as unit from entries").all()).toEqual([{ unit: "tay-hung" }]);
    expect(h.standin.sentTo(DONG_HUNG).slice(sentBefore[0])).toEqual([]);
    expect(processed.get(String(refused))).toEqual({ n: 0 });
    expect(inbox.get(String(refused))).toEqual({ handledAt: null });
  });
});
