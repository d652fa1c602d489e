// Every issued report is archived (period, who asked, when, file hash, bytes) so it can be sent again.
import { createHash } from "node:crypto";
import { desc, eq } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { issuedReports } from "../db/schema.js";

export function archiveReport(db: Db, r: { period: string; requestedBy: number | null; channel: string | null; fileName: string; bytes: Buffer; entryCount: number; now: Date }) {
  const fileHash = createHash("sha256").update(r.bytes).digest("hex");
  const id = db.insert(issuedReports).values({
    period: r.period, requestedBy: r.requestedBy, channel: r.channel, fileName: r.fileName, fileHash,
    bytes: r.bytes, entryCount: r.entryCount, createdAt: r.now,
  }).returning({ id: issuedReports.id }).get().id;
  return { id, fileHash };
}

export function latestIssued(db: Db, period: string) {
  return db.select().from(issuedReports).where(eq(issuedReports.period, period)).orderBy(desc(issuedReports.id)).get();
}

/** The latest issued reports, without their bytes (for choosing one to send again). */
export function recentIssued(db: Db, limit: number) {
  return db.select({ id: issuedReports.id, period: issuedReports.period, createdAt: issuedReports.createdAt, fileName: issuedReports.fileName })
    .from(issuedReports).orderBy(desc(issuedReports.id)).limit(limit).all();
}

/** An issued report without its bytes (to queue it for sending again). */
export function issuedHeader(db: Db, id: number) {
  return db.select({ id: issuedReports.id, period: issuedReports.period, fileName: issuedReports.fileName, fileHash: issuedReports.fileHash, createdAt: issuedReports.createdAt })
    .from(issuedReports).where(eq(issuedReports.id, id)).get();
}

/** The archived bytes of an issued report (checked before it is sent again). */
export function issuedBytes(db: Db, id: number): Buffer | undefined {
  return db.select({ bytes: issuedReports.bytes }).from(issuedReports).where(eq(issuedReports.id, id)).get()?.bytes;
}

/** Said instead of resending an archived file Word cannot open (a report issued before issue 15's fix). */
export const brokenArchiveMessage = (periodLabel: string, periodKey: string) =>
  `Bản báo cáo ${periodLabel} đã lưu bị hỏng, Word không mở được nên không gửi lại; xin lập lại báo cáo: gõ /baocao ${periodKey}.`;
