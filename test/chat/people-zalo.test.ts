// On Zalo (no buttons) a registered person answers the new-invite question by typing, and the
// office's /nguoidung list is a numbered list to type from.
import { afterEach, describe, expect, it } from "vitest";
import { startZaloHarness, type ZaloHarness } from "../helpers/zalo-harness.js";

let z: ZaloHarness | undefined;
afterEach(async () => { await z?.close(); z = undefined; });

const CHAIRMAN = "800002";
const ADMIN = "800003";

describe("people on Zalo", () => {
  it("a leader keeps his role by typing 'giu nhu cu'; the office stops someone by typing from the list", async () => {
    z = await startZaloHarness({ telegram: false });
    await z.register(CHAIRMAN, "lanh_dao", "nhon-hung", "Vũ");
    await z.register(ADMIN, "admin", "nhon-hung", "Lan");
    let r = await z.say(CHAIRMAN, `/start ${z.h.invite("bao_cao", "dong-hung")}`);
    expect(r.at(-1)!.text).toContain("1. Đồng ý");
    expect(r.at(-1)!.text).toContain("2. Giữ như cũ");
    r = await z.say(CHAIRMAN, "giu nhu cu");
    expect(r.at(-1)!.text).toContain("Đã giữ như cũ: Vũ, Lãnh đạo phường, Phường Nhơn Hưng.");
    r = await z.say(ADMIN, "/nguoidung");
    expect(r.at(-1)!.text).toContain("1. Vũ — Lãnh đạo phường, Phường Nhơn Hưng — Zalo — đang dùng");
    expect(r.at(-1)!.text).toContain("\n1. Vũ, Phường Nhơn Hưng\n2. Lan, Phường Nhơn Hưng\n");
    r = await z.say(ADMIN, "1");
    r = await z.say(ADMIN, "ngung su dung");
    expect(r.at(-1)!.text).toContain("⛔ Đã ngừng: Vũ");
    expect((await z.say(CHAIRMAN, "/baocao")).at(-1)!.text).toContain("đã ngừng sử dụng bot");
  });
});
