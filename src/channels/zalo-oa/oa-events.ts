// Zalo OA webhook bodies (zalo-platforms.md 5.1–5.3) normalised into InboundEvents; nothing
// OA-specific passes this file. Ids and timestamps are strings (and exceed 2^53: never parsed as
// numbers). A follow becomes "/start" (the person is greeted and can register); an unfollow is
// not a message but a change of reachability, returned apart for the channel to record.
import type { EventBody, InboundEvent } from "../../conversation/types.js";

export const OA_CHANNEL = "zalo-oa";

export interface ParsedBody {
  events: InboundEvent[];
  /** People who unfollowed the OA: unreachable until they follow or write again. */
  unfollowed: Array<{ userId: string; at: Date }>;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const idOf = (v: unknown): string | undefined =>
  typeof v === "string" && /^\d{1,30}$/.test(v) ? v : typeof v === "number" && Number.isSafeInteger(v) && v > 0 ? String(v) : undefined;

function timeOf(v: unknown): Date | undefined {
  const ms = typeof v === "string" && /^\d{10,16}$/.test(v) ? Number(v) : typeof v === "number" ? v : NaN;
  return Number.isFinite(ms) && ms > 0 ? new Date(ms) : undefined;
}

/**
 * One webhook body. `oaId` (ZALO_OA_ID), when known, drops events whose sender is the OA itself;
 * events named oa_send_* (the OA's own messages coming back) are dropped whatever it is.
 */
export function parseOaBody(body: unknown, now: () => Date, oaId?: string): ParsedBody {
  const out: ParsedBody = { events: [], unfollowed: [] };
  if (!isObject(body) || typeof body.event_name !== "string") return out;
  const name = body.event_name;
  const stamp = timeOf(body.timestamp);
  const at = stamp ? { at: stamp } : { at: now(), arrived: true as const };
  if (name === "follow" || name === "unfollow") {
    const follower = isObject(body.follower) ? idOf(body.follower.id) : undefined;
    if (!follower) return out;
    if (name === "unfollow") { out.unfollowed.push({ userId: follower, at: at.at }); return out; }
    // A follow has no msg_id: its id is the person and the moment (a retried delivery repeats both).
    out.events.push({ channel: OA_CHANNEL, eventId: `follow:${follower}:${String(body.timestamp ?? "")}`, chatId: follower, userId: follower,
      userName: "", ...at, body: { type: "text", text: "/start" } });
    return out;
  }
  if (name.startsWith("oa_send_")) return out;
  if (!name.startsWith("user_send_")) return out; // seen, received, and other notifications
  const sender = isObject(body.sender) ? idOf(body.sender.id) : undefined;
  const message = isObject(body.message) ? body.message : undefined;
  const msgId = message && typeof message.msg_id === "string" && message.msg_id !== "" ? message.msg_id : undefined;
  if (!sender || !message || !msgId) return out;
  if (oaId && sender === oaId) return out;
  out.events.push({ channel: OA_CHANNEL, eventId: msgId, chatId: sender, userId: sender, userName: "", ...at, body: bodyOf(name, message) });
  return out;
}

function bodyOf(name: string, m: Record<string, unknown>): EventBody {
  const what = name.slice("user_send_".length) || "unsupported";
  const caption = typeof m.text === "string" && m.text.trim() !== "" ? m.text.normalize("NFC") : undefined;
  if (what === "text" && typeof m.text === "string") return { type: "text", text: m.text.normalize("NFC") };
  if (what === "image") {
    const first = Array.isArray(m.attachments) ? m.attachments.find((a) => isObject(a) && a.type === "image") : undefined;
    const payload = isObject(first) && isObject(first.payload) ? first.payload : undefined;
    const url = typeof payload?.url === "string" && payload.url !== "" ? payload.url : undefined;
    if (url) return caption === undefined ? { type: "photo", fileId: url } : { type: "photo", fileId: url, caption };
  }
  return { type: "unsupported", what };
}
