// The fault mode's own checks (CRASH_FAULTS=1), run after the crash suite's usual ones (every
// entry confirmed once, everyone finished, the report's sums). Expected figures come from what
// the actors did (the leader's requests, the people's sends), never from the bot.
import { expect, it } from "vitest";
import { SEND_TIMEOUT_MS, type Faults, type FaultWindow } from "./faults.js";
import { LEADER_CHAT } from "./leader.js";
import type { CrashRun } from "./world.js";

/**
 * The bound on a registered person's wait: from any message they send to the next message their
 * phone shows, less the time within that wait when a fault was in force (the bot killed and
 * restarting, the database locked, a 5xx streak not yet used up, a hung call not yet timed out),
 * at most this long. A wait that spans a fault may take the fault's whole length plus this, so a
 * 10 s lock allows up to 10 + 10 s. Ten seconds covers a restart's backlog and a retry's backoff
 * after a short streak; a stranger's flood or another chat's backlog must fit inside it.
 */
export const WAIT_BOUND_MS = 10_000;

/** How much of [from, to] lies within any of the windows (their union). */
export function faultTimeWithin(from: number, to: number, windows: ReadonlyArray<{ from: number; to: number }>): number {
  const cut = windows.map((w) => [Math.max(from, w.from), Math.min(to, w.to)] as const).filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  let total = 0;
  let end = -Infinity;
  for (const [a, b] of cut) {
    if (b <= end) continue;
    total += b - Math.max(a, end);
    end = b;
  }
  return total;
}

export function faultChecks(get: () => { run: CrashRun; faults: Faults }): void {
  it("injected every planned fault while the people filed: write locks of 2–10 s, 5xx and hung streaks on every stand-in, kills while a report compiles, the strangers' flood", () => {
    const { faults } = get();
    const { size } = faults;
    const platforms = faults.platforms;
    // A streak counts when it met at least one call: an armed fault no call came to tested nothing.
    const count = (xs: Array<{ platform: string; calls: number; used?: number }>, p: string) => xs.filter((x) => x.platform === p && (x.used ?? x.calls) > 0).length;
    // Short of the plan means the people finished first: fewer faults (CRASH_LOCKS, …) or more entries.
    expect({
      locks: faults.lockMs.length, streaks: platforms.map((p) => count(faults.streaks, p)),
      hangs: platforms.map((p) => count(faults.hangs, p)), reports: faults.leader.requests,
      strangerMessages: faults.strangers.sent,
    }).toEqual({
      locks: size.locks, streaks: platforms.map(() => size.streaks), hangs: platforms.map(() => size.hangs), reports: size.reports,
      strangerMessages: 2 * size.strangers,
    });
    // One kill per report, each while its job ran and before its document came (the kill is taken
    // from the job's row, not from "⏳ Đang tổng hợp", which a 5xx streak can delay past the document).
    expect({ kills: faults.leader.kills.length, whileBuilding: faults.leader.killedBeforeDocument })
      .toEqual({ kills: faults.leader.requests, whileBuilding: faults.leader.requests });
    for (const ms of faults.lockMs) expect(ms).toBeGreaterThanOrEqual(2000);
  });

  it(`every hung send was given up by the bot within its timeout (${SEND_TIMEOUT_MS / 1000} s) and 3 s`, () => {
    const { faults } = get();
    // No kill strikes during a hung-call streak (faults.ts), so only the bot can have let go.
    const t0 = performance.timeOrigin;
    const seen = faults.hungCalls.map((h) => {
      const gone = h.call.abandonedAt;
      return { platform: h.platform, at: `+${((h.at - t0) / 1000).toFixed(1)} s`, heldS: gone === undefined ? "never given up" : Number(((gone - h.at) / 1000).toFixed(1)) };
    });
    for (const platform of faults.platforms) expect(seen.filter((h) => h.platform === platform).length, `hung ${platform} sends`).toBeGreaterThan(0);
    expect(seen.filter((h) => typeof h.heldS !== "number" || h.heldS > (SEND_TIMEOUT_MS + 3000) / 1000)).toEqual([]);
  });

  it("every report the leader asked for reached the leader as a document, exactly once, without asking again", () => {
    const { run, faults } = get();
    expect(faults.leader.documents(run.z)).toBe(faults.leader.requests);
    // Asking again would hide a report lost to a kill (the second request brings the document).
    expect(faults.leader.resends, "times the leader had to ask again").toBe(0);
  });

  it("0 replies lost: no answer or document to a registered person ended failed or unreachable, and none is left unsent", () => {
    const { run } = get();
    const chats = [...run.people.map((p) => `${p.platform}:${p.chatId}`), `telegram:${LEADER_CHAT}`];
    const rows = run.z.h.bot.db.$client.prepare(
      "select channel, chat_id as chat, kind, status, last_error as error from outbox where kind in ('reply', 'document') and status <> 'sent'",
    ).all() as Array<{ channel: string; chat: string; kind: string; status: string; error: string | null }>;
    expect(rows.filter((r) => chats.includes(`${r.channel}:${r.chat}`))).toEqual([]);
  });

  it(`no registered person waited more than ${WAIT_BOUND_MS / 1000} s beyond the faults for the next message after one they sent`, () => {
    const { run, faults } = get();
    const windows: FaultWindow[] = [...faults.windows, ...run.kills.map((k) => ({ kind: "kill" as const, from: k.at, to: k.at + k.downMs }))];
    const slow: string[] = [];
    let waits = 0;
    for (const p of run.people) {
      const t = p.transcript;
      for (let i = 0; i < t.length; i++) {
        if (t[i]!.line.startsWith("<")) continue;
        const next = t.slice(i + 1).find((x) => x.line.startsWith("<"));
        if (!next) { slow.push(`person ${p.index} (${p.platform}): "${t[i]!.line}" never answered`); continue; }
        waits++;
        const wait = next.at - t[i]!.at;
        const beyond = wait - faultTimeWithin(t[i]!.at, next.at, windows);
        if (beyond > WAIT_BOUND_MS) slow.push(`person ${p.index} (${p.platform}): "${t[i]!.line}" waited ${(wait / 1000).toFixed(1)} s, ${(beyond / 1000).toFixed(1)} s beyond faults`);
      }
    }
    expect(waits).toBeGreaterThan(run.people.length);
    if (slow.length > 0) {
      const p = run.people[Number(/person (\d+)/.exec(slow[0]!)![1])]!;
      const t0 = p.transcript[0]?.at ?? 0;
      const ms = (at: number) => `+${((at - t0) / 1000).toFixed(1)} s`;
      process.stdout.write(`transcript of person ${p.index} (${p.platform}):\n${p.transcript.map((x) => `${ms(x.at).padStart(9)} ${x.line}`).join("\n")}\n` +
        `faults, same clock: ${windows.filter((w) => w.to > t0).map((w) => `${w.kind} ${ms(w.from)}..${ms(w.to)}`).join(", ")}\n`);
    }
    expect(slow).toEqual([]);
  });
}
