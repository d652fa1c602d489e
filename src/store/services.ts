// The Services the conversation core uses, implemented over SQLite.
import { eq } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { units } from "../db/schema.js";
import type { Services, UnitRecord } from "../conversation/ports.js";
import type { UnitKind } from "../domain/catalogue.js";
import { checkInvite, createInvite, redeemInvite } from "./invites.js";
import { changePerson, listPeople } from "./people.js";
import { findUserByIdentity } from "./users.js";
import { createLinkCode, redeemLinkCode } from "./link-codes.js";
import { deleteEntry, saveNilReport } from "../ledger/write.js";
import { chatEdit, chatSave } from "../ledger/chat-record.js";
import { entriesOfUnit, entryOfUnit, largestMonth, largestMonthOfKind, nilEntries } from "../ledger/read.js";
import { reportCheck } from "../ledger/check.js";
import { getExtraBasis, getReportWords, setExtraBasis, setReportWords } from "./report-settings.js";
import { ROUND_FACTS } from "../report/round-facts.js";
import { isLocked, lockMonths, unlockMonths } from "../ledger/locks.js";
import { recentIssued } from "./issued-reports.js";
import type { WardProfile } from "../domain/profile.js";
import { periodFromKey } from "../domain/periods.js";
import { checkCompleteness } from "./completeness.js";
import { activeUnits } from "./profile-sync.js";
import { entriesForReview, entryForReview, returnEntry } from "../ledger/review.js";
import { notifyPeople } from "./notify.js";
import { contacts, findUserById } from "./users.js";
import { datedUnits } from "./dated-units.js";

export interface ServiceOptions {
  cutoffDay: number;
  inviteTtlDays: number;
  /** Links that open the bot with an invite code, one per running channel that has them. */
  inviteLinks: (code: string) => string[];
  profile: WardProfile;
  /** Each channel's label, from its plug-in (the registry), and those of the channels running. */
  channelLabel: (channel: string) => string;
  channelLabels: readonly string[];
}

const toUnit = (u: { code: string; name: string; shortName: string; kind: string; active: boolean }): UnitRecord =>
  ({ code: u.code, name: u.name, shortName: u.shortName, kind: u.kind as UnitKind, active: u.active });

export function createServices(db: Db, o: ServiceOptions): Services {
  let confirmed = 0;
  const dated = datedUnits(o.profile);
  /** Counts the writes a person will be told about, when they succeed. */
  const confirms = <T>(result: T): T => {
    if ((result as { ok?: boolean }).ok !== false) confirmed++;
    return result;
  };
  return {
    cutoffDay: o.cutoffDay,
    get confirmedWrites() { return confirmed; },
    inviteLinks: (code) => o.inviteLinks(code),
    findUser: (channel, platformUserId) => dated.withDates(findUserByIdentity(db, channel, platformUserId)),
    redeemInvite: (a) => {
      const r = confirms(redeemInvite(db, { ...a, inForce: dated.inForceOn(a.now) }));
      return r.ok ? { ...r, user: dated.withDates(r.user)! } : r;
    },
    createInvite: (a) => confirms(createInvite(db, { ...a, ttlDays: o.inviteTtlDays })),
    checkInvite: (a) => checkInvite(db, { ...a, inForce: dated.inForceOn(a.now) }),
    people: () => listPeople(db),
    channelLabel: (channel) => o.channelLabel(channel),
    channelLabels: () => [...o.channelLabels],
    changePerson: (c) => confirms(changePerson(db, c, dated.inForceOn(c.now))),
    createLinkCode: (a) => confirms(createLinkCode(db, a)),
    redeemLinkCode: (a) => confirms(redeemLinkCode(db, a)),
    units: (day) => activeUnits(db).filter((u) => day === undefined || dated.inForceOnDay(u.code, day)).map(toUnit),
    unit: (code) => {
      const u = db.select().from(units).where(eq(units.code, code)).get();
      return u && toUnit(u);
    },
    saveEntry: (e, now) => confirms(chatSave(db, e, now, o.cutoffDay)),
    saveNilReport: (a, now) => confirms(saveNilReport(db, a, o.cutoffDay, now)),
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
    deleteEntry: (a) => confirms(deleteEntry(db, a)),
    largestMonth: (unitCode, metric) => largestMonth(db, unitCode, metric),
    largestMonthOfKind: (unitCode, metric) => largestMonthOfKind(db, unitCode, metric),
    nilEntries: (unitCode, formId, periodKey) => nilEntries(db, unitCode, formId, periodKey),
    entryOfUnit: (entryId, unitCode) => entryOfUnit(db, entryId, unitCode),
    editEntry: (a) => confirms(chatEdit(db, a, o.cutoffDay)),
    lockMonths: (months, by, now) => { lockMonths(db, months, by, now); confirmed++; },
    unlockMonths: (months, unitCode, by, now) => { unlockMonths(db, months, unitCode, by, now); confirmed++; },
    reportCheck: (period) => reportCheck(db, period, o.cutoffDay),
    extraBasis: (kind) => getExtraBasis(db, kind),
    setExtraBasis: (kind, lines, _by, now) => { setExtraBasis(db, kind, lines, now); confirmed++; },
    reportWords: (periodKey) => getReportWords(db, periodKey),
    setReportWords: (periodKey, words, _by, now) => { setReportWords(db, periodKey, words, now); confirmed++; },
    roundFacts: ROUND_FACTS,
    reviewEntries: (unitCode, span, limit) => entriesForReview(db, unitCode, span, limit),
    reviewEntry: (entryId) => entryForReview(db, entryId),
    returnEntry: (a) => {
      // The core checks the role too; a forged choice must not get this far, nor past here.
      const by = findUserById(db, a.by);
      if (!by || (by.role !== "lanh_dao" && by.role !== "admin")) return { ok: false, reason: "forbidden" };
      return confirms(returnEntry(db, a));
    },
    notifyPeople: (a) => notifyPeople(db, a),
    unitReporterIds: (unitCode) => contacts(db, "bao_cao", unitCode).map((c) => c.id),
  };
}
