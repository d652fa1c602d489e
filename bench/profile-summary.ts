// Summarises a V8 .cpuprofile (from `node --cpu-prof`): self time by function and by package.
//   npx tsx bench/profile-summary.ts <file.cpuprofile> [top=25] [fnA,fnB,… for inclusive times]
import { readFileSync } from "node:fs";
import { isMain } from "./lib.js";

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
interface Profile { nodes: Node[]; startTime: number; endTime: number; samples?: number[]; timeDeltas?: number[] }

function where(url: string): string {
  if (!url) return "(native/V8)";
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1]!;
  if (url.startsWith("node:")) return url;
  const m = /\/(src|test|bench)\/(.*)$/.exec(url);
  return m ? `${m[1]}/${m[2]}` : url;
}

/** Inclusive time (µs) of each named function: samples with it anywhere on the stack. */
function inclusive(p: Profile, self: Map<number, number>, names: readonly string[]): Map<string, number> {
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const out = new Map<string, number>(names.map((n) => [n, 0]));
  for (const [id, t] of self) {
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const fn = byId.get(cur)!.callFrame.functionName;
      if (out.has(fn) && !seen.has(fn)) { seen.add(fn); out.set(fn, out.get(fn)! + t); }
    }
  }
  return out;
}

export function summarise(path: string, top = 25, names: readonly string[] = []): string {
  const p = JSON.parse(readFileSync(path, "utf8")) as Profile;
  // self time per node from samples + timeDeltas (µs)
  const self = new Map<number, number>();
  const samples = p.samples ?? [];
  const deltas = p.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) self.set(samples[i]!, (self.get(samples[i]!) ?? 0) + (deltas[i + 1] ?? 0));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const byFn = new Map<string, number>();
  const byPkg = new Map<string, number>();
  for (const n of p.nodes) {
    const t = self.get(n.id) ?? 0;
    if (!t) continue;
    const f = n.callFrame;
    const key = `${f.functionName || "(anonymous)"} ${where(f.url)}:${f.lineNumber + 1}`;
    byFn.set(key, (byFn.get(key) ?? 0) + t);
    const pkg = f.functionName === "(idle)" || f.functionName === "(program)" || f.functionName === "(garbage collector)" ? f.functionName : where(f.url);
    byPkg.set(pkg, (byPkg.get(pkg) ?? 0) + t);
  }
  const pct = (t: number) => `${((100 * t) / total).toFixed(1)}%`;
  const fmt = (m: Map<string, number>, k: number) =>
    [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, k).map(([name, t]) => `${pct(t).padStart(6)}  ${(t / 1000).toFixed(0).padStart(7)} ms  ${name}`).join("\n");
  const inc = names.length ? inclusive(p, self, names) : new Map<string, number>();
  const incText = names.length ? `\n\ninclusive:\n${[...inc.entries()].map(([n, t]) => `${pct(t).padStart(6)}  ${(t / 1000).toFixed(0).padStart(7)} ms  ${n}`).join("\n")}` : "";
  return `total sampled ${(total / 1000).toFixed(0)} ms\n\nby package/file (self):\n${fmt(byPkg, 20)}\n\nby function (self):\n${fmt(byFn, top)}${incText}`;
}

if (isMain(import.meta.url)) {
  const [file, top, names] = process.argv.slice(2);
  if (!file) {
    console.error("usage: tsx bench/profile-summary.ts <file.cpuprofile> [top]");
    process.exit(2);
  }
  console.log(summarise(file, top ? Number(top) : 25, names ? names.split(",") : []));
}
