// `npm run cli -- check`: the environment, the ward profile, the catalogue it names and the report
// templates, every problem printed (one a line) before the bot is started with them.
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { configProblems } from "../app/environment.js";
import { catalogueErrors, loadCatalogueFile } from "../app/catalogue-file.js";
import { cataloguePathOf, profileCatalogueProblems } from "../app/ward-catalogue.js";
import { useCatalogue } from "../domain/catalogue.js";
import { readProfile } from "../app/profile-file.js";
import { loadReportTemplates } from "../app/start.js";
import { unitCodeFitProblems } from "../app/choice-fit.js";
import { runningCapabilities } from "../channels/registry.js";
import { unconfirmedSigner, unconfirmedSignerLines } from "../domain/signer-check.js";

export const CHECK_OK = "✅ Hồ sơ, danh mục và mẫu báo cáo hợp lệ.";

/** Every problem found, in the order a clerk fixes them: environment, profile, catalogue, templates. */
export async function checkAll(env: NodeJS.ProcessEnv, warn: (line: string) => void = () => {}): Promise<string[]> {
  const { config, problems } = configProblems(env);
  const profilePath = config?.WARD_PROFILE_PATH ?? (env["WARD_PROFILE_PATH"] || "templates/ward-profile.yaml");
  // The templates name metrics: checked only against this ward's catalogue. Without it (profile or
  // catalogue unreadable, already reported) they wait, rather than add an internal error beside the real one.
  let catalogueInstalled = false;
  if (!existsSync(profilePath)) {
    problems.push(`Cấu hình sai: biến WARD_PROFILE_PATH: không có tệp ${resolve(profilePath)}; ví dụ: WARD_PROFILE_PATH=phuong-moi/ward-profile.yaml`);
  } else {
    const profile = readProfile(profilePath);
    problems.push(...profile.problems);
    // Not a problem (the old signer may be right), but said: a merged ward's reports would bear him unnoticed.
    const unconfirmed = profile.profile ? unconfirmedSigner(profile.profile) : null;
    if (unconfirmed) for (const line of unconfirmedSignerLines(unconfirmed)) warn(line);
    if (profile.source) {
      const cataloguePath = cataloguePathOf(profilePath);
      const found = catalogueErrors(cataloguePath).map((e) => e.message);
      problems.push(...found);
      if (found.length === 0) {
        // Installed before the templates are checked, so they are checked against this ward's metrics.
        useCatalogue(loadCatalogueFile(cataloguePath));
        catalogueInstalled = true;
        if (profile.profile) problems.push(...profileCatalogueProblems(profilePath, profile.profile));
        // Only against the channels this configuration runs (a long code is fine without Telegram's button limit).
        if (profile.profile && config) problems.push(...unitCodeFitProblems(profile.profile, runningCapabilities(config)));
      }
    }
  }
  if (!catalogueInstalled) return problems;
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
  const problems = await checkAll(env, out);
  if (problems.length === 0) {
    out(CHECK_OK);
    return 0;
  }
  for (const p of problems) out(`❌ ${p}`);
  out(`Có ${problems.length} lỗi. Sửa các lỗi trên rồi chạy lại: npm run cli -- check`);
  return 1;
}
