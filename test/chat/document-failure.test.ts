// Issue 17 point 2, end to end: a report that finally cannot be sent is replaced by one line
// to the leader, and a later /tiendo never waits behind a report in retries. The real bot over
// the Bot API stand-in, an injected clock.
import { rmSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../helpers/harness.js";
import { addEntry } from "../helpers/entries.js";

let h: Harness | undefined;
afterEach(async () => {
  if (h) { await h.stop(); rmSync(h.dir, { recursive: true, force: true }); }
  h = undefined;
});

const CHAIRMAN = 3001;

async function chairmanWithFigures(hh: Harness): Promise<void> {
  await hh.register(CHAIRMAN, "lanh_dao", "nhon-hung", "Vũ");
  addEntry(hh.bot.db, { unit: "dong-hung", form: "tuyen_truyen", date: "2025-02-05", values: { "tuyen_truyen.so_buoi": 7, "tuyen_truyen.luot_nguoi": 1234 } });
}

describe("a report that cannot be sent", () => {
  it("413 on the report: the leader is told in one line to type /guilai, and is not sent the file", async () => {
    h = await startHarness();
    await chairmanWithFigures(h);
    h.standin.failNext("sendDocument", { code: 413 });
    await h.say(CHAIRMAN, "/baocao tháng 2/2025");
    await h.standin.waitFor(() => h!.standin.sentTo(CHAIRMAN).some((m) => m.text.startsWith("⚠️")), 10_000);
    await h.bot.outbox.drain({ timeoutMs: 5_000 });
    const told = h.standin.sentTo(CHAIRMAN).filter((m) => m.text.startsWith("⚠️")).map((m) => m.text);
    expect(told).toEqual(["⚠️ Không gửi được tệp bao-cao-2025-02.docx (tệp quá lớn). Gõ /guilai để nhận lại."]);
    expect(h.standin.documents).toHaveLength(0);
    expect(h.standin.calls.filter((c) => c.method === "sendDocument")).toHaveLength(1);
  }, 30_000);

  it("a later /tiendo is answered at once while the report waits out its retries", async () => {
    h = await startHarness();
    await chairmanWithFigures(h);
    h.standin.onCall = (method) => (method === "sendDocument" ? { code: 502 } : undefined);
    await h.say(CHAIRMAN, "/baocao tháng 2/2025");
    await h.standin.waitFor(() => h!.standin.calls.some((c) => c.method === "sendDocument" && c.failed === 502), 10_000);
    const before = h.standin.sentTo(CHAIRMAN).length;
    const asked = Date.now();
    h.standin.pushUpdates([h.standin.textMessage(CHAIRMAN, "/tiendo")]);
    await h.standin.waitForMessages(CHAIRMAN, before + 1, 3000); // the bound: a few seconds; it waited 2½ min behind the report
    expect(Date.now() - asked).toBeLessThan(3000);
    expect(h.standin.sentTo(CHAIRMAN).at(-1)!.text).toContain("Tiến độ");
    expect(h.bot.db.$client.prepare("select status from outbox where kind = 'document'").get()).toEqual({ status: "pending" });
  }, 30_000);
});
