// Zalo OA payloads as documented (test/fixtures/zalo-oa/*.json, each entry with its _source),
// as table tests after RapidPro's courier: each event body maps to its inbound events, each error
// answer to its class and to what the outbox does, each refresh answer to its token pair. Also the
// webhook signature against a mac worked out by hand, and the split by characters.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseOaBody } from "../../src/channels/zalo-oa/oa-events.js";
import { classifyOaError, OA_ERRORS, sendFailureOf } from "../../src/channels/zalo-oa/oa-errors.js";
import { OaApiError, OaClient } from "../../src/channels/zalo-oa/oa-client.js";
import { isRegistrationProbe, signatureMatches } from "../../src/channels/zalo-oa/oa-signature.js";
import { splitByCharacters } from "../../src/channels/zalo-oa/oa-channel.js";
import { zaloOaSettings } from "../../src/channels/zalo-oa/settings.js";
import { configProblems } from "../../src/config.js";

const FIXTURES = join(import.meta.dirname, "../fixtures/zalo-oa");
const load = <T>(name: string): T => JSON.parse(readFileSync(join(FIXTURES, name), "utf8")) as T;
const NOW = () => new Date("2025-02-20T03:00:00Z");

interface EventCase { _source: string; name: string; body: unknown; expected: Array<Record<string, unknown>>; unfollowed: Array<{ userId: string; at: string }> }
interface ErrorCase { _source: string; answer: { error: number }; class: string; failure: Record<string, unknown> }
interface RefreshCase { _source: string; answer: unknown; expected?: Record<string, unknown>; error?: number }

describe("OA webhook events (test/fixtures/zalo-oa/events.json)", () => {
  const cases = load<EventCase[]>("events.json");
  it.each(cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    expect(c._source).toBeTruthy();
    const parsed = parseOaBody(c.body, NOW, "579745863508352884");
    expect(parsed.events.map((e) => ({ ...e, at: e.at.toISOString() }))).toEqual(c.expected);
    expect(parsed.unfollowed.map((u) => ({ userId: u.userId, at: u.at.toISOString() }))).toEqual(c.unfollowed);
  });

  it("a message whose sender is the OA itself is dropped when ZALO_OA_ID is known", () => {
    const own = { ...cases[0]!.body as Record<string, unknown>, sender: { id: "579745863508352884" } };
    expect(parseOaBody(own, NOW, "579745863508352884").events).toEqual([]);
  });

  it("an event without a timestamp is stamped by the injected clock and marked as arrival time", () => {
    const { timestamp: _t, ...rest } = cases[0]!.body as Record<string, unknown>;
    const [e] = parseOaBody(rest, NOW).events;
    expect(e!.at.toISOString()).toBe("2025-02-20T03:00:00.000Z");
    expect(e!.arrived).toBe(true);
  });
});

describe("OA error codes (test/fixtures/zalo-oa/errors.json)", () => {
  const cases = load<ErrorCase[]>("errors.json");
  it.each(cases.map((c) => [`${c.answer.error} ${c.class}`, c] as const))("%s", (_name, c) => {
    expect(c._source).toBeTruthy();
    expect(classifyOaError(c.answer.error)).toBe(c.class);
    expect(sendFailureOf(classifyOaError(c.answer.error), c.answer.error)).toEqual(c.failure);
  });

  it("every code in the table has a documented answer in the fixtures", () => {
    const documented = new Set(cases.map((c) => c.answer.error));
    expect(Object.keys(OA_ERRORS).map(Number).filter((code) => !documented.has(code))).toEqual([]);
  });

  it("a code no document lists is retried (the outbox gives it up by age), never dropped at once", () => {
    expect(classifyOaError(-999)).toBe("retry");
  });
});

describe("OA refresh answers (test/fixtures/zalo-oa/refresh.json) over HTTP", () => {
  let server: http.Server;
  let root = "";
  let answer: unknown;
  const seen: Array<{ headers: http.IncomingHttpHeaders; body: string }> = [];
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => { body += c.toString("utf8"); });
      req.on("end", () => { seen.push({ headers: req.headers, body }); res.writeHead(200, { "content-type": "application/json" }); res.end(JSON.stringify(answer)); });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    root = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => { await new Promise<void>((r) => server.close(() => r())); });

  it.each(load<RefreshCase[]>("refresh.json").map((c, i) => [i, c] as const))("case %i", async (_i, c) => {
    answer = c.answer;
    const client = new OaClient(root, root);
    const call = client.refresh({ appId: "4321098765432109876", appSecret: "AppSecret-abcdefghijkl", refreshToken: "rt-old-0001" });
    if (c.error !== undefined) {
      const err = await call.catch((e: unknown) => e);
      expect(err).toBeInstanceOf(OaApiError);
      expect((err as OaApiError).code).toBe(c.error);
      expect((err as OaApiError).message).not.toContain("rt-old-0001");
    } else {
      expect(await call).toEqual(c.expected);
    }
    // As documented: form body, the app secret in the secret_key header and not in the body.
    const last = seen.at(-1)!;
    expect(last.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(last.headers.secret_key).toBe("AppSecret-abcdefghijkl");
    expect(Object.fromEntries(new URLSearchParams(last.body))).toEqual({ app_id: "4321098765432109876", grant_type: "refresh_token", refresh_token: "rt-old-0001" });
  });
});

describe("OA webhook signature", () => {
  // mac worked out by hand: printf '%s' "$APP_ID$BODY$TIMESTAMP$OA_SECRET_KEY" | sha256sum
  const APP_ID = "4321098765432109876";
  const KEY = "OaSecretKey-mnopqrstuv";
  const BODY = Buffer.from('{"event_name":"user_send_text","timestamp":"1699003881354"}');
  const MAC = "7c300907b840ed493c7dc94fee94ab82abc941472ee6054ae8d39b43e1ede265";

  it("accepts the mac with or without the mac= prefix, in any case", () => {
    expect(signatureMatches(BODY, { "x-zevent-signature": `mac=${MAC}` }, APP_ID, KEY)).toBe(true);
    expect(signatureMatches(BODY, { "x-zevent-signature": MAC }, APP_ID, KEY)).toBe(true);
    expect(signatureMatches(BODY, { "x-zevent-signature": `mac=${MAC.toUpperCase()}` }, APP_ID, KEY)).toBe(true);
  });

  it("refuses a changed body, another key, a short or missing mac", () => {
    expect(signatureMatches(Buffer.from(BODY.toString().replace("text", "texT")), { "x-zevent-signature": `mac=${MAC}` }, APP_ID, KEY)).toBe(false);
    expect(signatureMatches(BODY, { "x-zevent-signature": `mac=${MAC}` }, APP_ID, "AppSecret-abcdefghijkl")).toBe(false);
    expect(signatureMatches(BODY, { "x-zevent-signature": `mac=${MAC.slice(2)}` }, APP_ID, KEY)).toBe(false);
    expect(signatureMatches(BODY, {}, APP_ID, KEY)).toBe(false);
  });

  it("the unsigned {} Zalo posts when the address is saved is a probe; an unsigned event is not", () => {
    expect(isRegistrationProbe(Buffer.from("{}"), {})).toBe(true);
    expect(isRegistrationProbe(BODY, {})).toBe(false);
    expect(isRegistrationProbe(Buffer.from("{}"), { "x-zevent-signature": "mac=00" })).toBe(false);
  });
});

describe("OA text split and settings", () => {
  it("splits at 2,000 characters counted as code points, never inside an emoji", () => {
    const text = "🙂".repeat(2500);
    const parts = splitByCharacters(text, 2000);
    expect(parts.map((p) => [...p].length)).toEqual([2000, 500]);
    expect(parts.join("")).toBe(text);
    expect(parts.every((p) => !/[\uD800-\uDBFF]$/.test(p))).toBe(true);
    // At a line break where there is one.
    expect(splitByCharacters(`${"a".repeat(1500)}\n${"b".repeat(1000)}`, 2000)).toEqual(["a".repeat(1500), "b".repeat(1000)]);
  });

  it("half an OA configuration is refused, naming what is missing; the secrets are listed as secrets", () => {
    const { problems } = configProblems({ ZALO_OA_APP_ID: "4321098765432109876", ZALO_OA_APP_SECRET: "AppSecret-abcdefghijkl" }, [zaloOaSettings]);
    expect(problems).toEqual(["Cấu hình sai: kênh Zalo OA cần đủ bốn biến; còn thiếu ZALO_OA_SECRET_KEY, ZALO_OA_REFRESH_TOKEN"]);
    expect([...zaloOaSettings.secrets].sort()).toEqual(["ZALO_OA_APP_SECRET", "ZALO_OA_REFRESH_TOKEN", "ZALO_OA_SECRET_KEY"]);
  });
});
