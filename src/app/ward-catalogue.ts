// The ward's catalogue at start-up: the file the profile names (its `catalogue` key, relative to
// the profile file; templates/catalogue.yaml when absent), read, installed for the process
// (useCatalogue), and the profile's unit kinds and obligations checked against it.
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { parse } from "yaml";
import { StartupError } from "../config.js";
import { formById, forms, unitKinds, useCatalogue, type Catalogue } from "../domain/catalogue.js";
import type { WardProfile } from "../domain/profile.js";
import { loadCatalogueFile } from "./catalogue-file.js";
import { readYamlSource, YamlFileError } from "./yaml-source.js";

/** The default ward's catalogue. */
export const DEFAULT_CATALOGUE = resolve(import.meta.dirname, "../../templates/catalogue.yaml");

/** The catalogue file a profile names; a profile that cannot be read is left to loadProfile to report. */
export function cataloguePathOf(profilePath: string): string {
  let named: unknown;
  try {
    named = (parse(readFileSync(profilePath, "utf8")) as { catalogue?: unknown } | null)?.catalogue;
  } catch {
    named = undefined;
  }
  return typeof named === "string" && named.trim() ? resolve(dirname(profilePath), named.trim()) : DEFAULT_CATALOGUE;
}

/** Reads and installs a catalogue file; a bad file stops start-up with its first error (file, line, column). */
export function installCatalogue(path: string): Catalogue {
  let c: Catalogue;
  try {
    c = loadCatalogueFile(path);
  } catch (err) {
    if (err instanceof YamlFileError) throw new StartupError(err.message);
    throw err;
  }
  useCatalogue(c);
  return c;
}

/** Installs the catalogue the profile at this path names. */
export function installWardCatalogue(profilePath: string): Catalogue {
  return installCatalogue(cataloguePathOf(profilePath));
}

/**
 * What the profile uses that the installed catalogue lacks: unit kinds, forms in `obligations`, and
 * forms owed by a kind they are not for. Each problem names the profile's line and column.
 */
export function profileCatalogueProblems(profilePath: string, profile: WardProfile): string[] {
  const kinds = unitKinds().map((k) => k.id);
  const problems: { path: (string | number)[]; message: string }[] = [];
  profile.units.forEach((u, i) => {
    if (!kinds.includes(u.kind)) problems.push({ path: ["units", i, "kind"], message: `không có loại đơn vị "${u.kind}" trong danh mục biểu mẫu; xin ghi một trong: ${kinds.join(", ")}, hoặc thêm loại này vào mục unitKinds của danh mục` });
  });
  for (const [kind, owed] of Object.entries(profile.obligations)) {
    if (!kinds.includes(kind)) problems.push({ path: ["obligations", kind], message: `không có loại đơn vị "${kind}" trong danh mục biểu mẫu; xin ghi một trong: ${kinds.join(", ")}` });
    owed.forEach((f, i) => {
      const form = formById(f);
      if (!form) problems.push({ path: ["obligations", kind, i], message: `không có biểu mẫu "${f}" trong danh mục biểu mẫu; xin ghi một trong: ${forms().map((x) => x.id).join(", ")}` });
      else if (kinds.includes(kind) && !form.unitKinds.includes(kind)) {
        problems.push({ path: ["obligations", kind, i], message: `biểu mẫu "${f}" không dành cho loại ${kind} (danh mục ghi unitKinds: ${form.unitKinds.join(", ")}); xin bỏ, hoặc thêm ${kind} vào unitKinds của biểu mẫu` });
      }
    });
  }
  if (problems.length === 0) return [];
  let source: ReturnType<typeof readYamlSource> | undefined;
  try {
    source = readYamlSource(profilePath, readFileSync(profilePath, "utf8"));
  } catch {
    // The profile was read already; a second read failing keeps the messages without a position.
  }
  return problems.map((p) => source?.error(p.path, p.message).message ?? `${profilePath}: ${p.path.join(".")}: ${p.message}`);
}

/** Stops start-up with every such problem, one a line. */
export function checkProfileAgainstCatalogue(profilePath: string, profile: WardProfile): void {
  const problems = profileCatalogueProblems(profilePath, profile);
  if (problems.length > 0) throw new StartupError(problems.join("\n"));
}
