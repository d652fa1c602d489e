// Group commit: "✅ Đã lưu" leaves only once the entry it confirms is durable (fsynced), and the
// fsync is the outbox's, made before it sends, for every commit owed (not one per saved entry).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { durableSyncs, owedDurable } from "../../src/db/durable.js";
import { startHarness, type Harness } from "../helpers/harness.js";

let h: Harness;
beforeEach(async () => { h = await startHarness(); });
afterEach(async () => { await h.stop(); });

const PEOPLE = [1001, 1002, 1003];
// The chat bench's filing: the form, six answers; "luu" picks the "✅ Lưu" button by its label.
const ANSWERS = ["/nhap tuyen_truyen", "3", "60", "1,5", "0", "0", "0"];

/** Calls `seen` with the database's fsync debt and count each time a confirmation reaches the platform. */
function onConfirmation(seen: (owed: number, syncs: number) => void): void {
  h.standin.onCall = (method, params) => {
    if (method === "sendMessage" && String(params.text).startsWith("✅ Đã lưu")) seen(owedDurable(h.bot.db), durableSyncs(h.bot.db));
    return undefined;
  };
}

describe("group commit", () => {
  it("sends a confirmation only after an fsync covered its entry", async () => {
    await h.register(PEOPLE[0]!, "bao_cao", "dong-hung");
    for (const text of ANSWERS) await h.say(PEOPLE[0]!, text);
    const syncsBefore = durableSyncs(h.bot.db);
    const seen: Array<[number, number]> = [];
    onConfirmation((owed, syncs) => seen.push([owed, syncs - syncsBefore]));
    await h.say(PEOPLE[0]!, "luu");
    // Nothing else is in flight: nothing owed when it leaves, and exactly one fsync made for it.
    expect(seen).toEqual([[0, 1]]);
  });

  it("confirms a batch's saves after an fsync, with at most one fsync per save", async () => {
    for (const id of PEOPLE) await h.register(id, "bao_cao", "dong-hung");
    for (const id of PEOPLE) for (const text of ANSWERS) await h.say(id, text);
    const syncsBefore = durableSyncs(h.bot.db);
    const syncsAtConfirmation: number[] = [];
    onConfirmation((_owed, syncs) => syncsAtConfirmation.push(syncs - syncsBefore));
    await h.send(PEOPLE[0]!, ...PEOPLE.map((id) => h.standin.textMessage(id, "luu"))); // one getUpdates batch

    expect(syncsAtConfirmation).toHaveLength(3);
    for (const s of syncsAtConfirmation) expect(s).toBeGreaterThanOrEqual(1);
    const syncs = durableSyncs(h.bot.db) - syncsBefore;
    expect(syncs).toBeGreaterThanOrEqual(1);
    expect(syncs).toBeLessThanOrEqual(PEOPLE.length);
    expect(owedDurable(h.bot.db)).toBe(0);
    const entries = h.bot.db.$client.prepare("select count(*) n from entries where form_id = 'tuyen_truyen'").get() as { n: number };
    expect(entries.n).toBe(3);
  });

  it("makes nothing durable for an event that saved nothing", async () => {
    await h.register(PEOPLE[0]!, "bao_cao", "dong-hung");
    const syncsBefore = durableSyncs(h.bot.db);
    await h.say(PEOPLE[0]!, "/nhap tuyen_truyen");
    await h.say(PEOPLE[0]!, "3");
    expect(durableSyncs(h.bot.db) - syncsBefore).toBe(0);
    expect(owedDurable(h.bot.db)).toBe(0);
  });
});
