// Reads the ward profile YAML and validates it; every error names the file, the line and the column,
// and says in Vietnamese what to write ("Tệp X, dòng 12, cột 11: units, mục 2, kind: …").
import { readFileSync } from "node:fs";
import { wardProfileSchema, type WardProfile } from "../domain/profile.js";
import { StartupError } from "../config.js";
import { readYamlSource, YamlFileError, type YamlSource } from "./yaml-source.js";
import { viIssueWith, type Examples } from "../domain/zod-vi.js";

/** How to write each field, shown when it is missing or wrong (by its names joined, or its own name). */
export const PROFILE_EXAMPLES: Examples = {
  "ward": "(rồi các dòng code, name, place, issuingBody thụt vào bên dưới)",
  "ward.code": "nhon-hung",
  "ward.name": "Phường Nhơn Hưng",
  "ward.place": "Nhơn Hưng",
  "issuingBody": "[ỦY BAN NHÂN DÂN, PHƯỜNG NHƠN HƯNG]",
  "signer": "{ title: CHỦ TỊCH, name: Nguyễn Văn A }",
  "signer.title": "CHỦ TỊCH",
  "signer.name": "Nguyễn Văn A",
  "title": "CHỦ TỊCH",
  "recipients": "[\"UBND tỉnh (để b/c)\", \"Lưu: VT\"]",
  "units": "[{ code: dong-hung, name: Khóm Đông Hưng, kind: khom }]",
  "units.code": "dong-hung",
  "units.name": "Khóm Đông Hưng",
  "units.kind": "khom",
  "code": "dong-hung",
  "from": "2025-07-01",
};

/** Every problem of the profile at `path`, each one line; the profile when there is none. */
export function readProfile(path: string): { profile?: WardProfile; source?: YamlSource; problems: string[] } {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return { problems: [`Tệp ${path}: không đọc được hồ sơ phường (không có tệp, hoặc không có quyền đọc); kiểm tra biến WARD_PROFILE_PATH`] };
  }
  let source: YamlSource;
  try {
    source = readYamlSource(path, text);
  } catch (err) {
    if (err instanceof YamlFileError) return { problems: [err.message] };
    throw err;
  }
  if (source.data === null || source.data === undefined) {
    return { source, problems: [`Tệp ${path}: tệp trống; chép tệp mẫu templates/ward-profile.yaml rồi sửa, hoặc lập hồ sơ mới: npm run cli -- init`] };
  }
  const parsed = wardProfileSchema.safeParse(source.data, { error: viIssueWith(PROFILE_EXAMPLES) });
  if (parsed.success) return { profile: parsed.data, source, problems: [] };
  return { source, problems: parsed.error.issues.map((i) => source.error(i.path, i.message).message) };
}

/** The profile, or a StartupError listing every problem, one a line. */
export function loadProfile(path: string): WardProfile {
  const r = readProfile(path);
  if (!r.profile) throw new StartupError(r.problems.join("\n"));
  return r.profile;
}
