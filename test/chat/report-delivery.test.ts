// Report documents go out through the outbox (archived once, retried, 403 = unreachable) and
// /guilai reuses the archive. Driven over the Bot API stand-in with an injected clock.
import { afterEach, describe, expect, it } from "vitest";
import { buttonData, startHarness, type Harness } from "../helpers/harness.js";
import { addEntry } from "../helpers/entries.js";
// Expected texts written out here (not imported from src/), so a changed message fails the test.
const APOLOGY = "Xin lỗi, bot gặp trục trặc khi xử lý tin nhắn này. Xin gửi lại sau ít phút; nếu vẫn lỗi, báo Văn phòng UBND phường.";

let h: Harness;
afterEach(async () => { await h?.stop(); });

const CHAIRMAN = 3001;
const ADMIN = 4001;

const count = (sql: string) => (h.bot.db.$client.prepare(sql).get() as { n: number }).n;
const documentRows = () => h.bot.db.$client.prepare(`select status, attempts, last_error as lastError, payload_json as payload from outbox
  where payload_json like '{"type":"issued"%' or payload_json like '{"type":"document"%' order by id`)
  .all() as Array<{ status: string; attempts: number; lastError: string | null; payload: string }>;
/** The outbox has recorded the outcome of the document's last try (the stand-in sees the call before that). */
const recorded = (error: string) => h.standin.waitFor(() => documentRows().some((r) => r.status === "pending" && r.lastError?.includes(error)), 10_000);
const sendDocumentCalls = () => h.standin.calls.filter((c) => c.method === "sendDocument");

async function chairmanWithFigures(): Promise<void> {
  await h.register(CHAIRMAN, "lanh_dao", "nhon-hung", "Vũ");
  addEntry(h.bot.db, { unit: "dong-hung", form: "tuyen_truyen", date: "2025-02-05", values: { "tuyen_truyen.so_buoi": 7, "tuyen_truyen.luot_nguoi": 1234 } });
}

describe("report delivery through the outbox", () => {
  it("a sendDocument answered 429 (retry_after) then 500 still reaches the leader exactly once, archived once", async () => {
    h = await startHarness();
    await chairmanWithFigures();
    h.standin.failNext("sendDocument", { code: 429, retryAfter: 1 });
    h.standin.failNext("sendDocument", { code: 500 });
    const replies = await h.say(CHAIRMAN, "/baocao tháng 2/2025");
    expect(replies.map((m) => m.text)).toEqual([expect.stringContaining("Đang tổng hợp báo cáo tháng 02/2025")]);
    await recorded("429");
    expect(documentRows()).toEqual([expect.objectContaining({ status: "pending", attempts: 0 })]);

    // The retry is due once retry_after has passed on the bot's clock (Telegram's pause runs on the real one).
    h.clock.advance(1_000);
    h.bot.outbox.wake();
    await recorded("500");
    h.clock.advance(60_000); // past any backoff of a first 5xx
    h.bot.outbox.wake();
    await h.standin.waitFor(() => h.standin.documents.length === 1, 10_000);
    await h.bot.outbox.drain({ timeoutMs: 5_000 });

    expect(sendDocumentCalls().map((c) => c.failed ?? "ok")).toEqual([429, 500, "ok"]);
    expect(h.standin.documents).toHaveLength(1);
    expect(h.standin.documents[0]!.filename).toBe("bao-cao-2025-02.docx");
    expect(h.standin.documents[0]!.caption).toContain("Tổng hợp từ 1 bản ghi");
    expect(count("select count(*) as n from issued_reports")).toBe(1);
    expect(documentRows()).toEqual([expect.objectContaining({ status: "sent" })]);
    expect(h.standin.sentTo(CHAIRMAN).map((m) => m.text)).not.toContain(APOLOGY);
  });

  it("a 403 on sendDocument marks the leader unreachable, tells the office once, and sends no apology", async () => {
    h = await startHarness();
    await h.register(ADMIN, "admin", "nhon-hung", "Văn phòng");
    await chairmanWithFigures();
    h.standin.failNext("sendDocument", { code: 403 });
    await h.say(CHAIRMAN, "/baocao tháng 2/2025");
    await h.standin.waitFor(() => sendDocumentCalls().some((c) => c.failed === 403));
    const notice = await h.standin.waitFor(() => h.standin.sentTo(ADMIN).find((m) => m.text.includes("Không gửi được")));
    expect(notice.text).toContain("Không gửi được tin nhắn cho Vũ");
    await h.bot.outbox.drain({ timeoutMs: 5_000 });

    expect(documentRows()).toEqual([expect.objectContaining({ status: "unreachable", attempts: 1 })]);
    expect(count(`select count(*) as n from users where unreachable_at is not null and id = (select user_id from identities where chat_id = '${CHAIRMAN}')`)).toBe(1);
    expect(sendDocumentCalls()).toHaveLength(1);
    expect(h.standin.documents).toHaveLength(0);
    expect(count("select count(*) as n from issued_reports")).toBe(1);
    expect(h.standin.sentTo(CHAIRMAN).map((m) => m.text).filter((t) => t === APOLOGY)).toEqual([]);
    expect(h.standin.sentTo(ADMIN).filter((m) => m.text.includes("Không gửi được"))).toHaveLength(1);
  });

  it("/guilai sends the archived bytes again through the outbox and adds no issued_reports row", async () => {
    h = await startHarness();
    await chairmanWithFigures();
    await h.say(CHAIRMAN, "/baocao tháng 2/2025");
    expect(count("select count(*) as n from issued_reports")).toBe(1);
    const list = await h.say(CHAIRMAN, "/guilai");
    await h.press(CHAIRMAN, buttonData(list.at(-1), "tháng 02/2025"));
    await h.standin.waitFor(() => h.standin.documents.length === 2, 10_000);

    const [first, again] = h.standin.documents;
    expect(again!.bytes.equals(first!.bytes)).toBe(true);
    expect(again!.caption).toContain("gửi lại đúng nguyên bản");
    expect(count("select count(*) as n from issued_reports")).toBe(1);
    // Both rows point at the one archived report; neither holds the file.
    const rows = documentRows();
    expect(rows.map((r) => (JSON.parse(r.payload) as { reportId: number }).reportId)).toEqual([1, 1]);
    expect(rows.every((r) => !r.payload.includes("bytesBase64"))).toBe(true);
  });

  it("a 'đang tổng hợp' message that fails is retried through the outbox, and the report still arrives once", async () => {
    h = await startHarness();
    await chairmanWithFigures();
    h.standin.failNext("sendMessage", { code: 500 });
    await h.say(CHAIRMAN, "/baocao tháng 2/2025");
    // The retry waits its backoff on the bot's clock; the document waits behind it (per-chat order).
    await h.standin.waitFor(() => h.bot.db.$client.prepare("select 1 from outbox where status = 'pending' and last_error like '%500%'").get(), 10_000);
    h.clock.advance(60_000);
    h.bot.outbox.wake();
    await h.standin.waitFor(() => h.standin.documents.length === 1 && h.standin.sentTo(CHAIRMAN).some((m) => m.text.includes("Đang tổng hợp")), 10_000);
    expect(h.standin.calls.filter((c) => c.method === "sendMessage" && c.failed === 500)).toHaveLength(1);
    const told = h.standin.calls.find((c) => c.method === "sendMessage" && c.failed === undefined && String(c.params.text).includes("Đang tổng hợp"))!;
    expect(told.at).toBeLessThanOrEqual(h.standin.calls.find((c) => c.method === "sendDocument" && c.failed === undefined)!.at);
    expect(h.standin.sentTo(CHAIRMAN).map((m) => m.text)).not.toContain(APOLOGY);
    expect(count("select count(*) as n from issued_reports")).toBe(1);
  });

  it("/xuat's CSV goes through the outbox too and survives a 500", async () => {
    h = await startHarness();
    await chairmanWithFigures();
    h.standin.failNext("sendDocument", { code: 500 });
    await h.say(CHAIRMAN, "/xuat tháng 2/2025 csv");
    await recorded("500");
    h.clock.advance(60_000);
    h.bot.outbox.wake();
    await h.standin.waitFor(() => h.standin.documents.length === 1, 10_000);
    expect(h.standin.documents[0]!.filename).toBe("so-lieu-2025-02.csv");
    expect(h.standin.documents[0]!.bytes.toString("utf8")).toContain("1.234");
  });
});
