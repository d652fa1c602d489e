// The channel interface: adapters turn platform updates into InboundEvents and carry
// Outbound messages back. The core knows only this file's types.
import type { InboundEvent, Outbound } from "../conversation/types.js";

export interface ChannelCapabilities {
  buttons: boolean;
  documents: boolean;
  maxTextLength: number;
}

export type EventHandler = (event: InboundEvent) => Promise<void>;

export interface Channel {
  readonly name: string;
  readonly capabilities: ChannelCapabilities;
  start(onEvent: EventHandler): Promise<void>;
  stop(): Promise<void>;
  send(chatId: string, message: Outbound): Promise<void>;
}

/** Why a send failed, as a value the outbox can act on (after courier's error categories). */
export type SendFailure =
  | { kind: "throttled"; retryAfterMs: number }
  | { kind: "unreachable" }
  | { kind: "retryable" }
  | { kind: "fatal" };

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
