// Zalo Bot Platform updates normalised into InboundEvents; nothing Zalo-specific passes this file.
// getUpdates answers { event_name, message } as its result; a webhook body is either wrapped
// { ok: true, result: { event_name, message } } or, from some senders, the bare result.
import { createHash } from "node:crypto";
import type { EventBody, InboundEvent } from "../../conversation/types.js";

export interface ZaloUser {
  id: string;
  display_name?: string;
  is_bot?: boolean;
}

export interface ZaloChat {
  id: string;
  chat_type?: "PRIVATE" | "GROUP" | string;
}

export interface ZaloMessage {
  message_id: string;
  /** Milliseconds since the epoch. */
  date: number;
  from: ZaloUser;
  chat: ZaloChat;
  text?: string;
  /** The image's URL (message.image.received). */
  photo?: string;
  caption?: string;
}

export interface ZaloUpdate {
  event_name: string;
  message?: ZaloMessage;
  /** Seen on events that carry no message (a protected user's "unsupported" event). */
  chat?: ZaloChat;
  from?: ZaloUser;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The updates a body carries: wrapped or bare, one or (leniently) a list. */
export function unwrapUpdates(body: unknown): ZaloUpdate[] {
  const inner = isObject(body) && "result" in body && !("event_name" in body) ? body.result : body;
  const list = Array.isArray(inner) ? inner : [inner];
  return list.filter((u): u is ZaloUpdate => isObject(u) && typeof u.event_name === "string");
}

const idOf = (v: unknown): string | undefined =>
  typeof v === "string" && v !== "" ? v : typeof v === "number" && Number.isFinite(v) ? String(v) : undefined;

/**
 * Normalise one update (either body shape); undefined for updates the bot does not act on. An
 * update without a readable date is stamped by `now` (the injected clock). A protected user's
 * message (children, disabled accounts) comes as "unsupported" with no content, sometimes with no
 * `message` or no `message_id`: it is still answered when a chat id is present.
 */
export function toInboundEvent(update: unknown, now: () => Date): InboundEvent | undefined {
  const u = unwrapUpdates(update)[0];
  if (!u) return undefined;
  const m: Record<string, unknown> = isObject(u.message) ? u.message as unknown as Record<string, unknown> : {};
  const from = isObject(m.from) ? m.from : isObject(u.from) ? u.from as unknown as Record<string, unknown> : undefined;
  const chat = isObject(m.chat) ? m.chat : isObject(u.chat) ? u.chat as unknown as Record<string, unknown> : undefined;
  const chatId = idOf(chat?.id);
  // In a private chat the person's id is the chat's.
  const userId = idOf(from?.id) ?? chatId;
  if (!userId || !chatId) return undefined;
  const body = bodyOf(u.event_name, m);
  // Only an event the bot can say nothing useful about may come without an id of its own.
  const eventId = idOf(m.message_id) ?? (body.type === "unsupported" ? contentId(u, chatId) : undefined);
  if (!eventId) return undefined;
  // Group chats are beta on the platform and the bot works one to one; other bots are ignored.
  const chatType = typeof chat?.chat_type === "string" ? chat.chat_type.toUpperCase() : "PRIVATE";
  if (chatType !== "PRIVATE" || from?.is_bot === true) return undefined;
  const date = typeof m.date === "number" ? m.date : Number(m.date);
  return {
    channel: "zalo",
    eventId,
    chatId,
    userId,
    userName: typeof from?.display_name === "string" ? from.display_name.normalize("NFC") : "",
    ...(Number.isFinite(date) ? { at: new Date(date) } : { at: now(), arrived: true as const }),
    body,
  };
}

/**
 * An id for an event that has none: the same delivery (a webhook retried, the poll repeated)
 * gets the same id, so it is recorded once; from its date when it has one, else its content.
 */
function contentId(u: ZaloUpdate, chatId: string): string {
  const date = isObject(u.message) ? idOf((u.message as unknown as Record<string, unknown>).date) : undefined;
  return date ? `${u.event_name}:${chatId}:${date}`
    : `${u.event_name}:${chatId}:${createHash("sha256").update(JSON.stringify(u)).digest("hex").slice(0, 24)}`;
}

/** Every event a body carries, in order (the webhook receiver's parse). */
export function toInboundEvents(body: unknown, now: () => Date): InboundEvent[] {
  return unwrapUpdates(body).map((u) => toInboundEvent(u, now)).filter((e): e is InboundEvent => e !== undefined);
}

function bodyOf(eventName: string, m: Record<string, unknown>): EventBody {
  const kind = /^message\.([a-z_]+)\.received$/.exec(eventName)?.[1] ?? eventName;
  if (kind === "text" && typeof m.text === "string") return { type: "text", text: m.text.normalize("NFC") };
  if (kind === "image") {
    const url = typeof m.photo === "string" ? m.photo : typeof m.photo_url === "string" ? m.photo_url : undefined;
    if (url) {
      const caption = typeof m.caption === "string" && m.caption !== "" ? m.caption.normalize("NFC") : undefined;
      return caption === undefined ? { type: "photo", fileId: url } : { type: "photo", fileId: url, caption };
    }
  }
  return { type: "unsupported", what: kind || "unsupported" };
}
