// One way figures reach the ledger: every writer of entries goes through recordEntry
// (src/ledger/record.ts). Read from the source files, so a new shortcut fails here.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SRC = fileURLToPath(new URL("../../src", import.meta.url));
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith(".ts") ? [p] : [];
  });
}
const sources = files(SRC).map((p) => ({ path: relative(SRC, p).replace(/\\/g, "/"), text: readFileSync(p, "utf8") }));
describe("one entry pipeline", () => {
  it("inserts entries and their values only in the ledger's write.ts, behind record.ts", () => {
    const inserts = /\binsert\s+into\s+(entries|entry_values)\b/i;
    expect(sources.filter((s) => inserts.test(s.text)).map((s) => s.path)).toEqual(["ledger/write.ts"]);
  });

  it("changes entries and their values nowhere outside the ledger", () => {
    const writes = /\b(insert\s+into|update|delete\s+from)\s+(entries|entry_values)\b/i;
    expect(sources.filter((s) => writes.test(s.text) && !s.path.startsWith("ledger/")).map((s) => s.path)).toEqual([]);
  });

  it("leaves src/data with no SQL on entries, values or locks of its own", () => {
    const sql = /\b(from|into|update|join)\s+(entries|entry_values|period_locks|period_unlocks)\b/i;
    expect(sources.filter((s) => s.path.startsWith("data/") && sql.test(s.text)).map((s) => s.path)).toEqual([]);
  });

  it("has the chat, corrections, the import and the demo call recordEntry, and nobody else the writers behind it", () => {
    const callers = sources.filter((s) => /\brecordEntry\(/.test(s.text)).map((s) => s.path).sort();
    expect(callers).toEqual(["data/demo.ts", "data/import.ts", "ledger/chat-record.ts", "ledger/record.ts"]);
    // The chat's entries and corrections, returned by the core as writes, are carried out by the
    // chat-record adapters; the core checks them first with the pipeline's checkEntry (a read port).
    const apply = sources.find((s) => s.path === "app/apply-writes.ts")!.text;
    expect(apply).toMatch(/case "save_entry": \{[^}]*\bchatSave\(db, w\.entry/);
    expect(apply).toMatch(/case "edit_entry":\s*refuse\(chatEdit\(db,/);
    expect(sources.find((s) => s.path === "store/services.ts")!.text).toMatch(/entryRefusals: \(e\) => checkEntry\(db, \{ source: "chat"/);
    // Who imports the writers behind recordEntry from write.ts.
    const lowLevel = /\b(saveEntry|editEntry|insertImported)\b/;
    const importers = sources.filter((s) => [...s.text.matchAll(/import\s*\{([^}]*)\}\s*from\s*"(?:\.\.\/ledger|\.)\/write\.js"/g)]
      .some((m) => lowLevel.test(m[1]!))).map((s) => s.path);
    expect(importers).toEqual(["ledger/record.ts"]);
  });
});
