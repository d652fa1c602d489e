// "[[nhiem_vu]]": the tasks a leader gave for the next period, written as the template's own
// numbered items ("1. …."), the last one closed by the text the template names ("./.").
import type { DocBlock } from "../document.js";
import { upperFirst } from "../format.js";

export function taskParagraphs(tasks: readonly string[], end: string): DocBlock[] {
  const items = tasks
    .map((t) => t.normalize("NFC").replace(/\s+/g, " ").trim()
      .replace(/^(?:\d+[.)]|[-+•])\s*/u, "") // the leader's own numbering or bullet: ours replaces it
      .replace(/[\s;,.]+$/u, ""))
    .filter((t) => t !== "");
  return items.map((t, i) => ({
    kind: "paragraph" as const,
    spans: [{ text: `${i + 1}. ${upperFirst(t)}${i === items.length - 1 ? end.trim() || "." : "."}` }],
  }));
}
