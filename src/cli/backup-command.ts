// `npm run cli -- backup`: an online copy of the live database, refused when it would be empty
// (DATABASE_PATH mistyped) or harmful (onto the live file, over a file the operator keeps).
import { existsSync, renameSync, rmSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import type { Config } from "../config.js";
import { openStore } from "../app/start.js";
import { closeDb } from "../db/client.js";
import { unwritableTarget } from "./file-problems.js";
import { OPTIONS, UsageError } from "./usage.js";
import type { Clock } from "./run.js";

type Out = (line: string) => void;

/** The same file under two names (a symlink, "./", a hard link) counts as the same. */
export function sameFile(a: string, b: string): boolean {
  if (resolve(a) === resolve(b)) return true;
  try {
    const x = statSync(a);
    const y = statSync(b);
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    return false;
  }
}

/** A missing DATABASE_PATH refused: opening it would create and migrate an empty database. */
export function requireDatabase(config: Config, doing: string): void {
  if (!existsSync(config.DATABASE_PATH)) {
    throw new UsageError(`Không có cơ sở dữ liệu ${config.DATABASE_PATH} (DATABASE_PATH). Kiểm tra lại DATABASE_PATH; ${doing}.`);
  }
}

export async function backup(args: string[], config: Config, out: Out, clock: Clock): Promise<void> {
  const { values, positionals } = parseArgs({ args, options: OPTIONS.backup, allowPositionals: true });
  const target = positionals[0] ?? `${config.DATABASE_PATH}.${clock().toISOString().replace(/[:.]/g, "-")}.bak`;
  requireDatabase(config, "không sao lưu gì");
  if (sameFile(target, config.DATABASE_PATH)) {
    throw new UsageError(`${target} là chính cơ sở dữ liệu đang dùng (DATABASE_PATH). Chọn tệp khác để sao lưu.`);
  }
  // better-sqlite3 says only "unable to open database file" (in English): the target folder is checked first.
  const unwritable = unwritableTarget(target, "sao-luu.sqlite");
  if (unwritable) throw new UsageError(unwritable);
  if (existsSync(target) && !values["ghi-de"]) throw new UsageError(`Đã có ${target}; không ghi đè. Chọn tên khác, hoặc thêm --ghi-de để ghi đè.`);
  const { db } = openStore(config, clock());
  // Into a fresh file renamed over the target: SQLite's backup would refuse a file that is not a database,
  // and a backup cut short never leaves half a file under the target's name.
  const partial = `${target}.${process.pid}.partial`;
  try {
    // better-sqlite3's online backup copies a consistent snapshot while the bot keeps running.
    await db.$client.backup(partial);
    renameSync(partial, target);
  } finally {
    rmSync(partial, { force: true });
    closeDb(db);
  }
  out(`Đã sao lưu vào ${target}.`);
}
