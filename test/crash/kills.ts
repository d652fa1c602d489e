// The crash suite's timed faults of every run: the seeded SIGKILLs (some the instant a "✅ Đã lưu"
// reaches a stand-in) and the OA access token's one expiry. Used by world.ts.
import type { ZaloHarness } from "../helpers/zalo-harness.js";
import type { ZaloOaStandin } from "../helpers/zalo-oa-standin.js";
import type { ChildBot } from "./child-bot.js";
import type { OaSide } from "./oa-side.js";
import type { Rng } from "./prng.js";
import type { CrashSize, Kill } from "./world.js";

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * The kills: the k-th comes once a random share of all entries is confirmed (so kills fall while
 * people file), then after a random pause of up to half a second; a kill is never held back for
 * longer than a few seconds of uptime. About half of them instead strike the moment Telegram's
 * stand-in, or with OA people as often the OA's, receives a "✅ Đã lưu" (delivered, but the bot
 * dies before it can mark it sent). Each is followed by a restart on the same database.
 */
export async function killAtRandom(size: CrashSize, rand: Rng, s: {
  confirmed(): number; allDone(): boolean; deadline: number; kills: Kill[]; child: ChildBot; restart(): { iso: string; wall: number }; z: ZaloHarness; oa?: ZaloOaStandin;
}): Promise<void> {
  const total = size.people * size.entries;
  const shares = Array.from({ length: size.kills }, () => 0.03 + rand.next() * 0.82).sort((a, b) => a - b);
  for (const share of shares) {
    const up = performance.now();
    const maxUp = rand.int(1500, 5000);
    const atConfirmation = rand.chance(0.5);
    while (s.confirmed() < share * total && performance.now() - up < maxUp && performance.now() < s.deadline) await sleep(10);
    // With OA people, half of those kills strike on the OA's stand-in instead (drawn only then, so
    // CRASH_OA=0 repeats the choices of the runs before it).
    const onOa = atConfirmation && s.oa !== undefined && rand.chance(0.5);
    let kill: Kill | undefined;
    if (atConfirmation) {
      // The kill is sent from inside the stand-in's request handler, before it answers.
      const struck = new Promise<void>((resolve) => {
        const strike = (text: string) => {
          if (!text.includes("✅ Đã lưu") || s.child.restarting) return false;
          kill = { at: performance.now(), confirmedBefore: s.confirmed(), downMs: NaN };
          s.child.signal("SIGKILL");
          resolve();
          return true;
        };
        if (onOa) {
          s.oa!.onCall = (path, body) => {
            if (path === "/v3.0/oa/message/cs" && strike(String((body.message as { text?: unknown } | undefined)?.text ?? ""))) s.oa!.onCall = undefined;
          };
        } else {
          s.z.h.standin.onCall = (method, params) => {
            if (method === "sendMessage" && strike(String(params.text ?? ""))) s.z.h.standin.onCall = undefined;
            return undefined;
          };
        }
      });
      await Promise.race([struck, sleep(maxUp)]);
      s.z.h.standin.onCall = undefined;
      if (s.oa) s.oa.onCall = undefined;
    } else await sleep(rand.int(0, 500));
    const pause = rand.int(0, 300);
    await s.child.exclusive(async () => {
      kill ??= { at: performance.now(), confirmedBefore: s.confirmed(), downMs: NaN };
      s.kills.push(kill);
      await s.child.kill();
      await sleep(pause);
      await s.child.startPatiently(s.restart());
      kill.downMs = performance.now() - kill.at;
    });
  }
}

/**
 * The OA's access token expires once, when a seeded share (20–60 %) of the entries is confirmed,
 * in a turn of the child no kill shares (oa-side.ts says why); the bot must refresh and go on. The
 * refresh needs a call to the OA: if no OA person is still filing by then (a lock's backlog can
 * confirm most entries at once), one who finished asks /menu (its answer goes nowhere they read).
 */
export async function expireOnce(oa: OaSide, r: Rng, s: { confirmed(): number; allDone(): boolean; total: number; child: ChildBot; oaFiling(): boolean; poke(): void }): Promise<void> {
  const share = 0.2 + r.next() * 0.4;
  while (!s.allDone() && s.confirmed() < share * s.total) await sleep(50);
  await s.child.exclusive(() => oa.expireAndWaitForRefresh(60_000, () => { if (!s.oaFiling()) s.poke(); }));
}
