// Conversation state per chat, kept as JSON in SQLite so a restart resumes mid-form.
// State carries a version: state written by an older shape is dropped, not misread.
import type { Answers, FormId } from "../domain/catalogue.js";
import type { Choice } from "./types.js";
import type { ReportRequest } from "./report-request.js";

export const STATE_VERSION = 1;

export type FormStep =
  | { at: "field"; key: string }
  | { at: "summary" }
  | { at: "pick_edit" }
  | { at: "edit_field"; key: string }
  | { at: "edit_date" };

export interface FormState {
  formId: FormId;
  unitCode: string;
  answers: Answers;
  /** Activity date, ISO; defaults to the day the form was opened. */
  activityDate: string;
  step: FormStep;
  /** A place the person shared while filing (Telegram location), saved with the entry. */
  location?: { latitude: number; longitude: number };
}

export type Pending =
  | { kind: "form"; form: FormState }
  | { kind: "invite_role" }
  | { kind: "invite_unit"; role: string }
  | { kind: "report_period" }
  | { kind: "report_confirm"; req: ReportRequest; wholeKey?: string }
  | { kind: "report_number"; req: ReportRequest }
  | { kind: "report_date"; req: ReportRequest };

export interface ChatState {
  v: typeof STATE_VERSION;
  pending: Pending | null;
  /** The choices last offered: typed numbers and labels map back to them. */
  offered: Choice[];
}

export const emptyState = (): ChatState => ({ v: STATE_VERSION, pending: null, offered: [] });

export function parseState(json: string | undefined): ChatState {
  if (!json) return emptyState();
  try {
    const s = JSON.parse(json) as Partial<ChatState>;
    if (s.v !== STATE_VERSION || !Array.isArray(s.offered)) return emptyState();
    return { v: STATE_VERSION, pending: s.pending ?? null, offered: s.offered };
  } catch {
    return emptyState();
  }
}
