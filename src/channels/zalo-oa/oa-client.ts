// A small client for the Zalo OA hosts (zalo-platforms.md section 2): the OpenAPI host with the
// bare `access_token` header, and the OAuth host's refresh (form body, `secret_key` header).
// Errors come back as HTTP 200 with a non-zero `error`, read here into OaApiError. No error raised
// here quotes a token or a secret.
import { describeFetchError } from "../fetch-error.js";
import { maskTokens } from "../../log.js";

/** Zalo answered with a non-zero `error` (or a status without a readable answer: the status as the code). */
export class OaApiError extends Error {
  constructor(readonly code: number, readonly description: string, readonly path: string) {
    super(`Zalo OA ${path}: ${code}${description ? ` ${description}` : ""}`);
    this.name = "OaApiError";
  }
}

/** The host could not be reached, the answer was cut off, or the call timed out or was aborted. */
export class OaNetworkError extends Error {
  constructor(readonly path: string, detail: string) {
    super(`Zalo OA ${path}: không kết nối được (${detail})`);
    this.name = "OaNetworkError";
  }
}

export interface OaTokenPair { accessToken: string; refreshToken: string; expiresInSec: number }

export interface OaCallOptions { timeoutMs?: number; signal?: AbortSignal }

const DEFAULT_TIMEOUT_MS = 15_000;
/** When expires_in cannot be read: the documented 25 h. */
const DEFAULT_EXPIRES_SEC = 90_000;

const codeOf = (v: unknown): number | undefined => {
  const n = typeof v === "number" ? v : typeof v === "string" && /^-?\d+$/.test(v.trim()) ? Number(v) : undefined;
  return n !== undefined && Number.isFinite(n) ? n : undefined;
};

export class OaClient {
  private readonly api: string;
  private readonly oauth: string;
  /** Secrets and tokens seen, cut out of every error message. */
  private readonly secrets = new Set<string>();

  constructor(apiRoot: string, oauthRoot: string) {
    this.api = apiRoot.replace(/\/+$/, "");
    this.oauth = oauthRoot.replace(/\/+$/, "");
  }

  /** POST to the OpenAPI host: JSON for an object, multipart for FormData; resolves to `data`. */
  async post<T>(path: string, accessToken: string, body: Record<string, unknown> | FormData, o: OaCallOptions = {}): Promise<T> {
    this.secrets.add(accessToken);
    const headers: Record<string, string> = { access_token: accessToken };
    if (!(body instanceof FormData)) headers["content-type"] = "application/json";
    const answer = await this.fetchJson(`${this.api}${path}`, path, { method: "POST", headers, body: body instanceof FormData ? body : JSON.stringify(body) }, o);
    return answer.data as T;
  }

  /** GET from the OpenAPI host with the `data` parameter as URL-encoded JSON (the profile); resolves to `data`. */
  async get<T>(path: string, accessToken: string, data: Record<string, unknown>, o: OaCallOptions = {}): Promise<T> {
    this.secrets.add(accessToken);
    const url = `${this.api}${path}?data=${encodeURIComponent(JSON.stringify(data))}`;
    const answer = await this.fetchJson(url, path, { method: "GET", headers: { access_token: accessToken } }, o);
    return answer.data as T;
  }

  /** The refresh (v4): a new access token and a new refresh token; the one sent dies at Zalo. */
  async refresh(a: { appId: string; appSecret: string; refreshToken: string }, o: OaCallOptions = {}): Promise<OaTokenPair> {
    this.secrets.add(a.appSecret);
    this.secrets.add(a.refreshToken);
    const path = "/v4/oa/access_token";
    const form = new URLSearchParams({ app_id: a.appId, grant_type: "refresh_token", refresh_token: a.refreshToken });
    const answer = await this.fetchJson(`${this.oauth}${path}`, path, {
      method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", secret_key: a.appSecret }, body: form.toString(),
    }, o);
    const access = answer.access_token, refresh = answer.refresh_token;
    if (typeof access !== "string" || access === "" || typeof refresh !== "string" || refresh === "") {
      throw new OaApiError(502, "the refresh answer has no tokens", path);
    }
    this.secrets.add(access);
    this.secrets.add(refresh);
    // A string in practice ("90000"), a number in some examples: both read.
    const expires = codeOf(answer.expires_in);
    return { accessToken: access, refreshToken: refresh, expiresInSec: expires !== undefined && expires > 0 ? expires : DEFAULT_EXPIRES_SEC };
  }

  private async fetchJson(url: string, path: string, init: RequestInit, o: OaCallOptions): Promise<Record<string, unknown>> {
    const timeout = AbortSignal.timeout(o.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    const signal = o.signal ? AbortSignal.any([o.signal, timeout]) : timeout;
    let res: Response;
    let text: string;
    try {
      res = await fetch(url, { ...init, signal });
      text = await res.text();
    } catch (err) {
      throw new OaNetworkError(path, timeout.aborted ? "hết thời gian chờ" : this.clean(describeFetchError(err)));
    }
    let answer: unknown;
    try { answer = JSON.parse(text); } catch { answer = undefined; }
    if (typeof answer !== "object" || answer === null || Array.isArray(answer)) {
      throw new OaApiError(res.ok ? 502 : res.status, `unreadable answer (HTTP ${res.status})`, path);
    }
    const body = answer as Record<string, unknown>;
    const code = codeOf(body.error);
    if (code !== undefined && code !== 0) {
      const why = [body.message, body.error_name, body.error_description].find((v) => typeof v === "string" && v !== "") as string | undefined;
      throw new OaApiError(code, this.clean(why ?? ""), path);
    }
    if (!res.ok) throw new OaApiError(res.status, `HTTP ${res.status}`, path);
    return body;
  }

  private clean(s: string): string {
    let out = s;
    for (const secret of this.secrets) if (secret) out = out.split(secret).join("<token>");
    return maskTokens(out);
  }
}
