// A small typed client for the Zalo Bot Platform: POST {apiRoot}/bot<token>/<method> with a JSON
// body; answers { ok, result?, error_code?, description? }. The token sits in the URL path, so
// no error raised here quotes the URL or the token.
import { describeFetchError } from "../fetch-error.js";
import { maskTokens } from "../../log.js";

/**
 * The platform answered ok: false (or a non-2xx status): error_code 400, 401, 403 (documented as an
 * internal server error), 404, 408, 429 (the monthly quota is spent), 5xx.
 */
export class ZaloApiError extends Error {
  constructor(readonly code: number, readonly description: string, readonly method: string, readonly retryAfterSec?: number) {
    super(`Zalo ${method}: ${code}${description ? ` ${description}` : ""}`);
    this.name = "ZaloApiError";
  }
}

/** The platform could not be reached (DNS, refused connection, reset, timeout) or the call was aborted. */
export class ZaloNetworkError extends Error {
  constructor(readonly method: string, detail: string, readonly aborted: boolean) {
    super(`Zalo ${method}: ${aborted ? "đã huỷ" : "không kết nối được"} (${detail})`);
    this.name = "ZaloNetworkError";
  }
}

export interface ZaloCallOptions {
  /** Aborts the call (stop() during a long poll). */
  signal?: AbortSignal;
  /** Gives up after this long; default 15 s. */
  timeoutMs?: number;
}

interface ZaloAnswer {
  ok?: boolean;
  result?: unknown;
  /** A number in the documentation; some answers carry it as a string ("408"). */
  error_code?: number | string;
  description?: string;
  retry_after?: number;
  parameters?: { retry_after?: number };
}

const DEFAULT_TIMEOUT_MS = 15_000;

/** error_code as a number, whether sent as 408 or "408"; undefined when absent or unreadable. */
function codeOf(v: unknown): number | undefined {
  const n = typeof v === "number" ? v : typeof v === "string" && /^\s*\d{3}\s*$/.test(v) ? Number(v) : NaN;
  return Number.isInteger(n) ? n : undefined;
}

export class ZaloClient {
  private readonly root: string;

  constructor(private readonly token: string, apiRoot: string) {
    this.root = apiRoot.replace(/\/+$/, "");
  }

  /** The call's result; throws ZaloApiError or ZaloNetworkError, neither quoting the token. */
  async call<T>(method: string, body: Record<string, unknown> = {}, opts: ZaloCallOptions = {}): Promise<T> {
    const timeout = AbortSignal.timeout(opts.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
    let res: Response;
    let text: string;
    try {
      res = await fetch(`${this.root}/bot${this.token}/${method}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
        signal,
      });
      text = await res.text();
    } catch (err) {
      const aborted = opts.signal?.aborted === true;
      const detail = timeout.aborted && !aborted ? "hết thời gian chờ" : this.describe(err);
      throw new ZaloNetworkError(method, detail, aborted);
    }
    let answer: ZaloAnswer | undefined;
    try { answer = JSON.parse(text) as ZaloAnswer; } catch { answer = undefined; }
    if (!answer || typeof answer !== "object") {
      throw new ZaloApiError(res.ok ? 502 : res.status, `unreadable answer (HTTP ${res.status})`, method);
    }
    if (answer.ok !== true || !res.ok) {
      const code = codeOf(answer.error_code) ?? (res.ok ? 502 : res.status);
      const retryAfter = answer.parameters?.retry_after ?? answer.retry_after;
      throw new ZaloApiError(code, this.clean(answer.description ?? ""), method, typeof retryAfter === "number" ? retryAfter : undefined);
    }
    return answer.result as T;
  }

  private describe(err: unknown): string {
    return this.clean(describeFetchError(err));
  }

  private clean(s: string): string {
    return maskTokens(this.token ? s.split(this.token).join("<token>") : s);
  }
}
