// Report settings a leader keeps between reports: the round-specific "Căn cứ …" lines.
import type { Db } from "../db/client.js";
import { stmt } from "../db/statements.js";

const EXTRA_BASIS = "report.can_cu";

export function getExtraBasis(db: Db): string[] {
  const row = stmt<[string], { v: string }>(db, "select value_json as v from settings where key = ?").get(EXTRA_BASIS);
  if (!row) return [];
  try {
    const lines = JSON.parse(row.v) as unknown;
    return Array.isArray(lines) ? lines.filter((l): l is string => typeof l === "string") : [];
  } catch {
    return [];
  }
}

export function setExtraBasis(db: Db, lines: readonly string[], now: Date): void {
  stmt(db, `insert into settings (key, value_json, updated_at) values (?, ?, ?)
    on conflict(key) do update set value_json = excluded.value_json, updated_at = excluded.updated_at`)
    .run(EXTRA_BASIS, JSON.stringify(lines.map((l) => l.normalize("NFC"))), now.getTime());
}
