// The generic form runner is pure: (form, state, input) -> (state, messages, outcome).
import { describe, expect, it } from "vitest";
import { formById } from "../../src/domain/catalogue.js";
import { formValues, startForm, stepForm } from "../../src/conversation/form-runner.js";
import type { FormState } from "../../src/conversation/state.js";
import type { EventBody, Outbound } from "../../src/conversation/types.js";

const TODAY = "2025-02-20";
const say = (t: string): EventBody => ({ type: "text", text: t });
const texts = (ms: Outbound[]) => ms.map((m) => (m.type === "text" ? m.text : "[doc]"));

function run(formId: string, inputs: EventBody[]) {
  const form = formById(formId)!;
  let state: FormState = startForm(form, "x", TODAY).state;
  let last: Outbound[] = [];
  for (const i of inputs) {
    const r = stepForm(form, state, i, TODAY);
    state = r.state;
    last = r.messages;
    if (r.outcome !== "continue") return { state, last, outcome: r.outcome, form };
  }
  return { state, last, outcome: "continue" as const, form };
}

describe("form runner", () => {
  it("keeps the same question after bad input", () => {
    const r = run("dan_so", [say("1.500"), say("abc")]);
    expect(r.state.step).toEqual({ at: "field", key: "khau" });
    expect(texts(r.last)[1]).toContain("Số nhân khẩu?");
  });

  it("rejects a later answer that breaks a cross-field check", () => {
    const r = run("dan_so", [say("1.500"), say("900")]);
    expect(texts(r.last)[0]).toContain("Số khẩu phải lớn hơn hoặc bằng số hộ");
    expect(r.state.answers).toEqual({ ho: 1500 });
  });

  it("keeps a changed answer that breaks a cross-field check, for Lưu to refuse, so the other answer can be changed too", () => {
    const changed = run("dan_so", [say("10"), say("30"), { type: "choice", id: "edit" }, { type: "choice", id: "e:ho" }, say("50")]);
    expect(changed.state.step).toEqual({ at: "summary" });
    expect(changed.state.answers).toEqual({ ho: 50, khau: 30 });
    expect(texts(changed.last)[0]).toContain("⚠️ Số khẩu phải lớn hơn hoặc bằng số hộ");
    const refused = run("dan_so", [say("10"), say("30"), { type: "choice", id: "edit" }, { type: "choice", id: "e:ho" }, say("50"), { type: "choice", id: "save" }]);
    expect(refused.outcome).toBe("continue");
    expect(texts(refused.last)[0]).toContain("⚠️ Chưa lưu được: Số khẩu phải lớn hơn hoặc bằng số hộ");
    expect(refused.state.step).toEqual({ at: "pick_edit" });
  });

  it("asks the note and photo only when a marker is abnormal, and skips them with 'bỏ qua'", () => {
    const normal = run("moc_quoc_gioi", [say("4"), say("0")]);
    expect(normal.state.step).toEqual({ at: "field", key: "moc_chinh" });
    const abnormal = run("moc_quoc_gioi", [say("4"), say("1"), say("Mốc 275 nghiêng"), { type: "photo", fileId: "F1" }, say("1"), say("0"), say("0"), say("0"), say("0"), { type: "choice", id: "save" }]);
    expect(abnormal.outcome).toBe("save");
    expect(abnormal.state.answers).toMatchObject({ ghi_chu: "Mốc 275 nghiêng", anh: "F1" });
    expect(formValues(abnormal.form, abnormal.state.answers)).toEqual({
      "moc.luot_kiem_tra": 4, "moc.bat_thuong": 1, "moc.bao_cao_cap_tren": 1, "moc.moc_chinh": 0, "moc.moc_phu": 0, "moc.coc_dau": 0, "moc.diem_dac_trung": 0,
    });
    const skipped = run("moc_quoc_gioi", [say("4"), say("1"), say("bo qua"), say("bỏ qua")]);
    expect(skipped.state.answers).toMatchObject({ ghi_chu: null, anh: null });
  });

  it("maps the patrol kind into the metric keys", () => {
    const r = run("tuan_tra", [{ type: "choice", id: "o:dan_duong" }, say("2"), say("10"), { type: "choice", id: "save" }]);
    expect(formValues(r.form, r.state.answers)).toEqual({ "tuan_tra.dan_duong.luot_to": 2, "tuan_tra.dan_duong.luot_nguoi": 10 });
  });

  it("accepts decimals only where the metric allows them", () => {
    expect(texts(run("tuyen_truyen", [say("2,5")]).last)[0]).toContain("số nguyên");
    expect(run("tuyen_truyen", [say("2"), say("30"), say("2,5")]).state.answers["gio_loa"]).toBe(2.5);
  });

  it("refuses a future activity date and keeps the summary", () => {
    const r = run("dan_so", [say("10"), say("30"), { type: "choice", id: "edit" }, { type: "choice", id: "e:@date" }, say("25/12/2025")]);
    expect(texts(r.last)[0]).toContain("không được sau hôm nay");
    expect(r.state.activityDate).toBe(TODAY);
  });
});
