// Signed links without a server: the key (LINK_SECRET or one generated and kept in settings),
// expiry, and junk tokens that must be refused without throwing.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FileLinks, LINK_SECRET_SETTING } from "../../src/http/file-links.js";
import { movableClock, tempDb, type Clock, type TempDb } from "./fixtures.js";

const HOUR = 3_600_000;
let t: TempDb;
let clock: Clock;

beforeEach(() => { t = tempDb(); clock = movableClock(); });
afterEach(() => t.close());

const tokenOf = (url: string) => url.slice(url.indexOf("/tep/") + "/tep/".length);
const file = { fileName: "Tệp chia sẻ.txt", contentType: "text/plain; charset=utf-8", bytes: Buffer.from("nội dung") };
const keyRows = (db = t.db) => db.$client.prepare("select value_json from settings where key = ?").all(LINK_SECRET_SETTING);

describe("file links", () => {
  it("generates a key once, keeps it in settings, and a second instance (even on a new connection) honours its links", () => {
    const a = new FileLinks({ db: t.db, baseUrl: "https://x.vn", ttlMs: HOUR, clock });
    expect(keyRows()).toHaveLength(1);
    const link = a.shareFile(file);
    const b = new FileLinks({ db: t.reopen(), baseUrl: "https://x.vn", ttlMs: HOUR, clock });
    expect(keyRows()).toHaveLength(1);
    expect(b.resolve(tokenOf(link.url), clock())).toEqual({ ok: true, ...file, fileName: "Tệp chia sẻ.txt" });
  });

  it("uses LINK_SECRET when given, without touching settings; links from the generated key fail under it and vice versa", () => {
    const secret = "s".repeat(32) + "-configured";
    const withSecret = new FileLinks({ db: t.db, baseUrl: "https://x.vn", secret, ttlMs: HOUR, clock });
    expect(keyRows()).toHaveLength(0);
    const signed = withSecret.shareFile(file);
    expect(new FileLinks({ db: t.reopen(), baseUrl: "https://x.vn", secret, ttlMs: HOUR, clock }).resolve(tokenOf(signed.url)).ok).toBe(true);
    const generated = new FileLinks({ db: t.db, baseUrl: "https://x.vn", ttlMs: HOUR, clock });
    expect(generated.resolve(tokenOf(signed.url)).ok).toBe(false);
    expect(withSecret.resolve(tokenOf(generated.shareFile(file).url)).ok).toBe(false);
  });

  it("expires after the TTL", () => {
    const links = new FileLinks({ db: t.db, baseUrl: "https://x.vn", ttlMs: 2 * HOUR, clock });
    const link = links.shareFile(file);
    expect(link.expiresAt.toISOString()).toBe("2025-03-01T04:00:00.000Z");
    expect(links.resolve(tokenOf(link.url), new Date("2025-03-01T03:59:59Z")).ok).toBe(true);
    expect(links.resolve(tokenOf(link.url), new Date("2025-03-01T04:00:00Z")).ok).toBe(false);
  });

  it("refuses a missing report or file", () => {
    const links = new FileLinks({ db: t.db, baseUrl: "https://x.vn/", ttlMs: HOUR, clock });
    const link = links.linkForReport(999);
    expect(link.url).toMatch(/^https:\/\/x\.vn\/tep\/[\w-]+\.[\w-]+$/);
    expect(links.resolve(tokenOf(link.url))).toEqual({ ok: false });
  });

  it("never throws on junk", () => {
    const links = new FileLinks({ db: t.db, baseUrl: "https://x.vn", ttlMs: HOUR, clock });
    const junk = ["", ".", "..", "a.b.c", "é.é", "x".repeat(10_000), "eyJrIjoiciJ9.AAAA", "bnVsbA.AAAA", "%%.%%", "a\u0000.b"];
    for (const token of junk) expect(links.resolve(token)).toEqual({ ok: false });
    expect(links.resolve(undefined as unknown as string)).toEqual({ ok: false });
  });
});
