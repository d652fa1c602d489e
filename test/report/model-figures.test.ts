// The shared model data is consistent with the model report: its per-unit rows add up to the
// totals copied by hand from the report, and its year rows add up to the report's figures.
import { describe, expect, it } from "vitest";
import { MODEL_TOTALS, MODEL_YEARS, modelReportData } from "./model-figures.js";

describe("model-figures", () => {
  it("per-unit figures add up to the report's totals (flows and stocks alike, one figure per unit)", () => {
    const d = modelReportData();
    for (const [k, v] of Object.entries(MODEL_TOTALS)) {
      expect(d.byUnit.reduce((s, u) => s + (u.values[k] ?? 0), 0), k).toBe(v);
    }
  });

  it("year rows add up to the report's 480 sessions and 329 valuable tips", () => {
    expect(MODEL_YEARS.reduce((s, y) => s + y.values["tuyen_truyen.so_buoi"]!, 0)).toBe(480);
    expect(MODEL_YEARS.reduce((s, y) => s + y.values["tin.co_gia_tri"]!, 0)).toBe(329);
  });
});
