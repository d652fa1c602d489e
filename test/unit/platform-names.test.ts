// Architecture rule 2: nothing outside a channel's folder (src/channels/<name>/) and the registry
// names a platform, its limits or its variables. Comments may name one as an example, so they are
// stripped first; code and string literals may not.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");
const SRC = join(ROOT, "src");
const PLATFORM = /telegram|zalo|telegraf|\bBOT_(TOKEN|USERNAME)\b/i;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []));
}

/** The source without its comments (strings, templates and regular expressions kept as written). */
export function stripComments(src: string): string {
  let out = "";
  let i = 0;
  // A "/" starts a regular expression after these (or at the start), a division otherwise.
  const regexAfter = /[(,=:[!&|?{};+\-*%<>~^]$|(^|[^\w$])(return|typeof|case|of|in)$|^$/;
  while (i < src.length) {
    const c = src[i]!, n = src[i + 1];
    if (c === "/" && n === "/") { while (i < src.length && src[i] !== "\n") i++; continue; }
    if (c === "/" && n === "*") { const end = src.indexOf("*/", i + 2); i = end < 0 ? src.length : end + 2; out += " "; continue; }
    if (c === "\"" || c === "'" || c === "`") {
      let j = i + 1;
      while (j < src.length && src[j] !== c) j += src[j] === "\\" ? 2 : 1;
      out += src.slice(i, j + 1); i = j + 1; continue;
    }
    if (c === "/" && regexAfter.test(out.trimEnd())) {
      let j = i + 1, inClass = false;
      while (j < src.length && (src[j] !== "/" || inClass) && src[j] !== "\n") {
        if (src[j] === "\\") j++;
        else if (src[j] === "[") inClass = true;
        else if (src[j] === "]") inClass = false;
        j++;
      }
      out += src.slice(i, j + 1); i = j + 1; continue;
    }
    out += c; i++;
  }
  return out;
}

/** Channel folders and the registry (which lists the plug-ins) may name their platform. */
const allowed = (path: string) => /^channels\/[^/]+\//.test(path) || path === "channels/registry.ts";

describe("no platform named outside the channel folders", () => {
  it("strips comments but keeps strings and regular expressions", () => {
    expect(stripComments("const a = \"http://x\"; // Zalo\n/* Telegram */ const r = /a\\/b/; x = 1 / 2; // c")).toBe("const a = \"http://x\"; \n  const r = /a\\/b/; x = 1 / 2; ");
  });

  it("no code or string literal outside src/channels/<name>/ and the registry names a platform", () => {
    const hits = files(SRC).flatMap((file) => {
      const path = relative(SRC, file);
      if (allowed(path)) return [];
      return stripComments(readFileSync(file, "utf8")).split("\n")
        .flatMap((line) => (PLATFORM.test(line) ? [`${path}: ${line.trim().slice(0, 120)}`] : []));
    });
    expect(hits).toEqual([]);
  });
});
