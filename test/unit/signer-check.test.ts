// The rule behind the signer warning: the last change of the ward's name, heading or make-up must
// be followed, that day or later, by a change naming a signer.
import { describe, expect, it } from "vitest";
import { unconfirmedSigner } from "../../src/domain/signer-check.js";
import { MODEL_PROFILE } from "../report/model-figures.js";
import type { WardProfile } from "../../src/domain/profile.js";

const withChanges = (changes: WardProfile["changes"]): WardProfile => ({ ...MODEL_PROFILE, changes });
const SIGNER = { title: "CHỦ TỊCH", name: "Nguyễn Văn Bình" };

describe("unconfirmedSigner", () => {
  it("no change, or changes of recipients only: nothing to confirm", () => {
    expect(unconfirmedSigner(withChanges(undefined))).toBeNull();
    expect(unconfirmedSigner(withChanges([{ from: "2025-07-01", recipients: ["Lưu: VT"] }]))).toBeNull();
  });

  it("a rename without a signer names the day, the new name and who still signs", () => {
    expect(unconfirmedSigner(withChanges([{ from: "2025-07-01", name: "Phường Thới Sơn" }]))).toEqual({
      from: "2025-07-01", wardName: "Phường Thới Sơn", renamed: true, title: "CHỦ TỊCH", name: "Huỳnh Thanh Vũ", level: "phường" });
  });

  it("a signer in the same change or a later one confirms it; one before it does not", () => {
    expect(unconfirmedSigner(withChanges([{ from: "2025-07-01", name: "Phường Thới Sơn", signer: SIGNER }]))).toBeNull();
    expect(unconfirmedSigner(withChanges([{ from: "2025-07-01", name: "Phường Thới Sơn" }, { from: "2025-08-15", signer: SIGNER }]))).toBeNull();
    expect(unconfirmedSigner(withChanges([{ from: "2024-01-01", signer: SIGNER }, { from: "2025-07-01", issuingBody: ["ỦY BAN NHÂN DÂN", "PHƯỜNG THỚI SƠN"] }])))
      .toMatchObject({ from: "2025-07-01", renamed: false, name: "Nguyễn Văn Bình" });
  });
});
