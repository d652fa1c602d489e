// Every button's data is checked as its typed equivalent is: a forged "cmd:…" press gets no date,
// period, unit or entry the person could not have typed (issue 17, the surface).
import { afterEach, describe, expect, it } from "vitest";
import { startHarness, testClock, type Harness } from "../helpers/harness.js";
import { addEntry } from "../helpers/entries.js";

const REPORTER = 1001;
const CHAIRMAN = 3001;

let h: Harness | undefined;
afterEach(async () => { if (h) { await h.stop(); h = undefined; } });

async function setUp(): Promise<Harness> {
  const hh = await startHarness({ clock: testClock("2025-02-20T03:00:00Z") });
  h = hh;
  await hh.register(REPORTER, "bao_cao", "dong-hung", "Lan");
  await hh.register(CHAIRMAN, "lanh_dao", "nhon-hung", "Vũ");
  return hh;
}

const q = (hh: Harness, sql: string) => hh.bot.db.$client.prepare(sql).get() as Record<string, unknown>;
const texts = (r: { text: string }[]) => r.map((m) => m.text).join("\n");

describe("forged buttons", () => {
  it("a reminder's form button for January 1990 opens nothing and saves nothing", async () => {
    const hh = await setUp();
    const r = await hh.press(REPORTER, "cmd:form:tuyen_truyen:1990-01");
    expect(texts(r)).toContain("Năm 1990 quá xa");
    expect(texts(r)).not.toContain("Số buổi");
    for (const a of ["1", "20", "0", "0", "0", "0", "luu", "1"]) await hh.say(REPORTER, a);
    expect(q(hh, "select count(*) n from entries").n).toBe(0);
  });

  it("a form button for a month that is no month key is refused", async () => {
    const hh = await setUp();
    const r = await hh.press(REPORTER, "cmd:form:tuyen_truyen:2025-Q1");
    expect(texts(r)).toContain("Nút này không hợp lệ");
    expect(texts(r)).not.toContain("Số buổi");
  });

  it("a reminder's form button for last month still opens the form dated in that month", async () => {
    const hh = await setUp();
    const r = await hh.press(REPORTER, "cmd:form:tuyen_truyen:2025-01");
    expect(texts(r)).toContain("Số buổi");
  });

  it("a /xem button for a period still to come is refused as the typed period is", async () => {
    const hh = await setUp();
    const typed = await hh.say(CHAIRMAN, "/xem dong hung tháng 1/2099");
    expect(texts(typed)).toContain("Kỳ tháng 01/2099 chưa bắt đầu");
    const pressed = await hh.press(CHAIRMAN, "cmd:xem:u:dong-hung:2099-01");
    expect(texts(pressed)).toContain("Kỳ tháng 01/2099 chưa bắt đầu");
    expect(texts(pressed)).not.toContain("chưa có bản ghi nào");
  });
});

describe("the other buttons that carry data", () => {
  it("are refused as their typed commands refuse the same data", async () => {
    const hh = await setUp();
    const other = addEntry(hh.bot.db, { unit: "tay-hung", form: "tuyen_truyen", date: "2025-02-03", values: { "tuyen_truyen.so_buoi": 1 } });
    expect(texts(await hh.press(REPORTER, "cmd:khongphatsinh:tuyen_truyen:1990-01"))).toContain("Chỉ báo không phát sinh được cho tháng này hoặc tháng trước");
    expect(texts(await hh.press(REPORTER, `fix:${other}`))).toContain(`Không có bản ghi số ${other} của Khóm Đông Hưng`);
    expect(texts(await hh.press(REPORTER, `cmd:cuatoi:xoa:${other}`))).toContain(`Không có bản ghi số ${other} của Khóm Đông Hưng`);
    expect(texts(await hh.press(REPORTER, "cmd:tiendo:2099-01"))).toContain("Kỳ tháng 01/2099 chưa bắt đầu");
    expect(texts(await hh.press(CHAIRMAN, "cmd:baocao:2099-01"))).toMatch(/chưa|sau hôm nay/);
    expect(q(hh, "select count(*) n from nil_reports").n).toBe(0);
    expect(q(hh, "select count(*) n from entries where status <> 'active'").n).toBe(0);
  });
});

describe("/xem tra:<id>", () => {
  /** A unit that is no longer in the ward's profile (kept for its history) and one entry of it. */
  function outsideEntry(hh: Harness): number {
    hh.bot.db.$client.prepare("insert into units (code, name, short_name, kind, parent_code, sort_order, active) values ('khom-cu', 'Khóm Cũ', 'Cũ', 'khom', 'nhon-hung', 99, 0)").run();
    return addEntry(hh.bot.db, { unit: "khom-cu", form: "tuyen_truyen", date: "2025-02-03", values: { "tuyen_truyen.so_buoi": 1 } });
  }

  it("typed or pressed, refuses an entry of a unit outside the ward as /xem refuses the unit", async () => {
    const hh = await setUp();
    const id = outsideEntry(hh);
    expect(texts(await hh.say(CHAIRMAN, "/xem khom cu"))).toContain("Không thấy đơn vị");
    for (const r of [await hh.say(CHAIRMAN, `/xem tra:${id}`), await hh.press(CHAIRMAN, `cmd:xem:tra:${id}`)]) {
      expect(texts(r)).toContain(`Không có bản ghi số ${id} trong các đơn vị của phường`);
      expect(texts(r)).not.toContain("Lý do trả lại");
    }
    await hh.say(CHAIRMAN, "Số người chưa đúng");
    expect(q(hh, `select status from entries where id = ${id}`).status).toBe("active");
  });

  it("/xem <số> refuses to show an entry of a unit outside the ward, as /xem tra:<id> does", async () => {
    const hh = await setUp();
    const id = outsideEntry(hh);
    const r = await hh.say(CHAIRMAN, `/xem ${id}`);
    expect(texts(r)).toContain(`Không có bản ghi số ${id} trong các đơn vị của phường`);
    expect(texts(r)).not.toContain("Khóm Cũ");
  });
});
