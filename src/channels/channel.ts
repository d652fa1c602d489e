// The channel interface: adapters turn platform updates into InboundEvents and carry
// Outbound messages back. The core knows only this file's types.
import type { InboundEvent, Outbound } from "../conversation/types.js";

export interface ChannelCapabilities {
  /** Inline buttons; without them choices are sent as a numbered list (see choices-as-text.ts). */
  buttons: boolean;
  /** Documents can be sent; without them a document goes out as a signed link. */
  documents: boolean;
  /** When documents can be sent: the file name endings the platform takes (".pdf"); others go as a link. All when absent. */
  documentTypes?: readonly string[];
  /** Pictures (a chart) can be sent to show in the chat; without, a picture goes out as a signed link like a document. */
  images?: boolean;
  /** A sent message can be edited (otherwise a new one is sent). */
  editing: boolean;
  /** Longest text one message may carry; longer texts are split at line breaks. */
  maxTextLength: number;
  /** Longest choice id (button data) in UTF-8 bytes, when the platform limits it; start-up checks the unit codes fit. */
  maxChoiceIdBytes?: number;
  /** maxTextLength counts characters (code points), as Zalo does, instead of UTF-16 units (Telegram). */
  countsCodePoints?: boolean;
  /**
   * The platform accepts a free-form message only this long after the person last wrote (hours):
   * free within freeHours, refused after maxHours. Absent: no window.
   */
  interactionWindow?: { freeHours: number; maxHours: number };
  /** A reminder carrying a template hint (Outbound `template`) can go as a pre-approved template when the window is closed. */
  templateReminders?: boolean;
}

/**
 * What a platform's plan allows a month (Zalo's free Bot Platform plan: 50 people, 3,000
 * messages); a plug-in declares it from its settings, and the app counts against it.
 */
export interface PlanLimits {
  /** People with an identity on the channel. */
  maxUsers?: number;
  /** Messages delivered in a calendar month (Vietnamese time). */
  monthlyMessages?: number;
}

/**
 * Resolves once the event is recorded in the inbox: only then may the channel acknowledge it
 * (advance its offset, poll again). Rejects with NotRecorded when it could not be recorded (the
 * bot is stopping): do not acknowledge. Any other rejection is a fault of the event itself, which
 * can never be recorded: log it and go on.
 */
export type EventHandler = (event: InboundEvent) => Promise<void>;

/**
 * What a polling channel may wait for before it asks for more: resolves once the bot has handled
 * what it was given and sent the replies it can send now, or after a short bound, or on abort.
 * Under load this lets updates gather into one poll (one inbox commit, one turn commit for many
 * events) instead of a poll for each, as telegraf's own loop waits for its handlers; when the bot
 * keeps up it resolves at once, so nobody waits for it.
 */
export type ReadyForMore = (signal: AbortSignal) => Promise<void>;

/** The event was not recorded; the channel must not acknowledge it to the platform. */
export class NotRecorded extends Error {
  constructor() { super("event not recorded"); this.name = "NotRecorded"; }
}

/** How a channel receives by webhook: the HTTP server checks the secret, then hands the body here. */
export interface WebhookReceiver {
  /** Header that carries the secret (compared in constant time); unused when `verify` is given. */
  readonly secretHeader: string;
  readonly secret: string;
  /**
   * For platforms that sign the body instead of sending a secret: true when the raw body and its
   * headers are genuine (compared in constant time). Replaces the header check when present.
   */
  verify?(rawBody: Buffer, headers: Readonly<Record<string, string | string[] | undefined>>): boolean;
  /** How long the platform waits for the answer before it retries (ms); the server's default when absent. */
  readonly answerWithinMs?: number;
  /** The platform's body as events; an empty list for updates the bot does not act on. */
  parse(body: unknown): InboundEvent[];
}

export type ChannelState = "starting" | "polling" | "webhook" | "ready" | "error" | "stopped";

export interface Channel {
  readonly name: string;
  readonly capabilities: ChannelCapabilities;
  /** Starts receiving (polling, or registering the webhook); events go to onEvent. A poll loop awaits readyForMore between batches. */
  start(onEvent: EventHandler, readyForMore?: ReadyForMore): Promise<void>;
  stop(): Promise<void>;
  /** Sends one message; throws SendError. A text longer than maxTextLength is split here too. */
  send(chatId: string, message: Outbound): Promise<void>;
  /** A link that opens the bot with the invite code, when the platform has such links. */
  inviteLink?(code: string): string | undefined;
  /** Learns what inviteLink needs without starting (the CLI); never throws (offline: no link). */
  prepareLinks?(): Promise<void>;
  /** Present when the channel receives by webhook. */
  readonly webhook?: WebhookReceiver;
  /** For /healthz. */
  state(): ChannelState;
  /** The bytes of a file a person sent (a photo's platform file id, or its URL on Zalo); throws when it cannot be had. */
  download?(fileId: string): Promise<Buffer>;
  /** Resolves when the channel's input has ended for good (the console's stdin): the bot then stops. */
  whenClosed?(): Promise<void>;
}

/** True when the channel takes this file as a document (not as a signed link). */
export function takesFile(capabilities: ChannelCapabilities, fileName: string): boolean {
  if (!capabilities.documents) return false;
  const name = fileName.toLowerCase();
  return !capabilities.documentTypes || capabilities.documentTypes.some((ending) => name.endsWith(ending));
}

/** The platform refused to serve this bot (a wrong token, another process using it): start-up stops with this message. */
export class ChannelRefusedError extends Error {}

/** Why a send failed, as a value the outbox can act on (after courier's error categories). */
export type SendFailure =
  | { kind: "throttled"; retryAfterMs: number }
  | { kind: "unreachable" }
  | { kind: "retryable" }
  /**
   * The plan's quota is spent (Zalo's 429): this channel sends nothing until `resumeAt` (ms since
   * the epoch, from the channel's clock: the quota's next period); never retried as a throttle.
   */
  | { kind: "quotaSpent"; resumeAt: number }
  /**
   * The person has not written within the platform's interaction window: never retried as if
   * temporary; final for this message, and the outbox tries another way (reminders/routing.ts).
   */
  | { kind: "windowClosed" }
  /** tooLarge: the platform refused the file's size (413); the person is told so. */
  | { kind: "fatal"; tooLarge?: boolean };

export class SendError extends Error {
  constructor(readonly failure: SendFailure, message: string) {
    super(message);
    this.name = "SendError";
  }
}

/**
 * Split a long text at line breaks so each part fits the channel's limit. A line longer than the
 * limit is cut, but never inside a surrogate pair (an emoji stays whole). `codePoints`: the limit
 * counts characters (code points) instead of UTF-16 units.
 */
export function splitText(text: string, max: number, o: { codePoints?: boolean } = {}): string[] {
  const size = o.codePoints ? (s: string) => codePointCount(s) : (s: string) => s.length;
  if (size(text) <= max) return [text];
  const parts: string[] = [];
  let current = "";
  let currentSize = 0;
  for (const line of text.split("\n")) {
    for (const piece of size(line) > max ? cut(line, max, o.codePoints === true) : [line]) {
      const pieceSize = size(piece);
      if (current && currentSize + 1 + pieceSize > max) { parts.push(current); current = piece; currentSize = pieceSize; }
      else if (current) { current = `${current}\n${piece}`; currentSize += 1 + pieceSize; }
      else { current = piece; currentSize = pieceSize; }
    }
  }
  if (current) parts.push(current);
  return parts;
}

function codePointCount(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** A line in pieces of at most `max` (code points, or UTF-16 units never ending inside a pair). */
function cut(line: string, max: number, codePoints: boolean): string[] {
  const pieces: string[] = [];
  let piece = "";
  let size = 0;
  for (const ch of line) {
    const w = codePoints ? 1 : ch.length;
    if (size + w > max && piece) { pieces.push(piece); piece = ""; size = 0; }
    piece += ch;
    size += w;
  }
  if (piece) pieces.push(piece);
  return pieces;
}