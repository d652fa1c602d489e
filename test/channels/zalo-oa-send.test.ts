// The OA channel's sends against the OA stand-in, without the rest of the bot: texts split by
// characters, documents uploaded or refused (then the outbox offers the signed link), a refused
// upload, and Zalo's errors turned into the outbox's failures.
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { SendError } from "../../src/channels/channel.js";
import { ZaloOaChannel } from "../../src/channels/zalo-oa/oa-channel.js";
import { closeDb, openDb, type Db } from "../../src/db/client.js";
import { createLogger } from "../../src/log.js";
import { startZaloOaStandin, type ZaloOaStandin } from "../helpers/zalo-oa-standin.js";
import { tempDir } from "../helpers/temp.js";

const USER = "7000000000000000201";
const NOW = () => new Date("2025-02-20T03:00:00Z");
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });

async function setup(): Promise<{ oa: ZaloOaStandin; channel: ZaloOaChannel; db: Db }> {
  const oa = await startZaloOaStandin();
  cleanups.push(() => oa.close());
  const db = openDb(join(tempDir("bienbot-oa-send-"), "bot.sqlite"));
  cleanups.push(() => closeDb(db));
  const channel = new ZaloOaChannel({ appId: oa.appId, appSecret: oa.appSecret, secretKey: oa.oaSecretKey, refreshToken: oa.seedRefreshToken,
    apiRoot: oa.apiRoot, oauthRoot: oa.oauthRoot, db, log: createLogger({ level: "silent" }), clock: NOW });
  cleanups.push(() => channel.stop());
  return { oa, channel, db };
}

const failureOf = async (p: Promise<unknown>) => {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(SendError);
  return (err as SendError).failure;
};

describe("Zalo OA sends", () => {
  it("a long text goes in parts of at most 2,000 characters, none cutting an emoji", async () => {
    const { oa, channel } = await setup();
    const text = "🙂".repeat(2500);
    await channel.send(USER, { type: "text", text });
    const parts = oa.sentTo(USER).map((s) => s.text!);
    expect(parts.map((p) => [...p].length)).toEqual([2000, 500]);
    expect(parts.join("")).toBe(text);
  });

  it("choices come as a numbered list", async () => {
    const { oa, channel } = await setup();
    await channel.send(USER, { type: "text", text: "Chọn kỳ:", choices: [{ id: "a", label: "Tháng 1" }, { id: "b", label: "Tháng 2" }] });
    expect(oa.sentTo(USER)[0]!.text).toMatch(/^Chọn kỳ:\n\n1\. Tháng 1\n2\. Tháng 2\n/);
  });

  it("a DOCX is uploaded and sent as a file; over 5 MB or not PDF/DOC/DOCX it is refused without an upload (the outbox then sends the link)", async () => {
    const { oa, channel } = await setup();
    const docx = Buffer.from("PK\u0003\u0004 bao cao");
    await channel.send(USER, { type: "document", fileName: "bao-cao-thang-02-2025.docx", bytes: docx, caption: "📑 Báo cáo tháng 2" });
    expect(oa.sentTo(USER).map((s) => s.file?.fileName ?? s.text)).toEqual(["bao-cao-thang-02-2025.docx", "📑 Báo cáo tháng 2"]);
    expect(Buffer.compare(oa.sentTo(USER)[0]!.file!.bytes, docx)).toBe(0);

    const big = Buffer.alloc(5 * 1024 * 1024 + 1, 0x41);
    expect(await failureOf(channel.send(USER, { type: "document", fileName: "lon.docx", bytes: big }))).toEqual({ kind: "fatal", tooLarge: true });
    expect(await failureOf(channel.send(USER, { type: "document", fileName: "so-lieu.csv", bytes: Buffer.from("a,b\n") }))).toEqual({ kind: "fatal" });
    expect(oa.uploads).toHaveLength(1);
  });

  it("a picture is uploaded as an image (PNG/JPG up to 1 MB) and sent as a media template carrying its attachment_id; anything else is refused without an upload (the outbox then sends the link)", async () => {
    const { oa, channel } = await setup();
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);
    await channel.send(USER, { type: "image", fileName: "bieu-do.png", bytes: png, caption: "📈 Tuần tra" });
    expect(oa.imageUploads.map((u) => [u.fileName, u.contentType])).toEqual([["bieu-do.png", "image/png"]]);
    expect(Buffer.compare(oa.imageUploads[0]!.bytes, png)).toBe(0);
    expect(oa.sentTo(USER)).toEqual([{ userId: USER, text: "📈 Tuần tra", image: { attachmentId: oa.imageUploads[0]!.attachmentId, fileName: "bieu-do.png", bytes: png } }]);

    const big = Buffer.alloc(1024 * 1024 + 1, 0x41);
    expect(await failureOf(channel.send(USER, { type: "image", fileName: "lon.png", bytes: big }))).toEqual({ kind: "fatal", tooLarge: true });
    expect(await failureOf(channel.send(USER, { type: "image", fileName: "ve.svg", bytes: Buffer.from("<svg/>") }))).toEqual({ kind: "fatal" });
    // Zalo refusing the upload as too large also ends as too large (the link follows).
    oa.failNext("/v2.0/oa/upload/image", { error: -210, message: "Parameter exceeds allowable limit" });
    expect(await failureOf(channel.send(USER, { type: "image", fileName: "b.png", bytes: png }))).toEqual({ kind: "fatal", tooLarge: true });
    expect(oa.imageUploads).toHaveLength(1);
    expect(oa.uploads).toHaveLength(0);
  });

  it("an upload Zalo refuses as too large (-210) fails as too large; -230 as windowClosed; -213 unreachable; -211 pauses the channel", async () => {
    const { oa, channel } = await setup();
    oa.failNext("/v2.0/oa/upload/file", { error: -210, message: "Parameter exceeds allowable limit" });
    expect(await failureOf(channel.send(USER, { type: "document", fileName: "a.pdf", bytes: Buffer.from("%PDF-1.4") }))).toEqual({ kind: "fatal", tooLarge: true });
    oa.closeWindow(USER);
    expect(await failureOf(channel.send(USER, { type: "text", text: "Nhắc" }))).toEqual({ kind: "windowClosed" });
    oa.textEvent(USER, "xin chào"); // the person writes: the window opens again
    oa.failNext("/v3.0/oa/message/cs", { error: -213, message: "User has not followed OA" });
    expect(await failureOf(channel.send(USER, { type: "text", text: "Nhắc" }))).toEqual({ kind: "unreachable" });
    oa.failNext("/v3.0/oa/message/cs", { error: -211, message: "Out of quota" });
    expect(await failureOf(channel.send(USER, { type: "text", text: "Nhắc" }))).toEqual({ kind: "throttled", retryAfterMs: 3_600_000 });
    // No secret or token in what the outbox records.
    oa.failNext("/v3.0/oa/message/cs", { error: -201, message: `bad ${oa.liveAccessTokens()[0]}` });
    const err = await channel.send(USER, { type: "text", text: "x" }).catch((e: unknown) => e as SendError);
    expect(err!.message).not.toContain(oa.liveAccessTokens()[0]!);
  });

  it("stores the first refresh's pair in channel_tokens and uses the configured token only once", async () => {
    const { oa, channel, db } = await setup();
    await channel.send(USER, { type: "text", text: "a" });
    await channel.send(USER, { type: "text", text: "b" });
    expect(oa.refreshes()).toBe(1);
    const row = db.$client.prepare("select refresh_token as rt, access_expires_at as exp from channel_tokens where channel = 'zalo-oa'").get() as { rt: string; exp: number };
    expect(row.rt).toBe(oa.liveRefreshToken());
    expect(row.rt).not.toBe(oa.seedRefreshToken);
    expect(row.exp).toBe(NOW().getTime() + 90_000 * 1000);
  });
});
