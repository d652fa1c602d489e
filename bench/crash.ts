// The crash suite's throughput: entries per second confirmed to 100 simulated people (a third each
// on Telegram's, Zalo's and the Zalo OA's stand-ins; CRASH_OA=0: half Telegram, half Zalo) while the bot child is SIGKILLed and restarted eight times,
// beside the same load, same seed, with no kill. The floor is the run without kills.
// Runs alone too: `npx tsx bench/crash.ts` (CRASH_SEED, CRASH_PEOPLE, CRASH_ENTRIES, CRASH_KILLS).
import { OA_IN_CRASH } from "../test/crash/oa-side.js";
import { runCrash, sizeFromEnv, type CrashRun } from "../test/crash/world.js";
import { isMain, num, ratio, runAlone, table, type BenchResult } from "./lib.js";

interface Measured { downMs: number; confirmed: number; seconds: number; perSecond: number; resends: number; twice: number; lost: number; saved: number; timedOut: boolean }

function measure(run: CrashRun): Measured {
  const confirmed = run.people.reduce((n, p) => n + p.log.confirmed.size, 0);
  const ids = run.people.flatMap((p) => [...p.log.confirmed.values()].map((id) => ({ p: p.index, id })));
  const twice = ids.filter(({ p, id }) => run.deliveries.filter((d) => d.person === p && d.text.includes(`(số ${id})`) && d.text.includes("✅ Đã lưu")).length > 1).length;
  const saved = (run.z.h.bot.db.$client.prepare("select count(*) as n from entries").get() as { n: number }).n;
  const seconds = run.filingMs / 1000;
  return {
    downMs: run.kills.reduce((t, k) => t + k.downMs, 0),
    confirmed, seconds, perSecond: confirmed / seconds, twice, saved, timedOut: run.timedOut, lost: run.zaloLost + run.oaLost,
    resends: run.people.reduce((n, p) => n + p.log.resends, 0),
  };
}

async function once(kill: boolean, seed: number): Promise<Measured> {
  const run = await runCrash({ size: sizeFromEnv(), seed, kill, deadlineMs: 300_000 });
  try { return measure(run); } finally { await run.close(); }
}

export async function benchCrash(): Promise<BenchResult> {
  const size = sizeFromEnv();
  const seed = process.env.CRASH_SEED ? Number(process.env.CRASH_SEED) : 20261201;
  const calm = await once(false, seed);
  const killed = await once(true, seed);
  const row = (name: string, m: Measured, kills: number) => [name, String(kills), num(m.confirmed), `${num(m.seconds, 1)} s`, num(m.perSecond, 1),
    num(m.resends), num(m.twice), num(m.lost), m.saved === m.confirmed && !m.timedOut ? "yes" : `NO (${m.saved} saved)`];
  const markdown = [
    `${size.people} people (${OA_IN_CRASH ? "a third each Telegram, Zalo and the Zalo OA" : "half Telegram, half Zalo"}, Zalo by webhook) × ${size.entries} "Tuyên truyền" entries each, typed and pressed like people ` +
      `(think time 0–250 ms, the last message sent again after 6 s of silence), seed ${seed}. The bot runs both channels in a child process; ` +
      "time from the first message to the last person's last confirmation.",
    "",
    table(["run", "kills", "entries confirmed", "time", "entries/s", "messages sent again", "confirmations twice", "Zalo/OA messages lost", "saved = confirmed"], [
      row("no kills (floor)", calm, 0), row("SIGKILL + restart", killed, size.kills),
    ]),
    "",
    `Throughput while being killed: ${ratio(killed.perSecond / calm.perSecond)} of the same load without kills. ` +
      `The bot was down ${num(killed.downMs / 1000, 1)} s in all (kill to the next child ready, ${num(killed.downMs / Math.max(1, size.kills), 0)} ms each).`,
  ].join("\n");
  return { title: "Crash suite throughput (entries confirmed per second, with and without SIGKILL)", markdown };
}

if (isMain(import.meta.url)) await runAlone(benchCrash);
