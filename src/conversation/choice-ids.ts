// The longest choice id the core builds around a unit code, so start-up can check that every
// unit code fits a channel that limits choice ids (ChannelCapabilities.maxChoiceIdBytes).
// Keep in step with the ids in people.ts, review.ts, pending.ts and resume.ts.
import { ROLES } from "./ports.js";

/** A person id of six digits: room for far more people than a ward has. */
const PERSON_ID = "999999";
/** The longest period key: a span of days ("2025-01-01..2025-12-31", periods.ts). */
const PERIOD_KEY = "2025-01-01..2025-12-31";
const LONGEST_ROLE = [...ROLES].sort((a, b) => b.length - a.length)[0]!;

/** Every choice id built from this unit code, at its longest. */
export function unitChoiceIds(code: string): string[] {
  return [
    `unit:${code}`,
    `cmd:xem:u:${code}:${PERIOD_KEY}`,
    `cmd:nguoidung:u${PERSON_ID}:donvi:${code}:${LONGEST_ROLE}`,
  ];
}

/** The longest of them in UTF-8 bytes (what a channel's limit counts). */
export function longestUnitChoiceIdBytes(code: string): number {
  return Math.max(...unitChoiceIds(code).map((id) => new TextEncoder().encode(id).length));
}
