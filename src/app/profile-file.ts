// Reads the ward profile YAML and validates it; errors name the file and the field (a dated
// change by its position: "thay đổi thứ 1").
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { wardProfileSchema, type WardProfile } from "../domain/profile.js";
import { StartupError } from "../config.js";

/** Where in the profile an error is, as a clerk counts: "mục ward.name", "thay đổi thứ 2, mục signer.name". */
function where(path: readonly PropertyKey[]): string {
  const names = path.map(String);
  if (names[0] === "changes" && typeof path[1] === "number") {
    const rest = names.slice(2).join(".");
    return `thay đổi thứ ${path[1] + 1}${rest ? `, mục ${rest}` : ""}`;
  }
  return `mục ${names.join(".") || "(gốc)"}`;
}

export function loadProfile(path: string): WardProfile {
  let raw: unknown;
  try {
    raw = parse(readFileSync(path, "utf8"));
  } catch (err) {
    throw new StartupError(`${path}: không đọc được hồ sơ phường (${err instanceof Error ? err.message.split("\n")[0] : String(err)})`);
  }
  const parsed = wardProfileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new StartupError(`${path}: ${where(issue.path)}: ${issue.message}`);
  }
  return parsed.data;
}
