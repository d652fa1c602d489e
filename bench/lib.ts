// Shared helpers for the benchmarks: statistics, markdown tables, temp dirs, child processes.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
// The default ward's catalogue, installed as the bot does (benchmarks open databases and compile reports directly).
import "../test/helpers/default-catalogue.js";

/** The repository root (bench/..), so the benchmarks work from any cwd. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

export interface BenchResult {
  title: string;
  /** Markdown: one or more tables plus short notes. */
  markdown: string;
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Nearest-rank percentile (p in 0..100). */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const rank = Math.min(s.length, Math.max(1, Math.ceil((p / 100) * s.length)));
  return s[rank - 1]!;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const line = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

/** 1234.5 -> "1,235"; decimals as asked. */
export function num(x: number, decimals = 0): string {
  if (!Number.isFinite(x)) return "n/a";
  return x.toLocaleString("en-US", { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

export function ms(x: number): string {
  if (!Number.isFinite(x)) return "n/a";
  if (x < 10) return `${num(x, 2)} ms`;
  if (x < 100) return `${num(x, 1)} ms`;
  return `${num(x, 0)} ms`;
}

export function ratio(x: number): string {
  if (!Number.isFinite(x)) return "n/a";
  return `${num(x, x < 10 ? 2 : 1)}×`;
}

export function mib(bytes: number): string {
  return `${num(bytes / 1024 / 1024, 0)} MiB`;
}

export function machine(): string {
  const cpus = os.cpus();
  const model = cpus[0]?.model.trim() ?? "unknown";
  return table(["CPU", "count", "memory", "Node", "platform"], [[
    model, String(cpus.length), `${num(os.totalmem() / 1024 ** 3, 1)} GiB`, process.version, `${os.platform()} ${os.release()}`,
  ]]);
}

/** A temp dir removed by the returned cleanup (also on error, when used with try/finally). */
export function tempDir(prefix: string): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(os.tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** True when `metaUrl` is the module node was started with (`npx tsx bench/x.ts`). */
export function isMain(metaUrl: string): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  return metaUrl === pathToFileURL(resolve(entry)).href;
}

/** Runs a benchmark module on its own: prints the machine and its result. */
export async function runAlone(bench: () => Promise<BenchResult>): Promise<void> {
  try {
    console.log(`## Machine\n\n${machine()}\n`);
    const r = await bench();
    console.log(`## ${r.title}\n\n${r.markdown}\n`);
  } catch (err) {
    console.error(err);
    process.exitCode = 1;
  }
}

export interface ChildRun {
  /** ms from spawn to the first stdout chunk containing `marker` (NaN if never). */
  markerMs: number;
  /** ms from spawn to exit. */
  exitMs: number;
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Spawns a process and times it. When `marker` is given, the time until it appears on stdout
 * is recorded and `onMarker` runs (e.g. to close stdin so the process exits).
 */
export function timeChild(cmd: string, args: string[], o: {
  env?: NodeJS.ProcessEnv; cwd?: string; marker?: string; onMarker?: (child: ReturnType<typeof spawn>) => void; timeoutMs?: number;
} = {}): Promise<ChildRun> {
  return new Promise((resolveRun, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { env: o.env ?? process.env, cwd: o.cwd ?? ROOT, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let markerMs = NaN;
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${cmd} ${args.join(" ")} timed out; stdout: ${stdout.slice(-500)} stderr: ${stderr.slice(-500)}`));
    }, o.timeoutMs ?? 30_000);
    child.stdout!.on("data", (d: Buffer) => {
      stdout += d.toString("utf8");
      if (o.marker && Number.isNaN(markerMs) && stdout.includes(o.marker)) {
        markerMs = performance.now() - t0;
        o.onMarker?.(child);
      }
    });
    child.stderr!.on("data", (d: Buffer) => { stderr += d.toString("utf8"); });
    child.on("error", (e) => { clearTimeout(timer); reject(e); });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolveRun({ markerMs, exitMs: performance.now() - t0, code, stdout, stderr });
    });
    if (!o.onMarker) child.stdin!.end();
  });
}

/** `maxrss=<KiB>` printed by a child (see bench/exit-rss.ts): bytes, or NaN. */
export function maxRssFrom(output: string): number {
  const m = /maxrss=(\d+)/.exec(output);
  return m ? Number(m[1]) * 1024 : NaN;
}
