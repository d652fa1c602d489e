// /web from the chat: a one-time link, valid ten minutes, single use, a few an hour; opening it
// starts a session (cookie HttpOnly, SameSite=Strict, Secure under HTTPS, a working day);
// "Đăng xuất" and stopping the person end it. Real bot, Telegram stand-in, SQLite file.
import { rmSync } from "node:fs";
import { createHash } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { startHarness, testClock, type Harness } from "../helpers/harness.js";
import { call } from "../http/fixtures.js";
import { changePerson } from "../../src/store/people.js";
import { Writable } from "node:stream";
import { createLogger } from "../../src/log.js";
import { askLink, csrfOf, LEADER, PUBLIC_BASE_URL, REPORTER, session, signIn, startOffice } from "./web-client.js";

// Written out here, not imported from src/.
const USED_OR_EXPIRED = "Liên kết này đã được dùng hoặc đã hết hạn. Gõ /web trong bot để nhận liên kết mới.";
const NOT_SIGNED_IN = "Bạn chưa vào trang hoặc phiên làm việc đã hết hạn. Gõ /web trong bot để nhận liên kết vào trang.";
const MINUTE = 60_000;

let h: Harness | undefined;
afterEach(async () => {
  if (h) { await h.stop(); rmSync(h.dir, { recursive: true, force: true }); h = undefined; }
});

async function setUp(): Promise<Harness> {
  h = await startOffice();
  return h;
}

describe("/web login links", () => {
  it("answers with a one-time link through the outbox, keeps only its hash, and opens a session with the right cookie", async () => {
    const hh = await setUp();
    const replies = await hh.say(LEADER, "/web");
    expect(replies).toHaveLength(1);
    expect(replies[0]!.text).toMatch(/^🌐 Trang của phường \(bảng tiến độ, bản ghi các đơn vị và báo cáo\):\nhttps:\/\/bot\.example\.vn\/web\/vao\/[A-Za-z0-9_-]{43}\nLiên kết dùng một lần, hết hạn sau 10 phút\./);
    const token = /\/web\/vao\/([A-Za-z0-9_-]+)/.exec(replies[0]!.text)![1]!;
    // The reply left through the outbox, like every reply.
    const sent = hh.bot.db.$client.prepare("select count(*) as n from outbox where kind = 'reply' and status = 'sent' and payload_json like ?").get(`%${token}%`) as { n: number };
    expect(sent.n).toBe(1);
    // Only the hash is kept.
    const rows = hh.bot.db.$client.prepare("select token_hash as h from web_login_links").all() as { h: string }[];
    expect(rows).toEqual([{ h: createHash("sha256").update(token).digest("base64url") }]);

    const link = `${hh.bot.web!.url}/web/vao/${token}`;
    // Opening the link (or a chat app drawing its preview) does not use it: the button does.
    for (let i = 0; i < 2; i++) {
      const page = await call(link);
      expect(page.status).toBe(200);
      expect(page.text).toContain('<button type="submit" id="vao">Vào trang</button>');
      expect(page.headers["referrer-policy"]).toBe("no-referrer");
    }
    const b = await signIn(hh, link);
    expect(b.opened.status).toBe(303);
    expect(b.opened.headers.location).toBe("/web");
    const cookie = ([] as string[]).concat(b.opened.headers["set-cookie"] ?? []).find((c) => c.startsWith("phien="))!;
    expect(cookie).toMatch(/; Max-Age=32400(;|$)/);
    expect(cookie).toMatch(/; Path=\/web(;|$)/);
    expect(cookie).toMatch(/; HttpOnly(;|$)/);
    expect(cookie).toMatch(/; Secure(;|$)/);
    expect(cookie).toMatch(/; SameSite=Strict(;|$)/);
    const board = await b.get("/web");
    expect(board.status).toBe(200);
    expect(board.text).toContain("Vũ · Lãnh đạo");
    expect(board.headers["content-security-policy"]).toContain("default-src 'none'");
    expect(board.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  });

  it("refuses a used link and an expired one with one plain sentence", async () => {
    const hh = await setUp();
    const link = await askLink(hh, LEADER);
    expect((await signIn(hh, link)).opened.status).toBe(303);
    for (const r of [await call(link), await signIn(hh, link).then((x) => x.opened)]) {
      expect(r.status).toBe(403);
      expect(r.text).toContain(`<p class="notice">${USED_OR_EXPIRED}</p>`);
      expect(r.headers["set-cookie"]).toBeUndefined();
    }
    const late = await askLink(hh, LEADER);
    hh.clock.advance(10 * MINUTE - 1000);
    expect((await call(late)).status).toBe(200);
    hh.clock.advance(1000);
    const expired = await signIn(hh, late);
    expect(expired.opened.status).toBe(403);
    expect(expired.opened.text).toContain(USED_OR_EXPIRED);
    // A made-up token: the same sentence.
    expect((await call(`${hh.bot.web!.url}/web/vao/${"A".repeat(43)}`)).text).toContain(USED_OR_EXPIRED);
  });

  it("says the page is not open when the server has no public address", async () => {
    h = await startHarness({ clock: testClock("2025-02-20T03:00:00Z") });
    await h.register(LEADER, "lanh_dao", "nhon-hung", "Vũ");
    expect((await h.say(LEADER, "/web")).at(-1)!.text).toBe("Trang web của phường chưa được mở trên máy chủ này (chưa đặt địa chỉ công khai). Xin báo Văn phòng UBND phường.");
    expect(h.bot.db.$client.prepare("select count(*) as n from web_login_links").get()).toEqual({ n: 0 });
    expect((await call(`${h.bot.web!.url}/web`)).status).toBe(404);
  });

  it("gives five links an hour, then says to use the last one", async () => {
    const hh = await setUp();
    for (let i = 0; i < 5; i++) await askLink(hh, REPORTER);
    const r = await hh.say(REPORTER, "/web");
    expect(r.at(-1)!.text).toBe("Bạn đã lấy 5 liên kết trong một giờ qua. Xin dùng liên kết mới nhất đã nhận, hoặc thử lại sau ít phút.");
    hh.clock.advance(61 * MINUTE);
    await askLink(hh, REPORTER);
  });

  it("ends the session at Đăng xuất (with its CSRF token only) and after a working day", async () => {
    const hh = await setUp();
    const b = await signIn(hh, await askLink(hh, REPORTER));
    const board = await b.get("/web");
    // Without the page's token the logout is refused.
    expect((await b.post("/web/dang-xuat", { csrf: "x" })).status).toBe(403);
    expect((await b.get("/web")).status).toBe(200);
    const out = await b.post("/web/dang-xuat", { csrf: csrfOf(board.text) });
    expect(out.status).toBe(200);
    expect(out.text).toContain("Bạn đã đăng xuất.");
    expect(out.headers["set-cookie"]).toEqual(["phien=; Path=/web; Max-Age=0; HttpOnly; SameSite=Strict; Secure"]);
    const after = await b.get("/web");
    expect(after.status).toBe(401);
    expect(after.text).toContain(NOT_SIGNED_IN);

    const day = await signIn(hh, await askLink(hh, REPORTER));
    hh.clock.advance(9 * 60 * MINUTE - 1000);
    expect((await day.get("/web")).status).toBe(200);
    hh.clock.advance(1000);
    expect((await day.get("/web")).status).toBe(401);
  });

  it("ends every session of a person the office stops, and their unused links", async () => {
    const hh = await setUp();
    const a = await signIn(hh, await askLink(hh, REPORTER));
    const unused = await askLink(hh, REPORTER);
    const other = await signIn(hh, await askLink(hh, LEADER));
    expect((await a.get("/web")).status).toBe(200);
    const id = (hh.bot.db.$client.prepare("select user_id as id from identities where platform_user_id = ?").get(String(REPORTER)) as { id: number }).id;
    expect(changePerson(hh.bot.db, { id, active: false, by: null, now: hh.clock.now }).ok).toBe(true);
    expect((await a.get("/web")).status).toBe(401);
    expect((await signIn(hh, unused)).opened.status).toBe(403);
    expect((await other.get("/web")).status).toBe(200);
    // Ended for good: allowed back, the person needs a new link.
    expect(changePerson(hh.bot.db, { id, active: true, by: null, now: hh.clock.now }).ok).toBe(true);
    expect((await a.get("/web")).status).toBe(401);
    expect((await signIn(hh, unused)).opened.status).toBe(403);
    expect((await signIn(hh, await askLink(hh, REPORTER))).opened.status).toBe(303);
  });

  it("shows nothing behind /web without a session, and no session for a forged cookie", async () => {
    const hh = await setUp();
    for (const path of ["/web", "/web/muc", "/web/bao-cao", "/web/bao-cao/1/tai"]) {
      const r = await session(hh, "").get(path);
      expect(r.status).toBe(401);
      expect(r.text).toContain(NOT_SIGNED_IN);
      expect((await session(hh, `phien=${"B".repeat(43)}`).get(path)).status).toBe(401);
    }
  });
});

describe("logs", () => {
  it("never carry a login link's token, the session cookie or the CSRF token, even at trace level", async () => {
    let out = "";
    const log = createLogger({ level: "trace", destination: new Writable({ write(c, _e, done) { out += String(c); done(); } }) });
    h = await startHarness({ clock: testClock("2025-02-20T03:00:00Z"), env: { PUBLIC_BASE_URL }, start: { log } });
    await h.register(LEADER, "lanh_dao", "nhon-hung", "Vũ");
    const link = await askLink(h, LEADER);
    const b = await signIn(h, link);
    const board = await b.get("/web");
    await b.get("/web/muc?ky=2025-02&don-vi=dong-hung");
    await b.post("/web/dang-xuat", { csrf: csrfOf(board.text) });
    expect(out).toContain("web session opened");
    const token = link.split("/web/vao/")[1]!;
    for (const secret of [token, b.cookie.slice("phien=".length), csrfOf(board.text)]) expect(out).not.toContain(secret);
  });
});
