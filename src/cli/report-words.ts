// The `report` command's options for the leader's own words (--nhan-dinh, --nhiem-vu, --dot,
// --bo-loi): read and checked as the chat's /nhandinh, /nhiemvu, /dot do, stored the same way.
import { KIND_LABELS, type ReportKind } from "../report/kinds.js";
import { ROUND_FACTS, type ReportWords } from "../report/round-facts.js";
import { cleanLine, factName, refuseTasks, refuseText, splitTasks } from "../conversation/report-words.js";

/** The leader's own words of the report (as /nhandinh, /nhiemvu, /dot in the chat). */
export const WORD_OPTIONS = {
  "nhan-dinh": { type: "string" }, "nhiem-vu": { type: "string", multiple: true }, dot: { type: "string", multiple: true },
  "bo-loi": { type: "boolean" },
} as const;

/**
 * The period's words after --bo-loi (clears them), --nhan-dinh, --nhiem-vu (the list, in order)
 * and --dot ten=… (an empty value removes the fact); undefined when none was given; a string
 * says what is wrong. Checked whole before anything is stored.
 */
export function wordsFromOptions(values: { "nhan-dinh"?: string; "nhiem-vu"?: string[]; dot?: string[]; "bo-loi"?: boolean }, kept: ReportWords): ReportWords | undefined | string {
  const given = values["bo-loi"] || values["nhan-dinh"] !== undefined || values["nhiem-vu"]?.length || values.dot?.length;
  if (!given) return undefined;
  const words: ReportWords = values["bo-loi"] ? { situation: null, tasks: [], facts: {} } : { ...kept, facts: { ...kept.facts } };
  if (values["nhan-dinh"] !== undefined) {
    const sentence = cleanLine(values["nhan-dinh"]);
    const refused = refuseText("nhận định", sentence);
    if (refused) return `--nhan-dinh: ${refused}`;
    words.situation = sentence;
  }
  if (values["nhiem-vu"]?.length) {
    // Repeated, each value is one task; a single value may separate them with ";", as in the chat.
    const given = values["nhiem-vu"];
    const tasks = given.length === 1 ? splitTasks(given[0]!) : given.map(cleanLine).filter(Boolean);
    const refused = refuseTasks(tasks);
    if (refused) return `--nhiem-vu: ${refused}`;
    words.tasks = tasks;
  }
  const names = Object.keys(ROUND_FACTS);
  for (const d of values.dot ?? []) {
    const eq = d.indexOf("=");
    const name = eq > 0 ? factName(d.slice(0, eq), names) : undefined;
    if (!name) return `--dot cần dạng ten="nội dung", với ten là một trong: ${names.join(", ")}.`;
    const value = cleanLine(d.slice(eq + 1));
    if (!value) { delete words.facts[name]; continue; }
    const refused = refuseText(`mục ${name}`, value);
    if (refused) return `--dot: ${refused}`;
    words.facts[name] = value;
  }
  return words;
}

/** What the leader added to this report, in one line (the chat shows it before issuing). */
export function addedWords(basis: number, w: ReportWords, kind: ReportKind): string | null {
  const parts = [
    basis ? `${basis} căn cứ riêng của báo cáo ${KIND_LABELS[kind]} (--can-cu, --bo-can-cu)` : "",
    w.situation ? "nhận định (--nhan-dinh)" : "",
    w.tasks.length ? `${w.tasks.length} nhiệm vụ kỳ tới (--nhiem-vu)` : "",
    Object.keys(w.facts).length ? `thông tin đợt: ${Object.keys(w.facts).join(", ")} (--dot)` : "",
  ].filter(Boolean);
  return parts.length ? `Có in thêm: ${parts.join("; ")}. Bỏ lời riêng của kỳ: --bo-loi.` : null;
}
