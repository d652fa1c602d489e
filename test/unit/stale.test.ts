// The rule of conversation/stale.ts, case by case (issue 17, item 6); the chat tests
// (test/chat/stale-answers*.test.ts) drive it through the stand-ins.
import { describe, expect, it } from "vitest";
import type { QuestionDelivery, Services } from "../../src/conversation/ports.js";
import { emptyState, type ChatState } from "../../src/conversation/state.js";
import { staleness, stampState } from "../../src/conversation/stale.js";
import type { InboundEvent } from "../../src/conversation/types.js";

const ASKED = "2025-02-20T03:00:10.400Z";
const services = (d: QuestionDelivery) => ({ questionDelivery: () => d } as Partial<Services> as Services);
const delivered = (iso: string | null): QuestionDelivery => ({ waiting: false, sentAt: iso ? new Date(iso) : null });
const state = (last = "5"): ChatState => ({
  ...emptyState(), offered: [{ id: "save", label: "✅ Lưu" }], askedAt: ASKED, lastText: { text: last, at: "2025-02-20T03:00:09.000Z" },
});
const typed = (text: string, at: string, extra: Partial<InboundEvent> = {}): InboundEvent => ({
  channel: "zalo", chatId: "1", userId: "1", userName: "", eventId: "e", at: new Date(at), body: { type: "text", text }, ...extra,
});

describe("an answer and the question it would answer", () => {
  it.each([
    // [text, sent at, delivery, expected]
    ["5", "2025-02-20T03:00:11.000Z", { waiting: true, sentAt: null }, "resend"],
    ["6", "2025-02-20T03:00:11.000Z", { waiting: true, sentAt: null }, "early"],
    ["5", "2025-02-20T03:00:09.900Z", delivered(null), "resend"],
    ["6", "2025-02-20T03:00:09.900Z", delivered(null), "early"],
    // The second the question was asked (10 s): only a repeat is taken as sent before it.
    ["5", "2025-02-20T03:00:10.000Z", delivered(null), "resend"],
    ["6", "2025-02-20T03:00:10.000Z", delivered(null), undefined],
    ["5", "2025-02-20T03:00:11.000Z", delivered(null), undefined],
    // Delivered at 14.2 s: a text of 12 s was sent before it reached the phone.
    ["6", "2025-02-20T03:00:12.000Z", delivered("2025-02-20T03:00:14.200Z"), "early"],
    ["5", "2025-02-20T03:00:14.000Z", delivered("2025-02-20T03:00:14.200Z"), "resend"],
    ["5", "2025-02-20T03:00:15.000Z", delivered("2025-02-20T03:00:14.200Z"), undefined],
  ] as const)("%s sent at %s → %s", (text, at, delivery, expected) => {
    expect(staleness(state(), typed(text, at), services(delivery))).toBe(expected);
  });

  it("a repeat is told apart by its first 200 characters, folded (diacritics, case)", () => {
    const long = "Họp tổ ".repeat(60);
    expect(staleness(state(long.trim().slice(0, 200)), typed(long, "2025-02-20T03:00:09.000Z"), services(delivered(null)))).toBe("resend");
    expect(staleness(state("Lưu"), typed("luu", "2025-02-20T03:00:09.000Z"), services(delivered(null)))).toBe("resend");
  });

  it("a button, a line stamped on arrival, or nothing waiting: never stale", () => {
    const early = "2025-02-20T03:00:01.000Z";
    expect(staleness(state(), { ...typed("5", early), body: { type: "choice", id: "save" } }, services(delivered(null)))).toBeUndefined();
    expect(staleness(state(), typed("5", early, { arrived: true }), services(delivered(null)))).toBeUndefined();
    expect(staleness({ ...state(), askedAt: undefined }, typed("5", early), services(delivered(null)))).toBeUndefined();
  });
});

describe("when the question on screen was asked", () => {
  const now = new Date("2025-02-20T03:01:00.000Z");
  const form = (step: object) => ({ kind: "form" as const, form: { formId: "tuyen_truyen", unitCode: "dong-hung", answers: {}, activityDate: "2025-02-20", step } as never });

  it("stays while the same step waits (keys in any order), moves when it changes, goes when nothing waits", () => {
    const before: ChatState = { ...emptyState(), pending: form({ at: "field", key: "so_buoi" }), askedAt: ASKED };
    const same = stampState(before, { ...emptyState(), pending: form({ key: "so_buoi", at: "field" }) }, typed("x", ASKED), now);
    expect(same.askedAt).toBe(ASKED);
    const next = stampState(before, { ...emptyState(), pending: form({ at: "field", key: "luot_nguoi" }) }, typed("x", ASKED), now);
    expect(next.askedAt).toBe("2025-02-20T03:01:00.000Z");
    expect(stampState(before, emptyState(), typed("x", ASKED), now).askedAt).toBeUndefined();
    expect(next.lastText).toEqual({ text: "x", at: ASKED });
  });

  it("an early text is kept as not applied, a resend leaves the last text as it was; a same-second repeat of an unused text is not a resend", () => {
    const before: ChatState = { ...state("5"), lastText: { text: "5", at: "2025-02-20T03:00:09.000Z" } };
    const early = stampState(before, before, typed("6", "2025-02-20T03:00:09.500Z"), now, "early");
    expect(early.lastText).toEqual({ text: "6", at: "2025-02-20T03:00:09.500Z", unused: true });
    expect(stampState(early, early, typed("6", "2025-02-20T03:00:09.800Z"), now, "resend").lastText).toEqual(early.lastText);
    expect(stampState(before, before, typed("5", "2025-02-20T03:00:09.800Z"), now, "resend").lastText).toEqual(before.lastText);
    // Retyped in the second the question was seen (10 s): taken, where a taken text's repeat is dropped.
    expect(staleness(early, typed("6", "2025-02-20T03:00:10.000Z"), services(delivered(null)))).toBeUndefined();
    expect(staleness(before, typed("5", "2025-02-20T03:00:10.000Z"), services(delivered(null)))).toBe("resend");
  });
});
