// A unit as people type it after a command (/moi, /nguoidung … donvi, /mokhoa, /bieudo): its code
// ("dong-hung"), its code with spaces, its short name or its full name, accents and case optional
// ("Đông Hưng", "dong hung", "KHÓM ĐÔNG HƯNG"). When no name is typed whole, a unit whose name holds
// the typed words is taken if it is the only one; several are returned to be asked. Pure.
import { fold } from "../domain/vn.js";
import type { UnitRecord } from "./ports.js";

/** The folded names a unit answers to. */
export function unitNames(u: Pick<UnitRecord, "code" | "name" | "shortName">): string[] {
  return [...new Set([fold(u.code), fold(u.code.replace(/-/g, " ")), fold(u.shortName), fold(u.name)])];
}

/** The unit typed, or the candidates to ask about (none when nothing fits). */
export function readUnit<U extends UnitRecord>(units: readonly U[], typed: string): { ok: true; unit: U } | { ok: false; candidates: U[] } {
  const t = fold(typed).replace(/\s+/g, " ").trim();
  if (!t) return { ok: false, candidates: [] };
  const exact = units.filter((u) => unitNames(u).includes(t));
  if (exact.length === 1) return { ok: true, unit: exact[0]! };
  if (exact.length > 1) return { ok: false, candidates: exact };
  // Whole words only: "hung" is no part of "hungary", and "dong" finds both Đông Hưng units.
  const holding = units.filter((u) => unitNames(u).some((n) => ` ${n.replace(/-/g, " ")} `.includes(` ${t} `)));
  if (holding.length === 1) return { ok: true, unit: holding[0]! };
  return { ok: false, candidates: holding };
}

/**
 * A unit named at the end of what was typed (after a period, a chart's name): the longest name
 * typed whole wins, so "to antt dong hung" is the team, not the khóm. Returns the text before it.
 */
export function unitAtEnd<U extends UnitRecord>(units: readonly U[], typed: string): { unit: U; rest: string } | undefined {
  const t = fold(typed).replace(/\s+/g, " ").trim();
  const hit = units
    .flatMap((u) => unitNames(u).map((name) => ({ u, name })))
    .filter(({ name }) => t === name || t.endsWith(` ${name}`))
    .sort((a, b) => b.name.length - a.name.length)[0];
  return hit && { unit: hit.u, rest: t.slice(0, t.length - hit.name.length).trim() };
}
