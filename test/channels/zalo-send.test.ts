// Sending on Zalo: 2000-character parts split at line breaks, choices as a numbered list, and
// platform errors as SendFailure categories that never quote the token.
import { Writable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { createLogger, maskTokens } from "../../src/log.js";
import { SendError } from "../../src/channels/channel.js";
import { ZaloChannel } from "../../src/channels/zalo/zalo-channel.js";
import { ZaloApiError, ZaloClient, ZaloNetworkError } from "../../src/channels/zalo/zalo-client.js";
import { startZaloStandin, type ZaloStandin } from "../helpers/zalo-standin.js";
// Expected texts written out here (not imported from src/), so a changed message fails the test.
const CHOICE_HINT = "(Trả lời bằng số thứ tự hoặc gõ tên mục.)";

function capture() {
  let out = "";
  const destination = new Writable({ write(chunk, _enc, done) { out += String(chunk); done(); } });
  return { log: createLogger({ level: "debug", destination }), text: () => out };
}

let standin: ZaloStandin | undefined;
afterEach(async () => { await standin?.close(); standin = undefined; });

function channelFor(s: ZaloStandin, token = s.token) {
  return new ZaloChannel({ token, apiRoot: s.apiRoot, log: capture().log, mode: "polling" });
}

async function sendError(p: Promise<unknown>): Promise<SendError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(SendError);
  return err as SendError;
}

describe("zalo send", () => {
  it("declares what the platform can do", async () => {
    standin = await startZaloStandin();
    const ch = channelFor(standin);
    expect(ch.name).toBe("zalo");
    expect(ch.capabilities).toEqual({ buttons: false, documents: false, editing: false, maxTextLength: 2000, countsCodePoints: true });
    expect(ch.inviteLink("ABC123")).toBeUndefined();
    expect(ch.webhook).toBeUndefined();
    expect(ch.state()).toBe("starting");
  });

  it("sends a short text as one message", async () => {
    standin = await startZaloStandin();
    await channelFor(standin).send("42", { type: "text", text: "Đã ghi nhận báo cáo." });
    expect(standin.sentTo(42)).toEqual([{ chatId: "42", text: "Đã ghi nhận báo cáo." }]);
  });

  it("splits a 4500-character text at line breaks into ordered parts of at most 2000, losing nothing", async () => {
    standin = await startZaloStandin();
    // 90 lines of 49 characters (the last one 50) joined by line breaks: exactly 4500.
    const lines = Array.from({ length: 90 }, (_, i) => `Dòng ${String(i + 1).padStart(2, "0")}: ${"x".repeat(40)}${i === 89 ? "." : ""}`);
    const text = lines.join("\n");
    expect(text.length).toBe(4500);
    await channelFor(standin).send("42", { type: "text", text });
    const parts = standin.sentTo(42).map((s) => s.text);
    expect(parts.length).toBe(3);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(2000);
    // Each part ends and starts at a line break, and together they are the text.
    expect(parts.join("\n")).toBe(text);
    for (const p of parts) expect(lines).toContain(p.split("\n")[0]);
  });

  it("cuts a single line longer than 2000 characters without losing any of it", async () => {
    standin = await startZaloStandin();
    const text = "a".repeat(2500) + "\nkết thúc";
    await channelFor(standin).send("3", { type: "text", text });
    const parts = standin.sentTo(3).map((s) => s.text);
    expect(parts.every((p) => p.length <= 2000)).toBe(true);
    expect(parts.join("").replace(/\n/g, "")).toBe(text.replace(/\n/g, ""));
  });

  it("shows choices as a numbered list with the hint", async () => {
    standin = await startZaloStandin();
    await channelFor(standin).send("8", {
      type: "text", text: "Chọn loại báo cáo:",
      choices: [{ id: "m", label: "Báo cáo tháng" }, { id: "q", label: "Báo cáo quý" }, { id: "y", label: "Báo cáo năm" }],
    });
    expect(standin.sentTo(8).map((s) => s.text)).toEqual([
      `Chọn loại báo cáo:\n\n1. Báo cáo tháng\n2. Báo cáo quý\n3. Báo cáo năm\n${CHOICE_HINT}`,
    ]);
  });

  it("refuses a document as fatal (the app sends a link on this channel)", async () => {
    standin = await startZaloStandin();
    const err = await sendError(channelFor(standin).send("8", { type: "document", fileName: "bao-cao.docx", bytes: Buffer.from("x") }));
    expect(err.failure).toEqual({ kind: "fatal" });
    expect(standin.calls).toHaveLength(0);
  });

  it("classifies as documented: 403 is a server error to retry, 429 the month's quota (until the 1st, Vietnamese time), 500/408 retry, 400 final", async () => {
    standin = await startZaloStandin();
    // 00:30 on 1 February 2026 in Vietnam (UTC+7) is still 31 January in UTC: the quota comes back
    // at 00:00 on 1 March in Vietnam, 2026-02-28T17:00:00Z.
    const ch = new ZaloChannel({ token: standin.token, apiRoot: standin.apiRoot, log: capture().log, mode: "polling",
      clock: () => new Date("2026-01-31T17:30:00Z") });
    const msg = { type: "text", text: "xin chào" } as const;
    standin.failNextSend(1, { code: 429 });
    expect((await sendError(ch.send("1", msg))).failure).toEqual({ kind: "quotaSpent", resumeAt: Date.parse("2026-02-28T17:00:00Z") });
    // A retry_after (not documented) does not turn the spent quota into a one-second throttle.
    standin.failNextSend(1, { code: 429, retryAfter: 7 });
    expect((await sendError(ch.send("1", msg))).failure).toEqual({ kind: "quotaSpent", resumeAt: Date.parse("2026-02-28T17:00:00Z") });
    standin.failNextSend(2, { code: 403 });
    expect((await sendError(ch.send("2", msg))).failure).toEqual({ kind: "retryable" });
    standin.failNextSend(3, { code: 500 });
    expect((await sendError(ch.send("3", msg))).failure).toEqual({ kind: "retryable" });
    standin.failNextSend(4, { code: 408 });
    expect((await sendError(ch.send("4", msg))).failure).toEqual({ kind: "retryable" });
    standin.failNextSend(5, { code: 400 });
    const bad = await sendError(ch.send("5", msg));
    expect(bad.failure).toEqual({ kind: "fatal" });
    // Only the chat with the fault failed; the next send to it goes through.
    await ch.send("1", msg);
    expect(standin.sentTo(1)).toHaveLength(1);
  });

  it("the quota's next period is the 1st of the next month in Vietnam, also across a year", async () => {
    standin = await startZaloStandin();
    const at = (iso: string) => new ZaloChannel({ token: standin!.token, apiRoot: standin!.apiRoot, log: capture().log, mode: "polling", clock: () => new Date(iso) });
    standin.failNextSend(1, { code: 429 }, 2);
    // 16:59 UTC on 31 December is 23:59 in Vietnam: still December, so 1 January 2027 00:00 (+07).
    expect((await sendError(at("2026-12-31T16:59:00Z").send("1", { type: "text", text: "a" }))).failure)
      .toEqual({ kind: "quotaSpent", resumeAt: Date.parse("2026-12-31T17:00:00Z") });
    // 17:00 UTC on 31 December is already 1 January in Vietnam: the quota comes back on 1 February.
    expect((await sendError(at("2026-12-31T17:00:00Z").send("1", { type: "text", text: "a" }))).failure)
      .toEqual({ kind: "quotaSpent", resumeAt: Date.parse("2027-01-31T17:00:00Z") });
  });

  it("reads an error_code sent as a string (\"408\") as the number", async () => {
    standin = await startZaloStandin();
    standin.failNext("getMe", { code: 408, asString: true, httpStatus: 200 });
    const err = await new ZaloClient(standin.token, standin.apiRoot).call("getMe").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZaloApiError);
    expect((err as ZaloApiError).code).toBe(408);
    standin.failNextSend(9, { code: 403, asString: true, httpStatus: 200 });
    expect((await sendError(channelFor(standin).send("9", { type: "text", text: "x" }))).failure).toEqual({ kind: "retryable" });
  });

  it("counts the 2,000 in characters and never cuts an emoji in two", async () => {
    standin = await startZaloStandin();
    // 1,500 emoji are 1,500 characters (3,000 UTF-16 units): one message on Zalo.
    const short = "🙂".repeat(1500);
    await channelFor(standin).send("11", { type: "text", text: short });
    expect(standin.sentTo(11).map((s) => s.text)).toEqual([short]);
    // "a" then 2,500 emoji on one line: 2,501 characters, two parts of at most 2,000 characters,
    // neither with half an emoji (a cut at 2,000 UTF-16 units would fall inside a pair).
    const long = "a" + "🙂".repeat(2500);
    await channelFor(standin).send("12", { type: "text", text: long });
    const parts = standin.sentTo(12).map((s) => s.text);
    expect(parts.length).toBe(2);
    for (const p of parts) {
      expect([...p].length).toBeLessThanOrEqual(2000);
      expect(p).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    }
    expect(parts.join("")).toBe(long);
    expect([...parts[0]!].length).toBe(2000);
  });

  it("a text over the limit sent straight to the stand-in is refused with 400 (fatal)", async () => {
    standin = await startZaloStandin();
    const err = await new ZaloClient(standin.token, standin.apiRoot).call("sendMessage", { chat_id: "1", text: "x".repeat(2001) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZaloApiError);
    expect((err as ZaloApiError).code).toBe(400);
  });

  it("stops at the first failed part, keeping the earlier parts in order", async () => {
    standin = await startZaloStandin();
    const text = ["A".repeat(1500), "B".repeat(1500), "C".repeat(1500)].join("\n");
    standin.failNextSend(6, { code: 500 }, 1);
    const ch = channelFor(standin);
    await sendError(ch.send("6", { type: "text", text }));
    expect(standin.sentTo(6)).toHaveLength(0);
    await ch.send("6", { type: "text", text });
    expect(standin.sentTo(6).map((s) => s.text[0])).toEqual(["A", "B", "C"]);
  });

  it("never quotes the token: API errors, network errors and the logs", async () => {
    standin = await startZaloStandin();
    const { log, text } = capture();
    const wrong = "424242:wrong.SECRET~token";
    const refused = await sendError(new ZaloChannel({ token: wrong, apiRoot: standin.apiRoot, log, mode: "polling" }).send("1", { type: "text", text: "x" }));
    expect(refused.failure).toEqual({ kind: "fatal" });
    expect(refused.message).not.toContain("SECRET");
    // Nothing listens on port 9: a network error, retryable.
    const unreachable = await sendError(new ZaloChannel({ token: standin.token, apiRoot: "http://127.0.0.1:9", log, mode: "polling" }).send("1", { type: "text", text: "x" }));
    expect(unreachable.failure).toEqual({ kind: "retryable" });
    expect(unreachable.message).not.toContain("SECRET");
    const net = await new ZaloClient(standin.token, "http://127.0.0.1:9").call("getMe").catch((e: unknown) => e);
    expect(net).toBeInstanceOf(ZaloNetworkError);
    expect(String((net as Error).stack)).not.toContain("SECRET");
    log.error({ err: new Error(`request to ${standin.apiRoot}/bot${standin.token}/sendMessage failed`) }, `POST /bot${wrong}/getMe`);
    expect(text()).not.toContain("SECRET");
    expect(maskTokens(`${standin.apiRoot}/bot${standin.token}/getUpdates`)).toBe(`${standin.apiRoot}/bot<token>/getUpdates`);
  });
});
