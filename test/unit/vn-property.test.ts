// Property tests over the number and date readers: whatever a person types for a number, the
// reader returns exactly the number they meant or asks again; every refusal says what to type.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, ambiguousReadings, isoDate, parseVnDate, parseVnNumber, type NumberOptions } from "../../src/domain/vn.js";

/** Groups of three with a separator: 1234567 → "1.234.567" (written by hand, not with the code under test). */
const group = (digits: string, sep: string) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, sep);

const OPTS: Record<string, NumberOptions | undefined> = {
  lenient: undefined,
  count: { unitWords: ["buổi"] },
  hours: { unitWords: ["giờ"], decimals: true },
  money: { unitWords: ["đồng"], money: true },
};
const optsArb = fc.constantFrom(...Object.keys(OPTS));
/** Noise a person adds around a number: spaces, a fitting unit word, a polite "ạ", decomposed diacritics. */
const noise = (mode: string) => fc.record({
  before: fc.constantFrom("", " ", "  "),
  after: fc.constantFrom("", " ", "\t"),
  unit: fc.constantFrom("", mode === "money" ? " đồng" : mode === "hours" ? " giờ" : mode === "count" ? " buổi" : ""),
  polite: fc.constantFrom("", " ạ"),
  nfd: fc.boolean(),
});
const dress = (core: string, n: { before: string; after: string; unit: string; polite: string; nfd: boolean }) => {
  const s = `${n.before}${core}${n.unit}${n.unit ? n.polite : ""}${n.after}`;
  return n.nfd ? s.normalize("NFD") : s;
};

/** The reader gave exactly `meant`, or asked again offering `meant` among the readings. */
function readsAsOrAsks(typed: string, opts: NumberOptions | undefined, meant: number) {
  const r = parseVnNumber(typed, opts);
  if (r.ok) { expect(r.value).toBe(meant); return; }
  expect(r.reason).toBe("ambiguous");
  expect(ambiguousReadings(typed, opts)).toContain(meant);
}

function explains(message: string) {
  expect(message.length).toBeGreaterThan(0);
  expect(message).toBe(message.normalize("NFC"));
  expect(message).toMatch(/[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]/); // Vietnamese
  expect(message).toMatch(/Xin (gõ|nhập)/); // says what to do
  expect(message).toMatch(/ví dụ|\(2,5\)/); // with an example
}

describe("number reader (properties)", () => {
  it("reads integers written the Vietnamese way exactly, or asks", () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 1e12 }), fc.boolean(), optsArb.chain((m) => fc.tuple(fc.constant(m), noise(m))),
      (n, grouped, [mode, nz]) => {
        const core = grouped ? group(String(n), ".") : String(n);
        const opts = OPTS[mode];
        readsAsOrAsks(dress(core, nz), opts, n);
        // Only a lone thousands group where decimals are plausible may be asked.
        if (!(grouped && mode === "hours" && n >= 1000 && n < 1e6)) expect(parseVnNumber(dress(core, nz), opts)).toEqual({ ok: true, value: n });
      }), { numRuns: 2000 });
  });

  it("reads decimals written with a comma exactly, or asks", () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 999_999 }), fc.stringMatching(/^\d{1,4}$/), optsArb.chain((m) => fc.tuple(fc.constant(m), noise(m))),
      (i, frac, [mode, nz]) => {
        const typed = dress(`${group(String(i), ".")},${frac}`, nz);
        readsAsOrAsks(typed, OPTS[mode], Number(`${i}.${frac}`));
      }), { numRuns: 2000 });
  });

  it("never reads English thousands ('1,000', '500,000', '1,000,000') as a smaller number", () => {
    fc.assert(fc.property(fc.integer({ min: 1000, max: 1e12 }), optsArb.chain((m) => fc.tuple(fc.constant(m), noise(m))), (n, [mode, nz]) => {
      readsAsOrAsks(dress(group(String(n), ","), nz), OPTS[mode], n);
    }), { numRuns: 2000 });
  });

  it("asks an English decimal point unless it is a Vietnamese thousands group", () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 999 }), fc.stringMatching(/^\d{1,4}$/), optsArb, (i, frac, mode) => {
      const typed = `${i}.${frac}`;
      const r = parseVnNumber(typed, OPTS[mode]);
      if (frac.length === 3 && i > 0 && mode !== "hours") { expect(r).toEqual({ ok: true, value: Number(`${i}${frac}`) }); return; }
      expect(r).toMatchObject({ ok: false, reason: "ambiguous" });
      expect(ambiguousReadings(typed, OPTS[mode])).toContain(Number(typed));
    }), { numRuns: 1000 });
  });

  it("reads money with triệu, nghìn and k exactly", () => {
    const words = { "triệu": 1e6, tr: 1e6, "nghìn": 1e3, "ngàn": 1e3, k: 1e3 } as const;
    fc.assert(fc.property(fc.integer({ min: 0, max: 9999 }), fc.stringMatching(/^\d{0,2}$/), fc.constantFrom(...Object.keys(words)), fc.boolean(),
      (i, frac, word, space) => {
        const mult = words[word as keyof typeof words];
        const typed = `${group(String(i), ".")}${frac ? `,${frac}` : ""}${space ? " " : ""}${word}`;
        // (i + frac/10^len) × mult in whole numbers: no floating point in the expectation.
        const meant = ((i * 10 ** frac.length + Number(frac || "0")) * mult) / 10 ** frac.length;
        readsAsOrAsks(typed, OPTS["money"], meant);
      }), { numRuns: 1000 });
  });

  it("reads the words zero to ten", () => {
    const words: [string, number][] = [["không", 0], ["khong co", 0], ["ko", 0], ["một", 1], ["mot", 1], ["hai", 2], ["ba", 3], ["bốn", 4],
      ["năm", 5], ["sáu", 6], ["bảy", 7], ["tám", 8], ["chín", 9], ["mười", 10], ["muoi", 10]];
    fc.assert(fc.property(fc.constantFrom(...words), fc.constantFrom("", " buổi"), fc.boolean(), ([w, v], unit, upper) => {
      const typed = (upper ? w[0]!.toUpperCase() + w.slice(1) : w) + unit;
      expect(parseVnNumber(typed, OPTS["count"])).toEqual({ ok: true, value: v });
    }));
  });

  it("explains every refusal in Vietnamese with what to type", () => {
    const piece = fc.constantFrom("1", "2", "0", "5", "9", ".", ",", " ", "-", "k", "tr", "triệu", "đồng", "buổi", "con gà", "hai", "mươi", "x", "ạ", "không", "có");
    const typed = fc.oneof(fc.string({ maxLength: 12 }), fc.array(piece, { maxLength: 6 }).map((a) => a.join("")));
    fc.assert(fc.property(typed, optsArb, (t, mode) => {
      const r = parseVnNumber(t, OPTS[mode]);
      if (r.ok) {
        expect(Number.isFinite(r.value) && r.value >= 0 && r.value <= 1e12).toBe(true);
        return;
      }
      explains(r.message);
    }), { numRuns: 3000 });
  });
});

describe("date reader (properties)", () => {
  const day = (min: string, max: string) =>
    fc.integer({ min: Date.parse(`${min}T00:00:00Z`) / 864e5, max: Date.parse(`${max}T00:00:00Z`) / 864e5 })
      .map((d) => new Date(d * 864e5).toISOString().slice(0, 10));
  const parts = (iso: string) => iso.split("-").map(Number) as [number, number, number];
  const formats = (iso: string): string[] => {
    const [y, m, d] = parts(iso);
    const p = (n: number) => String(n).padStart(2, "0");
    return [`${d}/${m}/${y}`, `${p(d)}/${p(m)}/${y}`, `${d}-${m}-${y}`, `${d}.${m}.${y}`, iso, `ngày ${d}/${m}/${y}`, `Ngày  ${p(d)}/${p(m)}/${y} `, `${d} / ${m} / ${y}`];
  };

  it("reads a past date exactly as written, and a future one is refused", () => {
    fc.assert(fc.property(day("2000-01-01", "2100-12-31"), day("2001-01-01", "2100-12-31"), fc.nat(7), (date, today, f) => {
      const typed = formats(date)[f]!;
      const r = parseVnDate(typed, today);
      if (date <= today) expect(r).toEqual({ ok: true, date });
      else {
        expect(r.ok).toBe(false);
        if (!r.ok) explains(r.message);
      }
    }), { numRuns: 2000 });
  });

  it("reads day/month as the latest such day not after today, except a later day of this month (refused as still to come)", () => {
    fc.assert(fc.property(day("2001-01-01", "2100-12-31"), fc.integer({ min: 0, max: 364 }), (today, back) => {
      const date = addDays(today, -back);
      const [, m, d] = parts(date);
      const [, tm, td] = parts(today);
      const r = parseVnDate(`${d}/${m}`, today);
      // 29/2 typed in a year after a leap day goes back to the last 29 February, still not after today.
      if (m === 2 && d === 29) { expect(!r.ok || r.date <= today).toBe(true); return; }
      if (m === tm && d > td) { expect(r.ok).toBe(false); return; }
      expect(r).toEqual({ ok: true, date });
    }), { numRuns: 2000 });
  });

  it("refuses impossible dates and years before 2000, saying what to type", () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 14 }), fc.integer({ min: 1000, max: 2999 }), (d, m, y) => {
      const r = parseVnDate(`${d}/${m}/${y}`, "2025-02-20");
      const valid = m >= 1 && m <= 12 && d >= 1 && d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
      const iso = isoDate(y, m, d);
      if (valid && y >= 2000 && iso <= "2025-02-20") { expect(r).toEqual({ ok: true, date: iso }); return; }
      expect(r.ok).toBe(false);
      if (!r.ok) explains(r.message);
    }), { numRuns: 2000 });
  });
});
