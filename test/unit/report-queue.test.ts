import { describe, expect, it } from "vitest";
import { admit } from "../../src/app/report-queue.js";

describe("admit (reports and exports)", () => {
  it("admits one per owner, `concurrency` at once and `maxWaiting` more", () => {
    const limits = { concurrency: 1, maxWaiting: 1 };
    expect(admit([], "a", limits)).toEqual({ status: "accepted", ahead: 0 });
    expect(admit(["a"], "b", limits)).toEqual({ status: "accepted", ahead: 1 });
    expect(admit(["a", "b"], "a", limits)).toEqual({ status: "busy" });
    expect(admit(["a", "b"], "c", limits)).toEqual({ status: "full" });
  });

  it("with two building, the third waits behind none and the fourth behind one", () => {
    const limits = { concurrency: 2, maxWaiting: 3 };
    expect(admit(["a"], "b", limits)).toEqual({ status: "accepted", ahead: 0 });
    expect(admit(["a", "b"], "c", limits)).toEqual({ status: "accepted", ahead: 1 });
    expect(admit(["a", "b", "c"], "d", limits)).toEqual({ status: "accepted", ahead: 2 });
    expect(admit(["a", "b", "c", "d", "e"], "f", limits)).toEqual({ status: "full" });
  });
});
