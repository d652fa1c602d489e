// The one rule for a typed name of a listed thing (src/conversation/label-match.ts), used by typed
// choices (router.ts) and /khongphatsinh's form names (period-commands.ts).
import { describe, expect, it } from "vitest";
import { matchLabel } from "../../src/conversation/label-match.js";

const FORMS = ["Tuyên truyền, phổ biến", "Tuần tra, kiểm soát", "Nắm tình hình", "Hỗ trợ, hậu phương"];
const match = (typed: string, labels: readonly string[] = FORMS) => matchLabel(typed, labels, (l) => l);

describe("matchLabel", () => {
  it("takes a label typed whole, with or without diacritics or capitals", () => {
    expect(match("Nắm tình hình")).toBe("Nắm tình hình");
    expect(match("nam tinh hinh")).toBe("Nắm tình hình");
    expect(match("TUYÊN TRUYỀN, PHỔ BIẾN")).toBe("Tuyên truyền, phổ biến");
  });

  it("takes the start of a label when only one label starts so, from three letters on", () => {
    expect(match("tuyen truyen")).toBe("Tuyên truyền, phổ biến");
    expect(match("ho tro")).toBe("Hỗ trợ, hậu phương");
    // "tu" is too short, and "tuy" only one starts with; "tu" would fit two.
    expect(match("tu")).toBeUndefined();
    expect(match("tuy")).toBe("Tuyên truyền, phổ biến");
    expect(match("tuâ")).toBe("Tuần tra, kiểm soát");
  });

  it("refuses a start two labels share, and words in no label", () => {
    expect(match("tuan", ["Tuần tra độc lập", "Tuần tra kết hợp"])).toBeUndefined();
    expect(match("tuan tra doc", ["Tuần tra độc lập", "Tuần tra kết hợp"])).toBe("Tuần tra độc lập");
    expect(match("phổ biến")).toBeUndefined();
    expect(match("")).toBeUndefined();
    expect(match("   ")).toBeUndefined();
  });

  it("prefers the whole label over a longer one starting the same", () => {
    expect(match("luu", ["Lưu", "Lưu và nhập tiếp"])).toBe("Lưu");
  });

  it("leaves out a label's leading emoji and the typed text's leading emoji and trailing punctuation", () => {
    const buttons = ["✅ Lưu", "✏️ Sửa", "❌ Hủy"];
    expect(match("✅ Lưu", buttons)).toBe("✅ Lưu");
    expect(match("lưu.", buttons)).toBe("✅ Lưu");
    expect(match("huy!", buttons)).toBe("❌ Hủy");
    expect(match("sua", buttons)).toBe("✏️ Sửa");
  });
});
