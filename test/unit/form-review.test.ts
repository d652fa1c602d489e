// What Lưu looks at once more (src/conversation/form-review.ts), through the pure form runner.
import { describe, expect, it } from "vitest";
import { formById } from "../../src/domain/catalogue.js";
import { currentPrompt, stepForm } from "../../src/conversation/form-runner.js";
import { readYesNo, toConfirm } from "../../src/conversation/form-review.js";
import type { FormState } from "../../src/conversation/state.js";
import type { Outbound } from "../../src/conversation/types.js";

const TODAY = "2025-02-20";
const SAVE = { type: "choice", id: "save" } as const;
const texts = (ms: Outbound[]) => ms.map((m) => (m.type === "text" ? m.text : "[doc]"));
const choiceLabels = (m: Outbound | undefined) => (m?.type === "text" ? (m.choices ?? []).map((c) => c.label) : []);

/** A form already at its summary, as a typed one-line entry would leave it. */
const atSummary = (formId: FormState["formId"], answers: FormState["answers"], activityDate = TODAY): FormState =>
  ({ formId, unitCode: "dong-hung", answers, activityDate, step: { at: "summary" } });

describe("Lưu", () => {
  it("refuses a value without its count, naming what to fix, and offers the fields to edit", () => {
    const form = formById("vi_pham")!;
    const r = stepForm(form, atSummary("vi_pham", { xnc_vu: 0, xnc_nguoi: 0, buon_lau_vu: 0, buon_lau_gia_tri: 1, khac_vu: 0 }), SAVE, TODAY);
    expect(r.outcome).toBe("continue");
    expect(texts(r.messages)).toEqual([
      "⚠️ Chưa lưu được: Có trị giá hàng buôn lậu nhưng số vụ buôn lậu là 0. Xin sửa số vụ buôn lậu hoặc trị giá.", "Muốn sửa mục nào?"]);
    expect(r.state.step).toEqual({ at: "pick_edit" });
  });

  it.each([
    ["doi_ngoai", { gap_go: 1, phan_qua: 0, gia_tri_qua: 2_000_000 }, "số phần quà là 0"],
    ["tuan_tra", { kind: "doc_lap", luot_to: 0, luot_nguoi: 8 }, "số lượt tổ là 0"],
    ["dan_so", { ho: 0, khau: 5 }, "số hộ là 0"],
    ["tu_quan", { ho: 1, ca_nhan: 1, antt_so_to: 0, antt_thanh_vien: 6, pn_so_to: 1, pn_thanh_vien: 5 }, "số tổ ANTT là 0"],
  ] as const)("%s: a figure without its count is refused", (formId, answers, says) => {
    const r = stepForm(formById(formId)!, atSummary(formId, answers), SAVE, TODAY);
    expect(r.outcome).toBe("continue");
    expect(texts(r.messages)[0]).toContain(says);
  });

  it("saves consistent answers with nothing to confirm", () => {
    const r = stepForm(formById("dan_so")!, atSummary("dan_so", { ho: 120, khau: 450 }), SAVE, TODAY, { largestMonth: () => 130 });
    expect(r.outcome).toBe("save");
  });

  it("asks about a figure over ten times the largest month, above the floor, once", () => {
    const form = formById("tuyen_truyen")!;
    const answers = { so_buoi: 25, luot_nguoi: 1501, gio_loa: 2, to_roi: 0, tin_bai: 0, ho_cam_ket: 0 };
    const history: Record<string, number> = { "tuyen_truyen.so_buoi": 2, "tuyen_truyen.luot_nguoi": 150 };
    const ctx = { largestMonth: (m: string) => history[m] ?? null };
    // so_buoi 25 > 10 × 2 and ≥ 20: asked first (form order).
    expect(toConfirm(form, atSummary("tuyen_truyen", answers), TODAY, ctx)).toEqual({ key: "so_buoi", max: 2 });
    expect(toConfirm(form, atSummary("tuyen_truyen", { ...answers, so_buoi: 19 }), TODAY, ctx)).toEqual({ key: "luot_nguoi", max: 150 });
    expect(toConfirm(form, atSummary("tuyen_truyen", { ...answers, so_buoi: 19, luot_nguoi: 1500 }), TODAY, ctx)).toBeUndefined();
    // gio_loa never filed: no history, no question.
    expect(toConfirm(form, atSummary("tuyen_truyen", { ...answers, so_buoi: 3, luot_nguoi: 100, gio_loa: 5000 }), TODAY, ctx)).toBeUndefined();

    let r = stepForm(form, atSummary("tuyen_truyen", { ...answers, so_buoi: 3 }), SAVE, TODAY, ctx);
    expect(r.state.step).toEqual({ at: "confirm", key: "luot_nguoi", max: 150 });
    expect(choiceLabels(r.messages.at(-1))).toEqual(["✅ Đúng, lưu", "✏️ Sửa số này"]);
    expect(currentPrompt(form, r.state, TODAY)).toEqual(r.messages.at(-1)); // the same question after a restart
    r = stepForm(form, r.state, { type: "text", text: "hả?" }, TODAY, ctx);
    expect(texts(r.messages)[0]).toContain("Xin bấm");
    r = stepForm(form, r.state, { type: "choice", id: "c:yes" }, TODAY, ctx);
    expect(r.outcome).toBe("save");
    expect(r.state.confirmed).toEqual(["luot_nguoi=1501"]);
  });

  it("a money figure is asked only from 1.000.000 đồng", () => {
    const form = formById("hau_phuong")!;
    const ctx = { largestMonth: () => 0 };
    expect(toConfirm(form, atSummary("hau_phuong", { cbcs_gia_tri: 999_999, qua: 0 }), TODAY, ctx)).toBeUndefined();
    expect(toConfirm(form, atSummary("hau_phuong", { cbcs_gia_tri: 1_000_000, qua: 0 }), TODAY, ctx)).toEqual({ key: "cbcs_gia_tri", max: 0 });
  });

  it("asks the date before the figures, and again when the date changes", () => {
    const form = formById("dan_so")!;
    const s = atSummary("dan_so", { ho: 120, khau: 450 }, "2024-12-19");
    let r = stepForm(form, s, SAVE, TODAY);
    expect(r.state.step).toEqual({ at: "confirm", key: "@date" });
    r = stepForm(form, r.state, { type: "text", text: "dung" }, TODAY);
    expect(r.outcome).toBe("save");
    const moved = { ...r.state, activityDate: "2024-11-01" };
    expect(toConfirm(form, moved, TODAY)).toEqual({ key: "@date" });
  });

  it("reads yes and no typed with or without diacritics", () => {
    expect(readYesNo({ type: "text", text: "Đúng" })).toBe(true);
    expect(readYesNo({ type: "text", text: "co" })).toBe(true);
    expect(readYesNo({ type: "text", text: "sai" })).toBe(false);
    expect(readYesNo({ type: "text", text: "không" })).toBe(false);
    expect(readYesNo({ type: "text", text: "12" })).toBeUndefined();
  });
});

describe("ambiguous answers", () => {
  it("offers the readings that fit the field, and takes a pressed one", () => {
    const form = formById("tuyen_truyen")!;
    const s: FormState = { formId: "tuyen_truyen", unitCode: "x", answers: { so_buoi: 2 }, activityDate: TODAY, step: { at: "field", key: "luot_nguoi" } };
    let r = stepForm(form, s, { type: "text", text: "2,500" }, TODAY);
    expect(r.state.step).toEqual({ at: "field", key: "luot_nguoi", readings: [2500] }); // 2,5 lượt người is no count
    r = stepForm(form, r.state, { type: "choice", id: "n:2500" }, TODAY);
    expect(r.state.answers["luot_nguoi"]).toBe(2500);
    // Hours allow decimals: a lone "1.500" is asked, both readings offered.
    r = stepForm(form, r.state, { type: "text", text: "1.500" }, TODAY);
    expect(choiceLabels(r.messages.at(-1))).toEqual(["1,5 giờ", "1.500 giờ"]);
    const refused = stepForm(form, r.state, { type: "choice", id: "n:7" }, TODAY);
    expect(refused.state.answers["gio_loa"]).toBeUndefined();
    r = stepForm(form, r.state, { type: "text", text: "1,5" }, TODAY);
    expect(r.state.answers["gio_loa"]).toBe(1.5);
  });
});
