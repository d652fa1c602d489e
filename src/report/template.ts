// Report templates: a small text format an office clerk can edit (templates/README.md).
// parseTemplate validates a template and reports every problem with its line;
// renderTemplate fills it with ReportData into a DocModel. Only loadTemplate does I/O.
import { readFile } from "node:fs/promises";
import { parseTemplate } from "./template/parse.js";
import { TemplateError, type ParseResult } from "./template/types.js";

export { parseTemplate } from "./template/parse.js";
export { renderTemplate } from "./template/render.js";
export { FIELDS, FILTERS } from "./template/fields.js";
export { TemplateError } from "./template/types.js";
export type { ParseResult, Template, TemplateBlock, ValueType } from "./template/types.js";

/** Reads and parses a template file; an unreadable file is reported like any other error. */
export async function loadTemplate(path: string): Promise<ParseResult> {
  let source: string;
  try {
    source = await readFile(path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "không tìm thấy tệp" : `không đọc được tệp (${code ?? String(e)})`;
    return { ok: false, errors: [new TemplateError(path, 0, `Mẫu báo cáo: ${why}.`)] };
  }
  return parseTemplate(source, path);
}
