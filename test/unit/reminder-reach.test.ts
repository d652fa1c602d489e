// Which linked channel a reminder takes, given interaction windows (issue 18): pure choice, with
// hours worked out by hand from the fixed clock below (never from the code under test).
import { describe, expect, it } from "vitest";
import { chooseReach, type ChannelRoute, type ReachIdentity } from "../../src/reminders/reach.js";

const NOW = Date.parse("2025-02-24T01:00:00Z");
const H = 3_600_000;
const OA: ChannelRoute = { name: "oa", label: "Zalo OA", capabilities: { interactionWindow: { freeHours: 48, maxHours: 168 } } };
const OA_TEMPLATES: ChannelRoute = { ...OA, capabilities: { ...OA.capabilities, templateReminders: true } };
const TG: ChannelRoute = { name: "tg", label: "Telegram", capabilities: {} };

let nextId = 1;
/** An identity last seen `hoursAgo` before NOW (null: never recorded). */
function seen(channel: string, hoursAgo: number | null): ReachIdentity {
  const id = nextId++;
  return { id, channel, chatId: `${channel}-chat`, lastSeenAt: hoursAgo === null ? null : NOW - hoursAgo * H, createdAt: Date.parse("2025-01-01T00:00:00Z") + id };
}
const plain = { templates: true, marginMs: 0 };

describe("choosing the channel for a reminder", () => {
  it("a channel without a window is free whenever the person was last seen there", () => {
    expect(chooseReach([seen("tg", 24 * 90)], [TG, OA], NOW, plain)).toEqual({ kind: "text", channel: "tg", chatId: "tg-chat", billable: false });
  });

  it("inside the free 48 h both are free: the channel written from last wins", () => {
    expect(chooseReach([seen("tg", 30), seen("oa", 10)], [TG, OA], NOW, plain)).toMatchObject({ kind: "text", channel: "oa", billable: false });
    expect(chooseReach([seen("tg", 5), seen("oa", 10)], [TG, OA], NOW, plain)).toMatchObject({ kind: "text", channel: "tg" });
  });

  it("between 48 h and 7 days the window is open but billable: a free linked channel is preferred, else the billable one", () => {
    // 72 h = 3 days: past 48, inside 168.
    expect(chooseReach([seen("tg", 24 * 20), seen("oa", 72)], [TG, OA], NOW, plain)).toMatchObject({ kind: "text", channel: "tg", billable: false });
    expect(chooseReach([seen("oa", 72)], [TG, OA], NOW, plain)).toEqual({ kind: "text", channel: "oa", chatId: "oa-chat", billable: true });
  });

  it("counts 48 h as billable and 168 h as closed (the limits are exclusive)", () => {
    expect(chooseReach([seen("oa", 47.9)], [OA], NOW, plain)).toMatchObject({ billable: false });
    expect(chooseReach([seen("oa", 48)], [OA], NOW, plain)).toMatchObject({ kind: "text", billable: true });
    expect(chooseReach([seen("oa", 167.9)], [OA], NOW, plain)).toMatchObject({ kind: "text", billable: true });
    expect(chooseReach([seen("oa", 168)], [OA], NOW, { templates: false, marginMs: 0 })).toMatchObject({ kind: "none" });
  });

  it("a window must stay open an hour past now by default (the message is sent a little later)", () => {
    // 167.5 h ago: open now, closed in half an hour.
    expect(chooseReach([seen("oa", 167.5)], [OA], NOW, { templates: false })).toMatchObject({ kind: "none" });
    expect(chooseReach([seen("oa", 166.5)], [OA], NOW, { templates: false })).toMatchObject({ kind: "text", billable: true });
    // 47.5 h ago: free now, billable within the hour.
    expect(chooseReach([seen("oa", 47.5)], [OA], NOW, { templates: false })).toMatchObject({ kind: "text", billable: true });
  });

  it("after 7 days: another linked channel, else the template where the channel has one", () => {
    expect(chooseReach([seen("oa", 24 * 8), seen("tg", 24 * 30)], [TG, OA_TEMPLATES], NOW, plain)).toMatchObject({ kind: "text", channel: "tg" });
    expect(chooseReach([seen("oa", 24 * 8)], [TG, OA_TEMPLATES], NOW, plain)).toEqual({ kind: "template", channel: "oa", chatId: "oa-chat" });
  });

  it("with no way left, says why in the office's words: the closed window, and the channels not linked", () => {
    expect(chooseReach([seen("oa", 24 * 8)], [TG, OA], NOW, plain)).toEqual({ kind: "none", reason: "quá 7 ngày không nhắn Zalo OA, chưa liên kết Telegram" });
    // A notice or digest never goes as the reminder template.
    expect(chooseReach([seen("oa", 24 * 8)], [TG, OA_TEMPLATES], NOW, { templates: false, marginMs: 0 }))
      .toEqual({ kind: "none", reason: "quá 7 ngày không nhắn Zalo OA, chưa liên kết Telegram" });
    expect(chooseReach([seen("oa", 24 * 8)], [OA], NOW, plain)).toEqual({ kind: "none", reason: "quá 7 ngày không nhắn Zalo OA" });
  });

  it("an identity never seen on a windowed channel counts as closed", () => {
    expect(chooseReach([seen("oa", null)], [TG, OA], NOW, plain)).toMatchObject({ kind: "none" });
    expect(chooseReach([seen("oa", null)], [OA_TEMPLATES], NOW, plain)).toMatchObject({ kind: "template", channel: "oa" });
  });

  it("a channel that just refused the message is left out, whatever was recorded", () => {
    expect(chooseReach([seen("oa", 2), seen("tg", 24 * 40)], [TG, OA_TEMPLATES], NOW, { templates: true, refused: "oa" }))
      .toMatchObject({ kind: "text", channel: "tg" });
    expect(chooseReach([seen("oa", 2)], [TG, OA_TEMPLATES], NOW, { templates: true, refused: "oa" }))
      .toEqual({ kind: "none", reason: "quá 7 ngày không nhắn Zalo OA, chưa liên kết Telegram" });
  });

  it("skips an identity on a channel that no longer runs, and names it", () => {
    expect(chooseReach([seen("old", 1), seen("tg", 50)], [TG], NOW, plain)).toMatchObject({ kind: "text", channel: "tg" });
    expect(chooseReach([seen("old", 1)], [TG], NOW, { ...plain, labelOf: () => "Kênh cũ" }))
      .toEqual({ kind: "none", reason: "Kênh cũ không hoạt động, chưa liên kết Telegram" });
  });
});
