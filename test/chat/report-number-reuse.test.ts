// A document number given to a report of another period in the same year is said before the
// report is built: two documents under one number would go out under the ward's name. A warning,
// not a refusal (the office's register may hold numbers the bot never saw); the report is built.
// Real SQLite, the model report's figures imported, the chat through the Bot API stand-in.
import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { importCsv } from "../../src/data/import.js";
import { reportNumberUse } from "../../src/store/report-numbers.js";
import { startHarness, testClock, type Harness } from "../helpers/harness.js";
import type { SentMessage } from "../helpers/bot-api-standin.js";
import { issueReport } from "../helpers/issue-report.js";

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ clock: testClock("2025-03-03T03:00:00Z") });
  const csv = readFileSync("test/fixtures/import/model-report.csv", "utf8");
  expect(importCsv(h.bot.db, csv, { cutoffDay: 0, now: h.clock.now })).toMatchObject({ ok: true });
  await h.register(CHAIRMAN, "lanh_dao", "nhon-hung");
});
afterEach(async () => { await h.stop(); });

const CHAIRMAN = 3001;
const WARNING = "⚠️ Số 12 năm 2025 đã dùng cho báo cáo tháng 01/2025 (ngày 03/03/2025). Bản này vẫn được lập với số 12; nếu nhầm số, gõ lại: /baocao tháng 02/2025 số <số khác>.";

const issue = (typed: string) => issueReport(h, CHAIRMAN, typed);
const warned = (r: SentMessage[]) => r.filter((m) => m.text.startsWith("⚠️ Số"));

describe("a document number already given", () => {
  it("is said for another period of the same year, and the report is still built", async () => {
    expect(warned(await issue("/baocao tháng 1/2025 số 12"))).toEqual([]);
    expect(h.standin.documents).toHaveLength(1);
    const second = await issue("/baocao tháng 2/2025 số 12");
    expect(warned(second).map((m) => m.text)).toEqual([WARNING]);
    expect(h.standin.documents).toHaveLength(2);
  });

  it("is not said for the same period issued again, nor for another number", async () => {
    await issue("/baocao tháng 1/2025 số 12");
    expect(warned(await issue("/baocao tháng 1/2025 số 12"))).toEqual([]);
    expect(warned(await issue("/baocao tháng 2/2025 số 13"))).toEqual([]);
    expect(warned(await issue("/baocao tháng 2/2025"))).toEqual([]);
  });

  it("counts the year of issue: the issue date asked for, else the day it was asked", () => {
    const c = h.bot.db.$client;
    const add = c.prepare(`insert into jobs (kind, channel, chat_id, user_id, event_id, effect_index, effect_json, status, attempts, created_at)
      values ('report', 'telegram', '1', null, ?, 0, ?, ?, 0, ?)`);
    // Asked on 03/03/2025 (Vietnam) for a document dated 30/12/2024; and one failed (never issued).
    add.run("e1", JSON.stringify({ type: "report", periodKey: "2024-12", requestedBy: 1, number: "7", issuedOn: "2024-12-30" }), "done", Date.parse("2025-03-03T03:00:00Z"));
    add.run("e2", JSON.stringify({ type: "report", periodKey: "2025-01", requestedBy: 1, number: "8" }), "failed", Date.parse("2025-03-03T03:00:00Z"));
    add.run("e3", JSON.stringify({ type: "report", periodKey: "2024-11", requestedBy: 1, number: "9" }), "done", Date.parse("2024-12-31T17:30:00Z"));
    expect(reportNumberUse(h.bot.db, "7", 2024, "2025-02")).toEqual({ periodKey: "2024-12", issuedOn: "2024-12-30" });
    expect(reportNumberUse(h.bot.db, "7", 2025, "2025-02")).toBeUndefined();
    expect(reportNumberUse(h.bot.db, "8", 2025, "2025-02")).toBeUndefined();
    // 31/12/2024 17:30 UTC is 01/01/2025 00:30 in Vietnam: a 2025 document.
    expect(reportNumberUse(h.bot.db, "9", 2025, "2025-02")).toEqual({ periodKey: "2024-11", issuedOn: "2025-01-01" });
    expect(reportNumberUse(h.bot.db, "9", 2024, "2025-02")).toBeUndefined();
    // The page keeps a number as typed ("035"), the chat as a number ("35"): the same number.
    add.run("e4", JSON.stringify({ type: "report", periodKey: "2025-01", requestedBy: 1, number: "035", issuedOn: "2025-02-20" }), "done", Date.parse("2025-03-03T03:00:00Z"));
    expect(reportNumberUse(h.bot.db, "35", 2025, "2025-02")).toEqual({ periodKey: "2025-01", issuedOn: "2025-02-20" });
    expect(reportNumberUse(h.bot.db, "350", 2025, "2025-02")).toBeUndefined();
  });
});
