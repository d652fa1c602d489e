// What a failed fetch says, for the logs: undici reports "fetch failed" with the real reason
// (ECONNREFUSED, a TLS error…) in `cause`. Shared by the channels that call their platform with fetch.
export function describeFetchError(err: unknown): string {
  const parts: string[] = [];
  let e: unknown = err;
  for (let depth = 0; e && depth < 3; depth++) {
    if (e instanceof Error) {
      const code = (e as { code?: unknown }).code;
      parts.push(typeof code === "string" ? `${e.message} [${code}]` : e.message);
      e = e.cause;
    } else { parts.push(String(e)); break; }
  }
  return parts.join(": ") || "lỗi mạng";
}
