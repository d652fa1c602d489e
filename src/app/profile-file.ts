// Reads the ward profile YAML and validates it; errors name the file and the field.
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { wardProfileSchema, type WardProfile } from "../domain/profile.js";
import { StartupError } from "../config.js";


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
    throw new StartupError(`${path}: mục ${issue.path.join(".") || "(gốc)"}: ${issue.message}`);
  }
  return parsed.data;
}
