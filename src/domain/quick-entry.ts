// Quick entry: one typed line ("tuyen truyen 3 buoi 150 nguoi 2 gio loa") read into a form's
// answers. Pure. A number is taken only when the words right after it name exactly one field of
// the form; anything unclear is left unanswered so the form asks it, never guessed.
import {
  formById, forms, formsForUnitKind, unitKinds, type Answers, type ChoiceField, type FormDef, type FormId,
  type NumberField, type UnitKind,
} from "./catalogue.js";
import { brokenChecks, readFigure } from "./figure.js";
import { fold } from "./vn.js";

export type QuickParse =
  /**
   * `unread`: pieces of the line that were not used (shown as typed); `notes`: failed cross-checks;
   * `ask`: a figure that may be read two ways ("1.500" giờ), asked first with the form's choices.
   */
  | { kind: "draft"; formId: FormId; answers: Answers; unread: string[]; notes: string[]; ask?: { key: string; message: string; readings: number[] } }
  | { kind: "nil"; formId: FormId | undefined }
  | { kind: "foreign"; formId: FormId }
  | { kind: "unknown" };

// The words that name a form, a choice and a field are the catalogue's (templates/catalogue.yaml):
// a form's words name it (patrol kinds alone do not: "tổ phụ nữ" is also a tự quản field, nor do
// everyday words: a chat line is not an entry by accident); a word shared by two fields of a form
// ("vụ", "tổ", "tin") identifies neither: such a number is asked.

const MONEY_MULTIPLIERS = new Set(["k", "tr", "trieu", "ty", "ti"]);
const COUNT_MULTIPLIERS = new Set(["nghin", "ngan"]);
/** Number words zero to ten, folded: "không" is zero, as the form reads it. */
const SPELLED = new Map([...["khong", "mot", "hai", "ba", "bon", "nam", "sau", "bay", "tam", "chin", "muoi"].map((w, i) => [w, i] as const), ["ko", 0]]);
const NUMBER_TOKEN = /^[-−]?\d[\d.,]*$/;
const GLUED = /^(\d[\d.,]*)(k|tr|trieu|ty|ti)$/;

interface Token { word: string; shown: string }

/** Words of the line, folded for matching, with the typed form kept for messages. */
function tokenize(line: string): Token[] {
  return line.normalize("NFC").split(/\s+/).flatMap((raw) => {
    // Punctuation around words ("buổi," "(3)") is no part of them; a number keeps its inner dots and commas.
    const shown = raw.replace(/^[^\p{L}\p{N}\-−]+|[^\p{L}\p{N}]+$/gu, "");
    const word = fold(shown).replace(/[^a-z0-9.,\-−]/g, " ").trim();
    return word ? word.split(" ").filter(Boolean).map((w, i, all) => ({ word: w, shown: all.length === 1 ? shown : w })) : [];
  });
}

const isNumber = (w: string) => NUMBER_TOKEN.test(w) || GLUED.test(w);

/** Where a phrase (folded words) occurs in the words, as start indexes. */
function occurrences(words: string[], phrase: string): number[] {
  const p = phrase.split(" ");
  const out: number[] = [];
  for (let i = 0; i + p.length <= words.length; i++) if (p.every((w, j) => words[i + j] === w)) out.push(i);
  return out;
}

/** The form named earliest in the line (a longer name wins at the same place). */
function findForm(words: string[]): { id: FormId; at: number; len: number } | undefined {
  let best: { id: FormId; at: number; len: number } | undefined;
  for (const form of forms()) {
    const id = form.id;
    for (const alias of [fold(form.title).replace(/,/g, ""), ...form.words]) {
      const len = alias.split(" ").length;
      for (const at of occurrences(words, alias)) {
        if (!best || at < best.at || (at === best.at && len > best.len)) best = { id, at, len };
      }
    }
  }
  return best;
}

function numberFields(form: FormDef): NumberField[] {
  return form.fields.filter((f): f is NumberField => f.kind === "number");
}

/** alias → the fields of the form it may name. */
function fieldWords(form: FormDef): Map<string, Set<string>> {
  const map = new Map<string, Set<string>>();
  const add = (alias: string, key: string) => {
    const a = fold(alias).replace(/[^a-z0-9 ]/g, " ").replace(/\s+/g, " ").trim();
    if (a) map.set(a, (map.get(a) ?? new Set()).add(key));
  };
  for (const f of numberFields(form)) {
    for (const alias of [f.unit, f.label.replace(/\(.*\)/, ""), ...f.words]) add(alias, f.key);
  }
  return map;
}

/** The one option of a choice field the line names (a patrol kind), if exactly one. */
function findChoice(field: ChoiceField, words: string[]): string | undefined {
  const ids = field.options.filter((o) => (o.words ?? []).some((a) => occurrences(words, a).length > 0)).map((o) => o.id);
  return ids.length === 1 ? ids[0] : undefined;
}

/** Reads one line for a person of a unit kind. */
export function parseQuickEntry(line: string, unitKind: UnitKind): QuickParse {
  const tokens = tokenize(line);
  const words = tokens.map((t) => t.word);
  const nilAt = occurrences(words, "khong phat sinh")[0];
  if (nilAt !== undefined) {
    const rest = [...words.slice(0, nilAt), ...words.slice(nilAt + 3)];
    const formId = findForm(rest)?.id;
    if (formId && !formById(formId)!.unitKinds.includes(unitKind)) return { kind: "foreign", formId };
    return { kind: "nil", formId };
  }
  const named = findForm(words);
  if (!named) return { kind: "unknown" };
  const formId = named.id;
  const form = formById(formId)!;
  if (!form.unitKinds.includes(unitKind)) return { kind: "foreign", formId };

  const answers: Answers = {};
  const unread: string[] = [];
  for (const f of form.fields) {
    const choice = f.kind === "choice" ? findChoice(f, words) : undefined;
    if (choice) answers[f.key] = choice;
  }

  const aliases = fieldWords(form);
  const longest = Math.max(...[...aliases.keys()].map((a) => a.split(" ").length));
  const fields = numberFields(form);
  const moneyFields = fields.filter((f) => f.money);
  const read: { key: string; value: number; piece: string }[] = [];
  let ask: { key: string; message: string; readings: number[] } | undefined;
  const fieldAfter = (at: number): { keys: Set<string>; n: number } | undefined => {
    // The longest run of following words that names a field.
    for (let n = Math.min(longest, tokens.length - at - 1); n >= 1; n--) {
      const phrase = words.slice(at + 1, at + 1 + n);
      const keys = phrase.some(isNumber) ? undefined : aliases.get(phrase.join(" "));
      if (keys) return { keys, n };
    }
    return undefined;
  };
  for (let i = 0; i < tokens.length; i++) {
    // The form's own name is no figure ("nắm tin": "năm" is also five).
    const spelled = i >= named.at && i < named.at + named.len ? undefined : SPELLED.get(words[i]!);
    if (spelled !== undefined) {
      // "hai buổi": a number word counts only right before a word naming one field ("năm" is also a year).
      const hit = fieldAfter(i);
      if (!hit) continue;
      const piece = tokens.slice(i, i + 1 + hit.n).map((t) => t.shown).join(" ");
      if (hit.keys.size === 1) read.push({ key: [...hit.keys][0]!, value: spelled, piece });
      else unread.push(piece);
      i += hit.n;
      continue;
    }
    if (!isNumber(words[i]!)) {
      // "3buổi": digits glued to a word are no figure we read, but are named, never dropped.
      if (/^[-−]?\d/.test(words[i]!)) unread.push(tokens[i]!.shown);
      continue;
    }
    const start = i;
    const glued = GLUED.exec(words[i]!);
    const digits = glued ? glued[1]! : words[i]!;
    let multiplier = glued?.[2];
    const next = words[i + 1] ?? "";
    if (!multiplier && (MONEY_MULTIPLIERS.has(next) || COUNT_MULTIPLIERS.has(next))) multiplier = words[++i];
    const hit = fieldAfter(i);
    let keys = hit?.keys;
    i += hit?.n ?? 0;
    // "5 triệu" alone is money when the form has one money field.
    if (!keys && multiplier && MONEY_MULTIPLIERS.has(multiplier) && moneyFields.length === 1) keys = new Set([moneyFields[0]!.key]);
    const piece = tokens.slice(start, i + 1).map((t) => t.shown).join(" ");
    const field = keys?.size === 1 ? fields.find((f) => keys.has(f.key)) : undefined;
    // "15k phần quà": a money multiplier on a count is a slip, not a figure.
    const fits = field && !(multiplier && MONEY_MULTIPLIERS.has(multiplier) && !field.money);
    // Read with the field's own rules, as the form reads an answer.
    const n = fits ? readFigure(field, multiplier ? `${digits} ${multiplier}` : digits) : undefined;
    if (n?.ok) read.push({ key: field!.key, value: n.value, piece });
    else if (n && n.reason === "ambiguous" && n.readings?.length && !ask) ask = { key: field!.key, message: n.message, readings: n.readings };
    else unread.push(piece);
  }
  for (const r of read) {
    // The same field given twice: neither figure is taken.
    if (read.filter((x) => x.key === r.key).length > 1) unread.push(r.piece);
    else answers[r.key] = r.value;
  }
  const notes: string[] = [];
  // The first broken check loses its first figure (the form asks it), then the rest are judged again.
  for (let c = brokenChecks(form, answers)[0]; c; c = brokenChecks(form, answers)[0]) {
    delete answers[c.fields[0]!];
    notes.push(c.message);
  }
  if (ask && ask.key in answers) ask = undefined;
  return { kind: "draft", formId, answers, unread, notes, ...(ask ? { ask } : {}) };
}

/** A line to show as an example: the unit kind's own, else that of the first form it files. */
export function quickExample(unitKind: UnitKind): string | undefined {
  return unitKinds().find((k) => k.id === unitKind)?.example ?? formsForUnitKind(unitKind)[0]?.example;
}
