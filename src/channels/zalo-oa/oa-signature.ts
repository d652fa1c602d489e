// The webhook signature (zalo-platforms.md 5.4): X-ZEvent-Signature: mac=<hex> where
// mac = sha256(appId + rawBody + timestamp + OASecretKey), plain SHA-256 of the concatenation (not
// HMAC), rawBody the exact bytes received, timestamp the body's own `timestamp` field. The "mac="
// prefix is optional; compared in constant time.
import { createHash, timingSafeEqual } from "node:crypto";

export const SIGNATURE_HEADER = "x-zevent-signature";

type Headers = Readonly<Record<string, string | string[] | undefined>>;

function timestampOf(raw: Buffer, headers: Headers): string | undefined {
  try {
    const body = JSON.parse(raw.toString("utf8")) as unknown;
    if (typeof body === "object" && body !== null && "timestamp" in body) {
      const t = (body as { timestamp: unknown }).timestamp;
      if (typeof t === "string" || typeof t === "number") return String(t);
    }
  } catch { /* not JSON: no timestamp */ }
  // One source names a timestamp header; real traffic has none. Read only when the body has none.
  const h = headers["x-zevent-timestamp"];
  return typeof h === "string" ? h : undefined;
}

/** Zalo's mac of this body, as hex. */
export function oaMac(appId: string, raw: Buffer, timestamp: string, secretKey: string): string {
  return createHash("sha256").update(Buffer.concat([Buffer.from(appId, "utf8"), raw, Buffer.from(timestamp, "utf8"), Buffer.from(secretKey, "utf8")])).digest("hex");
}

/** True when the body is signed with this app id and OA Secret Key. */
export function signatureMatches(raw: Buffer, headers: Headers, appId: string, secretKey: string): boolean {
  const given = headers[SIGNATURE_HEADER];
  if (typeof given !== "string") return false;
  const hex = given.trim().replace(/^mac=/i, "").trim().toLowerCase();
  const timestamp = timestampOf(raw, headers);
  if (!/^[0-9a-f]{64}$/.test(hex) || timestamp === undefined) return false;
  return timingSafeEqual(Buffer.from(hex, "hex"), Buffer.from(oaMac(appId, raw, timestamp, secretKey), "hex"));
}

/**
 * Zalo may post an unsigned "{}" when the webhook address is saved in the console: answered 200,
 * and nothing in it is recorded (it carries no event).
 */
export function isRegistrationProbe(raw: Buffer, headers: Headers): boolean {
  if (headers[SIGNATURE_HEADER] !== undefined) return false;
  try {
    const body = JSON.parse(raw.toString("utf8")) as unknown;
    return typeof body === "object" && body !== null && !Array.isArray(body) && !("event_name" in body);
  } catch {
    return false;
  }
}
