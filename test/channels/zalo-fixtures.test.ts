// Table tests over recorded payloads (after RapidPro courier's): each Zalo Bot Platform event
// body in test/fixtures/zalo-bot/events.json maps to the expected InboundEvent, and each error
// answer in errors.json, served over real HTTP, to the expected SendFailure. Each fixture names
// its source (documentation, SDK test, or the reference notes) in its _source field.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../src/log.js";
import { SendError } from "../../src/channels/channel.js";
import { ZaloChannel } from "../../src/channels/zalo/zalo-channel.js";
import { toInboundEvents } from "../../src/channels/zalo/zalo-events.js";

interface EventCase { name: string; _source: string; body: unknown; expected: (Record<string, unknown> & { at: number }) | null }
interface ErrorCase { name: string; _source: string; status: number; body: unknown; expected: { kind: string; resumeAt?: string } }

const read = <T>(name: string): T => JSON.parse(readFileSync(new URL(`../fixtures/zalo-bot/${name}`, import.meta.url), "utf8")) as T;
const EVENTS = read<EventCase[]>("events.json");
const ERRORS = read<ErrorCase[]>("errors.json");
// The clock of the bot under test: 10:00 on 20 February 2025 in Vietnam.
const NOW = new Date("2025-02-20T03:00:00Z");

describe("Zalo Bot Platform events, as documented", () => {
  it.each(EVENTS.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    expect(c._source.length).toBeGreaterThan(10);
    const events = toInboundEvents(c.body, () => NOW);
    if (c.expected === null) { expect(events).toEqual([]); return; }
    expect(events).toEqual([{ ...c.expected, at: new Date(c.expected.at) }]);
  });
});

describe("Zalo Bot Platform error answers, as documented", () => {
  let server: http.Server;
  let root = "";
  /** The answer for the next call: one case at a time (the table runs in order). */
  let answer: ErrorCase | undefined;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        res.writeHead(answer!.status, { "content-type": "application/json" });
        res.end(JSON.stringify(answer!.body));
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    root = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => { server.closeAllConnections(); await new Promise<void>((r) => server.close(() => r())); });

  it.each(ERRORS.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    expect(c._source.length).toBeGreaterThan(10);
    answer = c;
    const ch = new ZaloChannel({ token: "1234567890:fixture-token", apiRoot: root, log: createLogger({ level: "silent" }), mode: "polling", clock: () => NOW });
    const err = await ch.send("42", { type: "text", text: "xin chào" }).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(SendError);
    const want = c.expected.resumeAt ? { kind: c.expected.kind, resumeAt: Date.parse(c.expected.resumeAt) } : c.expected;
    expect((err as SendError).failure).toEqual(want);
  });
});
