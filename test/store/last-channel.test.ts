// A person with identities on two channels is reminded once, on the channel they used last.
import { afterEach, describe, expect, it } from "vitest";
import { startHarness, testClock, type Harness } from "../helpers/harness.js";
import { runDueJobs } from "../../src/reminders/jobs.js";
import { contacts, markReachable } from "../../src/store/users.js";

const LAN = 1001;
let h: Harness;
afterEach(async () => { await h.stop(); });

/** Bind a second identity (another channel) to the Telegram user's person. */
function addIdentity(channel: string, platformUserId: string, createdAt: string): void {
  const db = h.bot.db.$client;
  const { user_id } = db.prepare("select user_id from identities where channel = 'telegram' and platform_user_id = ?").get(String(LAN)) as { user_id: number };
  db.prepare("insert into identities (channel, platform_user_id, chat_id, user_id, created_at) values (?, ?, ?, ?, ?)")
    .run(channel, platformUserId, `chat-${platformUserId}`, user_id, new Date(createdAt).getTime());
}

const reminderRows = () => h.bot.db.$client.prepare(
  "select o.channel, o.chat_id as chatId from outbox o join reminder_log r on r.outbox_id = o.id order by o.id").all();

describe("one identity per person for reminders and notices", () => {
  it("queues one reminder, on the channel seen last; a later message moves it back", async () => {
    h = await startHarness({ clock: testClock("2025-02-20T03:00:00Z") });
    await h.register(LAN, "bao_cao", "dong-hung", "Lan");
    const seen = h.bot.db.$client.prepare("select last_seen_at as t from identities where channel = 'telegram'").get() as { t: number };
    expect(seen.t).toBe(new Date("2025-02-20T03:00:00Z").getTime());

    addIdentity("zalo", "z-lan", "2025-02-21T00:00:00Z");
    // Never seen on Zalo yet: Telegram, seen, wins over the newer identity.
    expect(contacts(h.bot.db, "bao_cao", "dong-hung").map((c) => c.channel)).toEqual(["telegram"]);
    markReachable(h.bot.db, "zalo", "z-lan", new Date("2025-02-22T08:00:00Z"));
    expect(contacts(h.bot.db, "bao_cao", "dong-hung")).toEqual([expect.objectContaining({ channel: "zalo", chatId: "chat-z-lan" })]);

    h.clock.set("2025-02-24T01:00:00Z");
    const [outcome] = runDueJobs({ db: h.bot.db, profile: h.bot.profile, settings: h.bot.jobSettings }, h.clock.now, { dryRun: false, now: h.clock.now });
    expect(outcome!.recipients.filter((r) => r.name === "Lan")).toHaveLength(1);
    expect(reminderRows()).toEqual([{ channel: "zalo", chatId: "chat-z-lan" }]);

    h.clock.set("2025-02-25T02:00:00Z");
    await h.say(LAN, "/tiendo");
    expect(contacts(h.bot.db, "bao_cao", "dong-hung").map((c) => c.channel)).toEqual(["telegram"]);
  });

  it("with no identity ever seen, the newest one is used", async () => {
    h = await startHarness({ clock: testClock("2025-02-20T03:00:00Z") });
    await h.register(LAN, "bao_cao", "dong-hung", "Lan");
    h.bot.db.$client.prepare("update identities set last_seen_at = null").run();
    addIdentity("zalo", "z-lan", "2025-02-21T00:00:00Z");
    expect(contacts(h.bot.db, "bao_cao", "dong-hung").map((c) => c.channel)).toEqual(["zalo"]);
  });
});
