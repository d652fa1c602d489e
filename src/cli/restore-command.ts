// `npm run cli -- restore <tệp>`: puts a backup in place of DATABASE_PATH. Copying the file by hand
// is not enough: a -wal left beside the database (after a crash) is replayed onto the copy by SQLite
// and brings back rows the backup does not hold. So: refuse while anything holds the database,
// check the backup is this bot's and whole, remove -wal and -shm, and rename a full copy over.
import { copyFileSync, existsSync, renameSync, rmSync, statSync } from "node:fs";
import { parseArgs } from "node:util";
import { closeDb, databaseIsFree, openReadOnly, type Db } from "../db/client.js";
import type { Config } from "../config.js";
import { sameFile } from "./backup-command.js";
import { onPath, unwritableTarget } from "./file-problems.js";
import { OPTIONS, UsageError } from "./usage.js";
import { VN_OFFSET_MS } from "../domain/vn.js";
import type { Clock } from "./run.js";

type Out = (line: string) => void;

/** Why `file` is not a whole backup of this bot, or null when it is. */
export function backupProblem(file: string): string | null {
  // A missing file or a folder raises its errno error, which runCli words naming the path.
  if (onPath(file, (f) => statSync(f)).isDirectory()) throw Object.assign(new Error("EISDIR"), { code: "EISDIR", path: file });
  let db: Db;
  try {
    db = openReadOnly(file);
  } catch {
    return `${file} không đọc được như cơ sở dữ liệu SQLite. Chọn tệp do lệnh backup tạo ra.`;
  }
  try {
    const verdict = db.$client.pragma("integrity_check", { simple: true });
    if (verdict !== "ok") return `${file} bị hỏng (kiểm tra toàn vẹn không đạt). Chọn bản sao lưu khác.`;
    const entries = db.$client.prepare("select 1 from sqlite_master where type = 'table' and name = 'entries'").get();
    if (!entries) return `${file} không phải cơ sở dữ liệu của bot (không có bảng entries). Chọn tệp do lệnh backup tạo ra.`;
    return null;
  } catch {
    return `${file} không phải tệp cơ sở dữ liệu SQLite. Chọn tệp do lệnh backup tạo ra.`;
  } finally {
    closeDb(db);
  }
}

/** "<db>.truoc-khi-phuc-hoi-2025-03-03-1000.sqlite" (Vietnam time), "-2" after it if that name is taken. */
function keptName(live: string, at: Date): string {
  const v = new Date(at.getTime() + VN_OFFSET_MS).toISOString();
  const base = `${live}.truoc-khi-phuc-hoi-${v.slice(0, 10)}-${v.slice(11, 13)}${v.slice(14, 16)}`;
  let name = `${base}.sqlite`;
  for (let n = 2; existsSync(name); n++) name = `${base}-${n}.sqlite`;
  return name;
}

/**
 * A whole copy of the database about to be replaced, its -wal included (VACUUM INTO reads through
 * it), so a wrong restore can be undone by restoring the copy.
 */
function keepReplaced(live: string, at: Date): string {
  const kept = keptName(live, at);
  const db = openReadOnly(live);
  try {
    db.$client.prepare("vacuum into ?").run(kept);
  } finally {
    closeDb(db);
  }
  return kept;
}

export function restore(args: string[], config: Config, out: Out, clock: Clock = () => new Date()): void {
  const file = parseArgs({ args, options: OPTIONS.restore, allowPositionals: true }).positionals[0];
  if (!file) throw new UsageError("Cách dùng: npm run cli -- restore <tệp sao lưu> (dừng bot trước)");
  const live = config.DATABASE_PATH;
  if (sameFile(file, live)) throw new UsageError(`${file} là chính cơ sở dữ liệu đang dùng (DATABASE_PATH). Chọn một tệp sao lưu.`);
  const problem = backupProblem(file);
  if (problem) throw new UsageError(problem);
  const unwritable = unwritableTarget(live, "bot.sqlite");
  if (unwritable) throw new UsageError(`${unwritable} (DATABASE_PATH)`);
  if (existsSync(live) && !databaseIsFree(live)) {
    throw new UsageError(`Cơ sở dữ liệu ${live} đang được dùng (bot hoặc một lệnh khác đang chạy): dừng bot trước, rồi chạy lại lệnh restore.`);
  }
  const kept = existsSync(live) ? keepReplaced(live, clock()) : undefined;
  // Nothing of the old database may be replayed onto the backup.
  rmSync(`${live}-wal`, { force: true });
  rmSync(`${live}-shm`, { force: true });
  // A full copy beside the database, renamed over it: a copy cut short never stands as the database.
  const partial = `${live}.${process.pid}.restoring`;
  try {
    copyFileSync(file, partial);
    renameSync(partial, live);
  } finally {
    rmSync(partial, { force: true });
  }
  out(`Đã khôi phục ${live} từ ${file}. Khởi động lại bot: npm start`);
  if (kept) out(`Bản cơ sở dữ liệu trước khi khôi phục được giữ ở ${kept}; nếu khôi phục nhầm, chạy: npm run cli -- restore ${kept}`);
}
