// Pure pieces of the office's page: escaping every character that could open markup, and the days
// left to a period's close (hand-counted on the calendar).
import { describe, expect, it } from "vitest";
import { esc } from "../../src/web/page.js";
import { daysToClose, vnDateTime } from "../../src/web/board.js";
import type { Period } from "../../src/domain/periods.js";

const feb: Period = { kind: "month", key: "2025-02", start: "2025-02-01", end: "2025-02-28", label: "tháng 02/2025" };

describe("esc", () => {
  it("escapes the five characters that open markup or leave an attribute, and gives NFC", () => {
    expect(esc(`<script>alert("x")</script> & 'y'`)).toBe("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;");
    expect(esc("Ho\u0300a")).toBe("Hòa");
    expect(esc(null)).toBe("");
  });
});

describe("daysToClose", () => {
  it("counts calendar days to the period's last day", () => {
    expect(daysToClose(feb, "2025-02-20")).toBe(8);
    expect(daysToClose(feb, "2025-02-28")).toBe(0);
    expect(daysToClose(feb, "2025-03-02")).toBe(-2);
    expect(daysToClose(feb, "2025-01-31")).toBe(28);
  });
});

describe("vnDateTime", () => {
  it("shows Vietnamese time, seven hours ahead of UTC, across midnight", () => {
    expect(vnDateTime(new Date("2025-02-20T03:00:00Z"))).toBe("20/02/2025 10:00");
    expect(vnDateTime(new Date("2025-02-28T17:30:00Z"))).toBe("01/03/2025 00:30");
  });
});
