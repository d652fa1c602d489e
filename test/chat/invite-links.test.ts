// Invite links come from the channels (the core knows no platform's link format).
import { afterEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../helpers/harness.js";
import { inviteMessage as message } from "../../src/conversation/pending.js";

const inviteMessage = (...a: Parameters<typeof message>) => { const m = message(...a); return { text: m.type === "text" ? m.text : "" }; };

const ADMIN = 4001;
let h: Harness | undefined;
afterEach(async () => { await h?.stop(); h = undefined; });

describe("invite links", () => {
  const invite = { code: "ABCDEFGHJK", expiresAt: new Date("2025-02-27T03:00:00Z") };
  it("lists one link per channel that gives one, or none", () => {
    expect(inviteMessage(invite, "bao_cao", "Khóm Đông Hưng", []).text).not.toContain("liên kết");
    expect(inviteMessage(invite, "bao_cao", "Khóm Đông Hưng", ["https://a.example/x"]).text).toContain("Hoặc mở liên kết: https://a.example/x");
    const two = inviteMessage(invite, "bao_cao", "Khóm Đông Hưng", ["https://a.example/x", "https://b.example/y"]).text;
    expect(two).toContain("Hoặc mở một trong các liên kết:\n• https://a.example/x\n• https://b.example/y");
  });

  it("uses BOT_USERNAME for the Telegram link when it is set", async () => {
    h = await startHarness({ env: { BOT_USERNAME: "phuong_bot" } });
    await h.register(ADMIN, "admin", "nhon-hung");
    const r = await h.say(ADMIN, "/moi bao_cao dong-hung");
    const code = /Mã mời cho [^:]+: (\w+)/.exec(r.at(-1)!.text)?.[1];
    expect(r.at(-1)!.text).toContain(`https://t.me/phuong_bot?start=${code}`);
  });
});
