// "From which app" per entry (issue 19, point 3): Lan files on Telegram, Hoa on Zalo, each through
// the real stand-in; the entry records the channel the event came from, and the entries page
// names each entry's own app, not every app its author has used.
import { afterEach, describe, expect, it } from "vitest";
import { startZaloHarness, type ZaloHarness } from "../helpers/zalo-harness.js";
import { addEntry } from "../helpers/entries.js";
import { askLink, signIn } from "./web-client.js";

const LAN_TELEGRAM = 1001;
const HOA_ZALO = "zalo-hoa";
const LEADER = 3001;
// Tuyên truyền, answered in the chat: 1 buổi, 20 lượt người, the rest 0, then Lưu.
const FILING = ["/nhap tuyen_truyen", "1", "20", "0", "0", "0", "0", "luu"];

let z: ZaloHarness | undefined;
afterEach(async () => { await z?.close(); z = undefined; });

const appOf = (html: string, id: number) =>
  new RegExp(`id="ban-ghi-${id}"[\\s\\S]*?<dt>Ứng dụng</dt><dd class="app">([^<]*)</dd>`).exec(html)?.[1];

describe("the app each entry was filed from", () => {
  it("is recorded from the event's channel and shown per entry on the entries page", async () => {
    z = await startZaloHarness();
    const { h } = z;
    await h.register(LAN_TELEGRAM, "bao_cao", "dong-hung", "Lan");
    await h.register(LEADER, "lanh_dao", "nhon-hung", "Vũ");
    await z.register(HOA_ZALO, "bao_cao", "tay-hung", "Hoa");
    for (const a of FILING) await h.say(LAN_TELEGRAM, a);
    for (const a of FILING) await z.say(HOA_ZALO, a);
    // Hoa also says "không phát sinh" for violations: its entry of zeros is Zalo's too.
    const nil = await z.say(HOA_ZALO, "/khongphatsinh vi_pham");
    expect(nil.map((m) => m.text).join("\n")).toContain("không phát sinh trong kỳ tháng 02/2025");

    const rows = h.bot.db.$client.prepare("select id, unit_code as unit, source, channel from entries order by id").all() as
      Array<{ id: number; unit: string; source: string; channel: string | null }>;
    expect(rows.map(({ unit, source, channel }) => ({ unit, source, channel }))).toEqual([
      { unit: "dong-hung", source: "chat", channel: "telegram" },
      { unit: "tay-hung", source: "chat", channel: "zalo" },
      { unit: "tay-hung", source: "nil", channel: "zalo" },
    ]);
    // Vũ, on Telegram, reads both units' entries.
    const b = await signIn(h, await askLink(h, LEADER));
    const page = await b.get("/web/muc?ky=2025-02");
    expect(page.status).toBe(200);
    expect(appOf(page.text, rows[0]!.id)).toBe("Telegram");
    expect(appOf(page.text, rows[1]!.id)).toBe("Zalo");
    expect(appOf(page.text, rows[2]!.id)).toBe("Zalo · báo không phát sinh");

    // An imported figure has no app; a chat entry from before migration 0016 says its app is not known.
    const imported = addEntry(h.bot.db, { unit: "nhon-hung", form: "tuyen_truyen", date: "2025-02-28", period: "2025-02", spanStart: "2025-02-01",
      spanEnd: "2025-02-28", values: { "tuyen_truyen.so_buoi": 2 } });
    const old = addEntry(h.bot.db, { unit: "dong-hung", form: "tuyen_truyen", date: "2025-02-10", values: { "tuyen_truyen.so_buoi": 1 } });
    const again = await b.get("/web/muc?ky=2025-02");
    expect(appOf(again.text, imported)).toBe("nhập từ tệp");
    expect(appOf(again.text, old)).toBe("nhập qua bot, không rõ ứng dụng");
  });
});
