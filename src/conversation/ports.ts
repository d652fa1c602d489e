// What the conversation core reads from the rest of the system. The core calls these
// synchronously inside the caller's transaction; implementations live in src/store. Reads only:
// the changes it wants it returns as values (writes.ts), which the app carries out.
import { rolesOfKind, type FormId, type UnitKind } from "../domain/catalogue.js";
import type { ReportKind } from "../domain/report-kinds.js";

export type Role = "admin" | "lanh_dao" | "bao_cao";
export const ROLES: readonly Role[] = ["admin", "lanh_dao", "bao_cao"];
/** Where a role belongs: the catalogue's unit kinds say (reporters at a khóm, tổ or the post; leaders and the office at the ward). */
export function unitsForRole<U extends { kind: string }>(units: readonly U[], role: Role): U[] {
  return units.filter((u) => rolesOfKind(u.kind).includes(role));
}

/** The roles that may invite (/moi): an invite lives only while its maker is active in one of them. */
export const INVITING_ROLES: readonly Role[] = ["admin"];

export const ROLE_LABELS: Record<Role, string> = { admin: "Văn phòng (quản trị)", lanh_dao: "Lãnh đạo phường", bao_cao: "Người báo cáo" };

export interface UserRecord {
  id: number;
  name: string;
  role: Role;
  unitCode: string;
  unitName: string;
  unitKind: UnitKind;
  /** False once the office deactivated the person (absent: active). */
  active?: boolean;
  /** False when the unit was dropped from the ward profile (absent: active). */
  unitActive?: boolean;
  /** The unit's first and last day in force (ward profile; absent: open), ISO. */
  unitFrom?: string;
  unitUntil?: string;
  /** Names of the units that took over after unitUntil ("Khóm Hưng Phú"). */
  unitNext?: string[];
}

/** A person as the office sees them in /nguoidung: with their channels and whether they may use the bot. */
export interface PersonRecord extends UserRecord { active: boolean; channels: string[] }

/** A change the office makes to a person; role and unit follow the invite rules (unitsForRole). */
export interface PersonChange { id: number; role?: Role; unitCode?: string; active?: boolean; by: number | null; now: Date }
export type PersonChangeResult = { ok: true; person: PersonRecord } | { ok: false; message: string };

/** What an invite would make of its holder, checked without using it up. */
export type InviteCheck =
  | { ok: true; role: Role; unitCode: string; unitName: string }
  | { ok: false; reason: "invalid" | "used" | "expired" | "throttled" | "locked" | "inactive_unit" | "ended_unit" | "revoked" }
  /** The channel's plan takes no more people (its plug-in's maxUsers); the code stays unused. */
  | { ok: false; reason: "plan_full"; maxUsers: number };

/**
 * The global limit on wrong codes (invite and link codes) across all chats: this many wrong codes
 * within these minutes trip it, and then no code is taken from anyone for as many minutes.
 */
export const CODE_LIMIT = { wrongCodes: 30, minutes: 10 } as const;
/** `locked` while codes are refused from everyone; `left`: wrong codes before it trips (src/store/code-guard.ts). */
export interface CodeGuard { locked: boolean; left: number }

export interface UnitRecord { code: string; name: string; shortName: string; kind: UnitKind; active?: boolean }

export type RedeemResult =
  | { ok: true; user: UserRecord }
  | { ok: false; reason: "invalid" | "used" | "expired" | "throttled" | "locked" | "inactive_unit" | "ended_unit" | "revoked" };

export type LinkResult =
  | { ok: true; user: UserRecord; already: boolean }
  | { ok: false; reason: "invalid" | "used" | "expired" | "throttled" | "locked" }
  | { ok: false; reason: "other_user"; current: UserRecord | undefined }
  /** The person is new to the channel and its plan takes no more people (as for invites); the code stays unused. */
  | { ok: false; reason: "plan_full"; maxUsers: number; user: UserRecord };

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
  /** The app it was filed from: the event's channel name, as data (the entries page names it). */
  channel?: string | null;
}

/** A refusal of the ledger's checks, as the person is told it (`fields`: the form's fields concerned, the one to change first). */
export interface EntryRefusal { message: string; fields?: readonly string[] }
/** A refusal of the pipeline's check before writing: a locked month (with its key) or one told as an EntryRefusal. */
export interface EntryCheckRefusal extends EntryRefusal { reason: string; period?: string }
export type SaveResult =
  | { ok: true; entryId: number; period: string }
  | { ok: false; reason: "locked"; period: string }
  | { ok: false; reason: "refused"; refusals: EntryRefusal[] };


export interface EntryLine {
  id: number; formId: FormId; activityDate: string; period: string; source: string; values: Record<string, number>;
  /** "returned": a leader returned it for correction (why in returnReason); it still counts until corrected. */
  status?: string; returnReason?: string | null;
}
export type DeleteResult = { ok: true } | { ok: false; reason: "not_found" | "locked" | "changed"; period?: string };

/** An entry as the correction flow opens it: the latest version. */
export interface EntryDetail extends EntryLine {
  status: string;
  note: string | null;
  photoFileId: string | null;
  revision: number;
  returnReason: string | null;
}
/** A correction: the entry's new date and values, why, and the revision the person corrected. */
export interface EntryEdit {
  entryId: number; formId: string; unitCode: string; by: number; now: Date; reason: string;
  activityDate: string; values: Record<string, number>; note?: string | null; photoFileId?: string | null;
  revision?: number;
}
export type EditResult =
  | { ok: true; revision: number; period: string }
  | { ok: false; reason: "not_found" | "locked" | "changed"; period?: string }
  | { ok: false; reason: "refused"; refusals: EntryRefusal[] };

/** One unit's reporting status for a month (see store/completeness). */
export interface UnitProgress {
  code: string;
  name: string;
  owed: FormId[];
  missing: FormId[];
  /** Entries a leader returned and nobody corrected yet: the unit is not done until they are. */
  returned: ReturnedForm[];
  reporters: { name: string }[];
}
export interface ReturnedForm { entryId: number; formId: FormId; activityDate: string; reason: string }

/** An entry as a leader reviews it (/xem): with who filed it and whether it was returned. */
export interface ReviewLine {
  id: number; unitCode: string; formId: FormId; activityDate: string; period: string; source: string;
  status: "active" | "returned"; reporterId: number | null; reporterName: string | null; returnReason: string | null;
  values: Record<string, number>;
}
export type ReturnResult =
  | { ok: true; entry: ReviewLine }
  | { ok: false; reason: "not_found" | "forbidden" | "outside" }
  | { ok: false; reason: "already_returned" | "not_returnable" | "locked"; entry: ReviewLine };
export interface Progress { reported: number; total: number; units: UnitProgress[] }

/** What the ledger holds for a period a leader asks a report of (see src/ledger). */
export interface ReportCheck {
  /** Entries the period counts. */
  entries: number;
  /** The first day any entry spans; null when nothing was ever filed. */
  firstDay: string | null;
  /** The period the earliest entry was filed for ("tháng 01/2015", "năm 2015"); null when nothing was ever filed. */
  firstPeriod: string | null;
  /**
   * Months (or imported years) whose entries cross an edge of the period, and whether they are
   * counted; `longer` for figures filed for more than a month, which only a period holding their
   * whole span counts (the report of `periodKey` does).
   */
  cuts: { periodKey: string; label: string; entries: number; counted: boolean; longer: boolean }[];
  /** The period widened to whole months (a range key), or null when it already is. */
  wholeMonths: { key: string; label: string; end: string } | null;
}

/** The leader's own words of one report: the report's ReportWords (src/report/round-facts.ts), seen from the core. */
export interface LeaderWords {
  situation: string | null;
  tasks: string[];
  facts: Record<string, string>;
}

export interface Services {
  readonly cutoffDay: number;
  /** The ward's level word on a day (ISO), "phường" or "xã": the chat's texts say it. Absent: "phường". */
  wardLevel?(day: string): string;
  /** Links that open the bot with this invite code (each channel's own format), possibly none. */
  inviteLinks(code: string): string[];
  findUser(channel: string, platformUserId: string): UserRecord | undefined;

  /** Days an invite stays valid (the app makes the code: writes.ts create_invite). */
  readonly inviteTtlDays: number;
  /** What an invite would make of its holder, or why it cannot be used (a wrong code's count: writes.ts code_failure). */
  inviteStatus(a: { code: string; channel: string; chatId: string; now: Date }): InviteCheck;
  /** The global limit on wrong codes (a wrong code: writes.ts code_failure; a trip: code_limit_tripped). */
  codeGuard(now: Date): CodeGuard;
  /** Everyone registered, in a stable order (by id). */
  people(): PersonRecord[];
  /** How people call a channel ("Telegram" for "telegram"): its plug-in's label. */
  channelLabel(channel: string): string;
  /** The labels of the messaging channels the bot runs (the help and /lienket name them); none in the terminal. */
  channelLabels(): string[];
  /** Whether the office may make this change on its day, and the person it would make (the change itself: writes.ts change_person). */
  checkPersonChange(c: PersonChange): PersonChangeResult;
  /** Whom a link code would bind this identity to; refused when the identity belongs to someone else. Writes nothing. */
  linkCodeStatus(a: { code: string; channel: string; platformUserId: string; chatId: string; now: Date }): LinkResult;
  /** The units in the profile; with a day (ISO), only those in force on it (for invites and moves). */
  units(day?: string): UnitRecord[];
  unit(code: string): UnitRecord | undefined;
  /** Reporting status of every unit that owes forms, for a month period key. */
  progress(monthKey: string): Progress;
  isLocked(monthKey: string, unitCode: string): boolean;
  /** The latest issued reports, newest first. */
  recentReports(limit: number): { id: number; period: string; createdAt: Date }[];
  /** A unit's entries filed by chat counted in these (adjacent) months, newest first. */
  entriesOfUnit(unitCode: string, monthKeys: string[], limit: number): EntryLine[];
  /** Ids of the unit's "không phát sinh" entries of a form in a month (not deleted). */
  nilEntries(unitCode: string, formId: string, periodKey: string): number[];
  /** An entry of the unit, any status, or undefined (another unit's, or none). */
  entryOfUnit(entryId: number, unitCode: string): EntryDetail | undefined;
  /** The unit's largest month of a metric over all it filed (flows summed per month), null when never filed: unusual figures are confirmed. */
  largestMonth(unitCode: string, metric: string): number | null;
  /** The same among the other units of the unit's kind: a unit with no history of its own is compared with them. */
  largestMonthOfKind(unitCode: string, metric: string): number | null;
  /**
   * What the one entry pipeline (src/ledger/record.ts checkEntry) would refuse in a chat entry,
   * new or corrected, without writing: the figures, the form's cross-checks, the day's month lock.
   */
  entryRefusals(e: { unitCode: string; formId: FormId; activityDate: string; values: Record<string, number>; now: Date }): EntryCheckRefusal[];
  /** What a report of the period would count (for refusing empty periods and telling about cut months). */
  reportCheck(period: { start: string; end: string; key: string }): ReportCheck;
  /** A report of another period already given this document number in this year (store/report-numbers.ts). */
  reportNumberUse(number: string, year: number, periodKey: string): { periodKey: string; issuedOn: string } | undefined;
  /** The round-specific "Căn cứ …" lines of one kind of report, kept for its next reports until changed. */
  extraBasis(kind: ReportKind): string[];
  /** The leader's own words for the report of one period (by its key, which names its kind). */
  reportWords(periodKey: string): LeaderWords;
  /** The round facts a template may print: name → what a leader is asked for. */
  readonly roundFacts: Readonly<Record<string, string>>;
  /** A unit's entries counted in the span, not deleted, newest first, with who filed them (/xem). */
  reviewEntries(unitCode: string, span: { start: string; end: string }, limit: number): { lines: ReviewLine[]; total: number };
  reviewEntry(entryId: number): ReviewLine | undefined;
  /** How a person is reached: the identity they used last; undefined when nobody can reach them. */
  contactOf(userId: number): { id: number; name: string; channel: string; chatId: string } | undefined;
  /** The unit's reporters who can be reached (when the person who filed an entry cannot). */
  unitReporterIds(unitCode: string): number[];
  /**
   * How far the question asked in a chat at `askedAt` got (the outbox's replies of that moment):
   * `waiting` while it or an older reply of the chat is still unsent; `sentAt`, when it was delivered.
   */
  questionDelivery(channel: string, chatId: string, askedAt: Date): QuestionDelivery;
  /** The office's page (/web): its public address (none when the server has none) and the person's links of the last hour. */
  webAccess(userId: number, now: Date): WebAccess;
}

export interface WebAccess { base: string | undefined; linksLastHour: number; perHour: number; linkMinutes: number }

export interface QuestionDelivery { waiting: boolean; sentAt: Date | null }
