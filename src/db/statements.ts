// Prepared statements, compiled once per connection. Hot paths (every chat event) use these
// instead of the query builder, which rebuilds and re-prepares its SQL on every call.
import type { Database, Statement } from "better-sqlite3";
import type { Db } from "./client.js";

const caches = new WeakMap<object, Map<string, Statement>>();

export function stmt<P extends unknown[] = unknown[], R = unknown>(db: Db, sql: string): Statement<P, R> {
  return prepared<P, R>(db.$client, sql);
}

/** The same cache, for code handed the raw connection (imports inside a caller's transaction). */
export function prepared<P extends unknown[] = unknown[], R = unknown>(client: Database, sql: string): Statement<P, R> {
  let cache = caches.get(client);
  if (!cache) {
    cache = new Map();
    caches.set(client, cache);
  }
  let s = cache.get(sql);
  if (!s) {
    s = client.prepare(sql);
    cache.set(sql, s);
  }
  return s as unknown as Statement<P, R>;
}
