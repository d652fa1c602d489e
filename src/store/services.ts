// The Services the conversation core reads, implemented over SQLite (its writes: src/app/apply-writes.ts).
import { eq } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { units } from "../db/schema.js";
import type { Services, UnitRecord } from "../conversation/ports.js";
import type { UnitKind } from "../domain/catalogue.js";
import { inviteStatus } from "./invites.js";
import { codeGuard } from "./code-guard.js";
import { checkPersonChange, listPeople } from "./people.js";
import { findUserByIdentity } from "./users.js";
import { linkCodeStatus } from "./link-codes.js";
import { entriesOfUnit, entryOfUnit, largestMonth, largestMonthOfKind, nilEntries } from "../ledger/read.js";
import { checkEntry } from "../ledger/record.js";
import { reportCheck } from "../ledger/check.js";
import { reportNumberUse } from "./report-numbers.js";
import { getExtraBasis, getReportWords } from "./report-settings.js";
import { ROUND_FACTS } from "../report/round-facts.js";
import { isLocked } from "../ledger/locks.js";
import { recentIssued } from "./issued-reports.js";
import type { WardProfile } from "../domain/profile.js";
import { periodFromKey } from "../domain/periods.js";
import { checkCompleteness } from "./completeness.js";
import { activeUnits } from "./profile-sync.js";
import { entriesForReview, entryForReview } from "../ledger/review.js";
import { contactOf } from "./notify.js";
import { contacts } from "./users.js";
import { datedUnits } from "./dated-units.js";
import { questionDelivery } from "./delivery.js";
import { profileOn } from "../domain/profile.js";
import { levelWord } from "../domain/ward-level.js";
import { knownOn, userOn, usersOn } from "./plan-usage.js";
import { WEB_LINK_TTL_MS, WEB_LINKS_PER_HOUR, webLinksLastHour } from "./web-access.js";

export interface ServiceOptions {
  cutoffDay: number;
  inviteTtlDays: number;
  /** Links that open the bot with an invite code, one per running channel that has them. */
  inviteLinks: (code: string) => string[];
  profile: WardProfile;
  /** Each channel's label, from its plug-in (the registry), and those of the channels running. */
  channelLabel: (channel: string) => string;
  channelLabels: readonly string[];
  /** What each channel's plan allows (registry planLimitsOf): an invite or a link past its people limit is refused. */
  planLimits?: ReadonlyMap<string, { maxUsers?: number }>;
  /** PUBLIC_BASE_URL without its trailing slash: the office's page (/web) has an address only with it. */
  webBase?: string;
}

const toUnit = (u: { code: string; name: string; shortName: string; kind: string; active: boolean }): UnitRecord =>
  ({ code: u.code, name: u.name, shortName: u.shortName, kind: u.kind as UnitKind, active: u.active });

export function createServices(db: Db, o: ServiceOptions): Services {
  const dated = datedUnits(o.profile);
  // Asked for in most replies; the profile is fixed for the process's life, so a day's word is too
  // (its lower-casing for Vietnamese was a visible share of each event's cost).
  const levels = new Map<string, string>();
  const wardLevel = (day: string): string => {
    let w = levels.get(day);
    if (w === undefined) {
      if (levels.size > 64) levels.clear();
      w = levelWord(profileOn(o.profile, day).ward);
      levels.set(day, w);
    }
    return w;
  };
  /** The channel's people limit when it is reached and the person is not already on it (`alreadyOn`), else undefined. */
  const planFull = (channel: string, alreadyOn: () => boolean): number | undefined => {
    const max = o.planLimits?.get(channel)?.maxUsers;
    return max !== undefined && !alreadyOn() && usersOn(db, channel) >= max ? max : undefined;
  };
  return {
    cutoffDay: o.cutoffDay,
    wardLevel,
    inviteLinks: (code) => o.inviteLinks(code),
    findUser: (channel, platformUserId) => dated.withDates(findUserByIdentity(db, channel, platformUserId)),
    inviteTtlDays: o.inviteTtlDays,
    inviteStatus: (a) => {
      const r = inviteStatus(db, { ...a, inForce: dated.inForceOn(a.now) });
      // A new person on a channel whose plan has no place left is refused (the code stays unused).
      const max = r.ok ? planFull(a.channel, () => knownOn(db, a.channel, a.chatId)) : undefined;
      if (max !== undefined) return { ok: false, reason: "plan_full", maxUsers: max };
      return r;
    },
    codeGuard: (now) => codeGuard(db, now),
    people: () => listPeople(db),
    channelLabel: (channel) => o.channelLabel(channel),
    channelLabels: () => [...o.channelLabels],
    checkPersonChange: (c) => checkPersonChange(db, c, dated.inForceOn(c.now)),
    linkCodeStatus: (a) => {
      const r = linkCodeStatus(db, a);
      // Linking a channel makes a person new to it take a place in its plan, as an invite does.
      const max = r.ok && !r.already ? planFull(a.channel, () => userOn(db, a.channel, r.user.id)) : undefined;
      if (max !== undefined && r.ok) return { ok: false, reason: "plan_full", maxUsers: max, user: r.user };
      return r;
    },
    units: (day) => activeUnits(db).filter((u) => day === undefined || dated.inForceOnDay(u.code, day)).map(toUnit),
    unit: (code) => {
      const u = db.select().from(units).where(eq(units.code, code)).get();
      return u && toUnit(u);
    },
    progress: (monthKey) => {
      const month = periodFromKey(monthKey, o.cutoffDay);
      if (!month) throw new Error(`not a period key: ${monthKey}`);
      const r = checkCompleteness(db, o.profile, month);
      return { reported: r.reported, total: r.total, units: r.units };
    },
    isLocked: (monthKey, unitCode) => isLocked(db, monthKey, unitCode),
    recentReports: (limit) => recentIssued(db, limit),
    entriesOfUnit: (unitCode, monthKeys, limit) => {
      const months = monthKeys.map((k) => periodFromKey(k, o.cutoffDay)).filter((p) => p !== null);
      if (months.length === 0) return [];
      const start = months.map((m) => m.start).sort()[0]!;
      const end = months.map((m) => m.end).sort().at(-1)!;
      return entriesOfUnit(db, unitCode, { start, end }, limit);
    },
    largestMonth: (unitCode, metric) => largestMonth(db, unitCode, metric),
    largestMonthOfKind: (unitCode, metric) => largestMonthOfKind(db, unitCode, metric),
    nilEntries: (unitCode, formId, periodKey) => nilEntries(db, unitCode, formId, periodKey),
    entryOfUnit: (entryId, unitCode) => entryOfUnit(db, entryId, unitCode),
    entryRefusals: (e) => checkEntry(db, { source: "chat", ...e }, o.cutoffDay),
    reportCheck: (period) => reportCheck(db, period, o.cutoffDay),
    reportNumberUse: (number, year, periodKey) => reportNumberUse(db, number, year, periodKey),
    extraBasis: (kind) => getExtraBasis(db, kind),
    reportWords: (periodKey) => getReportWords(db, periodKey),
    roundFacts: ROUND_FACTS,
    reviewEntries: (unitCode, span, limit) => entriesForReview(db, unitCode, span, limit),
    reviewEntry: (entryId) => entryForReview(db, entryId),
    contactOf: (userId) => contactOf(db, userId),
    unitReporterIds: (unitCode) => contacts(db, "bao_cao", unitCode).map((c) => c.id),
    questionDelivery: (channel, chatId, askedAt) => questionDelivery(db, channel, chatId, askedAt),
    webAccess: (userId, now) => ({ base: o.webBase?.replace(/\/+$/, ""), linksLastHour: webLinksLastHour(db, userId, now),
      perHour: WEB_LINKS_PER_HOUR, linkMinutes: WEB_LINK_TTL_MS / 60_000 }),
  };
}
