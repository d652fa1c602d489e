// Temporary folders for tests. Every folder made by tempDir() is removed after the test file that
// made it has finished (test/helpers/temp-cleanup.ts, a vitest setup file, calls removeTempDirs
// in an afterAll), so a test may still read a folder after stopping the bot that wrote it.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const made = new Set<string>();

/** A new empty folder under os.tmpdir(), named `<prefix>XXXXXX`; removed when the test file ends. */
export function tempDir(prefix = "bienbot-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.add(dir);
  return dir;
}

/** Remove a folder made by tempDir() now (it is forgotten, so the end-of-file sweep skips it). */
export function removeTempDir(dir: string): void {
  made.delete(dir);
  rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}

/** Remove every folder tempDir() made and has not removed yet; returns how many. */
export function removeTempDirs(): number {
  const dirs = [...made];
  for (const d of dirs) removeTempDir(d);
  return dirs.length;
}
