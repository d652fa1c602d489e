// `npm run cli -- check`: the environment, the ward profile, the catalogue it names and the report
// templates, every problem printed (one a line) before the bot is started with them.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { configProblems } from "../config.js";
import { loadCatalogueFile } from "../app/catalogue-file.js";
import { readProfile } from "../app/profile-file.js";
import { loadReportTemplates } from "../app/start.js";
import { readYamlSource, type YamlSource } from "../app/yaml-source.js";

export const DEFAULT_CATALOGUE = "templates/catalogue.yaml";
export const CHECK_OK = "✅ Hồ sơ, danh mục và mẫu báo cáo hợp lệ.";

/** The catalogue a profile names (`catalogue:`, relative to the profile file), or the default one. */
export function cataloguePathOf(profilePath: string, data: unknown): string {
  const named = (data as { catalogue?: unknown } | null)?.catalogue;
  return typeof named === "string" && named.trim() ? join(dirname(profilePath), named.trim()) : DEFAULT_CATALOGUE;
}

/**
 * The one call into the catalogue loader: every problem of the file, one a line. When the
 * catalogue branch lands, loadCatalogueFile is its loader (and its model is installed here first,
 * so the templates below are checked against this ward's metrics).
 */
export function catalogueProblems(path: string): string[] {
  try {
    loadCatalogueFile(path);
    return [];
  } catch (err) {
    return (err instanceof Error ? err.message : String(err)).split("\n");
  }
}

interface RawCatalogue { unitKinds?: { id?: unknown }[]; forms?: { id?: unknown; unitKinds?: unknown[] }[] }

/** What the profile uses that its catalogue lacks: unit kinds, and forms a kind must file. */
function crossProblems(profile: YamlSource, cataloguePath: string): string[] {
  let raw: RawCatalogue;
  try {
    raw = readYamlSource(cataloguePath, readFileSync(cataloguePath, "utf8")).data as RawCatalogue;
  } catch {
    return []; // already reported by catalogueProblems
  }
  const kinds = new Set((raw.unitKinds ?? []).map((k) => String(k?.id)));
  const forms = new Map((raw.forms ?? []).map((f) => [String(f?.id), (f?.unitKinds ?? []).map(String)]));
  const p = profile.data as { units?: { kind?: string }[]; obligations?: Record<string, string[]> };
  const problems: string[] = [];
  (p.units ?? []).forEach((u, i) => {
    if (u?.kind && !kinds.has(u.kind)) {
      problems.push(profile.error(["units", i, "kind"], `loại đơn vị ${u.kind} không có trong danh mục ${cataloguePath}; xin ghi một trong: ${[...kinds].join(", ")}, hoặc thêm loại này vào mục unitKinds của danh mục`).message);
    }
  });
  for (const [kind, list] of Object.entries(p.obligations ?? {})) {
    (list ?? []).forEach((formId, j) => {
      const formKinds = forms.get(formId);
      if (!formKinds) {
        problems.push(profile.error(["obligations", kind, j], `biểu mẫu ${formId} không có trong danh mục ${cataloguePath}; xin ghi một trong: ${[...forms.keys()].join(", ")}`).message);
      } else if (!formKinds.includes(kind)) {
        problems.push(profile.error(["obligations", kind, j], `biểu mẫu ${formId} không dành cho loại ${kind} (danh mục ghi unitKinds: ${formKinds.join(", ")}); xin bỏ, hoặc thêm ${kind} vào unitKinds của biểu mẫu`).message);
      }
    });
  }
  return problems;
}

/** Every problem found, in the order a clerk fixes them: environment, profile, catalogue, templates. */
export async function checkAll(env: NodeJS.ProcessEnv): Promise<string[]> {
  const { config, problems } = configProblems(env);
  const profilePath = config?.WARD_PROFILE_PATH ?? (env["WARD_PROFILE_PATH"] || "templates/ward-profile.yaml");
  if (!existsSync(profilePath)) {
    problems.push(`Cấu hình sai: biến WARD_PROFILE_PATH: không có tệp ${resolve(profilePath)}; ví dụ: WARD_PROFILE_PATH=phuong-moi/ward-profile.yaml`);
  } else {
    const profile = readProfile(profilePath);
    problems.push(...profile.problems);
    if (profile.source) {
      const cataloguePath = cataloguePathOf(profilePath, profile.source.data);
      const found = catalogueProblems(cataloguePath);
      problems.push(...found);
      if (profile.profile && found.length === 0) problems.push(...crossProblems(profile.source, cataloguePath));
    }
  }
  try {
    await loadReportTemplates({ REPORT_TEMPLATE_PATH: config?.REPORT_TEMPLATE_PATH ?? (env["REPORT_TEMPLATE_PATH"] || undefined),
      REPORT_TEMPLATE_DIR: config?.REPORT_TEMPLATE_DIR ?? (env["REPORT_TEMPLATE_DIR"] || undefined) });
  } catch (err) {
    problems.push(...(err instanceof Error ? err.message : String(err)).split("\n"));
  }
  return problems;
}

/** Prints the problems (or that all is well); 1 when there is any. */
export async function check(env: NodeJS.ProcessEnv, out: (line: string) => void): Promise<number> {
  const problems = await checkAll(env);
  if (problems.length === 0) {
    out(CHECK_OK);
    return 0;
  }
  for (const p of problems) out(`❌ ${p}`);
  out(`Có ${problems.length} lỗi. Sửa các lỗi trên rồi chạy lại: npm run cli -- check`);
  return 1;
}
