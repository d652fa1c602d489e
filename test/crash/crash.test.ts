// Issue 10, item 1: the crash suite. Many people on Telegram's, Zalo's and the Zalo OA's stand-ins
// file forms at once while the bot (one child process running the three channels) is SIGKILLed at seeded random
// moments and restarted on the same SQLite file; then one last restart without kills. Expected
// figures come from what the people typed (test/crash/people.ts), never from the code under test.
// `npm run test:crash` (full size) or CRASH_SIZE=ci; CRASH_SEED=<n> repeats a run's choices.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { periodFromKey } from "../../src/domain/periods.js";
import { ReportCompiler } from "../../src/report/compile.js";
import { Faults, faultSizeFromEnv } from "./faults.js";
import { faultChecks, faultTimeWithin } from "./fault-checks.js";
import { OA_IN_CRASH } from "./oa-side.js";
import { METRIC_OF, type Plan, type Platform } from "./people.js";
import { seedFromEnv } from "./prng.js";
import { runCrash, sizeFromEnv, UNITS, ZALO_BY_WEBHOOK, type CrashRun } from "./world.js";

const size = sizeFromEnv();
const seed = seedFromEnv();
let run: CrashRun;
const started = performance.now();
// CRASH_FAULTS=1: the fault mode (faults.ts) on top of the kills.
const faults = process.env.CRASH_FAULTS === "1" ? new Faults(seed, faultSizeFromEnv()) : undefined;

beforeAll(async () => {
  process.stdout.write(`crash suite: seed ${seed} (CRASH_SEED=${seed} repeats its choices), ${size.people} people × ${size.entries} entries, ${size.kills} kills${faults ? ", with faults" : ""}\n`);
  run = await runCrash({ size, seed, faults, deadlineMs: Number(process.env.CRASH_DEADLINE_MS ?? 300_000) });
}, 600_000);

afterAll(async () => {
  if (!run) return;
  const confirmed = run.people.reduce((n, p) => n + p.log.confirmed.size, 0);
  const twice = confirmationCounts().filter((c) => c.times.length >= 2).length;
  const resends = run.people.reduce((n, p) => n + p.log.resends, 0);
  process.stdout.write(`crash suite: ${run.people.length} people, ${confirmed} entries confirmed, ${run.kills.length} kills, ` +
    `${twice} confirmations delivered twice, ${run.zaloLost} Zalo messages lost with a kill, ${run.oaLost} OA messages lost, ${resends} messages sent again, ` +
    `${run.reposted} webhook posts refused or cut and posted again, seed ${seed}, ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  process.stdout.write(`crash suite per channel: ${perChannel()}\n`);
  if (faults) process.stdout.write(faults.summary() + "\n");
  await run.close();
}, 60_000);

const SAVED = /✅ Đã lưu: .*\(số (\d+)\)/;

/** For a failure: the person's transcript around a confirmation, the faults then, and the outbox rows that carried it. */
function explainConfirmation(c: { person: number; id: number; times: number[]; unanswered: boolean[] }, kills: Array<{ at: number; downMs: number }>): void {
  const p = run.people[c.person];
  if (!p) return;
  const from = c.times[0]! - 15_000, to = c.times.at(-1)! + 5000;
  const t0 = p.transcript[0]?.at ?? 0;
  const ms = (at: number) => `+${((at - t0) / 1000).toFixed(1)} s`;
  const windows = [...(faults?.windows ?? []), ...kills.map((k) => ({ kind: "kill", from: k.at, to: k.at + k.downMs }))]
    .filter((w) => w.to >= from && w.from <= to).map((w) => `${w.kind} ${ms(w.from)}..${ms(w.to)}`);
  const rows = run.z.h.bot.db.$client.prepare(`select id, kind, status, attempts, parts_sent as partsSent, last_error as error, substr(payload_json, 1, 80) as payload
    from outbox where channel = ? and chat_id = ? and payload_json like ?`).all(p.platform, p.chatId, `%(số ${c.id})%`);
  process.stdout.write(`confirmation of entry ${c.id} to person ${p.index} (${p.platform}) at ${c.times.map(ms).join(", ")}${c.unanswered.some(Boolean) ? ` (unanswered: ${c.unanswered.join(", ")})` : ""}:\n` +
    p.transcript.filter((x) => x.at >= from && x.at <= to).map((x) => `${ms(x.at).padStart(9)} ${x.line}`).join("\n") +
    `\nfaults then: ${windows.join(", ") || "none"}\noutbox rows: ${JSON.stringify(rows)}\n`);
}

/** People, confirmed entries, resends and confirmations delivered twice, per channel; the OA's token refreshes. */
function perChannel(): string {
  const twice = new Set(confirmationCounts().filter((c) => c.times.length >= 2).map((c) => c.person));
  const line = (platform: Platform) => {
    const ps = run.people.filter((p) => p.platform === platform);
    if (ps.length === 0) return undefined;
    const n = (f: (p: (typeof ps)[number]) => number) => ps.reduce((t, p) => t + f(p), 0);
    return `${platform} ${ps.length} people, ${n((p) => p.log.confirmed.size)} confirmed, ${n((p) => p.log.resends)} sent again, ` +
      `${ps.filter((p) => twice.has(p.index)).length} with a confirmation twice`;
  };
  const oa = run.oa ? `; OA access token expired ${run.oa.expiries.length} time(s), ${run.oa.oa.refreshes()} refreshes in all` : "";
  return (["telegram", "zalo", "zalo-oa"] as const).map(line).filter(Boolean).join("; ") + oa;
}

/** For each entry saved in the database, when its "✅ Đã lưu" reached its reporter's phone (and whether the bot heard back each time). */
function confirmationCounts(): Array<{ person: number; id: number; times: number[]; unanswered: boolean[] }> {
  const personOf = new Map(run.userIds.map((u, i) => [u, i]));
  return entryRows().map((r) => {
    const person = personOf.get(r.reporter) ?? -1;
    const mine = run.deliveries.filter((d) => d.person === person && SAVED.exec(d.text)?.[1] === String(r.id));
    return { person, id: r.id, times: mine.map((d) => d.at), unanswered: mine.map((d) => d.unanswered()) };
  });
}

interface Row { id: number; reporter: number; unit: string; form: string; period: string; status: string; values: Record<string, number> }
function entryRows(): Row[] {
  const db = run.z.h.bot.db.$client;
  const rows = db.prepare("select id, reporter_id as reporter, unit_code as unit, form_id as form, period, status from entries order by id").all() as Omit<Row, "values">[];
  const values = db.prepare("select metric, value from entry_values where entry_id = ?");
  return rows.map((r) => ({ ...r, values: Object.fromEntries((values.all(r.id) as Array<{ metric: string; value: number }>).map((v) => [v.metric, v.value])) }));
}
const asValues = (p: Plan) => Object.fromEntries(Object.entries(METRIC_OF).map(([k, m]) => [m, p[k as keyof Plan]]));

describe(`the crash suite (seed ${seed})`, () => {
  it("kills the bot at least the asked number of times, and everyone finishes filing", () => {
    expect(run.kills.length).toBe(size.kills);
    const stuck = run.people.filter((p) => !p.done).map((p) => ({
      person: p.index, platform: p.platform, entry: p.entry,
      last: run.deliveries.filter((d) => d.person === p.index).slice(-3).map((d) => d.text.slice(0, 120)),
    }));
    expect(stuck).toEqual([]);
  });

  it.runIf(ZALO_BY_WEBHOOK)("Zalo by webhook loses nothing to a kill: every update the people sent was recorded", () => {
    // Issue 18: polling (no offset) lost 4–6 per run; a webhook update is posted again until recorded.
    expect(run.zaloLost).toBe(0);
  });

  it.runIf(OA_IN_CRASH)("the OA loses nothing to a kill, and gets past its access token's expiry mid-run by refreshing", () => {
    // Every OA event is posted again until the bot answers 200 (recorded), as Zalo retries a webhook.
    expect(run.oaLost).toBe(0);
    const oaPeople = run.people.filter((p) => p.platform === "zalo-oa");
    expect(oaPeople.length).toBeGreaterThan(0);
    expect(oaPeople.every((p) => p.done)).toBe(true);
    // The expiry came (with someone writing to the OA after it), and a refresh followed it.
    expect(run.oa!.expiries.map((e) => e.refreshed)).toEqual([true]);
    // One refresh at registration, one after the expiry (a kill cannot fall between the two: oa-side.ts).
    expect(run.oa!.oa.refreshes()).toBeGreaterThanOrEqual(2);
  });

  it("every entry a person was told is saved is in the database exactly once, with the typed figures; nothing is saved twice", () => {
    const rows = entryRows();
    const problems: string[] = run.people.flatMap((p) => [
      ...p.log.savedTwice.map((s) => `person ${p.index} entry ${s.entry}: told "số ${s.ids[0]}", then "số ${s.ids[1]}"`),
      // A save the person never chose: a late "1" read as "✅ Lưu" on a summary they had not seen
      // (it happened when a repeated answer shifted the form; issue 17, item 6).
      ...p.log.unasked.map((id) => `person ${p.index}: told "số ${id}" saved without pressing Lưu on a summary of their figures`),
    ]);
    let confirmed = 0;
    for (const p of run.people) {
      for (const [entry, id] of p.log.confirmed) {
        confirmed++;
        const plan = p.plans[entry]!;
        const same = rows.filter((r) => r.reporter === run.userIds[p.index] && r.values["tuyen_truyen.luot_nguoi"] === plan.luot_nguoi);
        if (same.length !== 1) { problems.push(`person ${p.index} entry ${entry}: ${same.length} rows (ids ${same.map((r) => r.id).join(",")})`); continue; }
        const r = same[0]!;
        if (r.id !== id) problems.push(`person ${p.index} entry ${entry}: told "số ${id}", saved as ${r.id}`);
        expect(r).toEqual({ id: r.id, reporter: run.userIds[p.index], unit: p.unitCode, form: "tuyen_truyen", period: "2025-02", status: "active", values: asValues(plan) });
      }
    }
    if (problems.length > 0) {
      const first = run.people[Number(/person (\d+)/.exec(problems[0]!)![1])]!;
      process.stdout.write(`transcript of person ${first.index} (${first.platform}), ms from its start:\n` +
        first.transcript.map((t) => `${(t.at - first.transcript[0]!.at).toFixed(0).padStart(7)} ${t.line}`).join("\n") + "\n");
    }
    expect(problems).toEqual([]);
    expect(rows.length).toBe(confirmed);
  });

  it("every saved entry's confirmation reached its person once, or again only where a kill cut its send before it was recorded", () => {
    const counts = confirmationCounts();
    expect(counts.length).toBeGreaterThanOrEqual(size.people * size.entries);
    // A repeated delivery means the bot never learned of the previous one. Either it died between
    // the platform's answer and marking the row sent: a kill came just after the previous delivery
    // (within 5 s, not counting time a write lock held the record back: the sender waits for the
    // lock before it records) and before this one, each repeat by a kill of its own (after a
    // restart the row is sent again at once and the next kill may come seconds later, before that
    // send is recorded: seed 2120337307 in the fault mode had three, 5 s apart). Or the platform
    // delivered it after the bot's send timeout had given up on the call (the stand-in could not
    // write its answer: in the fault mode, with its 2 s timeout at load average 30, seed 770400922 had
    // one repeat with no kill between and the send timeout as its row's last error); with no
    // idempotency key on these platforms the bot must send again or risk losing it.
    const kills = [...run.kills, ...(faults?.reportKills ?? [])];
    const locks = faults?.windows.filter((w) => w.kind === "lock") ?? [];
    const explained = (c: { times: number[]; unanswered: boolean[] }) => {
      const used = new Set<object>();
      return c.times.slice(1).every((t, i) => {
        if (c.unanswered[i]) return true;
        const before = c.times[i]!;
        const k = kills.find((x) => !used.has(x) && before <= x.at + 1000 && t > x.at && x.at - before - faultTimeWithin(before, x.at, locks) <= 5000);
        if (k) used.add(k);
        return k !== undefined;
      });
    };
    const lost = counts.filter((c) => c.times.length === 0);
    const unexplained = counts.filter((c) => c.times.length >= 2 && !explained(c));
    for (const c of [...lost, ...unexplained].slice(0, 3)) explainConfirmation(c, kills);
    expect(lost).toEqual([]);
    expect(unexplained).toEqual([]);
  });

  it("no form is stuck: every conversation is idle, and /menu gets an answer from everyone", async () => {
    const { h } = run.z;
    const state = h.bot.db.$client.prepare("select state_json from conversations where channel = ? and chat_id = ?");
    const busy = run.people.filter((p) => {
      const row = state.get(p.platform, p.chatId) as { state_json: string } | undefined;
      return !row || (JSON.parse(row.state_json) as { pending: unknown }).pending !== null;
    }).map((p) => p.index);
    expect(busy).toEqual([]);
    const unanswered: number[] = [];
    for (const p of run.people) {
      const replies = p.platform === "telegram" ? await h.say(Number(p.chatId), "/menu")
        : p.platform === "zalo-oa" ? await run.oa!.ask(h, p.chatId, "/menu") : await run.z.say(p.chatId, "/menu");
      if (!replies.some((m) => m.text?.includes("Bạn muốn làm gì?"))) unanswered.push(p.index);
    }
    expect(unanswered).toEqual([]);
  }, 120_000);

  it("the report of February 2025 equals the sum of the confirmed entries, per unit and in total", () => {
    const expected = new Map<string, Record<string, number>>(UNITS.map((u) => [u, Object.fromEntries(Object.values(METRIC_OF).map((m) => [m, 0]))]));
    for (const p of run.people) {
      for (const entry of p.log.confirmed.keys()) {
        const sums = expected.get(p.unitCode)!;
        for (const [k, m] of Object.entries(METRIC_OF)) sums[m]! += p.plans[entry]![k as keyof Plan];
      }
    }
    const compiler = new ReportCompiler(run.z.h.bot.db);
    const feb = periodFromKey("2025-02", 0)!;
    const byUnit = compiler.byUnit(feb);
    for (const u of UNITS) {
      const got = byUnit.get(u) ?? {};
      expect(Object.fromEntries(Object.values(METRIC_OF).map((m) => [m, got[m] ?? 0])), u).toEqual(expected.get(u));
    }
    const totals = compiler.totals(feb);
    for (const m of Object.values(METRIC_OF)) expect(totals[m], m).toBe(UNITS.reduce((s, u) => s + expected.get(u)![m]!, 0));
    // Nothing else was filed: every other figure of the report is zero.
    expect(Object.entries(totals).filter(([m, v]) => !Object.values(METRIC_OF).includes(m) && v !== 0)).toEqual([]);
  });
});

describe.runIf(faults)(`the crash suite's fault mode (seed ${seed})`, () => {
  faultChecks(() => ({ run, faults: faults! }));
});
