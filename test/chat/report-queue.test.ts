// Reports never freeze the bot: they build in a worker thread, one per leader, in a short queue.
import { addEntry } from "../helpers/entries.js";
import { afterEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../helpers/harness.js";
import { insertTenYears } from "../helpers/bulk-entries.js";
// Expected texts written out here (not imported from src/), so a changed message fails the test.
const REPORT_BUSY = "⏳ Báo cáo trước của anh/chị đang được lập, xin chờ nhận xong rồi hãy yêu cầu báo cáo khác.";
const REPORTS_FULL = "⏳ Bot đang lập nhiều báo cáo cùng lúc nên chưa nhận thêm được. Xin gửi lại yêu cầu sau ít phút.";

let h: Harness;
afterEach(async () => { await h?.stop(); });

const CHAIRMAN = 3001;
const VICE = 3002;
const VICE2 = 3003;
const KHOM = 1001;

/** Push a message without waiting for the bot to go idle (a report may be held on purpose). */
function push(userId: number, text: string): void {
  h.standin.pushUpdates([h.standin.textMessage(userId, text)]);
}
const textsTo = (userId: number) => h.standin.sentTo(userId).map((m) => m.text);
const waitText = (userId: number, part: string) => h.standin.waitFor(() => textsTo(userId).find((t) => t.includes(part)), 15_000);

describe("report queue", () => {
  it("answers a leader's second report while the first builds, refuses when the queue is full, and a double tap makes one report", async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => { release = r; });
    h = await startHarness({ env: { REPORT_WORKERS: "1", REPORT_QUEUE: "1" }, start: { beforeReportBuild: () => held } });
    for (const [id, name] of [[CHAIRMAN, "Vũ"], [VICE, "Hòa"], [VICE2, "Lan"]] as const) await h.register(id, "lanh_dao", "nhon-hung", name);
    // Some figures in every period asked for: a period without any is refused before it is queued.
    for (const date of ["2024-06-05", "2025-01-05", "2025-02-05"]) {
      addEntry(h.bot.db, { unit: "dong-hung", form: "tuyen_truyen", date, values: { "tuyen_truyen.so_buoi": 2 } });
    }

    push(CHAIRMAN, "/baocao tháng 2/2025");
    push(CHAIRMAN, "/baocao tháng 2/2025"); // the same request twice: one report, no second answer
    await waitText(CHAIRMAN, "Đang tổng hợp báo cáo tháng 02/2025");
    push(CHAIRMAN, "/baocao tháng 1/2025");
    expect(await waitText(CHAIRMAN, "đang được lập")).toBe(REPORT_BUSY);

    push(VICE, "/baocao năm 2024");
    expect(await waitText(VICE, "Đang tổng hợp")).toContain("đang chờ sau 1 báo cáo khác");
    push(VICE2, "/baocao quý 1/2025");
    expect(await waitText(VICE2, "nhiều báo cáo")).toBe(REPORTS_FULL);

    release();
    await h.standin.waitFor(() => h.standin.documents.length === 2 && h.bot.app.idle(), 20_000);
    await h.bot.settle();
    expect(h.standin.documents.map((d) => [d.chatId, d.filename])).toEqual([
      [String(CHAIRMAN), "bao-cao-2025-02.docx"], [String(VICE), "bao-cao-2024.docx"]]);
    expect(textsTo(CHAIRMAN).filter((t) => t.includes("Đang tổng hợp"))).toHaveLength(1);
    expect(textsTo(CHAIRMAN).filter((t) => t === REPORT_BUSY)).toHaveLength(1);
    const archived = h.bot.db.$client.prepare("select period from issued_reports order by id").all();
    expect(archived).toEqual([{ period: "2025-02" }, { period: "2024" }]);

    // Once done, the same leader may ask again.
    await h.say(CHAIRMAN, "/baocao tháng 1/2025");
    await h.standin.waitFor(() => h.standin.documents.length === 3, 10_000);
  });

  it("answers another chat's /trogiup while a ten-year report over a million values compiles", async () => {
    h = await startHarness();
    await h.register(CHAIRMAN, "lanh_dao", "nhon-hung", "Vũ");
    await h.register(KHOM, "bao_cao", "dong-hung");
    expect(insertTenYears(h.bot.db, { units: 60, entriesPerUnitForm: 556 })).toBeGreaterThanOrEqual(1_000_000);
    // What the archive held when the other chat's answer reached Telegram.
    let archivedWhenAnswered: number | undefined;
    h.standin.onCall = (method, params) => {
      if (method === "sendMessage" && String(params.chat_id) === String(KHOM) && archivedWhenAnswered === undefined) {
        archivedWhenAnswered = (h.bot.db.$client.prepare("select count(*) as n from issued_reports").get() as { n: number }).n;
      }
      return undefined;
    };

    push(CHAIRMAN, "/baocao 2015-01-01..2024-12-31");
    await waitText(CHAIRMAN, "Đang tổng hợp");
    push(KHOM, "/trogiup");
    await h.standin.waitFor(() => h.standin.documents.length === 1, 60_000);

    const calls = h.standin.calls.filter((c) => c.failed === undefined);
    const helpAt = calls.findIndex((c) => c.method === "sendMessage" && String(c.params.chat_id) === String(KHOM));
    const documentAt = calls.findIndex((c) => c.method === "sendDocument");
    expect(helpAt).toBeGreaterThan(-1);
    expect(helpAt).toBeLessThan(documentAt);
    expect(archivedWhenAnswered).toBe(0); // answered before the report was finished, not just before it was sent
    expect(h.standin.documents[0]!.filename).toBe("bao-cao-2015-01-01_2024-12-31.docx");
  });
});
