// The command line's file troubles in one Vietnamese line naming the path and what to do: a target
// checked before anything is recorded, and Node's errno errors turned into words (never its English).
import { accessSync, constants, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/**
 * Why `path` cannot be written as a new or replaced file, or null when it can. `example`: a file name
 * to suggest inside a folder; `option`: the flag that names the path, if any.
 */
export function unwritableTarget(path: string, example: string, option?: string): string | null {
  const head = `Không ghi được ${path}:`;
  const target = statOf(path);
  if (target?.isDirectory()) return `${head} đó là một thư mục. Ghi tên tệp, ví dụ: ${join(path, example)}`;
  const folder = dirname(resolve(path));
  const shown = dirname(path) === "." ? folder : dirname(path);
  const parent = statOf(folder);
  if (!parent) return `${head} không có thư mục ${shown}. Tạo thư mục đó trước, hoặc chọn nơi khác${option ? ` (${option})` : ""}.`;
  if (!parent.isDirectory()) return `${head} ${shown} là một tệp, không phải thư mục. Chọn nơi khác.`;
  try {
    accessSync(folder, constants.W_OK);
    if (target) accessSync(path, constants.W_OK);
  } catch {
    return `${head} không có quyền ghi vào ${target ? path : shown}. Chọn thư mục khác, hoặc xin quyền ghi.`;
  }
  return null;
}

function statOf(path: string) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

const WHAT_TO_DO: Record<string, (path: string) => string> = {
  ENOENT: (p) => `không có tệp hoặc thư mục ${p}. Kiểm tra lại đường dẫn.`,
  EISDIR: (p) => `${p} là một thư mục, cần một tệp. Ghi đường dẫn tới tệp.`,
  ENOTDIR: (p) => `một phần của đường dẫn ${p} là tệp, không phải thư mục. Kiểm tra lại đường dẫn.`,
  EACCES: (p) => `không có quyền đọc hoặc ghi ${p}. Chọn nơi khác, hoặc xin quyền.`,
  EPERM: (p) => `không được phép đọc hoặc ghi ${p}. Chọn nơi khác, hoặc xin quyền.`,
  EEXIST: (p) => `đã có ${p}, không ghi đè được. Chọn tên khác.`,
  ENOSPC: (p) => `ổ đĩa chứa ${p} đã đầy. Giải phóng chỗ trống rồi chạy lại.`,
  EROFS: (p) => `${p} nằm trên ổ chỉ đọc. Chọn nơi khác.`,
};

/** A file-system error (errno code and path) as one Vietnamese line; undefined for anything else. */
export function fileErrorLine(err: unknown): string | undefined {
  const e = err as { code?: unknown; path?: unknown; dest?: unknown } | null;
  if (!e || typeof e.code !== "string") return undefined;
  const words = WHAT_TO_DO[e.code];
  if (!words) return undefined;
  const path = typeof e.path === "string" ? e.path : "tệp";
  return `Lỗi tệp: ${words(path)}`;
}

/** Runs `io` on `path`, naming the path on its errno error when Node leaves it out (readFileSync's EISDIR does). */
export function onPath<T>(path: string, io: (path: string) => T): T {
  try {
    return io(path);
  } catch (err) {
    if (err && typeof err === "object" && "code" in err && !("path" in err)) Object.assign(err, { path });
    throw err;
  }
}
