// Runs `npm run cli -- …` in-process and collects what it prints.
import { runCli } from "../../src/cli/run.js";

export async function cli(args: string[], env: Record<string, string>): Promise<{ code: number; lines: string[]; text: string }> {
  const lines: string[] = [];
  const code = await runCli(args, env, (l) => lines.push(l));
  return { code, lines, text: lines.join("\n") };
}
