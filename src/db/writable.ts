// Why the bot cannot write the database at DATABASE_PATH, as one Vietnamese line saying what to
// do. SQLite opens a file it cannot write read-only and fails only at the first write ("attempt to
// write a readonly database"); in WAL mode it also writes <file>-wal and <file>-shm beside it.
// So the file, those two and the folder are checked before opening, and a refusal SQLite still
// gives (SQLITE_READONLY…) is explained the same way. access() is asked, not the mode bits: for
// root a chmod 444 file is writable, an immutable one (chattr +i) or a read-only mount is not.
import { accessSync, constants, existsSync } from "node:fs";
import { basename, dirname } from "node:path";

const errCode = (err: unknown) => (err as NodeJS.ErrnoException).code ?? "";

/** What blocks writing `path` and what to do, by access()'s error code. */
function blocked(path: string, what: string, folder: boolean, code: string): string {
  switch (code) {
    case "EROFS":
      return `${what} ${path} nằm trên ổ đĩa chỉ cho đọc; xin gắn lại ổ cho phép ghi, hoặc đặt DATABASE_PATH ở một thư mục ghi được.`;
    case "EPERM":
      return `hệ điều hành không cho sửa ${what} ${path} (thường do thuộc tính bất biến, xem: lsattr${folder ? " -d" : ""} ${path}); ` +
        `xin gỡ: chattr -i ${path}, hoặc đặt DATABASE_PATH ở chỗ khác.`;
    default:
      return `${what} ${path} chỉ cho đọc với người chạy bot; xin cho phép ghi (chmod u+w ${path}, hoặc chown <người chạy bot> ${path}), ` +
        "hoặc đặt DATABASE_PATH ở chỗ khác.";
  }
}

/** The folder of the database cannot be written (SQLite creates the -wal and -shm files there), or null. */
export function folderProblem(dir: string, file: string): string | null {
  try {
    accessSync(dir, constants.W_OK | constants.X_OK);
    return null;
  } catch (err) {
    return `${blocked(dir, "thư mục", true, errCode(err))} (SQLite cần tạo ${file}-wal và ${file}-shm trong thư mục này.)`;
  }
}

/** Why the database at `full` (an absolute path) cannot be written, or null when nothing is seen. */
export function unwritableProblem(full: string): string | null {
  const file = basename(full);
  const files: [string, string][] = [[full, "tệp"], [`${full}-wal`, "tệp nhật ký SQLite"], [`${full}-shm`, "tệp nhật ký SQLite"]];
  for (const [path, what] of files) {
    if (!existsSync(path)) continue;
    try {
      accessSync(path, constants.R_OK | constants.W_OK);
    } catch (err) {
      return blocked(path, what, false, errCode(err));
    }
  }
  return folderProblem(dirname(full), file);
}

/**
 * SQLite refused to write (SQLITE_READONLY…): why, as one line; null for any other error. Names
 * what the checks above find, or else every file SQLite needs.
 */
export function readOnlyProblem(full: string, err: unknown): string | null {
  if (!/^SQLITE_READONLY/.test(errCode(err))) return null;
  const file = basename(full);
  return unwritableProblem(full) ??
    `SQLite không ghi được vào ${full} (${errCode(err)}); người chạy bot cần ghi được tệp này, các tệp ${file}-wal và ${file}-shm ` +
    `cạnh nó (nếu có, phải là tệp thường) và thư mục ${dirname(full)}. Xin sửa quyền ghi, hoặc đặt DATABASE_PATH ở chỗ khác.`;
}
