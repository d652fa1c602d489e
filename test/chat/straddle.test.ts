// A range that cuts a month: nothing is dropped silently. The leader is told which months the
// range only partly holds and how their entries were treated, and gets the whole months in one tap.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buttonData, buttons, startHarness, testClock, type Harness } from "../helpers/harness.js";
import { addEntry } from "../helpers/entries.js";
import { importCsv } from "../../src/data/import.js";
import JSZip from "jszip";
import { docxText } from "../report/docx-text.js";

let h: Harness;
beforeEach(async () => { h = await startHarness({ clock: testClock("2025-03-10T03:00:00Z") }); });
afterEach(async () => { await h.stop(); });

const CHAIRMAN = 3001;

// Whole-month imports: January 10; February 20 + 40. Chat entries in February: 100 on 10/02, 300 on 27/02.
function seed(): void {
  const csv = ["ky,don_vi,chi_tieu,gia_tri", "2025-01,dong-hung,tuyen_truyen.so_buoi,10",
    "2025-02,dong-hung,tuyen_truyen.so_buoi,20", "2025-02,tay-hung,tuyen_truyen.so_buoi,40"].join("\n");
  expect(importCsv(h.bot.db, csv, { cutoffDay: 0, now: h.clock.now })).toMatchObject({ ok: true });
  addEntry(h.bot.db, { unit: "tay-hung", form: "tuyen_truyen", date: "2025-02-10", values: { "tuyen_truyen.so_buoi": 100 } });
  addEntry(h.bot.db, { unit: "tay-hung", form: "tuyen_truyen", date: "2025-02-27", values: { "tuyen_truyen.so_buoi": 300 } });
}

describe("a range that cuts a month", () => {
  it("says how February was treated, counts its whole-month imports, and issues the range as typed", async () => {
    seed();
    await h.register(CHAIRMAN, "lanh_dao", "nhon-hung");
    const r = await h.say(CHAIRMAN, "/baocao 2025-01-01..2025-02-26");
    const ask = r.at(-1)!;
    expect(ask.text).toContain("Tháng 02/2025 chỉ nằm một phần trong kỳ: 2 số liệu nhập theo cả tháng được tính trọn tháng (kỳ chứa phần lớn của tháng).");
    // The chat entry of 27/02 is simply outside the range: no word, and never "nhập theo cả tháng".
    expect(ask.text.match(/Tháng 02\/2025/g)).toHaveLength(1);
    expect(h.standin.documents).toHaveLength(0);
    await h.press(CHAIRMAN, buttonData(ask, "Giữ kỳ đã gõ"));
    const doc = h.standin.documents.at(-1)!;
    // 10 (January) + 20 + 40 (February, whole month) + 100 (10/02); not 300 (27/02).
    expect(doc.caption).toContain("Tuyên truyền: 170 buổi");
    // The completeness line speaks of February, whose figures are counted.
    expect(doc.caption).toContain("tháng 02/2025");
  });

  it("offers the whole months in one tap", async () => {
    seed();
    await h.register(CHAIRMAN, "lanh_dao", "nhon-hung");
    const r = await h.say(CHAIRMAN, "/baocao tu 01/01/2025 den 26/02/2025 so 35 ngay 05/03/2025");
    expect(buttons(r.at(-1)).map((b) => b.text)).toContain("📅 Trọn tháng: từ ngày 01/01/2025 đến ngày 28/02/2025");
    await h.press(CHAIRMAN, buttonData(r.at(-1), "Trọn tháng"));
    const doc = h.standin.documents.at(-1)!;
    expect(doc.filename).toBe("bao-cao-2025-01-01_2025-02-28.docx");
    expect(doc.caption).toContain("Tuyên truyền: 470 buổi");
    const issued = h.bot.db.$client.prepare("select period from issued_reports").all();
    expect(issued).toEqual([{ period: "2025-01-01..2025-02-28" }]);
  });

  it("asks nothing when the range holds whole months only", async () => {
    seed();
    await h.register(CHAIRMAN, "lanh_dao", "nhon-hung");
    await h.say(CHAIRMAN, "/baocao 2025-01-01..2025-02-28");
    expect(h.standin.documents.at(-1)!.caption).toContain("Tuyên truyền: 470 buổi");
  });
});

describe("periods that make no sense", () => {
  it("refuses a range ending after today, a period before the first figure, and an empty one unless forced", async () => {
    seed();
    await h.register(CHAIRMAN, "lanh_dao", "nhon-hung");
    let r = await h.say(CHAIRMAN, "/baocao 2025-03-01..2999-12-31");
    expect(r.at(-1)!.text).toContain("kết thúc sau hôm nay (10/03/2025)");
    r = await h.say(CHAIRMAN, "/baocao năm 2013");
    // Named by the first period that has figures, not the middle day of an import (16/01/2025).
    expect(r.at(-1)!.text).toContain("Kỳ năm 2013 ở trước khi có số liệu, nên không có gì để báo cáo: số liệu đầu tiên là của tháng 01/2025. Gõ một kỳ từ tháng 01/2025 trở đi.");
    expect(buttons(r.at(-1))).toEqual([]);
    r = await h.say(CHAIRMAN, "/baocao tháng 3/2025");
    expect(r.at(-1)!.text).toContain("Kỳ tháng 03/2025 chưa có số liệu nào.");
    expect(h.standin.documents).toHaveLength(0);
    await h.press(CHAIRMAN, buttonData(r.at(-1), "Vẫn lập báo cáo trống"));
    expect(h.standin.documents).toHaveLength(1);
    // A month in progress counts up to today.
    addEntry(h.bot.db, { unit: "tay-hung", form: "tuyen_truyen", date: "2025-03-05", values: { "tuyen_truyen.so_buoi": 12 } });
    await h.say(CHAIRMAN, "/baocao tháng 3/2025");
    expect(h.standin.documents).toHaveLength(2);
    expect(h.standin.documents.at(-1)!.caption).toContain("Tuyên truyền: 12 buổi");
  });
});

describe("typed answers", () => {
  it("takes the number of a choice typed instead of pressed", async () => {
    seed();
    await h.register(CHAIRMAN, "lanh_dao", "nhon-hung");
    await h.say(CHAIRMAN, "/baocao 2025-01-01..2025-02-26");
    await h.say(CHAIRMAN, "1"); // the first choice: the whole months
    expect(h.standin.documents.at(-1)!.filename).toBe("bao-cao-2025-01-01_2025-02-28.docx");
  });
});

describe("number, date and căn cứ from the chat", () => {
  it("prints them in the document and the appendix caption, and keeps the căn cứ for the next report", async () => {
    seed();
    await h.register(CHAIRMAN, "lanh_dao", "nhon-hung");
    let r = await h.say(CHAIRMAN, "/cancu tháng thêm Kế hoạch số 564/KH-UBND ngày 24/02/2025 của UBND thị xã Tịnh Biên");
    expect(r.at(-1)!.text).toContain("1. Căn cứ Kế hoạch số 564/KH-UBND ngày 24/02/2025 của UBND thị xã Tịnh Biên;");
    // Shown before issuing, then issued.
    r = await h.say(CHAIRMAN, "/baocao tháng 2/2025 số 35 ngày 28/02/2025");
    await h.press(CHAIRMAN, buttonData(r.at(-1), "Lập báo cáo"));
    const xml = async () => (await JSZip.loadAsync(h.standin.documents.at(-1)!.bytes)).file("word/document.xml")!.async("string");
    let doc = await xml();
    expect(doc).toContain("Số: 35/BC-UBND");
    expect(doc).toContain("ngày 28 tháng 02 năm 2025");
    expect(doc).toContain("Kèm theo Báo cáo số 35/BC-UBND ngày 28/02/2025");
    expect(doc).toContain("Căn cứ Kế hoạch số 564/KH-UBND ngày 24/02/2025 của UBND thị xã Tịnh Biên;");
    // Kept until changed: the next report carries it; removed, it is gone.
    r = await h.say(CHAIRMAN, "/baocao tháng 1/2025");
    await h.press(CHAIRMAN, buttonData(r.at(-1), "Lập báo cáo"));
    expect(await xml()).toContain("Kế hoạch số 564/KH-UBND");
    r = await h.say(CHAIRMAN, "/cancu thang xoa 1");
    expect(r.at(-1)!.text).toContain("Đã xóa căn cứ số 1 của báo cáo tháng.");
    await h.say(CHAIRMAN, "/baocao tháng 1/2025 so 3");
    doc = await xml();
    expect(doc).not.toContain("Kế hoạch số 564/KH-UBND");
    expect(doc).toContain("Số: 03/BC-UBND");
  });
});

describe("issue 15: what the chat says before issuing", () => {
  it("names a yearly import a half-year cannot count and offers the year's report", async () => {
    const csv = ["ky,don_vi,chi_tieu,gia_tri", "2024,dong-hung,tuyen_truyen.so_buoi,39", "2024-07,dong-hung,tuyen_truyen.so_buoi,10",
      "2024-12,dong-hung,tuyen_truyen.so_buoi,15"].join("\n");
    expect(importCsv(h.bot.db, csv, { cutoffDay: 0, now: h.clock.now })).toMatchObject({ ok: true });
    await h.register(CHAIRMAN, "lanh_dao", "nhon-hung");
    const r = await h.say(CHAIRMAN, "/baocao 6 tháng cuối năm 2024");
    const ask = r.at(-1)!;
    expect(ask.text).toContain("Năm 2024: 1 số liệu chỉ có cho cả năm 2024, không chia được cho kỳ này nên không được tính");
    expect(buttons(ask).map((b) => b.text)).toEqual(["📄 Báo cáo năm 2024", "Giữ kỳ đã gõ: 6 tháng cuối năm 2024", "✖️ Thôi"]);
    expect(h.standin.documents).toHaveLength(0);
    await h.press(CHAIRMAN, buttonData(ask, "Giữ kỳ đã gõ"));
    expect(h.standin.documents.at(-1)!.caption).toContain("Tuyên truyền: 25 buổi");
    const again = await h.say(CHAIRMAN, "/baocao 6 tháng cuối năm 2024");
    await h.press(CHAIRMAN, buttonData(again.at(-1), "Báo cáo năm 2024"));
    const year = h.standin.documents.at(-1)!;
    expect(year.filename).toBe("bao-cao-2024.docx");
    expect(year.caption).toContain("Tuyên truyền: 64 buổi");
  });

  it("states in the document the months a typed range counts whole, and the whole-month window when chosen", async () => {
    seed();
    await h.register(CHAIRMAN, "lanh_dao", "nhon-hung");
    const text = async () => docxText(h.standin.documents.at(-1)!.bytes);
    let r = await h.say(CHAIRMAN, "/baocao 2025-01-10..2025-02-20");
    await h.press(CHAIRMAN, buttonData(r.at(-1), "Giữ kỳ đã gõ"));
    expect(await text()).toContain("Số liệu tháng 01/2025 và tháng 02/2025 được tính cả tháng.");
    r = await h.say(CHAIRMAN, "/baocao 2025-01-10..2025-02-20");
    await h.press(CHAIRMAN, buttonData(r.at(-1), "Trọn tháng"));
    expect(await text()).toContain("Số liệu tính theo tháng trọn: từ ngày 01/01/2025 đến ngày 28/02/2025 (kỳ đề nghị từ ngày 10/01/2025 đến ngày 20/02/2025).");
  });

  it("keeps the tasks given for a typed range when the leader chooses its whole months", async () => {
    seed();
    await h.register(CHAIRMAN, "lanh_dao", "nhon-hung");
    await h.say(CHAIRMAN, "/nhiemvu 2025-01-10..2025-02-20: Rà soát các tổ tự quản sau Tết");
    let r = await h.say(CHAIRMAN, "/baocao 2025-01-10..2025-02-20");
    r = await h.press(CHAIRMAN, buttonData(r.at(-1), "Trọn tháng"));
    expect(r.at(-1)!.text).toContain("1. Rà soát các tổ tự quản sau Tết");
    await h.press(CHAIRMAN, buttonData(r.at(-1), "Lập báo cáo"));
    expect(await docxText(h.standin.documents.at(-1)!.bytes)).toContain("1. Rà soát các tổ tự quản sau Tết./.");
  });

  it("refuses an issue date before the period's last day, typed with the period or answered", async () => {
    seed();
    await h.register(CHAIRMAN, "lanh_dao", "nhon-hung");
    const r = await h.say(CHAIRMAN, "/baocao tháng 1/2025 ngày 15/01/2025");
    expect(r.at(-1)!.text).toContain("Ngày ban hành 15/01/2025 ở trước ngày cuối kỳ tháng 01/2025 (31/01/2025). Gõ ngày từ 31/01/2025 trở đi");
    expect(h.standin.documents).toHaveLength(0);
    await h.say(CHAIRMAN, "/baocao tháng 1/2025 ngày 31/01/2025");
    expect(h.standin.documents).toHaveLength(1);
  });
});
