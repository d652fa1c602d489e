// Keeps a photo sent with an entry: downloads it through its channel, writes it under the data
// folder by its SHA-256 (atomically: a temp file, then rename), and records it in entry_photos.
// Runs after the entry is committed (an Effect), so a slow or failed download never holds up the
// chat; on failure the platform file id stays on the entry (entries.photo_file_id) and the
// report counts the photo all the same.
import { createHash, randomBytes } from "node:crypto";
import { mkdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { Channel } from "../channels/channel.js";
import type { Db } from "../db/client.js";
import { photoEntry, photosNotKept, recordPhoto } from "../ledger/photos.js";
import type { Logger } from "../log.js";
import { maskTokens } from "../log.js";

/** Photos larger than this are not kept: the app's own cap, as large as the platforms let a bot download (Telegram: 20 MB). */
export const MAX_PHOTO_BYTES = 20 * 1024 * 1024;

export interface PhotoDeps {
  db: Db;
  log: Logger;
  clock: () => Date;
  /** The data folder (the database's folder); photos go to <dataDir>/photos/<yyyy-mm>/. */
  dataDir: string | undefined;
}

export type PhotoOutcome =
  | { kept: true; path: string; sha256: string; size: number }
  | { kept: false; why: "no_folder" | "no_download" | "entry_gone" | "failed" | "too_large" };

/** ".png" for PNG bytes, ".webp" for WebP, ".jpg" otherwise (Telegram photos are JPEG). */
function extensionOf(bytes: Buffer): string {
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return ".png";
  if (bytes.subarray(0, 4).toString("latin1") === "RIFF" && bytes.subarray(8, 12).toString("latin1") === "WEBP") return ".webp";
  return ".jpg";
}

/** Writes the file unless the same bytes are already there; a reader never sees half a file. */
async function writeAtomically(path: string, bytes: Buffer): Promise<void> {
  const existing = await stat(path).catch(() => undefined);
  if (existing?.size === bytes.length) return; // named by its hash: same name and size, same file
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${randomBytes(6).toString("hex")}.tmp`;
  try {
    await writeFile(temp, bytes, { flag: "wx" });
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}

export async function keepPhoto(deps: PhotoDeps, channel: Channel, a: { entryId: number; fileId: string }): Promise<PhotoOutcome> {
  const { db, log } = deps;
  const where = { entryId: a.entryId, channel: channel.name };
  if (!deps.dataDir) { log.warn(where, "no data folder (in-memory database): photo kept as a platform file id only"); return { kept: false, why: "no_folder" }; }
  if (!channel.download) { log.warn(where, "channel cannot download files: photo kept as a platform file id only"); return { kept: false, why: "no_download" }; }
  const entry = photoEntry(db, a.entryId);
  if (!entry) return { kept: false, why: "entry_gone" };
  let bytes: Buffer;
  try {
    bytes = await channel.download(a.fileId);
  } catch (err) {
    log.warn({ ...where, err: maskTokens(String(err)) }, "photo download failed; the platform file id stays on the entry");
    return { kept: false, why: "failed" };
  }
  if (bytes.length > MAX_PHOTO_BYTES) { log.warn({ ...where, size: bytes.length }, "photo too large; not kept"); return { kept: false, why: "too_large" }; }
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  // The entry's month, so a month's photos can be archived together with its report.
  const month = /^\d{4}-\d{2}$/.test(entry.period) ? entry.period : entry.period.slice(0, 7).replace(/[^\d-]/g, "") || "khac";
  const path = `photos/${month}/${sha256}${extensionOf(bytes)}`;
  await writeAtomically(join(deps.dataDir, path), bytes);
  recordPhoto(db, { entryId: a.entryId, path, sha256, size: bytes.length, platformFileId: a.fileId }, deps.clock());
  log.info({ ...where, path, size: bytes.length }, "photo kept");
  return { kept: true, path, sha256, size: bytes.length };
}

/** How far back a start-up looks for photos not kept (platform file links do not last for ever). */
export const RETRY_PHOTOS_DAYS = 30;

/**
 * At start-up: tries again the photos whose download failed (or was cut short by a stop). The
 * channel a file id came from is not recorded, so each channel that downloads is tried in turn;
 * a file id of another platform fails at once (not a URL, or getFile refuses it).
 */
export async function keepPhotosNotKept(deps: PhotoDeps, channels: readonly Channel[], signal?: AbortSignal): Promise<number> {
  const since = new Date(deps.clock().getTime() - RETRY_PHOTOS_DAYS * 86_400_000);
  const quiet = { ...deps, log: deps.log.child({ retry: true }) };
  let kept = 0;
  for (const p of photosNotKept(deps.db, since)) {
    if (signal?.aborted) break;
    for (const channel of channels.filter((c) => c.download)) {
      const r = await keepPhoto(quiet, channel, p);
      if (r.kept) { kept++; break; }
      if (r.why === "no_folder" || r.why === "entry_gone") break;
    }
  }
  if (kept > 0) deps.log.info({ kept }, "photos kept on a second try");
  return kept;
}
