// The start-up catch-up and `remind --at` decide with our own matcher (src/reminders/cron.ts)
// which slots a job has; node-cron fires the live ticks. Both must agree on every expression the
// configuration accepts (numbers, *, lists, ranges, steps: src/config.ts), at any minute.
import fc from "fast-check";
import cron from "node-cron";
import { describe, expect, it } from "vitest";
import { configSchema } from "../../src/config.js";
import { cronMatches, vnMinute } from "../../src/reminders/cron.js";

const FIELDS: Array<[min: number, max: number]> = [[0, 59], [0, 23], [1, 31], [1, 12], [0, 7]];

/** One comma-separated part of a field: *, n, a-b, with an optional step. */
function part([min, max]: [number, number]): fc.Arbitrary<string> {
  const n = fc.integer({ min, max });
  const range = fc.tuple(n, n).map(([a, b]) => (a <= b ? `${a}-${b}` : `${b}-${a}`));
  const step = fc.integer({ min: 1, max: max - min + 1 });
  return fc.oneof(
    fc.constant("*"), n.map(String), range,
    fc.tuple(fc.constantFrom("*", ""), step).map(([s, k]) => (s ? `*/${k}` : "*")),
    fc.tuple(range, step).map(([r, k]) => `${r}/${k}`),
  );
}
const field = (bounds: [number, number]) => fc.array(part(bounds), { minLength: 1, maxLength: 3 }).map((ps) => ps.join(","));
const expression = fc.tuple(...FIELDS.map(field)).map((fs) => fs.join(" "));

// Any minute from 2024 to 2031, at second 0 (node-cron matches seconds too; ours has none).
const minute = fc.integer({ min: Date.UTC(2024, 0, 1) / 60_000, max: Date.UTC(2031, 11, 31) / 60_000 }).map((m) => new Date(m * 60_000));

const accepted = (expr: string) => configSchema.shape.DIGEST_CRON.safeParse(expr).success;

describe("our cron matcher and node-cron", () => {
  it("agree on every expression the configuration accepts, at any minute in Vietnam", () => {
    fc.assert(fc.property(expression.filter(accepted), fc.array(minute, { minLength: 20, maxLength: 20 }), (expr, minutes) => {
      const task = cron.createTask(expr, () => undefined, { timezone: "Asia/Ho_Chi_Minh" });
      try {
        for (const at of minutes) expect(cronMatches(expr, vnMinute(at)), `${expr} at ${at.toISOString()}`).toBe(task.match(at));
      } finally {
        void task.destroy();
      }
    }), { numRuns: 400 });
  });

  it("agree on the defaults and the examples of the guide", () => {
    const examples = ["0 8 * * *", "0 15 * * *", "0,30 7-9 * * 1", "*/15 8 24 2 *", "0 8 * * 0", "0 8 * * 7", "5 0 * * *", "30 3 * * *"];
    for (const expr of examples) {
      expect(accepted(expr)).toBe(true);
      const task = cron.createTask(expr, () => undefined, { timezone: "Asia/Ho_Chi_Minh" });
      for (let m = 0; m < 7 * 24 * 60; m += 5) {
        const at = new Date(Date.UTC(2025, 1, 23) + m * 60_000);
        expect(cronMatches(expr, vnMinute(at)), `${expr} at ${at.toISOString()}`).toBe(task.match(at));
      }
      void task.destroy();
    }
  });
});
