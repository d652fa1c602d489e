// The group commit's WAL file kept open between fsyncs (src/db/durable.ts OpenWalFiles): closed
// once idle, and never left syncing a file SQLite replaced. Real files in a temp folder; what the
// process holds open is read from /proc/self/fd (Linux, as the machines and CI run).
import { readdirSync, readlinkSync, renameSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { OpenWalFiles } from "../../src/db/durable.js";
import { tempDir } from "../helpers/temp.js";

/** The inodes of the files this process holds open at `path` (a replaced file's link reads "… (deleted)"). */
function openAt(path: string): { ino: number; deleted: boolean }[] {
  const out: { ino: number; deleted: boolean }[] = [];
  for (const fd of readdirSync("/proc/self/fd")) {
    let target: string;
    try { target = readlinkSync(`/proc/self/fd/${fd}`); } catch { continue; }
    if (target !== path && target !== `${path} (deleted)`) continue;
    try { out.push({ ino: statSync(`/proc/self/fd/${fd}`).ino, deleted: target !== path }); } catch { /* closed meanwhile */ }
  }
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("the WAL file kept open for the group commit's fsyncs", () => {
  it("keeps one handle across fsyncs and closes it once idle", async () => {
    const path = join(tempDir("wal-files-"), "bot.sqlite-wal");
    writeFileSync(path, "frames");
    const files = new OpenWalFiles(150);
    await files.sync(path);
    await files.sync(path);
    expect(openAt(path)).toEqual([{ ino: statSync(path).ino, deleted: false }]);
    await sleep(400);
    expect(openAt(path)).toEqual([]);
  });

  it("syncs the new file when the WAL was replaced, and lets the old one go", async () => {
    const dir = tempDir("wal-files-");
    const path = join(dir, "bot.sqlite-wal");
    writeFileSync(path, "old frames");
    const files = new OpenWalFiles(60_000);
    await files.sync(path);
    const old = statSync(path).ino;
    writeFileSync(join(dir, "new"), "new frames");
    renameSync(join(dir, "new"), path);
    const now = statSync(path).ino;
    expect(now).not.toBe(old);
    await files.sync(path);
    await sleep(50); // the old handle's close runs in the background
    expect(openAt(path)).toEqual([{ ino: now, deleted: false }]);
  });

  it("fails when the WAL is gone, holding nothing open", async () => {
    const path = join(tempDir("wal-files-"), "bot.sqlite-wal");
    writeFileSync(path, "frames");
    const files = new OpenWalFiles(60_000);
    await files.sync(path);
    renameSync(path, `${path}.moved`);
    await expect(files.sync(path)).rejects.toThrow(/ENOENT/);
    await sleep(50);
    expect(openAt(`${path}.moved`)).toEqual([]);
  });
});
