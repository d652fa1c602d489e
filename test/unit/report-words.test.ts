// The leader's words as typed (chat and CLI alike): whatever is typed, what is kept is NFC text a
// document can hold; kinds are named with or without diacritics.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cleanLine, factName, splitTasks } from "../../src/conversation/report-words.js";
import { kindFromWord, readTarget } from "../../src/conversation/report-target.js";

/** Characters XML 1.0 forbids, written out here: C0 controls but tab/newline/return, lone surrogates, U+FFFE, U+FFFF. */
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/u;
const anyText = fc.oneof(fc.string({ unit: "binary", maxLength: 80 }), fc.string({ unit: "grapheme", maxLength: 80 }),
  fc.array(fc.constantFrom("a", "Đ", "ệ", "\u0301", "\n", ";", "-", "•", "1.", " ", "\u0000", "\uFFFE", "\uFFFF", "\uD800", "\t"), { maxLength: 40 }).map((a) => a.join("")));

describe("typed words", () => {
  it("any string: a kept line or task is NFC, on one line, trimmed, non-empty, without forbidden characters", () => {
    fc.assert(fc.property(anyText, (typed) => {
      for (const out of [cleanLine(typed), ...splitTasks(typed)].filter(Boolean)) {
        expect(out).toBe(out.normalize("NFC"));
        expect(out).not.toMatch(FORBIDDEN);
        expect(out).not.toContain("\n");
        expect(out).toBe(out.trim());
      }
      for (const t of splitTasks(typed)) expect(t.length).toBeGreaterThan(0);
    }), { numRuns: 500 });
  });

  it("tasks: one per line with their marks dropped, or ';' on a single line", () => {
    expect(splitTasks("- Tuần tra\n2) Tuyên truyền\n\n• Rà soát; mốc")).toEqual(["Tuần tra", "Tuyên truyền", "Rà soát; mốc"]);
    expect(splitTasks(" Tuần tra ;Tuyên truyền;; ")).toEqual(["Tuần tra", "Tuyên truyền"]);
    expect(splitTasks("Ghi\uFFFEchú\u0000")).toEqual(["Ghichú"]);
  });

  it("fact names typed with '_', spaces or diacritics", () => {
    const names = ["ngoai_bien", "ho_tro"];
    expect(factName("ngoại biên", names)).toBe("ngoai_bien");
    expect(factName("Ho_Tro", names)).toBe("ho_tro");
    expect(factName("bau_cu", names)).toBeUndefined();
  });

  it("kinds by their word, with or without diacritics, or by a period", () => {
    const kinds: [string, string][] = [["tháng", "month"], ["thang", "month"], ["quý", "quarter"], ["quy", "quarter"],
      ["6 tháng", "half"], ["sáu tháng", "half"], ["năm", "year"], ["nam", "year"], ["tổng kết", "multiYear"],
      ["Tong ket", "multiYear"], ["báo cáo tháng", "month"]];
    for (const [word, kind] of kinds) expect(kindFromWord(word), word).toBe(kind);
    expect(kindFromWord("tuần")).toBeUndefined();
    expect(readTarget("tháng 2/2025", 0, "2025-03-03")).toMatchObject({ ok: true, kind: "month", period: { key: "2025-02" } });
    expect(readTarget("2015-01-01..2025-02-26", 0, "2025-03-03")).toMatchObject({ ok: true, kind: "multiYear" });
    expect(readTarget("năm 2024", 0, "2025-03-03")).toMatchObject({ ok: true, kind: "year", period: { key: "2024" } });
  });
});
