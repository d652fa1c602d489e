// Issue 17 point 12: durability at a small cost. The commits one chat message costs, counted in
// the WAL. Hand-worked: the inbox records the update (1, before it is acknowledged), the event's
// transaction writes its changes, its reply and its handled mark together (1), the reply's
// outcome is written once it is sent (1). Its claim is in memory (answers are sent again after a
// crash anyway), and the handled mark needs no commit of its own. The events handled in one turn
// of the event loop share one commit (a savepoint each), and so do the sent marks of a turn.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../helpers/harness.js";
import { walCommits } from "../helpers/wal-commits.js";
import { turnCommit } from "../../src/db/turn-commit.js";

let h: Harness;
beforeEach(async () => { h = await startHarness(); });
afterEach(async () => { await h.stop(); });

describe("commits per update", () => {
  it("a step of a form costs three commits: record, handle (changes, reply and handled mark), sent", async () => {
    await h.register(1101, "bao_cao", "dong-hung");
    await h.say(1101, "/nhap tuyen_truyen");
    let replies = 0;
    const commits = await walCommits(h.bot.db.$client, async () => { replies = (await h.say(1101, "3")).length; });
    expect(replies).toBe(1);
    expect(commits).toBe(3);
  });

  it("a poll's batch is recorded in one commit and handled in one: three people's steps cost 1 + 1 + the sent marks' commits", async () => {
    const people = [1102, 1103, 1104];
    for (const id of people) { await h.register(id, "bao_cao", "dong-hung"); await h.say(id, "/nhap tuyen_truyen"); }
    const before = people.map((id) => h.standin.sentTo(id).length);
    const turns = turnCommit(h.bot.db);
    const [turnCommits, eventCommits] = [turns.commits, turns.eventCommits];
    const commits = await walCommits(h.bot.db.$client, () => h.send(people[0]!, ...people.map((id) => h.standin.textMessage(id, "3"))));
    expect(people.map((id) => h.standin.sentTo(id).length)).toEqual(before.map((n) => n + 1));
    // The three events in one commit; the three sent marks in one to three (the turns their answers came back in).
    expect(turns.eventCommits - eventCommits).toBe(1);
    const markCommits = turns.commits - turnCommits - 1;
    expect(markCommits).toBeGreaterThanOrEqual(1);
    expect(markCommits).toBeLessThanOrEqual(3);
    expect(commits).toBe(1 + 1 + markCommits);
  });
});
