// Start-up: the console bot (`node --import tsx src/main.ts --as bao_cao:dong-hung`, no token,
// a temp DATABASE_PATH) from spawn until its first menu line ("🤖 …") is on stdout; compared,
// in the same run, with `node -e 0`, `node --import tsx -e 0`, and the floors' reference
// (bench/startup-floor.ts: import telegraf + drizzle + better-sqlite3 + docx, open a DB) under tsx.
import { join } from "node:path";
import { ROOT, isMain, maxRssFrom, median, mib, ms, ratio, runAlone, table, tempDir, timeChild, type BenchResult } from "./lib.js";

const RUNS = 5;
const RSS = ["--import", "./bench/exit-rss.mjs"];

interface Sample { ms: number; rss: number }

function summary(samples: Sample[]): { ms: number; rss: number } {
  return { ms: median(samples.map((s) => s.ms)), rss: median(samples.map((s) => s.rss)) };
}

async function bareNode(args: string[]): Promise<Sample> {
  const r = await timeChild(process.execPath, [...args, ...RSS, "-e", "0"], { cwd: ROOT });
  if (r.code !== 0) throw new Error(`node ${args.join(" ")} -e 0 failed: ${r.stderr}`);
  return { ms: r.exitMs, rss: maxRssFrom(r.stderr) };
}

async function floor(dir: string): Promise<Sample> {
  const r = await timeChild(process.execPath, ["--import", "tsx", ...RSS, "bench/startup-floor.ts", join(dir, "floor.sqlite")], { cwd: ROOT, marker: "ready", onMarker: () => undefined });
  if (r.code !== 0 || Number.isNaN(r.markerMs)) throw new Error(`startup-floor failed: ${r.stderr}`);
  return { ms: r.markerMs, rss: maxRssFrom(r.stderr) };
}

async function ours(dbPath: string): Promise<Sample & { exitMs: number }> {
  const env: NodeJS.ProcessEnv = { ...process.env, BOT_TOKEN: "", DATABASE_PATH: dbPath };
  delete env.LOG_LEVEL;
  const r = await timeChild(process.execPath, ["--import", "tsx", ...RSS, "src/main.ts", "--as", "bao_cao:dong-hung"], {
    cwd: ROOT, env, marker: "🤖", timeoutMs: 30_000,
    onMarker: (child) => child.stdin!.end(), // stdin closed: the console bot stops and exits
  });
  if (r.code !== 0 || Number.isNaN(r.markerMs)) throw new Error(`console bot failed (${r.code}): ${r.stderr}\n${r.stdout}`);
  return { ms: r.markerMs, rss: maxRssFrom(r.stderr), exitMs: r.exitMs };
}

export async function benchStartup(): Promise<BenchResult> {
  const tmp = tempDir("bench-startup-");
  try {
    const node: Sample[] = [];
    const nodeTsx: Sample[] = [];
    const fl: Sample[] = [];
    const fresh: Sample[] = [];
    const again: Sample[] = [];
    for (let i = 0; i < RUNS; i++) {
      node.push(await bareNode([]));
      nodeTsx.push(await bareNode(["--import", "tsx"]));
      fl.push(await floor(tmp.dir));
      const dbPath = join(tmp.dir, `run-${i}`, "bot.sqlite");
      fresh.push(await ours(dbPath)); // new file: migrations, profile sync
      again.push(await ours(dbPath)); // existing file: a restart
    }
    const n = summary(node);
    const nt = summary(nodeTsx);
    const f = summary(fl);
    const o = summary(fresh);
    const a = summary(again);
    const rows = [
      ["`node -e 0` (documented floor)", "100 ms", "—", "—", "—"],
      ["`node -e 0`", ms(n.ms), mib(n.rss), "1.00×", "—"],
      ["`node --import tsx -e 0`", ms(nt.ms), mib(nt.rss), ratio(nt.ms / n.ms), "—"],
      ["floor: tsx + import telegraf, drizzle, better-sqlite3, docx, open a DB (documented)", "900 ms", "72 MiB (plain node)", "—", "1.00×"],
      ["floor: the same, this run (until \"ready\")", ms(f.ms), mib(f.rss), ratio(f.ms / n.ms), "1.00×"],
      ["ours: console bot, new DB file, until the first menu line", ms(o.ms), mib(o.rss), ratio(o.ms / n.ms), ratio(o.ms / f.ms)],
      ["ours: console bot, existing DB file (restart)", ms(a.ms), mib(a.rss), ratio(a.ms / n.ms), ratio(a.ms / f.ms)],
    ];
    const markdown = [
      table([`process (median of ${RUNS})`, "time to ready", "max RSS", "vs `node -e 0`", "vs floor (this run)"], rows),
      "",
      "Ours = `node --import tsx src/main.ts --as bao_cao:dong-hung` with `BOT_TOKEN=\"\"` and a temp `DATABASE_PATH`, timed from spawn to the first `🤖` line on stdout; " +
        `vs the documented 0.9 s floor: ${ratio(o.ms / 900)} (new DB), ${ratio(a.ms / 900)} (restart). ` +
        "Max RSS is the whole process's peak (printed on exit by bench/exit-rss.mjs; the bot exits when stdin closes after the menu).",
    ].join("\n");
    return { title: "Start-up (console bot under tsx)", markdown };
  } finally {
    tmp.cleanup();
  }
}

if (isMain(import.meta.url)) await runAlone(benchStartup);
