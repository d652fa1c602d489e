// A message of only spaces or invisible characters gets the short "not understood" answer, on
// Telegram and on Zalo, as other unreadable text does. Reported by exploratory testing as getting
// no reply at all; not reproduced through the stand-ins (this passed on the code it was written
// against), so it stands as a guard of the answer expected.
import { afterEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../helpers/harness.js";
import { startZaloHarness, type ZaloHarness } from "../helpers/zalo-harness.js";

let h: Harness | undefined;
let z: ZaloHarness | undefined;
afterEach(async () => {
  if (h) { await h.stop(); h = undefined; }
  if (z) { await z.close(); z = undefined; }
});

const BLANKS = ["   ", "\u00a0", "\u200b", "\u200b\u200b \u00a0", "\ufeff", "\u2060\u3000"];
// "Chưa hiểu ý bạn…", or with a list on screen (the menu after registering) "Không có lựa chọn này…".
const NOT_UNDERSTOOD = /^(Chưa hiểu ý bạn\.|⚠️ Không có lựa chọn này\.) .*\/menu/s;

describe("a blank message", () => {
  it("is answered on Telegram, by a reporter and by a leader, with nothing else done", async () => {
    h = await startHarness();
    await h.register(1001, "bao_cao", "dong-hung");
    await h.register(3001, "lanh_dao", "nhon-hung");
    for (const who of [1001, 3001]) {
      for (const blank of BLANKS) {
        const r = await h.say(who, blank);
        expect(r.map((m) => m.text), JSON.stringify(blank)).toEqual([expect.stringMatching(NOT_UNDERSTOOD)]);
      }
    }
    expect(h.bot.db.$client.prepare("select count(*) n from entries").get()).toEqual({ n: 0 });
  });

  it("is answered on Zalo", async () => {
    z = await startZaloHarness({ telegram: false });
    await z.register("z1", "bao_cao", "dong-hung");
    for (const blank of BLANKS) {
      const r = await z.say("z1", blank);
      expect(r.map((m) => m.text), JSON.stringify(blank)).toEqual([expect.stringMatching(NOT_UNDERSTOOD)]);
    }
  });
});
