// The core decides a save or a correction before returning it as a write, with the entry
// pipeline's own checks read through the entryRefusals port (src/conversation/write-checks.ts):
// a locked month first, then the figures and cross-checks, then the entry's own state.
import { describe, expect, it } from "vitest";
import { checkEdit, checkSave } from "../../src/conversation/write-checks.js";
import type { EntryCheckRefusal, EntryDetail, Services } from "../../src/conversation/ports.js";

const NOW = new Date("2025-03-10T03:00:00Z");
const ENTRY = { unitCode: "dong-hung", reporterId: 1, formId: "vi_pham", activityDate: "2025-03-08", values: { "vi_pham.buon_lau_vu": 0 } };
const CHECK: EntryCheckRefusal = { reason: "check", message: "Có trị giá nhưng số vụ là 0.", fields: ["buon_lau_vu", "buon_lau_gia_tri"] };

/** Only what the checks read; the rest of Services is never called. */
function services(a: { refusals?: EntryCheckRefusal[]; entry?: Partial<EntryDetail>; locked?: string[] }): Services {
  const entry = a.entry && { id: 7, formId: "vi_pham", activityDate: "2025-03-01", period: "2025-03", source: "chat", values: {}, status: "active",
    note: null, photoFileId: null, revision: 2, returnReason: null, ...a.entry };
  return {
    cutoffDay: 0,
    entryRefusals: () => a.refusals ?? [],
    entryOfUnit: () => entry,
    isLocked: (month: string) => (a.locked ?? []).includes(month),
  } as Partial<Services> as Services;
}

describe("a new entry", () => {
  it("is saved in its month when the pipeline refuses nothing", () => {
    expect(checkSave(services({}), ENTRY, NOW)).toEqual({ ok: true, period: "2025-03" });
  });

  it("is refused with the pipeline's messages and the fields to change", () => {
    expect(checkSave(services({ refusals: [CHECK] }), ENTRY, NOW))
      .toEqual({ ok: false, reason: "refused", refusals: [{ message: "Có trị giá nhưng số vụ là 0.", fields: ["buon_lau_vu", "buon_lau_gia_tri"] }] });
  });

  it("is refused as locked, with the month, before any figure", () => {
    const locked: EntryCheckRefusal = { reason: "locked", period: "2025-03", message: "Tháng 03/2025 đã khóa sổ." };
    expect(checkSave(services({ refusals: [CHECK, locked] }), ENTRY, NOW)).toEqual({ ok: false, reason: "locked", period: "2025-03" });
  });
});

describe("a correction", () => {
  const edit = { ...ENTRY, entryId: 7, by: 1, reason: "gõ nhầm", revision: 2 };

  it("gets the next revision when the pipeline and the entry allow it", () => {
    expect(checkEdit(services({ entry: {} }), edit, NOW)).toEqual({ ok: true, revision: 3, period: "2025-03" });
  });

  it("is refused by the pipeline's checks first, as the pipeline answers", () => {
    expect(checkEdit(services({ refusals: [CHECK], entry: { status: "deleted" } }), edit, NOW)).toMatchObject({ ok: false, reason: "refused" });
  });

  it("then by the entry: gone, its old month locked, or changed since it was seen", () => {
    expect(checkEdit(services({}), edit, NOW)).toEqual({ ok: false, reason: "not_found" });
    expect(checkEdit(services({ entry: { period: "2025-02" }, locked: ["2025-02"] }), edit, NOW)).toEqual({ ok: false, reason: "locked", period: "2025-02" });
    expect(checkEdit(services({ entry: { revision: 3 } }), edit, NOW)).toEqual({ ok: false, reason: "changed" });
  });
});
