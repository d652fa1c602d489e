// The per-unit rows of a report across changes of the organisation: a unit in force for part of
// the period has its own row; one ended before the period passes its figures to its successor (a
// merger) or keeps a former-unit row (a split: figures cannot be divided); each move is said in
// one line of the document ([[thay_doi_don_vi]]).
import { wardKind } from "../domain/catalogue.js";
import { changeLine, homeOf, inForceDuring, type DatedUnit } from "../domain/org-dates.js";
import type { WardProfile } from "../domain/profile.js";
import type { Figures, UnitFigures } from "./model.js";

export interface UnitRowInput {
  code: string;
  name: string;
  shortName: string;
  kind: string;
}

/**
 * Rows for the ward and its units in force during [start, end], then rows for units with figures
 * that stay their own (a split, an ended unit without successor, one dropped from the profile:
 * `lookup` names those as the units table last knew them).
 */
export function unitRows(
  profile: WardProfile, span: { start: string; end: string }, perUnit: ReadonlyMap<string, Figures>,
  zeros: () => Figures, lookup: (code: string) => UnitRowInput,
): { rows: UnitFigures[]; notes: string[] } {
  const units: readonly (DatedUnit & { shortName?: string | undefined; kind: string })[] = profile.units;
  const asRow = (u: (typeof units)[number]): UnitRowInput => ({ code: u.code, name: u.name, shortName: u.shortName ?? u.name, kind: u.kind });
  const ward: UnitRowInput = { code: profile.ward.code, name: profile.ward.name, shortName: profile.ward.name, kind: wardKind() };
  const inForce = units.filter((u) => inForceDuring(u, span.start, span.end)).map(asRow);
  const values = new Map<string, Figures>();
  const addInto = (code: string, f: Figures) => {
    const into = values.get(code) ?? zeros();
    for (const [k, v] of Object.entries(f)) into[k] = (into[k] ?? 0) + v;
    values.set(code, into);
  };
  const own: UnitRowInput[] = [];
  const notes: { at: number; line: string }[] = [];
  const known = new Set([ward.code, ...inForce.map((u) => u.code)]);
  for (const [code, f] of perUnit) {
    const unit = units.find((u) => u.code === code);
    const home = unit ? homeOf(units, code, span.start, span.end) : undefined;
    const homeCode = home?.code ?? code;
    addInto(homeCode, f);
    if (!known.has(homeCode)) {
      known.add(homeCode);
      own.push(home ? asRow(home as (typeof units)[number]) : lookup(code));
    }
    // A unit ending on the period's last day changes nothing the document shows.
    const endsInside = unit?.until !== undefined && unit.until < span.end;
    const line = unit && endsInside && changeLine(unit, units, home, unit.until! < span.start);
    if (line) notes.push({ at: units.indexOf(unit!), line });
  }
  own.sort((a, b) => a.code.localeCompare(b.code));
  const rows = [ward, ...inForce, ...own].map((u) => ({ ...u, values: values.get(u.code) ?? zeros() }));
  // In the order of the profile, so the lines read as the table does.
  return { rows, notes: notes.sort((a, b) => a.at - b.at).map((n) => n.line) };
}
