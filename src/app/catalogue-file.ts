// Reads a ward's catalogue file (templates/catalogue.yaml by default) and builds it; every error
// names the file, the line and the column, in Vietnamese, with what to write.
import { readFileSync } from "node:fs";
import { buildCatalogue, CatalogueError } from "../domain/catalogue-schema.js";
import type { Catalogue } from "../domain/catalogue.js";
import { readYamlSource, YamlFileError } from "./yaml-source.js";

/** Every problem of the file, each as "Tệp X, dòng L, cột C: …"; empty when it is good. */
export function catalogueErrors(path: string): YamlFileError[] {
  try {
    loadCatalogueFile(path);
    return [];
  } catch (err) {
    if (err instanceof CatalogueFileError) return [...err.errors];
    throw err;
  }
}

/** The problems of a catalogue file; the message is the first (start-up prints one line). */
export class CatalogueFileError extends YamlFileError {
  constructor(readonly errors: readonly YamlFileError[]) {
    const first = errors[0]!;
    super(first.file, first.position, "");
    this.message = first.message;
  }
}

export function loadCatalogueFile(path: string): Catalogue {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new CatalogueFileError([new YamlFileError(path, undefined, "không đọc được tệp danh mục biểu mẫu; kiểm tra đường dẫn (mục catalogue trong hồ sơ phường)")]);
  }
  let source;
  try {
    source = readYamlSource(path, text);
  } catch (err) {
    if (err instanceof YamlFileError) throw new CatalogueFileError([err]);
    throw err;
  }
  try {
    return buildCatalogue(source.data);
  } catch (err) {
    if (err instanceof CatalogueError) throw new CatalogueFileError(err.issues.map((i) => source.error(i.path, i.message)));
    throw err;
  }
}
