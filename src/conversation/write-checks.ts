// The decisions a reply depends on, made before the write with read ports in the same
// transaction: the write the core then returns cannot be refused (see writes.ts). Each mirrors
// the rule the ledger enforces (src/ledger/record.ts checkEntry through the entryRefusals port,
// write.ts, review.ts), which still refuses on its own.
import { monthOf } from "../domain/periods.js";
import { CODE_LIMIT, type DeleteResult, type EditResult, type EntryEdit, type EntryRefusal, type NewEntry, type ReturnResult, type ReviewLine, type Services, type UserRecord } from "./ports.js";
import type { Recipient, Write } from "./writes.js";
import { text } from "./types.js";

export type SaveCheck =
  | { ok: true; period: string }
  | { ok: false; reason: "locked"; period: string }
  | { ok: false; reason: "refused"; refusals: EntryRefusal[] };

/**
 * What the one entry pipeline would refuse, in the shape the chat is told (src/ledger/chat-record.ts
 * answers the same): a locked month first, then the figures and cross-checks; undefined when none.
 */
function pipelineRefusal(svc: Services, e: Pick<NewEntry, "unitCode" | "formId" | "activityDate" | "values">, now: Date):
  { reason: "locked"; period: string } | { reason: "refused"; refusals: EntryRefusal[] } | undefined {
  const refusals = svc.entryRefusals({ unitCode: e.unitCode, formId: e.formId, activityDate: e.activityDate, values: e.values, now });
  const locked = refusals.find((x) => x.reason === "locked");
  if (locked) return { reason: "locked", period: locked.period ?? "" };
  if (refusals.length) return { reason: "refused", refusals: refusals.map((r) => ({ message: r.message, ...(r.fields ? { fields: r.fields } : {}) })) };
  return undefined;
}

/** A new entry: the pipeline's checks (figures, cross-checks, its month's lock for the unit). */
export function checkSave(svc: Services, e: NewEntry, now: Date): SaveCheck {
  const refused = pipelineRefusal(svc, e, now);
  return refused ? { ok: false, ...refused } : { ok: true, period: monthOf(e.activityDate, svc.cutoffDay).key };
}

export function checkNilReport(svc: Services, a: { unitCode: string; periodKey: string }): SaveCheck {
  return svc.isLocked(a.periodKey, a.unitCode) ? { ok: false, reason: "locked", period: a.periodKey } : { ok: true, period: a.periodKey };
}

/** An entry chat may change: the unit's, filed by chat (or "không phát sinh"), not deleted, its month open, unchanged since seen. */
export function checkDelete(svc: Services, a: { entryId: number; unitCode: string; revision?: number }): DeleteResult {
  const e = svc.entryOfUnit(a.entryId, a.unitCode);
  if (!e || !["active", "returned"].includes(e.status) || !["chat", "nil"].includes(e.source)) return { ok: false, reason: "not_found" };
  if (svc.isLocked(e.period, a.unitCode)) return { ok: false, reason: "locked", period: e.period };
  if (a.revision !== undefined && a.revision !== e.revision) return { ok: false, reason: "changed" };
  return { ok: true };
}

/**
 * A correction: the pipeline's checks of the new figures and date first (as it makes them), then
 * an entry filed by chat, both its old and its new month open, unchanged since seen.
 */
export function checkEdit(svc: Services, a: Omit<EntryEdit, "now">, now: Date): EditResult {
  const refused = pipelineRefusal(svc, a, now);
  if (refused) return { ok: false, ...refused };
  const e = svc.entryOfUnit(a.entryId, a.unitCode);
  if (!e || !["active", "returned"].includes(e.status) || e.source !== "chat") return { ok: false, reason: "not_found" };
  if (svc.isLocked(e.period, a.unitCode)) return { ok: false, reason: "locked", period: e.period };
  const period = monthOf(a.activityDate, svc.cutoffDay).key;
  if (svc.isLocked(period, a.unitCode)) return { ok: false, reason: "locked", period };
  if (a.revision !== undefined && a.revision !== e.revision) return { ok: false, reason: "changed" };
  return { ok: true, revision: e.revision + 1, period };
}

/** A leader or the office returns an entry filed by chat, not returned already, while its month is open. */
export function checkReturn(svc: Services, a: { entryId: number; by: UserRecord; reason: string }): ReturnResult {
  if (a.by.role !== "lanh_dao" && a.by.role !== "admin") return { ok: false, reason: "forbidden" };
  const e = svc.reviewEntry(a.entryId);
  if (!e) return { ok: false, reason: "not_found" };
  // Only entries of the units /xem lists: one dropped from the ward's profile is out of reach.
  if (!svc.units().some((u) => u.code === e.unitCode)) return { ok: false, reason: "outside" };
  if (e.status === "returned") return { ok: false, reason: "already_returned", entry: e };
  if (e.source === "import") return { ok: false, reason: "not_returnable", entry: e };
  if (svc.isLocked(e.period, e.unitCode)) return { ok: false, reason: "locked", entry: e };
  return { ok: true, entry: { ...e, status: "returned", returnReason: a.reason } satisfies ReviewLine };
}

/**
 * A code refused as wrong, used or expired counts toward the chat's hourly limit and the global
 * one (throttled, locked, revoked or a closed unit does not). The wrong code that trips the global
 * limit records the trip and tells the office, once: while it holds, no code is read at all.
 */
export function codeFailure(c: { services: Services; event: { channel: string; chatId: string }; now: Date }, reason: string): Write[] {
  if (reason !== "invalid" && reason !== "used" && reason !== "expired") return [];
  const failure: Write = { type: "code_failure", channel: c.event.channel, chatId: c.event.chatId };
  const guard = c.services.codeGuard(c.now);
  if (guard.locked || guard.left > 1) return [failure];
  const office = c.services.people().filter((p) => p.active && p.role === "admin").map((p) => p.id);
  const told = reach(c.services, office, c.event);
  const notice = text(`⚠️ Cảnh báo an toàn: đã có ${CODE_LIMIT.wrongCodes} lần nhập sai mã mời hoặc mã liên kết trong ${CODE_LIMIT.minutes} phút, `
    + `từ các cuộc trò chuyện khác nhau. Có thể có người đang dò mã. Bot tạm không nhận mã nào trong ${CODE_LIMIT.minutes} phút tới; `
    + "người cần đăng ký xin thử lại sau. Nếu việc này lặp lại, hãy thu hồi các mã mời chưa dùng và cấp mã mới.");
  return [failure, { type: "code_limit_tripped" }, ...(told.to.length ? [{ type: "notify" as const, to: told.to, message: notice }] : [])];
}

/**
 * Whom a notice reaches: each person once, on the chat they used last; one whose last chat is
 * `here` is not sent it (the caller replies there), and one nobody can reach is counted.
 */
export function reach(svc: Services, userIds: number[], here: { channel: string; chatId: string }):
  { to: Recipient[]; told: string[]; here: boolean; unreachable: number } {
  const out = { to: [] as Recipient[], told: [] as string[], here: false, unreachable: 0 };
  for (const id of [...new Set(userIds)]) {
    const person = svc.contactOf(id);
    if (!person) { out.unreachable++; continue; }
    if (person.channel === here.channel && person.chatId === here.chatId) { out.here = true; continue; }
    out.to.push({ userId: person.id, channel: person.channel, chatId: person.chatId });
    out.told.push(person.name);
  }
  return out;
}
