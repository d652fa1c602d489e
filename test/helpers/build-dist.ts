// Vitest global setup: the compiled bot (dist/) is built before any test file starts, so the
// process tests' `npm start` and `npm run cli` find it current instead of each building it.
import { execFileSync } from "node:child_process";
import { resolve } from "node:path";

export default function setup(): void {
  execFileSync(process.execPath, [resolve(import.meta.dirname, "../../scripts/build-if-stale.mjs")], { stdio: "inherit" });
}
