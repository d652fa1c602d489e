// Every free text has a limit (issue 17, the surface): over it, a short answer saying the limit
// and to shorten, and the step stays; names from the platform are cut, and nothing typed comes
// back whole in a reply.
import { afterEach, describe, expect, it } from "vitest";
import { startHarness, testClock, type Harness } from "../helpers/harness.js";
import { addEntry } from "../helpers/entries.js";

const REPORTER = 1001;
const CHAIRMAN = 3001;
let h: Harness | undefined;
afterEach(async () => { if (h) { await h.stop(); h = undefined; } });

const q = (hh: Harness, sql: string) => hh.bot.db.$client.prepare(sql).get() as Record<string, unknown>;
const last = (r: { text: string }[]) => r.at(-1)!.text;

describe("free-text limits", () => {
  it("a 5,006-character return reason is refused with the limit; the question stays, a short reason then returns it", async () => {
    const hh = h = await startHarness({ clock: testClock("2025-02-20T03:00:00Z") });
    await hh.register(REPORTER, "bao_cao", "dong-hung", "Lan");
    await hh.register(CHAIRMAN, "lanh_dao", "nhon-hung", "Vũ");
    const id = addEntry(hh.bot.db, { unit: "dong-hung", form: "tuyen_truyen", date: "2025-02-03", values: { "tuyen_truyen.so_buoi": 1 } });
    expect(last(await hh.press(CHAIRMAN, `cmd:xem:tra:${id}`))).toContain("Lý do trả lại?");
    const long = `Số người chưa đúng ${"rất ".repeat(1247)}`.slice(0, 5006);
    expect(long).toHaveLength(5006);
    const r = await hh.say(CHAIRMAN, long);
    expect(r.map((m) => m.text)).toEqual(["⚠️ Lý do dài quá (tối đa 300 ký tự, bạn gõ 5006). Xin viết ngắn lại, hoặc gõ /huy để thôi."]);
    expect(q(hh, `select status, return_reason from entries where id = ${id}`)).toEqual({ status: "active", return_reason: null });
    expect(hh.standin.sentTo(REPORTER).some((m) => m.text.length > 1000)).toBe(false);
    expect(last(await hh.say(CHAIRMAN, "Số người chưa đúng"))).toContain("Đã trả lại bản ghi");
    expect(q(hh, `select status from entries where id = ${id}`).status).toBe("returned");
  });

  it("a platform name longer than 100 characters is kept cut to 100", async () => {
    const hh = h = await startHarness();
    await hh.register(REPORTER, "bao_cao", "dong-hung", `Nguyễn ${"Văn ".repeat(100)}A`);
    const name = String(q(hh, "select name from users").name);
    expect([...name]).toHaveLength(100);
    expect(name.startsWith("Nguyễn Văn Văn")).toBe(true);
  });

  it("a unit name /xem does not know is quoted back short, not whole", async () => {
    const hh = h = await startHarness();
    await hh.register(CHAIRMAN, "lanh_dao", "nhon-hung", "Vũ");
    const r = await hh.say(CHAIRMAN, `/xem ${"x".repeat(5000)}`);
    expect(last(r)).toContain("Không thấy đơn vị");
    expect(last(r).length).toBeLessThan(1000);
  });

  it("a period /baocao cannot read is quoted back short, not whole", async () => {
    const hh = h = await startHarness();
    await hh.register(CHAIRMAN, "lanh_dao", "nhon-hung", "Vũ");
    for (const typed of [`tháng ${"y".repeat(5000)}`, `2025-01-01..${"9".repeat(5000)}`]) {
      const r = await hh.say(CHAIRMAN, `/baocao ${typed}`);
      expect(r).toHaveLength(1);
      expect(last(r)).toContain("kỳ");
      expect(last(r).length).toBeLessThan(1000);
    }
  });
});
