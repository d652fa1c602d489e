// The ward's catalogue at start-up: the file the profile names (its `catalogue` key, relative to
// the profile file; templates/catalogue.yaml when absent), read, installed for the process
// (useCatalogue), and the profile's unit kinds and obligations checked against it.
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { parse } from "yaml";
import { StartupError } from "../config.js";
import { formById, unitKinds, useCatalogue, type Catalogue } from "../domain/catalogue.js";
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

/** Every unit's kind and every obligation must name the installed catalogue's kinds and forms. */
export function checkProfileAgainstCatalogue(profilePath: string, profile: WardProfile): void {
  const kinds = unitKinds().map((k) => k.id);
  const problems: { path: (string | number)[]; message: string }[] = [];
  profile.units.forEach((u, i) => {
    if (!kinds.includes(u.kind)) problems.push({ path: ["units", i, "kind"], message: `không có loại đơn vị "${u.kind}" trong danh mục biểu mẫu; xin ghi một trong: ${kinds.join(", ")}` });
  });
  for (const [kind, forms] of Object.entries(profile.obligations)) {
    if (!kinds.includes(kind)) problems.push({ path: ["obligations", kind], message: `không có loại đơn vị "${kind}" trong danh mục biểu mẫu; xin ghi một trong: ${kinds.join(", ")}` });
    forms.forEach((f, i) => {
      if (!formById(f)) problems.push({ path: ["obligations", kind, i], message: `không có biểu mẫu "${f}" trong danh mục biểu mẫu; xin ghi mã một biểu mẫu (mục forms, id)` });
    });
  }
  const first = problems[0];
  if (!first) return;
  let message = `${profilePath}: ${first.path.join(".")}: ${first.message}`;
  try {
    message = readYamlSource(profilePath, readFileSync(profilePath, "utf8")).error(first.path, first.message).message;
  } catch {
    // The profile was read already; a second read failing keeps the message without a position.
  }
  throw new StartupError(message);
}
