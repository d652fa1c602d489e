// A document that finally cannot go (refused, too large, or failing past the give-up age) is
// replaced by one short line to the person saying what to do, queued as a reply: a leader who
// asked for a report must not wait for a file that will never come.
import type { SendFailure } from "../channels/channel.js";
import type { Db } from "../db/client.js";
import { decodePayload, enqueue, statements, type DueRow } from "./table.js";

/** What the app can offer instead of the file: a signed download link (undefined without PUBLIC_BASE_URL). */
export type LinkFor = (file: { reportId: number } | { fileName: string; bytes: Buffer }) => string | undefined;

function reason(failure: SendFailure | undefined): string {
  if (failure?.kind === "fatal" && failure.tooLarge) return "tệp quá lớn";
  if (failure?.kind === "fatal") return "bị từ chối";
  return "mạng lỗi quá lâu";
}

/** The line that replaces a failed document, or undefined when the row was not a file. */
export function documentFailedText(db: Db, row: DueRow, failure: SendFailure | undefined, linkFor?: LinkFor): string | undefined {
  let payload: ReturnType<typeof decodePayload>;
  try { payload = decodePayload(row.payloadJson); } catch { return undefined; }
  if (payload.type === "text") return undefined;
  const file = payload.type === "issued"
    ? { fileName: statements(db).issuedFile.get(payload.reportId)?.fileName, ref: { reportId: payload.reportId } }
    : { fileName: payload.fileName, ref: { fileName: payload.fileName, bytes: payload.bytes } };
  if (file.fileName === undefined) return undefined;
  const fileName = file.fileName;
  // An archived report can be asked for again; an export is made again with /xuat.
  const again = payload.type === "issued" ? "Gõ /guilai để nhận lại" : payload.type === "image" ? "Gõ /bieudo để vẽ lại" : "Gõ /xuat để xuất lại";
  const link = linkFor?.(file.ref);
  return `⚠️ Không gửi được tệp ${fileName} (${reason(failure)}). ${again}${link ? `, hoặc tải tại: ${link}` : ""}.`;
}

/** Queue the line for a failed document row (once per row); nothing for other rows. */
export function queueDocumentFailed(db: Db, row: DueRow, failure: SendFailure | undefined, now: Date, linkFor?: LinkFor): boolean {
  if (row.kind !== "document") return false;
  const line = documentFailedText(db, row, failure, linkFor);
  if (line === undefined) return false;
  return enqueue(db, { channel: row.channel, chatId: row.chatId, userId: row.userId, message: { type: "text", text: line },
    kind: "reply", dedupeKey: `gaveup:${row.id}` }, now) !== null;
}
