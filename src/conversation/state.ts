// Conversation state per chat, kept as JSON in SQLite so a restart resumes mid-form.
// State carries a version: state written by an older shape is dropped, not misread.
import type { Answers, FormId } from "../domain/catalogue.js";
import type { Choice } from "./types.js";

export const STATE_VERSION = 1;

export type FormStep =
  /** `readings`: the numbers an ambiguous answer may mean ("1,000"), offered as choices. */
  | { at: "field"; key: string; readings?: number[]; insisted?: string }
  | { at: "summary" }
  | { at: "pick_edit" }
  | { at: "edit_field"; key: string; readings?: number[] }
  | { at: "edit_date" }
  /**
   * Before saving: an old activity date ("@date") or a figure far above the unit's largest month
   * (`max`; `of: "kind"` when the unit has none and the units of its kind gave it).
   */
  | { at: "confirm"; key: string; max?: number; of?: "kind" };

export interface FormState {
  formId: FormId;
  unitCode: string;
  answers: Answers;
  /** Activity date, ISO; defaults to the day the form was opened. */
  activityDate: string;
  step: FormStep;
  /** Unusual answers the person confirmed ("@date=2014-02-01", "luot_nguoi=5000"): not asked again. */
  confirmed?: string[];
  /** A place the person shared while filing (Telegram location), saved with the entry. */
  location?: { latitude: number; longitude: number };
}

/** Correcting or deleting a saved entry (correction.ts). */
export interface FixState {
  entryId: number;
  /** The entry's revision when opened: a change made meanwhile is not overwritten. */
  revision: number;
  /** The entry's answers, edited with the form's own questions and checks. */
  form: FormState;
  step: "pick" | "answer" | "reason" | "confirm";
  action?: "edit" | "delete";
  reason?: string;
  /** A form that was in progress when the correction began: it resumes afterwards. */
  resume?: FormState;
}

export type Pending =
  | { kind: "form"; form: FormState }
  | { kind: "invite_role" }
  | { kind: "invite_unit"; role: string }
  | { kind: "report_period" }
  | { kind: "report_confirm"; req: ReportRequest; wholeKey?: string }
  | { kind: "report_number"; req: ReportRequest }
  | { kind: "report_date"; req: ReportRequest }
  | { kind: "fix"; fix: FixState }
  // /xem (review.ts): the unit typed by name (a period already given kept), then a return's reason.
  | { kind: "review_unit"; periodKey?: string }
  | { kind: "review_reason"; entryId: number };

export interface ChatState {
  v: typeof STATE_VERSION;
  pending: Pending | null;
  /** The choices last offered: typed numbers and labels map back to them. */
  offered: Choice[];
  /**
   * When the question now on screen (pending step and offered choices) was first asked, ISO: a
   * typed answer sent before it cannot be meant for it (stale.ts). Absent when nothing waits.
   */
  askedAt?: string;
  /**
   * The last text this chat sent and its own send time (ISO): a resend repeats it. `unused` when
   * it came too early and was not applied: a repeat of it is the answer retyped, not a resend.
   */
  lastText?: { text: string; at: string; unused?: true };
}

export const emptyState = (): ChatState => ({ v: STATE_VERSION, pending: null, offered: [] });

export function parseState(json: string | undefined): ChatState {
  if (!json) return emptyState();
  try {
    const s = JSON.parse(json) as Partial<ChatState>;
    if (s.v !== STATE_VERSION || !Array.isArray(s.offered)) return emptyState();
    return {
      v: STATE_VERSION, pending: s.pending ?? null, offered: s.offered,
      ...(typeof s.askedAt === "string" ? { askedAt: s.askedAt } : {}),
      ...(s.lastText && typeof s.lastText.text === "string" && typeof s.lastText.at === "string" ? { lastText: s.lastText } : {}),
    };
  } catch {
    return emptyState();
  }
}

/** A report being asked for: its period, number and date as answered so far. */
export interface ReportRequest {
  periodKey: string;
  number?: string;
  issuedOn?: string;
  /** Ask for the number and date before issuing (the period came from a button). */
  ask?: boolean;
  /** The leader saw the cut months and chose to keep the period. */
  cutsSeen?: boolean;
  /** The leader asked for a report of a period without figures. */
  force?: boolean;
  /** The leader saw what they added to this report (căn cứ, own words) and chose to issue it. */
  wordsSeen?: boolean;
  /** The range typed, when the leader chose whole months (periodKey) instead: the document states both. */
  typedKey?: string;
  /** A form the leader had open: it stays open once the report is asked for or refused. */
  resume?: FormState;
}
