// Report settings a leader keeps between reports: the round-specific "Căn cứ …" lines of each
// kind of report (a monthly report never inherits the ten-year round's plan), and the leader's
// own words of one report (kind and period): a sentence on the situation, the tasks of the next
// period, and the facts of the round (see src/report/round-facts.ts).
import type { Db } from "../db/client.js";
import { stmt } from "../db/statements.js";
import { periodFromKey } from "../domain/periods.js";
import { reportKindOf, type ReportKind } from "../domain/report-kinds.js";
import { recentIssued } from "./issued-reports.js";
import type { ReportWords } from "../report/round-facts.js";
import { xmlSafe } from "../domain/xml-text.js";

const basisKey = (kind: ReportKind) => `report.can_cu.${kind}`;
const wordsKey = (periodKey: string) => `report.words.${periodKey}`;

function readJson(db: Db, key: string): unknown {
  const row = stmt<[string], { v: string }>(db, "select value_json as v from settings where key = ?").get(key);
  if (!row) return undefined;
  try {
    return JSON.parse(row.v) as unknown;
  } catch {
    return undefined;
  }
}

function writeJson(db: Db, key: string, value: unknown, now: Date): void {
  stmt(db, `insert into settings (key, value_json, updated_at) values (?, ?, ?)
    on conflict(key) do update set value_json = excluded.value_json, updated_at = excluded.updated_at`)
    // Kept as documents will print it: characters XML 1.0 forbids never reach a report.
    .run(key, JSON.stringify(value, (_k, v: unknown) => (typeof v === "string" ? xmlSafe(v) : v)), now.getTime());
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((l): l is string => typeof l === "string") : []);

/** The round-specific "Căn cứ …" lines of one kind of report. */
export function getExtraBasis(db: Db, kind: ReportKind): string[] {
  return strings(readJson(db, basisKey(kind)));
}

export function setExtraBasis(db: Db, kind: ReportKind, lines: readonly string[], now: Date): void {
  writeJson(db, basisKey(kind), lines.map((l) => l.normalize("NFC")), now);
}

/** The leader's own words for the report of one period (its key names its kind too). */
export function getReportWords(db: Db, periodKey: string): ReportWords {
  const v = readJson(db, wordsKey(periodKey));
  if (!v || typeof v !== "object") return { situation: null, tasks: [], facts: {} };
  const o = v as Record<string, unknown>;
  const facts: Record<string, string> = {};
  if (o.facts && typeof o.facts === "object") {
    for (const [k, x] of Object.entries(o.facts as Record<string, unknown>)) if (typeof x === "string") facts[k] = x;
  }
  return { situation: typeof o.situation === "string" ? o.situation : null, tasks: strings(o.tasks), facts };
}

export function setReportWords(db: Db, periodKey: string, words: ReportWords, now: Date): void {
  const nfc = (s: string) => s.normalize("NFC");
  writeJson(db, wordsKey(periodKey), {
    situation: words.situation === null ? null : nfc(words.situation),
    tasks: words.tasks.map(nfc),
    facts: Object.fromEntries(Object.entries(words.facts).map(([k, v]) => [k, nfc(v)])),
  }, now);
}

/** The one list every report shared before căn cứ belonged to a kind. */
const SHARED_BASIS = "report.can_cu";

/**
 * Start-up, idempotent: the old shared list goes to the kind of the latest issued report (the
 * round it was typed for), or to the monthly report when none was issued, and the old key is
 * deleted. Lines the kind already has are not repeated.
 */
export function moveSharedBasis(db: Db, cutoffDay: number, now: Date): void {
  const exists = stmt<[string], { k: string }>(db, "select key as k from settings where key = ?").get(SHARED_BASIS);
  if (!exists) return;
  db.transaction(() => {
    const lines = strings(readJson(db, SHARED_BASIS));
    if (lines.length > 0) {
      const latest = recentIssued(db, 1)[0];
      const period = latest ? periodFromKey(latest.period, cutoffDay) : null;
      const kind: ReportKind = period ? reportKindOf(period) : "month";
      const had = getExtraBasis(db, kind);
      setExtraBasis(db, kind, [...had, ...lines.filter((l) => !had.includes(l.normalize("NFC")))], now);
    }
    stmt(db, "delete from settings where key = ?").run(SHARED_BASIS);
  });
}
