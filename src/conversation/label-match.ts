// The one rule for a typed name of something listed (a button's label, a form's title): the
// label typed whole, else the only label that starts with what was typed (three letters or more),
// "tuyen truyen" for "Tuyên truyền, phổ biến". Diacritics and case do not matter; a label's
// leading emoji, and the typed text's leading emoji and trailing punctuation ("✅ Lưu", "lưu."), are not words.
import { fold } from "../domain/vn.js";

const MIN_START = 3;

const labelWords = (s: string) => fold(s.replace(/^[^\p{L}\p{N}]+/u, ""));
const typedWords = (s: string) => labelWords(s.trim().replace(/[\s.!?…,;:]+$/u, ""));

/** The item named by `typed`, or undefined when none is, or when the start fits more than one. */
export function matchLabel<T>(typed: string, items: readonly T[], labelOf: (item: T) => string): T | undefined {
  const t = typedWords(typed);
  const labels = items.map((item) => ({ item, label: labelWords(labelOf(item)) }));
  const exact = labels.find((l) => l.label === t);
  if (exact) return exact.item;
  const starts = t.length >= MIN_START ? labels.filter((l) => l.label.startsWith(t)) : [];
  return starts.length === 1 ? starts[0]!.item : undefined;
}
