import { describe, expect, it } from "vitest";
import { cronMatches, inQuietHours, lastSlotToday, msUntilQuietEnds, vnMinute } from "../../src/reminders/cron.js";

const at = (iso: string) => new Date(iso);

describe("cron in Asia/Ho_Chi_Minh", () => {
  it("matches fields, lists, ranges and steps at Vietnamese time", () => {
    const m = vnMinute(at("2025-02-24T01:00:00Z")); // 08:00 Monday in Vietnam
    expect(cronMatches("0 8 * * *", m)).toBe(true);
    expect(cronMatches("0 9 * * *", m)).toBe(false);
    expect(cronMatches("0,30 7-9 * * 1", m)).toBe(true);
    expect(cronMatches("*/15 8 24 2 *", m)).toBe(true);
    expect(cronMatches("0 8 * * 0", m)).toBe(false);
  });

  it("finds today's last slot at or before now", () => {
    expect(lastSlotToday("0 8 * * *", at("2025-02-24T03:30:00Z"))?.toISOString()).toBe("2025-02-24T01:00:00.000Z");
    expect(lastSlotToday("0 15 * * *", at("2025-02-24T03:30:00Z"))).toBeUndefined();
  });

  it("knows quiet hours across midnight and when they end", () => {
    expect(inQuietHours("21:00-06:30", at("2025-02-24T15:00:00Z"))).toBe(true); // 22:00
    expect(inQuietHours("21:00-06:30", at("2025-02-24T23:29:00Z"))).toBe(true); // 06:29
    expect(inQuietHours("21:00-06:30", at("2025-02-24T23:30:00Z"))).toBe(false); // 06:30
    expect(msUntilQuietEnds("21:00-06:30", at("2025-02-24T15:00:00Z"))).toBe(8.5 * 3600_000);
    expect(msUntilQuietEnds("21:00-06:30", at("2025-02-24T05:00:00Z"))).toBe(0);
  });
});
