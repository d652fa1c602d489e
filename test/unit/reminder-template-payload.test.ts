// A reminder's template hint (issue 18) survives the outbox table, and is kept whole only for a
// channel that can send templates; other channels get the text (split, numbered) without it.
import { describe, expect, it } from "vitest";
import type { ReminderTemplate } from "../../src/conversation/types.js";
import { decodePayload, encodePayload } from "../../src/outbox/table.js";
import { renderParts } from "../../src/outbox/render.js";

const HINT: ReminderTemplate = { kind: "reminder", name: "Thắng", form: "Nắm tình hình; Đường biên, mốc quốc giới", period: "tháng 02/2025", daysLeft: 4, windowClosed: true };
const choices = [{ id: "cmd:form:nam_tinh_hinh:2025-02", label: "📝 Nắm tình hình" }];
const base = { buttons: false, documents: true, editing: false, maxTextLength: 20 };

describe("the reminder template hint", () => {
  it("is stored and read back with the text and its choices", () => {
    const m = { type: "text" as const, text: "⏰ Nhắc báo cáo", choices, template: HINT };
    expect(decodePayload(encodePayload(m))).toEqual(m);
    const { windowClosed: _closed, ...open } = HINT;
    expect(decodePayload(encodePayload({ type: "text", text: "x", template: open }))).toEqual({ type: "text", text: "x", template: open });
  });

  it("a damaged or foreign hint in a row is no hint; the text still goes", () => {
    expect(decodePayload(JSON.stringify({ type: "text", text: "x", template: { kind: "other", name: "A" } }))).toEqual({ type: "text", text: "x" });
    expect(decodePayload(JSON.stringify({ type: "text", text: "x", template: { ...HINT, daysLeft: "4" } }))).toEqual({ type: "text", text: "x" });
    expect(decodePayload(JSON.stringify({ type: "text", text: "x", template: null }))).toEqual({ type: "text", text: "x" });
  });

  it("stays whole (one message, hint kept) for a channel with templateReminders; dropped and split for others", () => {
    const long = { type: "text" as const, text: "⏰ Nhắc báo cáo kỳ tháng 02/2025\ncòn thiếu hai biểu mẫu", choices, template: HINT };
    const withTemplates = renderParts(long, { capabilities: { ...base, templateReminders: true } });
    expect(withTemplates).toHaveLength(1);
    expect(withTemplates[0]).toMatchObject({ type: "text", template: HINT });
    const plain = renderParts(long, { capabilities: base });
    expect(plain.length).toBeGreaterThan(1);
    expect(plain.every((p) => p.type === "text" && p.template === undefined)).toBe(true);
  });
});
