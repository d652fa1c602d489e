// What the conversation core needs from the rest of the system. The core calls these
// synchronously inside the caller's transaction; implementations live in src/store.
import type { FormId, UnitKind } from "../domain/catalogue.js";

export type Role = "admin" | "lanh_dao" | "bao_cao";
export const ROLES: readonly Role[] = ["admin", "lanh_dao", "bao_cao"];
/** Where a role belongs: reporters at a khóm, tổ or the post; leaders and the office at the ward. */
export function unitsForRole<U extends { kind: string }>(units: readonly U[], role: Role): U[] {
  return units.filter((u) => (role === "bao_cao" ? u.kind !== "phuong" : u.kind === "phuong"));
}

export const ROLE_LABELS: Record<Role, string> = { admin: "Văn phòng (quản trị)", lanh_dao: "Lãnh đạo phường", bao_cao: "Người báo cáo" };

export interface UserRecord {
  id: number;
  name: string;
  role: Role;
  unitCode: string;
  unitName: string;
  unitKind: UnitKind;
}

export interface UnitRecord { code: string; name: string; shortName: string; kind: UnitKind }

export type RedeemResult =
  | { ok: true; user: UserRecord }
  | { ok: false; reason: "invalid" | "used" | "expired" | "throttled" };

export type LinkResult =
  | { ok: true; user: UserRecord; already: boolean }
  | { ok: false; reason: "invalid" | "used" | "expired" | "throttled" }
  | { ok: false; reason: "other_user"; current: UserRecord | undefined };

export interface NewEntry {
  unitCode: string;
  reporterId: number;
  formId: FormId;
  activityDate: string;
  values: Record<string, number>;
  note?: string | null;
  photoFileId?: string | null;
  latitude?: number | null;
  longitude?: number | null;
}

export type SaveResult = { ok: true; entryId: number; period: string } | { ok: false; reason: "locked"; period: string };


export interface EntryLine { id: number; formId: FormId; activityDate: string; period: string; source: string; values: Record<string, number> }
export type DeleteResult = { ok: true } | { ok: false; reason: "not_found" | "locked"; period?: string };

/** One unit's reporting status for a month (see reminders/completeness). */
export interface UnitProgress {
  code: string;
  name: string;
  owed: FormId[];
  missing: FormId[];
  reporters: { name: string }[];
}
export interface Progress { reported: number; total: number; units: UnitProgress[] }

/** What the ledger holds for a period a leader asks a report of (see src/ledger). */
export interface ReportCheck {
  /** Entries the period counts. */
  entries: number;
  /** The first day any entry is counted by; null when nothing was ever filed. */
  firstDay: string | null;
  /** Months (or imported years) the period cuts, and whether their whole figures are counted. */
  cuts: { label: string; entries: number; counted: boolean }[];
  /** The period widened to whole months (a range key), or null when it already is. */
  wholeMonths: { key: string; label: string; end: string } | null;
}

export interface Services {
  readonly cutoffDay: number;
  /** Counts writes a person is told about (entries, registrations, locks): the caller makes them durable before replying. */
  readonly confirmedWrites: number;
  /** Links that open the bot with this invite code (each channel's own format), possibly none. */
  inviteLinks(code: string): string[];
  findUser(channel: string, platformUserId: string): UserRecord | undefined;
  redeemInvite(a: { code: string; channel: string; platformUserId: string; chatId: string; name: string; now: Date }): RedeemResult;
  createInvite(a: { role: Role; unitCode: string; createdBy: number | null; now: Date }): { code: string; expiresAt: Date };
  /** A one-time code with which the person binds another platform identity to themselves. */
  createLinkCode(a: { userId: number; now: Date }): { code: string; expiresAt: Date };
  /** Binds this identity to the code's person; refused when the identity belongs to someone else. */
  redeemLinkCode(a: { code: string; channel: string; platformUserId: string; chatId: string; now: Date }): LinkResult;
  units(): UnitRecord[];
  unit(code: string): UnitRecord | undefined;
  saveEntry(e: NewEntry, now: Date): SaveResult;
  /** Records "không phát sinh" for a form in a period; false when the period is locked. */
  saveNilReport(a: { unitCode: string; formId: FormId; periodKey: string; reporterId: number }, now: Date): SaveResult;
  /** Reporting status of every unit that owes forms, for a month period key. */
  progress(monthKey: string): Progress;
  isLocked(monthKey: string, unitCode: string): boolean;
  /** The latest issued reports, newest first. */
  recentReports(limit: number): { id: number; period: string; createdAt: Date }[];
  /** A unit's entries filed by chat counted in these (adjacent) months, newest first. */
  entriesOfUnit(unitCode: string, monthKeys: string[], limit: number): EntryLine[];
  deleteEntry(a: { entryId: number; unitCode: string; by: number; now: Date }): DeleteResult;
  lockMonths(monthKeys: string[], by: number, now: Date): void;
  /** What a report of the period would count (for refusing empty periods and telling about cut months). */
  reportCheck(period: { start: string; end: string; key: string }): ReportCheck;
  /** The round-specific "Căn cứ …" lines, kept for the next reports until changed. */
  extraBasis(): string[];
  setExtraBasis(lines: string[], by: number, now: Date): void;
  unlockMonths(monthKeys: string[], unitCode: string, by: number, now: Date): void;
}
