// Telegram and Zalo in one process: people on either channel use the same bot and database.
import { afterEach, describe, expect, it } from "vitest";
import { startZaloHarness, type ZaloHarness } from "../helpers/zalo-harness.js";
import { call } from "../http/fixtures.js";

let z: ZaloHarness | undefined;
afterEach(async () => { await z?.close(); z = undefined; });

const FILING = ["/nhap tuyen_truyen", "3", "60", "1,5", "0", "0", "0", "luu"];

describe("Telegram and Zalo at once", () => {
  it("/healthz reports the database and each channel's state", async () => {
    z = await startZaloHarness();
    const r = await call(`${z.h.bot.web!.url}/healthz`);
    expect(r.status).toBe(200);
    expect(JSON.parse(r.text)).toMatchObject({ ok: true, database: "ok", channels: { telegram: "polling", zalo: "polling" } });
  });

  it("two people, one on each channel, file at the same time; each is answered on their own channel", async () => {
    z = await startZaloHarness();
    const { h, zalo } = z;
    await h.register(9101, "bao_cao", "dong-hung", "Người Telegram");
    await z.register("9202", "bao_cao", "tay-hung", "Người Zalo");
    for (const step of FILING) {
      // Both messages are in flight together; neither waits for the other.
      const [tg, za] = await Promise.all([h.say(9101, step), z.say("9202", step)]);
      expect(tg.length, step).toBeGreaterThan(0);
      expect(za.length, step).toBeGreaterThan(0);
    }
    expect(h.standin.sentTo(9101).at(-1)!.text + h.standin.sentTo(9101).at(-2)?.text).toContain("Đã lưu");
    expect(zalo.sentTo("9202").map((m) => m.text).join("\n")).toContain("Đã lưu");
    const rows = h.bot.db.$client.prepare(
      "select e.unit_code as unit, i.channel from entries e join identities i on i.user_id = e.reporter_id order by e.unit_code").all();
    expect(rows).toEqual([{ unit: "dong-hung", channel: "telegram" }, { unit: "tay-hung", channel: "zalo" }]);
    // Nothing crossed over: the Zalo person got no Telegram message and the reverse.
    expect(h.standin.sentTo(9202)).toHaveLength(0);
    expect(zalo.sentTo("9101")).toHaveLength(0);
  });
});
