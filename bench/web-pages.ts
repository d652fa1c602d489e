// The office's pages over the million-value database (issue 19): time to first byte of the board
// (GET /web?ky=2024-12) and the entries list (GET /web/muc?ky=2024-12) for a leader, from the real
// bot's HTTP server (harness: Telegram stand-in, SQLite file), N sequential requests after warm-up.
// Against the bare floor: the same month's data read by plain SQL in-process on its own connection
// (board: the month's counted entries per unit and form, as completeness reads them; entries: the
// month's count and its 200 latest entries with their values). The board page also draws its
// twelve-month charts, which the floor does not: the ratio says what the page costs over the read.
// The charts' sums are kept until the database changes (src/ledger/point-sums.ts), so the board
// is also measured with a write on the bot's connection before each request: its cost when the
// ward is busy filing, every request reading the twelve months again.
import { request } from "node:http";
import { join } from "node:path";
import Database from "better-sqlite3";
import { openDb, closeDb } from "../src/db/client.js";
import { loadProfile } from "../src/app/profile-file.js";
import { syncProfile } from "../src/store/profile-sync.js";
import { bindIdentity } from "../src/store/users.js";
import { createWebLoginLink, redeemWebLink } from "../src/store/web-access.js";
import { periodFromKey } from "../src/domain/periods.js";
import { boardOf } from "../src/web/board.js";
import { chartsHtml } from "../src/web/charts-slot.js";
import { entriesOf } from "../src/web/entries.js";
import { insertTenYears } from "../test/helpers/bulk-entries.js";
import { startHarness, testClock } from "../test/helpers/harness.js";
import { ROOT, isMain, ms, num, percentile, ratio, runAlone, table, tempDir, type BenchResult } from "./lib.js";

const WARM = 5;
const RUNS = Number(process.env.WEB_BENCH_RUNS ?? 50);
const PART_RUNS = 20;
const MONTH = "2024-12";
const SPAN = { start: "2024-12-01", end: "2024-12-31" };

/** ms from sending the request to its response headers (TTFB), and to its last byte. */
function get(url: string, cookie: string): Promise<{ ttfb: number; total: number; status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = request(url, { headers: { Cookie: cookie } }, (res) => {
      const ttfb = performance.now() - t0;
      let bytes = 0;
      res.on("data", (d: Buffer) => { bytes += d.length; });
      res.on("end", () => resolve({ ttfb, total: performance.now() - t0, status: res.statusCode ?? 0, bytes }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

const stats = (xs: number[]) => ({ p50: percentile(xs, 50), p99: percentile(xs, 99) });

export async function benchWebPages(): Promise<BenchResult> {
  const tmp = tempDir("bench-web-");
  try {
    const dbPath = join(tmp.dir, "bot.sqlite");
    const db = openDb(dbPath);
    const now = new Date("2024-12-20T03:00:00Z");
    syncProfile(db, loadProfile(join(ROOT, "templates/ward-profile.yaml")), now);
    const leader = bindIdentity(db, { channel: "telegram", platformUserId: "9001", chatId: "9001", name: "Lãnh đạo", role: "lanh_dao", unitCode: "nhon-hung", now });
    const values = insertTenYears(db, { units: 60, entriesPerUnitForm: 556 });
    closeDb(db);

    const h = await startHarness({ dir: tmp.dir, clock: testClock(now.toISOString()), env: { PUBLIC_BASE_URL: "https://bot.example.vn" } });
    const floorDb = new Database(dbPath, { readonly: true });
    try {
      // A session opened as the link's button would (the login itself is not what is measured).
      const link = createWebLoginLink(h.bot.db, { userId: leader.id, now });
      const opened = redeemWebLink(h.bot.db, link.token, now);
      if (!opened.ok) throw new Error("could not open a web session");
      const cookie = `phien=${opened.session}`;
      const base = h.bot.web!.url;

      // A one-row write, as any chat event makes: the kept chart sums no longer hold.
      const touch = h.bot.db.$client.prepare("update users set name = name where id = ?");
      const change = () => { touch.run(leader.id); };
      const pages: Array<[string, string, boolean]> = [["board", `/web?ky=${MONTH}`, false], ["board, a write before each", `/web?ky=${MONTH}`, true],
        ["entries", `/web/muc?ky=${MONTH}`, false]];
      const measured = new Map<string, { ttfb: number[]; total: number[]; bytes: number }>();
      for (const [name, path, changed] of pages) {
        const m = { ttfb: [] as number[], total: [] as number[], bytes: 0 };
        for (let i = 0; i < WARM + RUNS; i++) {
          if (changed) change();
          const r = await get(`${base}${path}`, cookie);
          if (r.status !== 200) throw new Error(`${path} answered ${r.status}`);
          if (i >= WARM) { m.ttfb.push(r.ttfb); m.total.push(r.total); m.bytes = r.bytes; }
        }
        measured.set(name, m);
      }

      // The floors: plain SQL over the same month, same file, this process (no HTTP, no HTML).
      const boardSql = floorDb.prepare(`select unit_code, form_id, count(*) as n, max(created_at) as at from entries
        where status <> 'deleted' and counted_on between @start and @end group by unit_code, form_id`);
      const countSql = floorDb.prepare("select count(*) as n from entries where status <> 'deleted' and counted_on between @start and @end");
      const listSql = floorDb.prepare(`select e.id, e.unit_code, e.form_id, e.activity_date, v.metric, v.value from
        (select * from entries where status <> 'deleted' and counted_on between @start and @end order by activity_date desc, id desc limit 200) e
        join entry_values v on v.entry_id = e.id`);
      const floors: Record<string, () => unknown> = {
        board: () => boardSql.all(SPAN),
        "board, a write before each": () => boardSql.all(SPAN),
        entries: () => { countSql.get(SPAN); return listSql.all(SPAN); },
      };
      const floorTimes = new Map<string, number[]>();
      for (const [name, f] of Object.entries(floors)) {
        const xs: number[] = [];
        for (let i = 0; i < WARM + RUNS; i++) {
          const t0 = performance.now();
          f();
          if (i >= WARM) xs.push(performance.now() - t0);
        }
        floorTimes.set(name, xs);
      }
      // Where a page's time goes: its parts called in-process on the bot's connection.
      const period = periodFromKey(MONTH, 0)!;
      const { db: botDb, profile } = h.bot;
      const parts: Array<[string, () => unknown]> = [
        ["board data (`boardOf`: completeness, who and when, returns)", () => boardOf(botDb, profile, period)],
        ["board charts (`chartsHtml`: 12 months of each chart's figures + SVG), sums kept", () => chartsHtml({ db: botDb, profile, period, cutoffDay: 0, today: "2024-12-20", unitCode: undefined })],
        ["board charts after a write (the twelve months read again)", () => { change(); return chartsHtml({ db: botDb, profile, period, cutoffDay: 0, today: "2024-12-20", unitCode: undefined }); }],
        ["entries data (`entriesOf`: count, 200 entries, their values and history)", () => entriesOf(botDb, { period })],
      ];
      const partRows = parts.map(([label, f]) => {
        const xs: number[] = [];
        for (let i = 0; i < WARM + PART_RUNS; i++) {
          const t0 = performance.now();
          f();
          if (i >= WARM) xs.push(performance.now() - t0);
        }
        return [label, `${ms(stats(xs).p50)} / ${ms(stats(xs).p99)}`];
      });
      const monthEntries = (countSql.get(SPAN) as { n: number }).n;

      const rows = pages.map(([name, path]) => {
        const m = measured.get(name)!;
        const t = stats(m.ttfb);
        const f = stats(floorTimes.get(name)!);
        return [`${name} \`GET ${path}\``, `${ms(t.p50)} / ${ms(t.p99)}`, `${ms(stats(m.total).p50)}`, `${num(m.bytes / 1024, 0)} KiB`,
          `${ms(f.p50)} / ${ms(f.p99)}`, `${ratio(t.p50 / f.p50)} / ${ratio(t.p99 / f.p99)}`];
      });
      const markdown = [
        table(["page (leader)", "TTFB p50 / p99", "last byte p50", "size", "bare SQL p50 / p99", "page / floor: p50 / p99"], rows),
        "",
        table([`part of a page, in-process (${PART_RUNS} runs)`, "p50 / p99"], partRows),
        "",
        `Data: ${num(values)} values (60 units × 10 years × 30 metrics), ${num(monthEntries)} entries counted in ${MONTH}. ` +
          `${RUNS} sequential requests per page after ${WARM} warm-up ones, over 127.0.0.1 to the bot's own HTTP server (same process). ` +
          "Floors: board = the month's entries per unit and form (`count`, `max(created_at)`); entries = the month's count plus its 200 latest entries joined to their values. " +
          "The board page also draws its twelve-month trend charts (SVG), which the floor does not read.",
      ].join("\n");
      return { title: "Office pages over 1,000,000 values: time to first byte", markdown };
    } finally {
      floorDb.close();
      await h.stop();
    }
  } finally {
    tmp.cleanup();
  }
}

if (isMain(import.meta.url)) await runAlone(benchWebPages);
