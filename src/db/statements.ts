// Prepared statements, compiled once per connection. Hot paths (every chat event) use these
// instead of the query builder, which rebuilds and re-prepares its SQL on every call.
import type { Statement } from "better-sqlite3";
import type { Db } from "./client.js";

const caches = new WeakMap<object, Map<string, Statement>>();

export function stmt<P extends unknown[] = unknown[], R = unknown>(db: Db, sql: string): Statement<P, R> {
  let cache = caches.get(db.$client);
  if (!cache) {
    cache = new Map();
    caches.set(db.$client, cache);
  }
  let s = cache.get(sql);
  if (!s) {
    s = db.$client.prepare(sql);
    cache.set(sql, s);
  }
  return s as unknown as Statement<P, R>;
}
