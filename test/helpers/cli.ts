// Runs `npm run cli -- …` in-process and collects what it prints.
import { runCli, type Clock } from "../../src/cli/run.js";

/** The CLI's "now" in tests unless one is given: the harness's default moment (Thursday 20 Feb 2025, 10:00 in Vietnam). */
export const CLI_NOW = "2025-02-20T03:00:00Z";

/** `at`: a fixed moment (ISO), a clock, or a harness's TestClock (its current `now` at each call). */
export async function cli(args: string[], env: Record<string, string>, at: string | Clock | { now: Date } = CLI_NOW):
  Promise<{ code: number; lines: string[]; text: string }> {
  const clock: Clock = typeof at === "string" ? () => new Date(at) : typeof at === "function" ? at : () => at.now;
  const lines: string[] = [];
  const code = await runCli(args, env, (l) => lines.push(l), clock);
  return { code, lines, text: lines.join("\n") };
}

/** The message a refused command throws (what src/cli.ts prints); fails the test when it is not refused. */
export async function cliRefusal(args: string[], env: Record<string, string>, at: string | Clock | { now: Date } = CLI_NOW): Promise<string> {
  try {
    await cli(args, env, at);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error(`not refused: ${args.join(" ")}`);
}
