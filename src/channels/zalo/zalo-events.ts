// Zalo Bot Platform updates normalised into InboundEvents; nothing Zalo-specific passes this file.
// getUpdates answers { event_name, message } as its result; a webhook body is either wrapped
// { ok: true, result: { event_name, message } } or, from some senders, the bare result.
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
 * update without a readable date is stamped by `now` (the injected clock).
 */
export function toInboundEvent(update: unknown, now: () => Date): InboundEvent | undefined {
  const u = unwrapUpdates(update)[0];
  if (!u || !isObject(u.message)) return undefined;
  const m = u.message as unknown as Record<string, unknown>;
  const from = isObject(m.from) ? m.from : undefined;
  const chat = isObject(m.chat) ? m.chat : undefined;
  const eventId = idOf(m.message_id);
  const userId = idOf(from?.id);
  const chatId = idOf(chat?.id);
  if (!eventId || !userId || !chatId) return undefined;
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
    body: bodyOf(u.event_name, m),
  };
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
