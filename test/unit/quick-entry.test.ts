// The quick-entry parser is pure: (typed line, unit kind) -> form and answers. Expected answers
// are worked out by hand from the catalogue's field keys.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { parseQuickEntry, quickExample, type QuickParse } from "../../src/domain/quick-entry.js";
import { formsForUnitKind, unitKinds, type UnitKind } from "../../src/domain/catalogue.js";

const draft = (formId: string, answers: Record<string, number | string>, unread: string[] = [], notes: string[] = []): QuickParse =>
  ({ kind: "draft", formId, answers, unread, notes } as QuickParse);

const LINES: Array<[line: string, unit: UnitKind, expected: QuickParse]> = [
  ["tuyen truyen 3 buoi 150 nguoi 2 gio loa", "khom", draft("tuyen_truyen", { so_buoi: 3, luot_nguoi: 150, gio_loa: 2 })],
  ["Tuyên truyền: 3 buổi, 150 người, 2,5 giờ loa.", "khom", draft("tuyen_truyen", { so_buoi: 3, luot_nguoi: 150, gio_loa: 2.5 })],
  ["150 lượt người 3 buổi tuyên truyền 1.200 tờ bướm", "khom", draft("tuyen_truyen", { luot_nguoi: 150, so_buoi: 3, to_roi: 1200 })],
  ["TUYEN TRUYEN 4 buoi 200 nguoi 0 gio loa 500 to 2 tin 10 ho", "khom",
    draft("tuyen_truyen", { so_buoi: 4, luot_nguoi: 200, gio_loa: 0, to_roi: 500, tin_bai: 2, ho_cam_ket: 10 })],
  ["tuan tra doc lap 12 to 84 nguoi", "don_bp", draft("tuan_tra", { kind: "doc_lap", luot_to: 12, luot_nguoi: 84 })],
  ["12 tổ 84 người tuần tra độc lập", "don_bp", draft("tuan_tra", { kind: "doc_lap", luot_to: 12, luot_nguoi: 84 })],
  ["tuần tra kiểm soát lưu động 7 lượt tổ 35 lượt người", "don_bp", draft("tuan_tra", { kind: "kiem_soat", luot_to: 7, luot_nguoi: 35 })],
  ["tuan tra 8 to 40 nguoi", "to_antt", draft("tuan_tra", { luot_to: 8, luot_nguoi: 40 })],
  ["tuan tra antt 8 to", "to_antt", draft("tuan_tra", { kind: "antt", luot_to: 8 })],
  // A unit word two fields share ("vụ") names neither: the number is asked, not guessed.
  ["vi pham 3 vu 20 trieu", "khom", draft("vi_pham", { buon_lau_gia_tri: 20_000_000 }, ["3 vu"])],
  ["vi phạm 1 vụ buôn lậu 20 triệu đồng 2 vụ xnc 5 người", "khom",
    draft("vi_pham", { buon_lau_vu: 1, buon_lau_gia_tri: 20_000_000, xnc_vu: 2, xnc_nguoi: 5 })],
  ["nắm tình hình 2 tin có giá trị 5 tin tham khảo", "don_bp", draft("nam_tinh_hinh", { co_gia_tri: 2, tham_khao: 5 })],
  ["nam tinh hinh 4 tin", "don_bp", draft("nam_tinh_hinh", {}, ["4 tin"])],
  ["dan so 450 ho 1.800 khau", "khom", draft("dan_so", { ho: 450, khau: 1800 })],
  ["tự quản 120 hộ 300 người 3 tổ", "khom", draft("tu_quan", { ho: 120, ca_nhan: 300 }, ["3 tổ"])],
  ["doi ngoai 2 lan gap go 10 phan qua 5 trieu", "don_bp", draft("doi_ngoai", { gap_go: 2, phan_qua: 10, gia_tri_qua: 5_000_000 })],
  ["hậu phương 5 triệu 20 phần quà", "khom", draft("hau_phuong", { cbcs_gia_tri: 5_000_000, qua: 20 })],
  ["khen thưởng 2 tập thể 5 cá nhân", "don_bp", draft("khen_thuong", { tap_the: 2, ca_nhan: 5 })],
  ["mốc quốc giới 6 lượt kiểm tra 0 mốc hư hỏng 2 mốc chính", "don_bp", draft("moc_quoc_gioi", { luot_kiem_tra: 6, bat_thuong: 0, moc_chinh: 2 })],
  // A number without its unit word, an ambiguous "2.5", a negative, a count given twice: all asked.
  ["tuyen truyen 3 buoi 150", "khom", draft("tuyen_truyen", { so_buoi: 3 }, ["150"])],
  // "2.5" giờ may be 2,5 or 25: asked with both, as the form asks it.
  ["tuyen truyen 2.5 gio loa -3 buoi", "khom", { ...draft("tuyen_truyen", {}, ["-3 buoi"]) as Extract<QuickParse, { kind: "draft" }>, ask: { key: "gio_loa", readings: [2.5, 25],
    message: "\"2.5\" có thể hiểu là 2,5 (hai phẩy năm) hoặc 25. Xin gõ lại: số lẻ dùng dấu phẩy (2,5), hàng nghìn dùng dấu chấm (1.200)." } }],
  ["tuyen truyen 3 buoi 4 buoi 90 nguoi", "khom", draft("tuyen_truyen", { luot_nguoi: 90 }, ["3 buoi", "4 buoi"])],
  ["tuyen truyen 2,5 buoi", "khom", draft("tuyen_truyen", {}, ["2,5 buoi"])],
  // "15k" is money talk: not 15.000 gifts.
  ["đối ngoại 15k phần quà 3 lần", "don_bp", draft("doi_ngoai", { gap_go: 3 }, ["15k phần quà"])],
  // The form's own check: fewer people than sessions drops the people count and says why.
  ["tuyen truyen 3 buoi 2 nguoi", "khom",
    draft("tuyen_truyen", { so_buoi: 3 }, [], ["Số lượt người phải lớn hơn hoặc bằng số buổi (mỗi buổi có ít nhất 1 người dự)."])],
  ["tuyen truyen", "khom", draft("tuyen_truyen", {})],
  ["khong phat sinh tuyen truyen", "khom", { kind: "nil", formId: "tuyen_truyen" }],
  ["Không phát sinh vi phạm", "khom", { kind: "nil", formId: "vi_pham" }],
  ["khong phat sinh", "khom", { kind: "nil", formId: undefined }],
  ["tuan tra doc lap 12 to 84 nguoi", "khom", { kind: "foreign", formId: "tuan_tra" }],
  ["khong phat sinh tuan tra", "khom", { kind: "foreign", formId: "tuan_tra" }],
  ["dân số 450 hộ", "don_bp", { kind: "foreign", formId: "dan_so" }],
  ["xin chào", "khom", { kind: "unknown" }],
  // Number words one to ten (and "không") count right before a field's unit word, nowhere else.
  ["tuyên truyền hai buổi mười lăm người", "khom", draft("tuyen_truyen", { so_buoi: 2 })],
  ["nam tinh hinh nam tin co gia tri khong tin tham khao", "don_bp", draft("nam_tinh_hinh", { co_gia_tri: 5, tham_khao: 0 })],
  ["nắm tin 2 tin tham khảo", "don_bp", draft("nam_tinh_hinh", { tham_khao: 2 })],
  ["vi pham ba vu 2 nguoi xnc", "khom", draft("vi_pham", { xnc_nguoi: 2 }, ["ba vu"])],
  // Everyday words do not open a form.
  ["tôi cần hỗ trợ, tình hình sao rồi", "khom", { kind: "unknown" }],
  ["3 buoi 150 nguoi", "khom", { kind: "unknown" }],
  ["", "khom", { kind: "unknown" }],
];

describe("parseQuickEntry", () => {
  it.each(LINES)("%s (%s)", (line, unit, expected) => {
    expect(parseQuickEntry(line, unit)).toEqual(expected);
  });

  it("reads at least twenty distinct lines", () => {
    expect(new Set(LINES.map(([l]) => l)).size).toBeGreaterThanOrEqual(20);
  });
});

describe("quickExample", () => {
  it("gives each unit kind a line for a form it files, and the line reads back into that form", () => {
    for (const kind of unitKinds().map((k) => k.id)) {
      const example = quickExample(kind)!;
      const parsed = parseQuickEntry(example, kind);
      expect(parsed.kind, `${kind}: ${example}`).toBe("draft");
      if (parsed.kind !== "draft") continue;
      expect(formsForUnitKind(kind).map((f) => f.id)).toContain(parsed.formId);
      expect(parsed.unread).toEqual([]);
      expect(Object.keys(parsed.answers).length).toBeGreaterThanOrEqual(2);
    }
  });

  it("fits the unit: a khóm is shown a tuyên truyền line, the border post a patrol, an ANTT team its own patrol kind", () => {
    expect(quickExample("khom")).toBe("tuyên truyền 3 buổi 150 người 2 giờ loa");
    expect(quickExample("don_bp")).toBe("tuần tra độc lập 12 tổ 84 người");
    expect(quickExample("to_antt")).toBe("tuần tra ANTT 8 tổ 40 người");
    expect(quickExample("to_phu_nu")).toBe("tuần tra cùng tổ phụ nữ 4 tổ 20 người");
  });
});

describe("parseQuickEntry, properties", () => {
  const PAIRS: Array<[key: string, unit: string]> = [
    ["so_buoi", "buổi"], ["luot_nguoi", "lượt người"], ["to_roi", "tờ"], ["tin_bai", "tin, bài"], ["ho_cam_ket", "hộ"],
  ];
  const formatted = (n: number) => n.toLocaleString("de-DE"); // 1.200: the Vietnamese grouping

  it("reads the same answers whatever the order of the pairs and the diacritics, and each number as typed", () => {
    fc.assert(fc.property(
      fc.shuffledSubarray(PAIRS, { minLength: 1 }),
      fc.array(fc.integer({ min: 0, max: 999_999 }), { minLength: 5, maxLength: 5 }),
      fc.boolean(), fc.nat(6),
      (pairs, numbers, folded, at) => {
        // Keep the form's own check true: as many people as sessions at least.
        const values = pairs.map(([key], i) => (key === "luot_nguoi" ? 1_000_000 : numbers[i]!));
        const words = pairs.map(([, unit], i) => `${formatted(values[i]!)} ${unit}`);
        words.splice(Math.min(at, words.length), 0, "tuyên truyền");
        const line = folded ? words.join(" ").normalize("NFD").replace(/\p{M}/gu, "").replace(/đ/g, "d") : words.join(" ");
        const expected = Object.fromEntries(pairs.map(([key], i) => [key, values[i]!]));
        expect(parseQuickEntry(line, "khom")).toEqual(draft("tuyen_truyen", expected));
      },
    ));
  });

  it("never throws and never answers a field of another unit's form, whatever is typed", () => {
    fc.assert(fc.property(fc.string({ maxLength: 60 }), fc.constantFrom(...unitKinds().map((k) => k.id)), (line, kind) => {
      const r = parseQuickEntry(line, kind);
      if (r.kind === "draft") expect(formsForUnitKind(kind).map((f) => f.id)).toContain(r.formId);
    }));
  });
});
