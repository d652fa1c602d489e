// A report whose archiving meets a database locked by another process (issue 17: locks of
// 2–10 s while reports compile) is not given up and not left for the next start: the job is put
// back once the store can be written, without using up one of its tries, and delivered once.
import { afterEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../helpers/harness.js";
import { holdWriteLock, releaseWriteLocks } from "../helpers/store-lock.js";
import { addEntry } from "../helpers/entries.js";

const APOLOGY = "Xin lỗi, bot gặp trục trặc khi xử lý tin nhắn này. Xin gửi lại sau ít phút; nếu vẫn lỗi, báo Văn phòng UBND phường.";
const TOLD = "⏳ Đang tổng hợp báo cáo tháng 02/2025…";
const CHAIRMAN = 3001;

let h: Harness | undefined;
afterEach(async () => {
  releaseWriteLocks();
  await h?.stop();
  h = undefined;
});

describe("a report job and a locked database", () => {
  it("is finished in this run once the lock goes: delivered once, archived once, no apology", async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => { release = r; });
    let builds = 0;
    h = await startHarness({ start: { beforeReportBuild: () => (++builds === 1 ? held : Promise.resolve()) } });
    await h.register(CHAIRMAN, "lanh_dao", "nhon-hung", "Vũ");
    addEntry(h.bot.db, { unit: "dong-hung", form: "tuyen_truyen", date: "2025-02-05", values: { "tuyen_truyen.so_buoi": 7 } });
    h.standin.pushUpdates([h.standin.textMessage(CHAIRMAN, "/baocao tháng 2/2025")]);
    const std = h.standin;
    await std.waitFor(() => std.sentTo(CHAIRMAN).some((m) => m.text === TOLD) && builds === 1, 10_000);

    const lock = holdWriteLock(h);
    release(); // the build ends while the lock is held: archiving it fails
    await new Promise((r) => setTimeout(r, 3000));
    expect(std.documents).toEqual([]);
    lock.release();

    await std.waitFor(() => std.documents.length === 1, 30_000);
    await new Promise((r) => setTimeout(r, 300));
    const db = h.bot.db.$client;
    expect(std.documents.map((d) => d.filename)).toEqual(["bao-cao-2025-02.docx"]);
    expect(db.prepare("select count(*) as n from issued_reports").get()).toEqual({ n: 1 });
    expect(std.sentTo(CHAIRMAN).map((m) => m.text)).not.toContain(APOLOGY);
  }, 60_000);
});
