// The changes the core asks for, as plain data. The app carries them out (src/app/apply-writes.ts)
// in the event's transaction, at the event's time, before it queues the replies. The core decides
// first with read ports (write-checks.ts), so a write it returns is one the store accepts; a
// refusal after that is a bug or a race the transaction excludes, and the app throws (the event
// stays in the inbox for a retry) rather than lose it silently.
import type { FormId } from "../domain/catalogue.js";
import type { ReportKind } from "../domain/report-kinds.js";
import type { EntryEdit, LeaderWords, NewEntry, PersonChange, Role } from "./ports.js";
import type { Outbound } from "./types.js";

/** One identity to tell something: the person and the chat they used last. */
export interface Recipient { userId: number; channel: string; chatId: string }

export type Write =
  /** `ref` names the new entry: its number, known only once saved, fills refToken(ref) in the replies. */
  | { type: "save_entry"; ref: string; entry: NewEntry }
  | { type: "save_nil_report"; unitCode: string; formId: FormId; periodKey: string; reporterId: number; channel: string }
  | { type: "edit_entry"; edit: Omit<EntryEdit, "now"> }
  | { type: "delete_entry"; entryId: number; unitCode: string; by: number; reason?: string; revision?: number }
  | { type: "return_entry"; entryId: number; by: number; reason: string }
  | { type: "lock_months"; monthKeys: string[]; by: number }
  | { type: "unlock_months"; monthKeys: string[]; unitCode: string; by: number }
  | { type: "set_extra_basis"; kind: ReportKind; lines: string[]; by: number }
  | { type: "set_report_words"; periodKey: string; words: LeaderWords; by: number }
  /** A new invite; the app makes its random code, which fills refToken(ref). */
  | { type: "create_invite"; ref: string; role: Role; unitCode: string; createdBy: number }
  /** A one-time code binding another identity to the person; the app makes it, it fills refToken(ref). */
  | { type: "create_link_code"; ref: string; userId: number }
  /** A one-time login link to the office's page (/web); the app makes its token, which fills refToken(ref). */
  | { type: "create_web_link"; ref: string; userId: number }
  | { type: "change_person"; change: Omit<PersonChange, "now"> }
  /** Registers (or re-registers) this identity with an invite the core found usable. */
  | { type: "redeem_invite"; code: string; channel: string; platformUserId: string; chatId: string; name: string }
  /** Binds this identity to a link code's person, found usable by the core. */
  | { type: "redeem_link_code"; code: string; channel: string; platformUserId: string; chatId: string }
  /** A wrong, used or expired code: counts toward the chat's hourly limit. */
  | { type: "code_failure"; channel: string; chatId: string }
  /** The global limit on wrong codes tripped (Services.codeGuard): codes are refused from everyone for its window. */
  | { type: "code_limit_tripped" }
  /** A notice queued in the outbox for people outside this chat (their choices offered there). */
  | { type: "notify"; to: Recipient[]; message: Outbound };

/** A value only a write makes (an entry's number, a code), named by the write's `ref`. */
export interface Ref { ref: string }

/**
 * Where a reply shows a value only a write makes: the app replaces the token once the write is
 * carried out. Private-use characters: no text a person types or the core writes holds them.
 */
export const refToken = (ref: string): string => `\uE000${ref}\uE001`;
export const REF_TOKEN = /\uE000([^\uE000\uE001]*)\uE001/g;
