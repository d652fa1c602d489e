// Minimal 5-field cron matching in Asia/Ho_Chi_Minh, used to decide which jobs are due at a
// given minute (the `remind --at` command and the start-up catch-up). node-cron fires the live ticks.

import { VN_OFFSET_MS } from "../domain/vn.js";

export interface VnMinute { date: string; hour: number; minute: number; weekday: number; day: number; month: number }

export function vnMinute(at: Date): VnMinute {
  const d = new Date(at.getTime() + VN_OFFSET_MS);
  return {
    date: d.toISOString().slice(0, 10), hour: d.getUTCHours(), minute: d.getUTCMinutes(),
    weekday: d.getUTCDay(), day: d.getUTCDate(), month: d.getUTCMonth() + 1,
  };
}

/** The instant of a Vietnamese wall-clock time. */
export function vnInstant(date: string, hour: number, minute: number): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) - VN_OFFSET_MS + (hour * 60 + minute) * 60_000);
}

function fieldMatches(field: string, value: number, min: number, max: number): boolean {
  return field.split(",").some((part) => {
    const [range = "*", stepText] = part.split("/");
    const step = stepText ? Number(stepText) : 1;
    let lo = min;
    let hi = max;
    if (range !== "*") {
      const [a, b] = range.split("-");
      lo = Number(a);
      hi = b === undefined ? (stepText ? max : lo) : Number(b);
    }
    return value >= lo && value <= hi && (value - lo) % step === 0;
  });
}

export function cronMatches(expr: string, m: VnMinute): boolean {
  const [min = "", hour = "", dom = "", mon = "", dow = ""] = expr.trim().split(/\s+/);
  const weekday = fieldMatches(dow, m.weekday, 0, 7) || (m.weekday === 0 && fieldMatches(dow, 7, 0, 7));
  return fieldMatches(min, m.minute, 0, 59) && fieldMatches(hour, m.hour, 0, 23) && fieldMatches(dom, m.day, 1, 31)
    && fieldMatches(mon, m.month, 1, 12) && weekday;
}

/** The latest minute today, at or before `at`, when the expression fires; undefined if none yet. */
export function lastSlotToday(expr: string, at: Date): Date | undefined {
  const now = vnMinute(at);
  for (let t = now.hour * 60 + now.minute; t >= 0; t--) {
    const hour = Math.floor(t / 60);
    const minute = t % 60;
    if (cronMatches(expr, { ...now, hour, minute })) return vnInstant(now.date, hour, minute);
  }
  return undefined;
}

/** "21:00-06:30": true when the Vietnamese time of `at` falls inside (wrapping midnight). */
export function inQuietHours(spec: string, at: Date): boolean {
  const [from = "", to = ""] = spec.split("-");
  const toMinutes = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));
  const m = vnMinute(at);
  const t = m.hour * 60 + m.minute;
  const a = toMinutes(from);
  const b = toMinutes(to);
  return a <= b ? t >= a && t < b : t >= a || t < b;
}

/** Milliseconds until the quiet hours of `spec` end, or 0 when `at` is outside them. */
export function msUntilQuietEnds(spec: string, at: Date): number {
  if (!inQuietHours(spec, at)) return 0;
  const end = spec.split("-")[1] ?? "00:00";
  const today = vnMinute(at).date;
  let until = vnInstant(today, Number(end.slice(0, 2)), Number(end.slice(3, 5)));
  if (until.getTime() <= at.getTime()) until = new Date(until.getTime() + 24 * 3600_000);
  return until.getTime() - at.getTime();
}
