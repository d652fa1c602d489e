// A small seeded PRNG (mulberry32): the crash suite's choices repeat for a seed; timing does not.
export interface Rng {
  next(): number;
  int(lo: number, hi: number): number;
  chance(p: number): boolean;
  pick<T>(xs: readonly T[]): T;
}

export function rng(seed: number): Rng {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    chance: (p) => next() < p,
    pick: (xs) => xs[Math.floor(next() * xs.length)]!,
  };
}

/** A seed from CRASH_SEED, or a fresh one (printed by the suite so a failure can be replayed). */
export function seedFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const given = env.CRASH_SEED;
  if (given !== undefined && given !== "") {
    const n = Number(given);
    if (!Number.isInteger(n) || n < 0) throw new Error(`CRASH_SEED must be a non-negative integer, got ${given}`);
    return n >>> 0;
  }
  return Math.floor(Math.random() * 2 ** 31);
}
