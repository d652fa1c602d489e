// What the core receives from a channel and what it asks a channel to send.
// Channel adapters translate platform updates into these at the edge.

export interface Choice {
  /** Short id carried back when chosen (Telegram callback_data ≤ 64 bytes). */
  id: string;
  label: string;
}

export type EventBody =
  | { type: "text"; text: string }
  | { type: "choice"; id: string }
  | { type: "photo"; fileId: string; caption?: string }
  /** A place shared from the chat (Telegram location), WGS84 degrees. */
  | { type: "location"; latitude: number; longitude: number }
  | { type: "unsupported"; what: string };

export interface InboundEvent {
  channel: string;
  chatId: string;
  userId: string;
  userName: string;
  /** Platform id of the event (Telegram update_id): an event already handled is ignored. */
  eventId: string;
  /** The message's own send time when the platform gives one (Telegram, Zalo); else when it arrived. */
  at: Date;
  /**
   * `at` is when the bot received the event, not when the person sent it (the console, a Zalo
   * update without a date): nothing can be told from it about what the person had seen.
   */
  arrived?: true;
  body: EventBody;
}

/**
 * Marks a text as a reminder a channel may send as its pre-approved template (capability
 * templateReminders) when free text cannot reach the person; the params fill the template.
 * Channels without templates ignore it and send the text.
 */
export interface ReminderTemplate {
  kind: "reminder";
  /** The person's name. */
  name: string;
  /** The forms owed, by title, joined with "; ". */
  form: string;
  /** The period's label ("tháng 02/2025"). */
  period: string;
  /** Whole days from the reminder's day to the last day of the period (0 on the close day). */
  daysLeft: number;
  /** The window is known to be closed: send the template without trying free text first. */
  windowClosed?: boolean;
}

export type Outbound =
  | { type: "text"; text: string; choices?: Choice[]; template?: ReminderTemplate }
  | { type: "document"; fileName: string; bytes: Buffer; caption?: string }
  /** A picture (a chart, PNG): shown in the chat where the channel has images, else sent as a link like a document. */
  | { type: "image"; fileName: string; bytes: Buffer; caption?: string };

/** Work the core asks the caller to carry out after the state is committed (slow or async). */
export type Effect =
  | { type: "report"; periodKey: string; requestedBy: number; number?: string; issuedOn?: string; force?: boolean; /** The range typed, when whole months are counted instead. */ typedKey?: string }
  /** XLSX unless `format: "csv"`. */
  | { type: "export"; periodKey: string; requestedBy: number; history?: boolean; format?: "csv" }
  /** /bieudo: a trend chart of a form's key figures or one metric (`target`), for the ward or one unit. */
  | { type: "chart"; target: string; periodKey: string; requestedBy: number; unitCode?: string }
  | { type: "resend"; reportId: number; requestedBy: number }
  /**
   * A photo saved with an entry as a platform file id: the app downloads and keeps it (src/app/photos.ts).
   * A new entry is named by its save's ref (writes.ts) until the app fills in its number.
   */
  | { type: "photo"; entryId: number | { ref: string }; channel: string; fileId: string };

export interface Reply {
  messages: Outbound[];
  effects: Effect[];
}

export const text = (t: string, choices?: Choice[]): Outbound =>
  choices && choices.length > 0 ? { type: "text", text: t.normalize("NFC"), choices } : { type: "text", text: t.normalize("NFC") };
