// The digest after the close and /baocao of the same month tell the same figures: one builder
// of report data serves both. The data has a quarter's import around February, which /baocao's
// caption names (not counted in a month) — a digest built apart once left that line out.
import { afterEach, describe, expect, it } from "vitest";
import { buildReport } from "../../src/app/reports.js";
import { runDueJobs } from "../../src/reminders/jobs.js";
import { addEntry } from "../helpers/entries.js";
import { startHarness, testClock, type Harness } from "../helpers/harness.js";

const CHAIRMAN = 3001;
let h: Harness | undefined;
afterEach(async () => { await h?.stop(); h = undefined; });

// Worked by hand from the entries below: February holds the two chat entries (2 + 3 buổi,
// 50 + 70 lượt người) and the border post's patrol (30 lượt tổ); the quarter's import (9 buổi)
// spans January to March, longer than a month, so February does not count it.
const FIGURES = [
  "📑 Báo cáo tháng 02/2025 (từ 01/02/2025 đến 28/02/2025)",
  "• Tuyên truyền: 5 buổi, 120 lượt người",
  "• Tuần tra, kiểm soát: 30 lượt tổ",
  "• Tin: 0 (0 có giá trị)",
  "• Đối ngoại: 0 lần; 0 phần quà",
  "Tổng hợp từ 3 bản ghi.",
  "Quý I/2025: 1 số liệu nhập cho cả quý I/2025 không được tính vào kỳ này (chỉ báo cáo quý I/2025 tính chúng).",
].join("\n");

describe("the digest's figures", () => {
  it("equal the /baocao report's for the same month on the same data", async () => {
    h = await startHarness({ clock: testClock("2025-02-20T03:00:00Z") });
    await h.register(CHAIRMAN, "lanh_dao", "nhon-hung", "Vũ");
    const db = h.bot.db;
    addEntry(db, { unit: "dong-hung", form: "tuyen_truyen", date: "2025-02-05", values: { "tuyen_truyen.so_buoi": 2, "tuyen_truyen.luot_nguoi": 50 } });
    addEntry(db, { unit: "tay-hung", form: "tuyen_truyen", date: "2025-02-10", values: { "tuyen_truyen.so_buoi": 3, "tuyen_truyen.luot_nguoi": 70 } });
    addEntry(db, { unit: "don-bp-nhon-hung", form: "tuan_tra", date: "2025-02-06", values: { "tuan_tra.doc_lap.luot_to": 30, "tuan_tra.doc_lap.luot_nguoi": 210 } });
    addEntry(db, { unit: "dong-hung", form: "tuyen_truyen", date: "2025-01-01", period: "2025-Q1", spanStart: "2025-01-01", spanEnd: "2025-03-31",
      values: { "tuyen_truyen.so_buoi": 9, "tuyen_truyen.luot_nguoi": 400 } });

    const at = new Date("2025-03-01T01:00:00Z"); // 08:00 in Vietnam, the day after February's close
    h.clock.set(at.toISOString());
    const outcomes = runDueJobs({ db, profile: h.bot.profile, settings: h.bot.jobSettings }, at, { dryRun: false, now: at });
    expect(outcomes.find((o) => o.job === "tong-hop")!.recipients).toHaveLength(1);
    const row = db.$client.prepare("select payload_json p from outbox where kind = 'digest'").get() as { p: string };
    const digest = (JSON.parse(row.p) as { text: string }).text;
    const [head, ...caption] = digest.split("\n");
    expect(head).toBe("📊 Kỳ tháng 02/2025 đã kết thúc hôm qua.");

    const report = await buildReport({ db, profile: h.bot.profile, templates: h.bot.templates, cutoffDay: 0 },
      { periodKey: "2025-02", requestedBy: null, channel: null }, at);
    expect(report.caption.startsWith(`${FIGURES}\n`)).toBe(true);
    expect(caption.join("\n")).toBe(report.caption);
    expect(report.data.totals["tuyen_truyen.so_buoi"]).toBe(5);
  }, 30_000);
});
