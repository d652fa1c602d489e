// The ledger's photos and places: photos kept under the data folder (entry_photos), and the
// marker anomalies a report's appendix lists. Entries themselves are written in write.ts.
import type { Db } from "../db/client.js";
import { stmt } from "../db/statements.js";
import { COUNTED_IN, type Span } from "./read.js";

export interface StoredPhoto {
  entryId: number;
  /** Relative to the data folder ("photos/2025-02/<sha256>.jpg"). */
  path: string;
  sha256: string;
  size: number;
  platformFileId: string | null;
}

/** The month folder a photo of this entry goes to; undefined when the entry is gone. */
export function photoEntry(db: Db, entryId: number): { period: string } | undefined {
  return stmt<[number], { period: string }>(db, "select period from entries where id = ?").get(entryId);
}

/** Records a kept photo; the same file twice for one entry is recorded once. Returns whether a row was added. */
export function recordPhoto(db: Db, p: StoredPhoto, now: Date): boolean {
  const known = stmt<[number, string], { id: number }>(db, "select id from entry_photos where entry_id = ? and sha256 = ?").get(p.entryId, p.sha256);
  if (known) return false;
  stmt(db, "insert into entry_photos (entry_id, path, sha256, size, platform_file_id, created_at) values (?, ?, ?, ?, ?, ?)")
    .run(p.entryId, p.path, p.sha256, p.size, p.platformFileId, now.getTime());
  return true;
}

export function photosOf(db: Db, entryId: number): StoredPhoto[] {
  return stmt<[number], StoredPhoto>(db, `select entry_id as entryId, path, sha256, size, platform_file_id as platformFileId
    from entry_photos where entry_id = ? order by id`).all(entryId);
}

/** A marker report with something to look at: a note, or a photo. */
export interface MarkerAnomaly {
  entryId: number;
  activityDate: string;
  unitCode: string;
  /** moc.bat_thuong: markers found damaged or moved (0 when only a note was given). */
  markers: number;
  note: string | null;
  /** Photos kept, or 1 when the photo is known only by its platform file id (not yet downloaded). */
  photos: number;
  latitude: number | null;
  longitude: number | null;
}

/**
 * Marker reports (form moc_quoc_gioi) counted in the span that carry a note or a photo, oldest
 * first: filed by chat, or imported from a CSV with a ghi_chu (a damaged marker noted in the
 * office's own records). "Không phát sinh" entries carry a note of their own and are left out,
 * and so is the demo's mark on imported rows (src/data/demo.ts DEMO_NOTE), a label, not a finding.
 */
export function markerAnomalies(db: Db, span: Span): MarkerAnomaly[] {
  return stmt<[Span], MarkerAnomaly>(db, `
    select e.id as entryId, e.activity_date as activityDate, e.unit_code as unitCode,
      coalesce((select v.value from entry_values v where v.entry_id = e.id and v.metric = 'moc.bat_thuong'), 0) as markers,
      nullif(trim(coalesce(e.note, '')), '') as note,
      max((select count(*) from entry_photos p where p.entry_id = e.id), case when e.photo_file_id is null then 0 else 1 end) as photos,
      e.latitude, e.longitude
    from entries e
    where ${COUNTED_IN} and e.status = 'active' and e.form_id = 'moc_quoc_gioi' and e.source in ('chat', 'import')
      and not (e.source = 'import' and e.note = 'dữ liệu mẫu')
      and (nullif(trim(coalesce(e.note, '')), '') is not null or e.photo_file_id is not null
        or exists (select 1 from entry_photos p where p.entry_id = e.id))
    order by e.activity_date, e.id`).all(span);
}

/**
 * Photos saved as a platform file id but not (yet) kept: their download failed or the bot
 * stopped first. Only entries created since `since` (older file ids and URLs have expired).
 */
export function photosNotKept(db: Db, since: Date): { entryId: number; fileId: string }[] {
  return stmt<[number], { entryId: number; fileId: string }>(db, `
    select e.id as entryId, e.photo_file_id as fileId from entries e
    where e.photo_file_id is not null and e.status <> 'deleted' and e.created_at >= ?
      and not exists (select 1 from entry_photos p where p.entry_id = e.id and p.platform_file_id = e.photo_file_id)
    order by e.id`).all(since.getTime());
}
