// The "Who may import whom" table of docs/architecture.md, checked on every import in src/.
// Imports are read from the source text (static `import … from`, `export … from`, `import()`).
// A rule that must be broken for a while goes into KNOWN_BREAKS with why: the test then fails when
// it is fixed (so the list shrinks) or when a new break appears.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");
const SRC = join(ROOT, "src");

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []));
}

interface Edge { from: string; to: string; typeOnly: boolean }

/** Every import of a file: project imports as paths under src/ ("domain/vn.ts"), packages by name. */
function importsOf(file: string): Edge[] {
  const text = readFileSync(file, "utf8");
  const from = relative(SRC, file);
  const out: Edge[] = [];
  const re = /(?:^|\n)\s*(import|export)\s+(type\s+)?[^"';]*?from\s+"([^"]+)"|import\(\s*"([^"]+)"\s*\)|(?:^|\n)\s*import\s+"([^"]+)"/g;
  for (const m of text.matchAll(re)) {
    const spec = m[3] ?? m[4] ?? m[5]!;
    const typeOnly = Boolean(m[2]);
    if (spec.startsWith(".")) out.push({ from, to: relative(SRC, resolve(dirname(file), spec)).replace(/\.js$/, ".ts"), typeOnly });
    else out.push({ from, to: `pkg:${spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0]!}`, typeOnly });
  }
  return out;
}

const channelFolder = (p: string) => (/^channels\/[^/]+\//.test(p) ? p.split("/").slice(0, 2).join("/") : null);
/** The layer of a path under src/: its first folder, or the file itself for top-level files. */
/**
 * A channel's own folder ("channels/telegram") is a layer apart from the Channel interface
 * ("channels": channel.ts, choices-as-text.ts); the plug-in list and the registry, which name the
 * channel folders, are their own ("channels/plugin.ts", "channels/registry.ts").
 */
const layer = (p: string) => (p.startsWith("pkg:") ? p : channelFolder(p)
  ?? (/^channels\/(plugin|registry)\.ts$/.test(p) ? p : p.includes("/") ? p.split("/")[0]! : p.replace(/\.ts$/, "")));

const EDGES = files(SRC).flatMap(importsOf);
const project = EDGES.filter((e) => !e.to.startsWith("pkg:"));
const NODE = /^pkg:node:/;

/** The table, as rules: which project layers (and packages) a layer may import. */
const MAY: Record<string, { layers: string[]; packages?: RegExp; files?: string[] }> = {
  domain: { layers: [], packages: /^pkg:zod$/ },
  conversation: { layers: ["domain"] },
  // The schema's CHECK lists and the catalogue sync come from the pure domain.
  db: { layers: ["domain"], packages: /^pkg:(better-sqlite3|drizzle-orm)$/ },
  outbox: { layers: ["domain", "db", "log"], packages: /^pkg:better-sqlite3$/, files: ["channels/channel.ts", "channels/choices-as-text.ts", "conversation/types.ts"] },
  config: { layers: ["domain"], packages: /^pkg:(zod|node-cron)$/ },
  // Waiting helpers (pause): no project imports, so every layer that waits may use them.
  time: { layers: [] },
  ledger: { layers: ["domain", "db"], packages: /^pkg:(better-sqlite3|drizzle-orm)$/, files: ["conversation/ports.ts"] },
  // Charts: the SVG (pure), its monthly figures from the ledger, and resvg's PNG.
  chart: { layers: ["domain", "db", "ledger"], packages: /^pkg:@resvg\/resvg-js$/ },
  report: { layers: ["domain", "db", "ledger", "chart"], packages: /^pkg:(better-sqlite3|drizzle-orm|docx|yaml)$/ },
  data: { layers: ["domain", "db", "ledger"], packages: /^pkg:(better-sqlite3|drizzle-orm|csv-parse|csv-stringify|exceljs)$/ },
  store: { layers: ["domain", "db", "ledger", "outbox", "report", "conversation"], packages: /^pkg:(better-sqlite3|drizzle-orm)$/ },
  reminders: { layers: ["domain", "db", "ledger", "store", "report", "outbox", "log", "conversation", "channels"], packages: /^pkg:(better-sqlite3|drizzle-orm|node-cron)$/ },
  http: { layers: ["channels", "conversation", "db", "log"], packages: /^pkg:(better-sqlite3|drizzle-orm|hono|hono\/.+|@hono\/node-server)$/ },
  // The office's page (issue 19): reads through the store and the ledger, the core's rules and texts; its writes are the app's.
  web: { layers: ["domain", "db", "ledger", "store", "conversation", "http", "log", "chart", "data"], packages: /^pkg:(better-sqlite3|drizzle-orm|hono|hono\/.+)$/ },
  "channels/plugin.ts": { layers: ["channels", "config", "db", "log"] },
  "channels/registry.ts": { layers: ["channels", "channels/plugin.ts", "config", "db", "log"], files: [] },
};
// Every channel folder: the interface and plug-in contract, the settings (its own variables as a zod
// shape), the core's types and command list, the database, the log and the store (the console's
// identity); telegraf only in telegram/.
for (const name of readdirSync(join(SRC, "channels"), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => `channels/${e.name}`)) {
  MAY[name] = { layers: ["channels", "channels/plugin.ts", "config", "conversation", "db", "log", "store", "time"], packages: /^pkg:(telegraf|better-sqlite3|drizzle-orm|zod)$/ };
  // The registry lists each channel by its plug-in, and nothing else of the folder.
  MAY["channels/registry.ts"]!.files!.push(`${name}/plugin.ts`);
}

// No known break: every rule of the table holds.
const KNOWN_BREAKS = new Set<string>([]);

const brk = (e: Edge) => `${e.from} -> ${e.to}`;

describe("who may import whom (docs/architecture.md)", () => {
  it("reads imports from the source (a sanity check of the reader)", () => {
    expect(EDGES.length).toBeGreaterThan(200);
    expect(project.some((e) => e.from === "main.ts" && e.to === "app/start.ts")).toBe(true);
  });

  const breaks: string[] = [];
  for (const [name, rule] of Object.entries(MAY)) {
    for (const e of EDGES.filter((x) => layer(x.from) === name)) {
      const to = layer(e.to);
      if (to === name || NODE.test(e.to) && name !== "domain" && name !== "conversation") continue;
      if (e.to.startsWith("pkg:") ? rule.packages?.test(e.to) : rule.layers.includes(to) || rule.files?.includes(e.to)) continue;
      breaks.push(brk(e));
    }
  }
  // Only channels/telegram/ imports telegraf.
  for (const e of EDGES.filter((x) => x.to === "pkg:telegraf" && !x.from.startsWith("channels/telegram/"))) breaks.push(brk(e));
  // A channel folder is imported only from itself, the registry and the app's start-up.
  for (const e of project) {
    const folder = channelFolder(e.to);
    if (!folder || e.from.startsWith(`${folder}/`) || e.from === "channels/registry.ts" || e.from === "app/start.ts") continue;
    breaks.push(brk(e));
  }
  // The core and the domain do no I/O.
  for (const e of EDGES.filter((x) => ["domain", "conversation"].includes(layer(x.from)) && NODE.test(x.to))) breaks.push(brk(e));

  it("keeps every rule of the table, apart from the known breaks", () => {
    expect(breaks.filter((b) => !KNOWN_BREAKS.has(b)).sort()).toEqual([]);
  });

  it("still has every known break (remove a fixed one from KNOWN_BREAKS)", () => {
    expect([...KNOWN_BREAKS].filter((b) => !breaks.includes(b)).sort()).toEqual([]);
  });

  it("has no cycle between folders (type-only imports included)", () => {
    const graph = new Map<string, Set<string>>();
    for (const e of project) {
      const a = layer(e.from);
      const b = layer(e.to);
      if (a === b) continue;
      if (!graph.has(a)) graph.set(a, new Set());
      graph.get(a)!.add(b);
    }
    // Folders that reach each other (strongly connected components of more than one folder).
    const reach = (from: string): Set<string> => {
      const seen = new Set<string>();
      const todo = [from];
      while (todo.length) for (const n of graph.get(todo.pop()!) ?? []) if (!seen.has(n)) { seen.add(n); todo.push(n); }
      return seen;
    };
    const reached = new Map([...graph.keys()].map((k) => [k, reach(k)]));
    const cycles = [...new Set([...graph.keys()].map((a) => [a, ...[...reached.get(a)!].filter((b) => b !== a && reached.get(b)?.has(a))].sort())
      .filter((c) => c.length > 1).map((c) => c.join(" <-> ")))];
    expect(cycles.filter((c) => !KNOWN_CYCLES.has(c)).sort()).toEqual([]);
    expect([...KNOWN_CYCLES].filter((c) => !cycles.includes(c))).toEqual([]);
  });
});

// No known cycle.
const KNOWN_CYCLES = new Set<string>([]);
