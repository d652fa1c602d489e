// PLACEHOLDER until the catalogue branch (i16-catalogue) lands: its loadCatalogueFile replaces this
// file. Here it only reads the YAML (errors with file, line and column) and returns it unchecked, so
// `npm run cli -- check` and `init` can call the one function they will call then.
import { readFileSync } from "node:fs";
import { StartupError } from "../config.js";
import { readYamlSource, YamlFileError } from "./yaml-source.js";

export function loadCatalogueFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new StartupError(`Tệp ${path}: không đọc được danh mục biểu mẫu (không có tệp, hoặc không có quyền đọc); kiểm tra mục catalogue trong hồ sơ phường`);
  }
  try {
    return readYamlSource(path, text).data;
  } catch (err) {
    if (err instanceof YamlFileError) throw new StartupError(err.message);
    throw err;
  }
}
