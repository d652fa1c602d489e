// The bot on a Zalo Official Account, end to end: the real bot, its HTTP server and database,
// against a stand-in of Zalo's OpenAPI and OAuth hosts written from the documentation
// (test/helpers/zalo-oa-standin.ts). Ids are strings beyond 2^53, as Zalo's are.
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REAUTHORISE_NOTICE } from "../../src/channels/zalo-oa/oa-office.js";
import { enqueue } from "../../src/outbox/sender.js";
import { startOaHarness, oaEnv, type OaHarness } from "../helpers/zalo-oa-harness.js";
import { startZaloOaStandin } from "../helpers/zalo-oa-standin.js";
import { testClock } from "../helpers/harness.js";
import { call } from "../http/fixtures.js";

let z: OaHarness | undefined;
const stopLater: Array<() => Promise<void>> = [];
afterEach(async () => {
  await z?.close();
  z = undefined;
  for (const s of stopLater.splice(0).reverse()) await s();
});

const KHOM_HEAD = "7000000000000000101";
const CHAIRMAN = "7000000000000000102";
const OFFICE_TG = 555001;

/** Answers a form's questions by typing: "1" for a numbered list, "bo qua" where it may be skipped, else "2". */
async function fillForm(z: OaHarness, userId: string, first: string): Promise<string[]> {
  const seen: string[] = [];
  let replies = await z.say(userId, first);
  for (let step = 0; step < 20; step++) {
    const last = replies.at(-1)?.text ?? "";
    seen.push(last);
    if (last.includes("Kiểm tra lại")) {
      replies = await z.say(userId, "luu");
      seen.push(...replies.map((r) => r.text ?? ""));
      return seen;
    }
    const answer = /\n1\. /.test(last) ? "1" : /bỏ qua/i.test(last) ? "bo qua" : "2";
    replies = await z.say(userId, answer);
  }
  throw new Error(`form did not reach its summary: ${seen.join("\n---\n")}`);
}

const inboxCount = (z: OaHarness) => (z.h.bot.db.$client.prepare("select count(*) as n from inbound_events where channel = 'zalo-oa'").get() as { n: number }).n;

describe("Zalo OA: follow, register, file, report", () => {
  it("a follower is greeted, registers with an invite code, files a form by typing; the chairman's /baocao arrives as a DOCX file", async () => {
    z = await startOaHarness({ telegram: false });
    const greeting = await z.send(KHOM_HEAD, z.oa.followEvent(KHOM_HEAD));
    expect(greeting.at(-1)!.text).toContain("/start <mã mời>");

    await z.register(KHOM_HEAD, "bao_cao", "dong-hung");
    const list = await z.say(KHOM_HEAD, "/nhap");
    // No buttons: the forms come as a numbered list, each message within 2,000 characters.
    expect(list.at(-1)!.text).toMatch(/\n1\. /);
    expect(list.every((m) => [...(m.text ?? "")].length <= 2000)).toBe(true);
    const seen = await fillForm(z, KHOM_HEAD, "1");
    expect(seen.join("\n")).toContain("✅ Đã lưu");
    const saved = z.h.bot.db.$client.prepare("select count(*) as n from entries where unit_code = 'dong-hung' and source = 'chat'").get() as { n: number };
    expect(saved.n).toBe(1);

    await z.register(CHAIRMAN, "lanh_dao", "nhon-hung");
    const answer = await z.say(CHAIRMAN, "/baocao thang 2/2025");
    const file = answer.find((m) => m.file)?.file;
    expect(file, JSON.stringify(answer.map((m) => m.text))).toBeDefined();
    const archived = z.h.bot.db.$client.prepare("select bytes, file_name as fileName from issued_reports order by id desc limit 1").get() as { bytes: Buffer; fileName: string };
    expect(file!.fileName).toBe(archived.fileName);
    expect(file!.fileName).toMatch(/\.docx$/);
    expect(Buffer.compare(file!.bytes, archived.bytes)).toBe(0);
    // Uploaded once with the DOCX type, then sent as a file attachment by its token.
    expect(z.oa.uploads).toHaveLength(1);
    expect(z.oa.uploads[0]!.contentType).toContain("wordprocessingml");
    // Every call carried the bare access_token header; the app secret only ever went to the OAuth host.
    for (const c of z.oa.calls.filter((c) => c.host === "api")) expect(z.oa.liveAccessTokens()).toContain(c.credential);
    expect(z.oa.calls.filter((c) => c.host === "oauth").every((c) => c.credential === z!.oa.appSecret)).toBe(true);
  });

  it("an export (CSV, which the OA does not take as a file) comes as a signed link", async () => {
    z = await startOaHarness({ telegram: false });
    await z.register(CHAIRMAN, "lanh_dao", "nhon-hung");
    const answer = await z.say(CHAIRMAN, "/xuat thang 2/2025");
    const link = answer.map((m) => m.text ?? "").join("\n").match(/https:\/\/\S+\/tep\/\S+/);
    expect(link, JSON.stringify(answer)).not.toBeNull();
    expect(z.oa.uploads).toHaveLength(0);
    const got = await call(z.local(link![0]));
    expect(got.status).toBe(200);
    expect(got.body.toString("utf8")).toContain("\n");
  });
});

/** A tiny "PNG"; SHA-256 and size worked out with sha256sum and wc -c (as in zalo-photos.test.ts). */
const PHOTO = Buffer.from("\x89PNG\r\n\x1a\nmoc 250 lun", "latin1");
const PHOTO_SHA256 = "01eeb1376499f3386bf5e055b862241e78e47a9e5e671da86494aeeefc937d1f";

describe("Zalo OA photo of a marker report", () => {
  it("is downloaded from the event's URL and kept under the data folder by its hash", async () => {
    z = await startOaHarness({ telegram: false });
    const POST = "7000000000000000301";
    await z.register(POST, "bao_cao", "don-bp-nhon-hung");
    const list = await z.say(POST, "/nhap");
    const number = list.at(-1)!.text!.split("\n").find((l) => l.includes("Đường biên, mốc quốc giới"))?.match(/^(\d+)\. /)?.[1];
    expect(number).toBeDefined();
    await z.say(POST, number!);
    await z.say(POST, "2");
    await z.say(POST, "1");
    let r = await z.say(POST, "Mốc 250 bị lún");
    expect(r.at(-1)!.text).toContain("Gửi ảnh mốc");
    const url = z.oa.photoUrl("moc-250.png", PHOTO);
    r = await z.send(POST, z.oa.imageEvent(POST, url));
    expect(r.at(-1)!.text).toContain("đã báo cáo cấp trên");
    r = await z.say(POST, "1");
    for (const n of ["0", "0", "0", "0"]) r = await z.say(POST, n);
    r = await z.say(POST, "luu");
    expect(r.at(-1)!.text).toContain("✅ Đã lưu");
    const db = z.h.bot.db.$client;
    await z.oa.waitFor(() => db.prepare("select 1 from entry_photos").get(), 20_000);
    expect(db.prepare("select path, sha256, size, platform_file_id as fileId from entry_photos").all())
      .toEqual([{ path: `photos/2025-02/${PHOTO_SHA256}.png`, sha256: PHOTO_SHA256, size: 19, fileId: url }]);
    expect(Buffer.compare(readFileSync(join(z.h.dir, "photos", "2025-02", `${PHOTO_SHA256}.png`)), PHOTO)).toBe(0);
  });
});

describe("Zalo OA webhook", () => {
  it("while the database cannot be written: 503 (Zalo delivers again), nothing recorded; the redelivery is answered once", async () => {
    z = await startOaHarness({ telegram: false });
    await z.register(KHOM_HEAD, "bao_cao", "dong-hung");
    const before = z.oa.sentTo(KHOM_HEAD).length;
    const event = z.oa.textEvent(KHOM_HEAD, "/menu");
    const lock = new Database(join(z.h.dir, "bot.sqlite"));
    lock.exec("begin immediate");
    try {
      const refused = await z.oa.postEvent(z.hookUrl(), event);
      expect(refused.status).toBe(503);
    } finally {
      lock.exec("rollback");
      lock.close();
    }
    expect(inboxCount(z)).toBe(1); // the registration only
    const replies = await z.send(KHOM_HEAD, event, event);
    expect(replies).toHaveLength(1);
    expect(z.oa.sentTo(KHOM_HEAD).length).toBe(before + 1);
  }, 60_000);


  it("a forged or missing signature gets 401 and nothing is recorded; mac= is optional; echoes and repeats are dropped", async () => {
    z = await startOaHarness({ telegram: false });
    const url = z.hookUrl();
    const event = z.oa.textEvent(KHOM_HEAD, "/start");
    const good = z.oa.sign(JSON.stringify(event), event.timestamp);
    // One hex digit changed; signed with the app secret instead of the OA Secret Key; no header at all.
    const forged = good.slice(0, -1) + (good.endsWith("0") ? "1" : "0");
    expect((await z.oa.postEvent(url, event, { signature: forged })).status).toBe(401);
    const { createHash } = await import("node:crypto");
    const withAppSecret = `mac=${createHash("sha256").update(z.oa.appId + JSON.stringify(event) + event.timestamp + z.oa.appSecret).digest("hex")}`;
    expect((await z.oa.postEvent(url, event, { signature: withAppSecret })).status).toBe(401);
    expect((await z.oa.postEvent(url, event, { signature: null })).status).toBe(401);
    // The body changed after signing (the timestamp is part of the mac).
    expect((await z.oa.postEvent(url, { ...event, timestamp: String(Number(event.timestamp) + 1) }, { signature: good })).status).toBe(401);
    expect(inboxCount(z)).toBe(0);
    expect(z.oa.sent).toHaveLength(0);

    // Zalo's unsigned "{}" when the address is saved in the console: 200, nothing recorded.
    expect((await z.oa.postEvent(url, {}, { signature: null })).status).toBe(200);
    expect(inboxCount(z)).toBe(0);

    // Without "mac=" it is accepted too; the same msg_id delivered again is answered once.
    expect((await z.oa.postEvent(url, event, { prefix: false })).status).toBe(200);
    await z.oa.waitFor(() => z!.oa.sentTo(KHOM_HEAD).length === 1, 20_000);
    expect((await z.oa.postEvent(url, event)).status).toBe(200);
    await z.h.bot.settle();
    expect(inboxCount(z)).toBe(1);
    expect(z.oa.sentTo(KHOM_HEAD)).toHaveLength(1);

    // The OA's own message coming back is not a message from anyone.
    const echo = z.oa.echoEvent(KHOM_HEAD, "Xin chào");
    expect((await z.oa.postEvent(url, echo)).status).toBe(200);
    await z.h.bot.settle();
    expect(inboxCount(z)).toBe(1);
  });
});

// The official table says -220 for an expired token; a real send log shows -216: both refresh once.
describe.each([-216, -220] as const)("Zalo OA access token expiring (answered %i)", (expiredCode) => {
  it("an access token that expires mid-conversation is refreshed once and the reply still arrives; a token near its end is refreshed before use", async () => {
    const oa = await startZaloOaStandin({ expiredCode });
    stopLater.push(() => oa.close());
    z = await startOaHarness({ telegram: false, oa });
    await z.register(KHOM_HEAD, "bao_cao", "dong-hung");
    const refreshes = z.oa.refreshes();
    z.oa.expireAccessTokens();
    const r = await z.say(KHOM_HEAD, "/menu");
    expect(r).toHaveLength(1);
    expect(z.oa.refreshes()).toBe(refreshes + 1);
    const cs = z.oa.calls.filter((c) => c.path === "/v3.0/oa/message/cs");
    expect(cs.at(-2)!.error).toBe(expiredCode);
    expect(cs.at(-1)!.error).toBe(0);
    // The rotated refresh token is the one stored (the configured one is spent).
    const row = z.h.bot.db.$client.prepare("select refresh_token as rt, access_token as at, access_expires_at as exp from channel_tokens where channel = 'zalo-oa'").get() as { rt: string; at: string; exp: number };
    expect(row.rt).toBe(z.oa.liveRefreshToken());
    expect(row.at).toBe(cs.at(-1)!.credential);
    // expires_in "90000" (a string): 25 h from the injected clock.
    expect(row.exp).toBe(z.h.clock.now.getTime() + 90_000_000);

    // 20 h later 5 h are left, under the 6 h margin: refreshed first, no refused call.
    z.h.clock.advance(20 * 3_600_000);
    const before = z.oa.calls.length;
    await z.say(KHOM_HEAD, "/menu");
    expect(z.oa.refreshes()).toBe(refreshes + 2);
    expect(z.oa.calls.slice(before).filter((c) => c.host === "api").every((c) => c.error === 0)).toBe(true);
  });

});

describe("Zalo OA refresh token", () => {
  it("a refresh whose answer is lost: the stored token serves on the next start; the dead refresh token tells the office once, in steps, and Telegram keeps working; a new authorisation restores the OA", async () => {
    const oa = await startZaloOaStandin();
    stopLater.push(() => oa.close());
    // Noon in Vietnam: 20 h later is 08:00, outside the quiet hours that hold the office's notices.
    z = await startOaHarness({ oa, clock: testClock("2025-02-20T05:00:00Z") });
    const dir = z.h.dir;
    await z.h.register(OFFICE_TG, "admin", "nhon-hung");
    await z.register(KHOM_HEAD, "bao_cao", "dong-hung");
    const stored = () => z!.h.bot.db.$client.prepare("select refresh_token as rt, access_token as at, dead_at as deadAt from channel_tokens").get() as { rt: string; at: string; deadAt: number | null };
    const first = stored();

    // Near the end of the access token: the refresh is done at Zalo but its answer never arrives.
    z.h.clock.advance(20 * 3_600_000);
    oa.loseNextRefreshAnswer();
    const r = await z.say(KHOM_HEAD, "/menu");
    expect(r).toHaveLength(1); // the old access token still serves
    expect(stored()).toEqual(first);
    expect(oa.liveRefreshToken()).not.toBe(first.rt); // rotated at Zalo: ours is dead

    // The process goes down and comes back: the stored access token is used, not the configured seed.
    await z.h.restart();
    const seedCalls = () => oa.calls.filter((c) => c.host === "oauth" && (c.body as { refresh_token?: string }).refresh_token === oa.seedRefreshToken).length;
    const seedsBefore = seedCalls();
    z.h.clock.advance(60_000);
    const again = await z.say(KHOM_HEAD, "/menu");
    expect(again).toHaveLength(1);
    expect(oa.calls.filter((c) => c.path === "/v3.0/oa/message/cs").at(-1)!.credential).toBe(first.at);
    expect(seedCalls()).toBe(seedsBefore);

    // Its refresh was refused as dead (-14014): the office hears once, on Telegram, with the steps.
    await oa.waitFor(() => stored().deadAt !== null);
    await z.h.bot.settle();
    await oa.waitFor(() => z!.h.standin.sentTo(OFFICE_TG).some((m) => m.text === REAUTHORISE_NOTICE), 20_000);
    await z.say(KHOM_HEAD, "/menu");
    await z.h.bot.settle();
    expect(z.h.standin.sentTo(OFFICE_TG).filter((m) => m.text === REAUTHORISE_NOTICE)).toHaveLength(1);
    expect(REAUTHORISE_NOTICE).toMatch(/1\. .*\n2\. .*ZALO_OA_REFRESH_TOKEN.*\n3\. /);
    const health = await call(`${z.h.bot.web!.url}/healthz`);
    expect(JSON.parse(health.body.toString("utf8")).reasons).toContain("channel_error:zalo-oa");
    // Telegram is untouched.
    expect((await z.h.say(OFFICE_TG, "/menu")).length).toBeGreaterThan(0);

    // The OA admin authorises again; the new token is configured and the bot restarted.
    await z.close();
    const fresh = oa.authorise();
    oa.expireAccessTokens();
    z = await startOaHarness({ oa, dir, env: oaEnv(oa, fresh) });
    const back = await z.say(KHOM_HEAD, "/menu");
    expect(back).toHaveLength(1);
    expect(stored().deadAt).toBeNull();
    expect(stored().rt).toBe(oa.liveRefreshToken());
    expect(z.h.bot.channels.find((c) => c.name === "zalo-oa")!.state()).toBe("webhook");
  });
});

describe("Zalo OA reachability", () => {
  it("an unfollow makes the person unreachable and the office is told once; following again brings them back", async () => {
    z = await startOaHarness();
    await z.h.register(OFFICE_TG, "admin", "nhon-hung");
    await z.register(KHOM_HEAD, "bao_cao", "dong-hung");
    const user = () => z!.h.bot.db.$client.prepare("select u.unreachable_at as at from users u join identities i on i.user_id = u.id where i.platform_user_id = ?").get(KHOM_HEAD) as { at: number | null };
    const r = await z.oa.postEvent(z.hookUrl(), z.oa.unfollowEvent(KHOM_HEAD));
    expect(r.status).toBe(200);
    expect(user().at).not.toBeNull();
    z.h.bot.outbox.wake();
    await z.oa.waitFor(() => z!.h.standin.sentTo(OFFICE_TG).some((m) => m.text.includes("bỏ quan tâm")), 20_000);
    // Delivered again by Zalo: still one notice.
    await z.oa.postEvent(z.hookUrl(), z.oa.unfollowEvent(KHOM_HEAD));
    await z.h.bot.settle();
    expect(z.h.standin.sentTo(OFFICE_TG).filter((m) => m.text.includes("bỏ quan tâm"))).toHaveLength(1);

    await z.send(KHOM_HEAD, z.oa.followEvent(KHOM_HEAD));
    expect(user().at).toBeNull();
  });

  it("-230 (no interaction in 7 days) fails the message once, never retried as if temporary", async () => {
    z = await startOaHarness({ telegram: false });
    await z.register(KHOM_HEAD, "bao_cao", "dong-hung");
    z.oa.closeWindow(KHOM_HEAD);
    const db = z.h.bot.db;
    const id = enqueue(db, { channel: "zalo-oa", chatId: KHOM_HEAD, userId: null, message: { type: "text", text: "Nhắc báo cáo" }, kind: "notice", dedupeKey: "t-230" }, z.h.clock.now)!;
    z.h.bot.outbox.wake();
    const row = () => db.$client.prepare("select status, attempts, last_error as err from outbox where id = ?").get(id) as { status: string; attempts: number; err: string };
    await z.oa.waitFor(() => row().status !== "pending" && row().status !== "sending", 20_000);
    z.h.clock.advance(3_600_000);
    z.h.bot.outbox.wake();
    await z.h.bot.settle();
    expect(row()).toMatchObject({ status: "failed", attempts: 1 });
    expect(row().err).toContain("-230");
    expect(z.oa.calls.filter((c) => c.error === -230)).toHaveLength(1);
  });
});
