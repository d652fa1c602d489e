// Carries out the core's writes (src/conversation/writes.ts) through the ledger and the store, in
// the caller's transaction and at the event's time, then fills the values only a write makes (a
// new entry's number) into the core's result. The core decided each write with read ports in the
// same transaction, so a refusal here is a race or a bug. A refusal or a failing store throws
// WriteFailed, the transaction rolls back, and the caller leaves the event in the inbox for a
// retry instead of telling the person something false.
import type { Db } from "../db/client.js";
import type { CoreResult } from "../conversation/router.js";
import { REF_TOKEN, type Write } from "../conversation/writes.js";
import { deleteEntry, saveNilReport } from "../ledger/write.js";
import { chatEdit, chatSave } from "../ledger/chat-record.js";
import { lockMonths, unlockMonths } from "../ledger/locks.js";
import { returnEntry } from "../ledger/review.js";
import { setExtraBasis, setReportWords } from "../store/report-settings.js";
import { queueNotice } from "../store/notify.js";
import { findUserById } from "../store/users.js";
import { createInvite, recordCodeFailure, redeemInvite } from "../store/invites.js";
import { createLinkCode, redeemLinkCode } from "../store/link-codes.js";
import { createWebLoginLink } from "../store/web-access.js";
import { changePerson } from "../store/people.js";
import { recordCodeTrip } from "../store/code-guard.js";

export class WriteFailed extends Error {
  constructor(readonly write: Write, why: string, options?: { cause: unknown }) {
    super(`write ${write.type} failed: ${why}`, options);
    this.name = "WriteFailed";
  }
}

export interface ApplyOptions {
  cutoffDay: number;
  inviteTtlDays: number;
  /** The event's time: every write is made at it. */
  now: Date;
  /** Whether a unit is in force on the event's day (the ward profile's dates): invites and moves take only those. */
  inForce: (unitCode: string) => boolean;
}
/** Values writes made (an entry's number, a code), by the ref the core gave them. */
export type Made = Map<string, number | string>;

/** Carries out the writes in order; returns the values they made. */
export function applyWrites(db: Db, writes: readonly Write[], o: ApplyOptions): Made {
  const made: Made = new Map();
  for (const w of writes) {
    try {
      applyOne(db, w, o, made);
    } catch (err) {
      throw err instanceof WriteFailed ? err : new WriteFailed(w, err instanceof Error ? err.message : String(err), { cause: err });
    }
  }
  return made;
}

function applyOne(db: Db, w: Write, o: ApplyOptions, made: Made): void {
  const { now } = o;
  const keep = (ref: string, value: number | string) => {
    if (made.has(ref)) throw new WriteFailed(w, `ref ${ref} given twice`);
    made.set(ref, value);
  };
  const refuse = (r: { ok: boolean; reason?: string }) => { if (!r.ok) throw new WriteFailed(w, `refused (${r.reason ?? "?"})`); };
  switch (w.type) {
    case "save_entry": {
      // The one entry pipeline (src/ledger/record.ts): its checks again, then the write.
      const r = chatSave(db, w.entry, now, o.cutoffDay);
      if (!r.ok) throw new WriteFailed(w, `refused (${r.reason})`);
      keep(w.ref, r.entryId);
      break;
    }
    case "save_nil_report":
      refuse(saveNilReport(db, { unitCode: w.unitCode, formId: w.formId, periodKey: w.periodKey, reporterId: w.reporterId, channel: w.channel }, o.cutoffDay, now));
      break;
    case "edit_entry":
      refuse(chatEdit(db, { ...w.edit, now }, o.cutoffDay));
      break;
    case "delete_entry":
      refuse(deleteEntry(db, { entryId: w.entryId, unitCode: w.unitCode, by: w.by, now, reason: w.reason, revision: w.revision }));
      break;
    case "return_entry": {
      // The core checks the role; a forged choice must not get past here either.
      const by = findUserById(db, w.by);
      if (!by || (by.role !== "lanh_dao" && by.role !== "admin")) throw new WriteFailed(w, "refused (forbidden)");
      refuse(returnEntry(db, { entryId: w.entryId, by: w.by, reason: w.reason, now }));
      break;
    }
    case "lock_months": lockMonths(db, w.monthKeys, w.by, now); break;
    case "unlock_months": unlockMonths(db, w.monthKeys, w.unitCode, w.by, now); break;
    case "set_extra_basis": setExtraBasis(db, w.kind, w.lines, now); break;
    case "set_report_words": setReportWords(db, w.periodKey, w.words, now); break;
    case "create_invite":
      keep(w.ref, createInvite(db, { role: w.role, unitCode: w.unitCode, createdBy: w.createdBy, now, ttlDays: o.inviteTtlDays }).code);
      break;
    case "create_link_code": keep(w.ref, createLinkCode(db, { userId: w.userId, now }).code); break;
    case "create_web_link": keep(w.ref, createWebLoginLink(db, { userId: w.userId, now }).token); break;
    case "change_person": refuse(changePerson(db, { ...w.change, now }, o.inForce)); break;
    case "redeem_invite": refuse(redeemInvite(db, { ...w, now, inForce: o.inForce })); break;
    case "redeem_link_code": {
      const r = redeemLinkCode(db, { ...w, now });
      if (!r.ok || r.already) throw new WriteFailed(w, `refused (${r.ok ? "already" : r.reason})`);
      break;
    }
    case "code_failure": recordCodeFailure(db, { channel: w.channel, chatId: w.chatId, now }); break;
    case "code_limit_tripped": recordCodeTrip(db, now); break;
    case "notify": queueNotice(db, { to: w.to, message: w.message, now }); break;
    default: throw new Error(`unknown write ${(w satisfies never as { type: string }).type}`);
  }
}

/**
 * The core's result with every declared ref filled in: its token in any text (replies, buttons,
 * the choices kept in the state) and a photo effect's entry. Nothing to do when no write made a value.
 */
export function fillRefs(r: CoreResult, made: ReadonlyMap<string, number | string>): CoreResult {
  if (made.size === 0) return r;
  const fill = (s: string) => s.replace(REF_TOKEN, (token, ref: string) => String(made.get(ref) ?? token));
  const effects = r.reply.effects.map((e) => {
    if (e.type !== "photo" || typeof e.entryId === "number") return e;
    const id = made.get(e.entryId.ref);
    if (typeof id !== "number") throw new Error(`photo effect names ref ${e.entryId.ref}, which no write made`);
    return { ...e, entryId: id };
  });
  return { ...r, state: mapStrings(r.state, fill), reply: { messages: mapStrings(r.reply.messages, fill), effects } };
}

/** A copy of plain data (objects, arrays) with every string mapped; anything else (a Buffer) is kept as is. */
function mapStrings<T>(value: T, f: (s: string) => string): T {
  if (typeof value === "string") return f(value) as T;
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, f)) as T;
  if (value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, f)])) as T;
  }
  return value;
}
