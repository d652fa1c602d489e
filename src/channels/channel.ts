// The channel interface: adapters turn platform updates into InboundEvents and carry
// Outbound messages back. The core knows only this file's types.
import type { InboundEvent, Outbound } from "../conversation/types.js";

export interface ChannelCapabilities {
  /** Inline buttons; without them choices are sent as a numbered list (see choices-as-text.ts). */
  buttons: boolean;
  /** Documents can be sent; without them a document goes out as a signed link. */
  documents: boolean;
  /** Pictures (a chart) can be sent to show in the chat; without, a picture goes out as a signed link like a document. */
  images?: boolean;
  /** A sent message can be edited (otherwise a new one is sent). */
  editing: boolean;
  /** Longest text one message may carry; longer texts are split at line breaks. */
  maxTextLength: number;
  /** Longest choice id (button data) in UTF-8 bytes, when the platform limits it; start-up checks the unit codes fit. */
  maxChoiceIdBytes?: number;
}

/**
 * Resolves once the event is recorded in the inbox: only then may the channel acknowledge it
 * (advance its offset, poll again). Rejects with NotRecorded when it could not be recorded (the
 * bot is stopping): do not acknowledge. Any other rejection is a fault of the event itself, which
 * can never be recorded: log it and go on.
 */
export type EventHandler = (event: InboundEvent) => Promise<void>;

/** The event was not recorded; the channel must not acknowledge it to the platform. */
export class NotRecorded extends Error {
  constructor() { super("event not recorded"); this.name = "NotRecorded"; }
}

/** How a channel receives by webhook: the HTTP server checks the secret, then hands the body here. */
export interface WebhookReceiver {
  /** Header that carries the secret (compared in constant time). */
  readonly secretHeader: string;
  readonly secret: string;
  /** The platform's body as events; an empty list for updates the bot does not act on. */
  parse(body: unknown): InboundEvent[];
}

export type ChannelState = "starting" | "polling" | "webhook" | "ready" | "error" | "stopped";

export interface Channel {
  readonly name: string;
  readonly capabilities: ChannelCapabilities;
  /** Starts receiving (polling, or registering the webhook); events go to onEvent. */
  start(onEvent: EventHandler): Promise<void>;
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

/** The platform refused to serve this bot (a wrong token, another process using it): start-up stops with this message. */
export class ChannelRefusedError extends Error {}

/** Why a send failed, as a value the outbox can act on (after courier's error categories). */
export type SendFailure =
  | { kind: "throttled"; retryAfterMs: number }
  | { kind: "unreachable" }
  | { kind: "retryable" }
  /** tooLarge: the platform refused the file's size (413); the person is told so. */
  | { kind: "fatal"; tooLarge?: boolean };

export class SendError extends Error {
  constructor(readonly failure: SendFailure, message: string) {
    super(message);
    this.name = "SendError";
  }
}

/** Split a long text at line breaks so each part fits the channel's limit. */
export function splitText(text: string, max: number): string[] {
  if (text.length <= max) return [text];
  const parts: string[] = [];
  let current = "";
  for (const line of text.split("\n")) {
    const pieces = line.length > max ? line.match(new RegExp(`[\\s\\S]{1,${max}}`, "g")) ?? [] : [line];
    for (const piece of pieces) {
      if (current && current.length + 1 + piece.length > max) { parts.push(current); current = piece; }
      else current = current ? `${current}\n${piece}` : piece;
    }
  }
  if (current) parts.push(current);
  return parts;
}
