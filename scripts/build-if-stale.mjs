// `npm start` and `npm run cli` run the compiled code: build dist/ first, but only when a source
// file, the build settings or the lock file is newer than the last build (a no-op start stays fast).
import { execFileSync } from "node:child_process";
import { readdirSync, statSync, utimesSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const stamp = join(root, "dist/.tsbuildinfo");

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

let built = 0;
try { built = statSync(stamp).mtimeMs; } catch { /* never built */ }
const sources = Math.max(newest(join(root, "src")), ...["tsconfig.json", "tsconfig.build.json", "package-lock.json"].map((f) => statSync(join(root, f)).mtimeMs));
if (sources > built) {
  execFileSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", join(root, "tsconfig.build.json")], { stdio: "inherit" });
  const now = new Date();
  utimesSync(stamp, now, now); // tsc leaves it alone when nothing had to be emitted
}
