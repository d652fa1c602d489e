// Signed, expiring download links for channels that cannot send documents: an archived report or
// a file shared once. The token carries what to serve and until when; an HMAC makes it unforgeable,
// so nothing about the link needs to be stored.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { Db } from "../db/client.js";
import { stmt } from "../db/statements.js";

export const DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/** Settings key of the generated signing key (used when LINK_SECRET is not configured). */
export const LINK_SECRET_SETTING = "http.link_secret";

export interface FileLinksOptions {
  db: Db;
  /** Public base URL, without the trailing slash (PUBLIC_BASE_URL). */
  baseUrl: string;
  /** LINK_SECRET; when absent a random key is generated once and kept in the database. */
  secret?: string;
  ttlMs: number;
  clock: () => Date;
}

export interface SignedLink { url: string; expiresAt: Date }

export type ResolvedFile =
  | { ok: true; fileName: string; contentType: string; bytes: Buffer }
  | { ok: false };

interface Payload { k: "r" | "f"; id: number; exp: number }

// Binds the MAC to this use, so the key could never validate some other kind of token.
const MAC_CONTEXT = "tep.v1.";
const B64URL = /^[A-Za-z0-9_-]+$/;

export class FileLinks {
  readonly #db: Db;
  readonly #baseUrl: string;
  readonly #key: Buffer;
  readonly #ttlMs: number;
  readonly #clock: () => Date;

  constructor(o: FileLinksOptions) {
    this.#db = o.db;
    this.#baseUrl = o.baseUrl.replace(/\/+$/, "");
    this.#ttlMs = o.ttlMs;
    this.#clock = o.clock;
    this.#key = o.secret !== undefined ? Buffer.from(o.secret, "utf8") : storedKey(o.db, o.clock());
  }

  /** A link to an archived report (issued_reports.id). */
  linkForReport(reportId: number): SignedLink {
    return this.#sign("r", reportId);
  }

  /** Keep a file in shared_files and return a link to it. */
  shareFile(f: { fileName: string; contentType: string; bytes: Buffer }): SignedLink {
    const row = stmt<[string, string, Buffer, number], { id: number }>(this.#db,
      "insert into shared_files (file_name, content_type, bytes, created_at) values (?, ?, ?, ?) returning id")
      .get(f.fileName.normalize("NFC"), f.contentType, f.bytes, this.#clock().getTime());
    return this.#sign("f", row!.id);
  }

  /** What a token grants, if its signature is ours and it has not expired. Never throws on junk. */
  resolve(token: string, now: Date = this.#clock()): ResolvedFile {
    const payload = this.#verify(token);
    if (!payload || payload.exp * 1000 <= now.getTime()) return { ok: false };
    if (payload.k === "r") {
      const row = stmt<[number], { fileName: string; bytes: Buffer }>(this.#db,
        "select file_name as fileName, bytes from issued_reports where id = ?").get(payload.id);
      return row ? { ok: true, fileName: row.fileName, contentType: DOCX_CONTENT_TYPE, bytes: row.bytes } : { ok: false };
    }
    const row = stmt<[number], { fileName: string; contentType: string; bytes: Buffer }>(this.#db,
      "select file_name as fileName, content_type as contentType, bytes from shared_files where id = ?").get(payload.id);
    return row ? { ok: true, ...row } : { ok: false };
  }

  #sign(k: Payload["k"], id: number): SignedLink {
    // Whole seconds keep the token short; the link may live up to a second less than the TTL.
    const exp = Math.floor((this.#clock().getTime() + this.#ttlMs) / 1000);
    const body = Buffer.from(JSON.stringify({ k, id, exp } satisfies Payload), "utf8").toString("base64url");
    return { url: `${this.#baseUrl}/tep/${body}.${this.#mac(body)}`, expiresAt: new Date(exp * 1000) };
  }

  #mac(body: string): string {
    return createHmac("sha256", this.#key).update(MAC_CONTEXT + body).digest("base64url");
  }

  #verify(token: string): Payload | undefined {
    if (typeof token !== "string" || token.length > 512) return undefined;
    const parts = token.split(".");
    if (parts.length !== 2) return undefined;
    const [body, sig] = parts as [string, string];
    if (!B64URL.test(body) || !B64URL.test(sig)) return undefined;
    // Compare the canonical text, not decoded bytes: base64url decoding ignores a last character's
    // spare bits, so a changed character could otherwise still verify.
    const expected = Buffer.from(this.#mac(body), "ascii");
    const given = Buffer.from(sig, "ascii");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    try {
      const p = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as Partial<Payload> | null;
      if (!p || (p.k !== "r" && p.k !== "f") || !Number.isSafeInteger(p.id) || !Number.isFinite(p.exp)) return undefined;
      return { k: p.k, id: p.id!, exp: p.exp! };
    } catch {
      return undefined;
    }
  }
}

/** The generated key: created once, in a write transaction so two first starts agree on it. */
function storedKey(db: Db, now: Date): Buffer {
  const read = () => {
    const row = stmt<[string], { v: string }>(db, "select value_json as v from settings where key = ?").get(LINK_SECRET_SETTING);
    if (!row) return undefined;
    try {
      const v = JSON.parse(row.v) as unknown;
      const key = typeof v === "string" ? Buffer.from(v, "base64url") : undefined;
      return key && key.length >= 32 ? key : undefined;
    } catch {
      return undefined;
    }
  };
  return db.$client.transaction(() => {
    const existing = read();
    if (existing) return existing;
    // A damaged value is replaced (links signed with it cannot be verified anyway).
    const key = randomBytes(32);
    stmt(db, `insert into settings (key, value_json, updated_at) values (?, ?, ?)
      on conflict(key) do update set value_json = excluded.value_json, updated_at = excluded.updated_at`)
      .run(LINK_SECRET_SETTING, JSON.stringify(key.toString("base64url")), now.getTime());
    return key;
  }).immediate();
}
