// Migration 0011 gives every outbox row a kind, worked out from the dedupe keys the code wrote
// before it: "reply:report:…", "reply:export:…", "reply:resend:…" (documents, src/app/effects.ts),
// other "reply:…" (replies, src/app/bot-app.ts), "nhac-…" (reminders) and "tong-hop:…" (the
// digest, src/reminders/jobs.ts), the rest (notices, unreachable notices, no key) notices.
import { copyFileSync } from "node:fs";
import { join, resolve } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, openDb, type Db } from "../../src/db/client.js";
import { tempDir } from "../helpers/temp.js";

const FIXTURE = resolve(import.meta.dirname, "../fixtures/db-0006/db-0006.sqlite");
let db: Db;

// Rows the fixture lacks, added to the copy before it is migrated (ids after the fixture's 49).
const ADDED: Array<[string | null, string]> = [
  ["reply:export:telegram:2001:1040:1740020400000", "document"],
  ["reply:resend:telegram:2001:1041:1740020400000", "document"],
  ["nhac-truoc-3:2025-02:3", "reminder"],
  ["nhac-khoa-so:2025-02:3", "reminder"],
  ["tong-hop:2025-02:2", "digest"],
  ["notice:telegram:1001:1740020400000:1", "notice"],
  ["unreachable:telegram:4001:2", "notice"],
  [null, "notice"],
];

beforeAll(() => {
  const path = join(tempDir("bienbot-mig11-"), "bot.sqlite");
  copyFileSync(FIXTURE, path);
  const old = new Database(path);
  const add = old.prepare("insert into outbox (channel, chat_id, payload_json, dedupe_key, status, next_attempt_at) values ('telegram', '1001', '{\"type\":\"text\",\"text\":\"x\"}', ?, 'sent', 0)");
  for (const [key] of ADDED) add.run(key);
  old.close();
  db = openDb(path);
});
afterAll(() => closeDb(db));

describe("migration 0011: the outbox kind", () => {
  it("the fixture's 48 chat replies become replies and its one report document a document", () => {
    const kinds = db.$client.prepare("select id, kind from outbox where id <= 49 order by id").all() as { id: number; kind: string }[];
    expect(kinds).toHaveLength(49);
    expect(kinds.filter((r) => r.kind === "document").map((r) => r.id)).toEqual([48]); // reply:report:telegram:2001:1
    expect(kinds.filter((r) => r.kind === "reply")).toHaveLength(48);
  });

  it("reminders, the digest and notices get theirs from their keys", () => {
    const rows = db.$client.prepare("select dedupe_key k, kind from outbox where id > 49 order by id").all() as { k: string | null; kind: string }[];
    expect(rows.map((r) => [r.k, r.kind])).toEqual(ADDED);
  });

  it("keeps ids (reminder_log points at them) and the unique key", () => {
    expect(db.$client.prepare("select max(id) m from outbox").get()).toEqual({ m: 49 + ADDED.length });
    expect(() => db.$client.prepare("insert into outbox (channel, chat_id, payload_json, dedupe_key, kind, next_attempt_at) values ('telegram', '1', '{}', 'tong-hop:2025-02:2', 'digest', 0)").run()).toThrow(/UNIQUE/);
    expect(db.$client.pragma("foreign_key_check")).toEqual([]);
  });
});
