// `npm run bench`: every benchmark in turn, each printed as markdown, plus the machine.
// Each one also runs alone: `npx tsx bench/chat.ts` (chat-zalo, chat-oa, report-query, report-latency, docx, startup, fanout, crash, web-pages likewise).
import { benchChat } from "./chat.js";
import { benchChatZalo } from "./chat-zalo.js";
import { benchChatOa } from "./chat-oa.js";
import { benchReportQuery } from "./report-query.js";
import { benchReportLatency } from "./report-latency.js";
import { benchDocx } from "./docx.js";
import { benchStartup } from "./startup.js";
import { benchFanout } from "./fanout.js";
import { benchCrash } from "./crash.js";
import { benchChart } from "./chart.js";
import { benchWebPages } from "./web-pages.js";
import { machine, type BenchResult } from "./lib.js";

const benches: Array<[string, () => Promise<BenchResult>]> = [
  ["chat", benchChat],
  ["chat-zalo", benchChatZalo],
  ["chat-oa", benchChatOa],
  ["report-query", benchReportQuery],
  ["report-latency", benchReportLatency],
  ["docx", benchDocx],
  ["startup", benchStartup],
  ["fanout", benchFanout],
  ["crash", benchCrash],
  ["chart", benchChart],
  ["web-pages", benchWebPages],
];

const only = process.argv.slice(2);
const started = performance.now();
console.log(`# Benchmarks\n\n## Machine\n\n${machine()}\n`);
let failed = 0;
for (const [name, bench] of benches) {
  if (only.length && !only.includes(name)) continue;
  const t0 = performance.now();
  try {
    const r = await bench();
    console.log(`## ${r.title}\n\n${r.markdown}\n\n_(${name}: ${((performance.now() - t0) / 1000).toFixed(1)} s)_\n`);
  } catch (err) {
    failed++;
    console.log(`## ${name}: FAILED\n\n\`\`\`\n${err instanceof Error ? err.stack : String(err)}\n\`\`\`\n`);
  }
}
console.log(`_Total ${((performance.now() - started) / 1000).toFixed(1)} s._`);
if (failed) process.exitCode = 1;
