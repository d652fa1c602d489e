// Issue 16, item 6: what people read about channels comes from the plug-ins: each person's
// channels in /nguoidung by the plug-in's label, and the help and /lienket name the channels
// the bot runs, not a fixed list of platforms.
import { rmSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../helpers/harness.js";
import { startZaloHarness, type ZaloHarness } from "../helpers/zalo-harness.js";
import { telegramPlugin } from "../../src/channels/telegram/plugin.js";

let h: Harness | undefined;
let z: ZaloHarness | undefined;
const LABEL = telegramPlugin.label;
afterEach(async () => {
  (telegramPlugin as { label: string }).label = LABEL;
  if (h) { await h.stop(); rmSync(h.dir, { recursive: true, force: true }); h = undefined; }
  await z?.close(); z = undefined;
});

const last = (r: { text: string }[]) => r.at(-1)!.text;
const ADMIN = 2001;

describe("channel labels", () => {
  it("/nguoidung names each person's channels by their plug-in's label", async () => {
    (telegramPlugin as { label: string }).label = "Telegram Thử";
    h = await startHarness();
    await h.register(ADMIN, "admin", "nhon-hung", "Văn phòng");
    expect(last(await h.say(ADMIN, "/nguoidung"))).toContain("1. Văn phòng — Văn phòng (quản trị), Phường Nhơn Hưng — Telegram Thử — đang dùng");
  });

  it("the help names only the channels the bot runs", async () => {
    h = await startHarness();
    await h.register(ADMIN, "admin", "nhon-hung", "Văn phòng");
    expect(last(await h.say(ADMIN, "/trogiup"))).toContain("• /lienket — dùng bot trên ứng dụng khác (Telegram) với cùng tài khoản:");
  });

  it("with Telegram and Zalo, the help and /lienket name both, in the registry's order", async () => {
    z = await startZaloHarness();
    await z.h.register(ADMIN, "admin", "nhon-hung", "Văn phòng");
    expect(last(await z.h.say(ADMIN, "/trogiup"))).toContain("• /lienket — dùng bot trên ứng dụng khác (Telegram, Zalo) với cùng tài khoản:");
    expect(last(await z.h.say(ADMIN, "/lienket"))).toContain("Để dùng bot trên ứng dụng khác (ví dụ Telegram hoặc Zalo) với cùng tài khoản, mở bot trên ứng dụng đó và gửi: /lienket ");
  });
});
