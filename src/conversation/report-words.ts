// The leader's own words as typed (chat or CLI): cleaned, split and checked the same way in both,
// so /nhandinh and --nhan-dinh store the same thing. Pure.
import { fold } from "../domain/vn.js";
import { xmlSafe } from "../domain/xml-text.js";

/** One căn cứ line, one sentence, one task, one round fact: longer is a pasted page, not a line. */
export const MAX_LENGTH = 600;
export const MAX_TASKS = 15;

/**
 * NFC, without the characters XML 1.0 forbids (no document could hold them; dropped before NFC, so
 * a mark they separated composes with its letter), spaces collapsed on one line.
 */
export function cleanLine(typed: string): string {
  return xmlSafe(typed).normalize("NFC").replace(/\s+/g, " ").trim();
}

/** Like cleanLine, keeping the line breaks (tasks are typed one per line). */
export function cleanLines(typed: string): string {
  return xmlSafe(typed).normalize("NFC").replace(/\r\n?/g, "\n")
    .split("\n").map((l) => l.replace(/\s+/g, " ").trim()).join("\n").trim();
}

/** "- a", "• a", "1. a", "2) a" → "a": the marks a person types before a list item. */
const BULLET = /^(?:[-•+*–]\s*|\d{1,2}\s*[.)]\s+)/u;

/** The tasks typed one per line; a single line may separate them with ";". Empty items dropped. */
export function splitTasks(typed: string): string[] {
  const lines = cleanLines(typed).split("\n").filter(Boolean);
  const items = lines.length === 1 ? lines[0]!.split(";") : lines;
  return items.map((t) => t.trim().replace(BULLET, "").trim()).filter(Boolean);
}

/** Why the tasks cannot be kept, or null. */
export function refuseTasks(tasks: readonly string[]): string | null {
  if (tasks.length === 0) return "Chưa có nhiệm vụ nào: gõ mỗi nhiệm vụ một dòng (hoặc cách nhau bằng dấu ;).";
  if (tasks.length > MAX_TASKS) return `Nhiều quá ${MAX_TASKS} nhiệm vụ. Xin gộp bớt.`;
  const long = tasks.findIndex((t) => t.length > MAX_LENGTH);
  if (long >= 0) return `Nhiệm vụ số ${long + 1} dài quá ${MAX_LENGTH} ký tự. Xin viết gọn lại.`;
  return null;
}

/** Why a sentence or round fact cannot be kept, or null. */
export function refuseText(what: string, typed: string): string | null {
  if (!typed) return `Chưa có nội dung ${what}.`;
  if (typed.length > MAX_LENGTH) return `${upper(what)} dài quá ${MAX_LENGTH} ký tự. Xin viết gọn lại.`;
  return null;
}

const upper = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The round fact a person named ("ngoai_bien", "ngoại biên", "Ngoai bien"), or undefined. */
export function factName(typed: string, names: readonly string[]): string | undefined {
  const s = fold(typed).replace(/[\s-]+/g, "_");
  return names.find((n) => n === s);
}

/** How many words a fact name may take at the end of a line, most first ("ngoại biên" 2, "ngoai_bien" 1). */
export function factWordCounts(names: readonly string[]): number[] {
  const most = Math.max(1, ...names.map((n) => n.split("_").length));
  return Array.from({ length: most }, (_, i) => most - i);
}
