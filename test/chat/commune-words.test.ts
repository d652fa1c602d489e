// Issue 16, item 4: a commune's chat says "xã" where a ward's says "phường" (the example commune,
// examples/xa-vinh-xuong, `level: xã`); names that start with "Phường" are left alone.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startHarness, testClock, type Harness } from "../helpers/harness.js";

const PROFILE = "examples/xa-vinh-xuong/ward-profile.yaml";
const LEADER = 5002;
const AP_HEAD = 5001;

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ env: { WARD_PROFILE_PATH: PROFILE }, clock: testClock("2025-09-20T03:00:00Z") });
});
afterEach(async () => { await h.stop(); });

describe("the commune's chat", () => {
  it("greets a leader as Lãnh đạo xã and refuses a reporter's /baocao as the commune's leaders' command", async () => {
    await h.register(LEADER, "lanh_dao", "vinh-xuong", "Tư");
    const all = (await h.say(LEADER, "/menu")).map((m) => m.text).join("\n");
    expect(all).toContain("Lãnh đạo xã");
    expect(all).not.toMatch(/phường/);
    await h.register(AP_HEAD, "bao_cao", "ap-1", "Ba");
    const r = await h.say(AP_HEAD, "/baocao");
    expect(r.at(-1)!.text).toBe("Lệnh /baocao dành cho lãnh đạo xã. Để nhập số liệu của đơn vị bạn, gõ /nhap.");
  });
});
