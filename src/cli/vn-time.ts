// Times the operator types on the command line are Vietnamese time (Asia/Ho_Chi_Minh, UTC+7),
// like the crons; a time that carries its own offset or Z keeps it.
import { pad2, VN_OFFSET_MS } from "../domain/vn.js";

const TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/** "2026-12-27T08:00" is 08:00 in Vietnam; "…Z" or "…+09:00" is taken as written. Undefined when unreadable. */
export function parseCliTime(typed: string): Date | undefined {
  const t = typed.trim();
  const m = TIME.exec(t);
  if (!m) return undefined;
  const [, y, mo, d, h = "00", mi = "00", s = "00", zone] = m;
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${s}`;
  const at = zone ? new Date(`${iso}${zone.toUpperCase() === "Z" ? "Z" : zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone}`)
    : new Date(Date.parse(`${iso}Z`) - VN_OFFSET_MS);
  // Date.parse rolls 2025-02-30 over to March: only a time that reads back the same is accepted.
  if (Number.isNaN(at.getTime())) return undefined;
  const local = new Date(at.getTime() + (zone ? 0 : VN_OFFSET_MS)).toISOString();
  if (!zone && local.slice(0, 19) !== iso) return undefined;
  return at;
}

/** A moment as "08:00 ngày 27/12/2026" in Vietnam. */
export function formatVnTime(at: Date): string {
  const v = new Date(at.getTime() + VN_OFFSET_MS);
  return `${pad2(v.getUTCHours())}:${pad2(v.getUTCMinutes())} ngày ${pad2(v.getUTCDate())}/${pad2(v.getUTCMonth() + 1)}/${v.getUTCFullYear()}`;
}
