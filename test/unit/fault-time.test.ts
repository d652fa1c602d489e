// The crash suite's fault mode bounds a person's wait beyond the faults: the time of a wait that
// falls within any fault window counts once, however many windows overlap there.
import { describe, expect, it } from "vitest";
import { faultTimeWithin } from "../crash/fault-checks.js";

describe("faultTimeWithin (the crash suite's fault time inside a wait)", () => {
  it("counts overlapping windows once and cuts them to the wait", () => {
    // Wait 100..200; windows 90..120 (20 inside), 110..130 (adds 10), 150..160 (10), 190..300 (10): 50.
    expect(faultTimeWithin(100, 200, [{ from: 110, to: 130 }, { from: 90, to: 120 }, { from: 190, to: 300 }, { from: 150, to: 160 }])).toBe(50);
  });
  it("is 0 with no window inside the wait, and the whole wait under one covering window", () => {
    expect(faultTimeWithin(100, 200, [{ from: 0, to: 100 }, { from: 200, to: 250 }])).toBe(0);
    expect(faultTimeWithin(100, 200, [{ from: 50, to: 250 }, { from: 120, to: 130 }])).toBe(100);
  });
});
