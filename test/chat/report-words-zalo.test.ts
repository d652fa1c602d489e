// The words shown before issuing, on Zalo: no buttons, the choices come numbered and are typed.
import { afterEach, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { startZaloHarness, type ZaloHarness } from "../helpers/zalo-harness.js";
import { testClock } from "../helpers/harness.js";
import { importCsv } from "../../src/data/import.js";

let z: ZaloHarness;
afterEach(async () => { await z.close(); });

const CHAIRMAN = "z-chairman";
const issued = () => (z.h.bot.db.$client.prepare("select count(*) n from issued_reports").get() as { n: number }).n;

describe("shown before issuing, typed on Zalo", () => {
  it("lists the leader's words with numbered choices; '2' (Thôi) issues nothing, '1' (Lập báo cáo) issues", async () => {
    z = await startZaloHarness({ telegram: false, clock: testClock("2025-03-03T03:00:00Z") });
    const csv = readFileSync("test/fixtures/import/model-report.csv", "utf8");
    expect(importCsv(z.h.bot.db, csv, { cutoffDay: 0, now: z.h.clock.now })).toMatchObject({ ok: true });
    await z.register(CHAIRMAN, "lanh_dao", "nhon-hung");
    let r = await z.say(CHAIRMAN, "/nhiemvu thang 1/2025: Tuan tra dip Tet; Tuyen truyen Luat Bien phong");
    expect(r.map((m) => m.text).join("\n")).toContain("Đã ghi 2 nhiệm vụ kỳ tới trong báo cáo tháng 01/2025");
    r = await z.say(CHAIRMAN, "/baocao thang 1/2025");
    const shown = r.map((m) => m.text).join("\n");
    expect(shown).toContain("• Nhiệm vụ kỳ tới:\n  1. Tuan tra dip Tet\n  2. Tuyen truyen Luat Bien phong");
    expect(shown).toMatch(/1\. 📄 Lập báo cáo/);
    expect(shown).toMatch(/2\. ✖️ Thôi/);
    await z.say(CHAIRMAN, "2");
    expect(issued()).toBe(0);
    await z.say(CHAIRMAN, "/baocao thang 1/2025");
    r = await z.say(CHAIRMAN, "1");
    expect(issued()).toBe(1);
    expect(r.map((m) => m.text).join("\n")).toMatch(/https:\/\/\S+\/tep\/\S+/);
  }, 60_000);
});
