// `check` in a fresh process (as `npm run cli -- check` runs; in-process tests always have the default
// catalogue installed): a missing profile, a mis-indented one, or a missing catalogue shows only that
// error, never the internal "no catalogue installed" beside it.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../helpers/temp.js";

/** dist/cli.js (built by the vitest global setup) with only the variables given. */
function checkIn(env: Record<string, string>): { status: number | null; lines: string[] } {
  const r = spawnSync(process.execPath, [resolve("dist/cli.js"), "check"], { env: { PATH: process.env["PATH"] ?? "", ...env }, encoding: "utf8", timeout: 120_000 });
  return { status: r.status, lines: r.stdout.split("\n").filter(Boolean) };
}

describe("cli check in a fresh process", () => {
  it("a missing profile is the one error", () => {
    const dir = tempDir("bienbot-check-fresh-");
    const r = checkIn({ WARD_PROFILE_PATH: join(dir, "nope.yaml") });
    expect(r.lines).toHaveLength(2);
    expect(r.lines[0]).toMatch(/^❌ Cấu hình sai: biến WARD_PROFILE_PATH: không có tệp /);
    expect(r.lines[1]).toBe("Có 1 lỗi. Sửa các lỗi trên rồi chạy lại: npm run cli -- check");
    expect(r.status).toBe(1);
  }, 180_000);

  it("a mis-indented profile or a missing catalogue shows only its own errors", () => {
    const dir = tempDir("bienbot-check-fresh-");
    const bad = join(dir, "ward-profile.yaml");
    writeFileSync(bad, "catalogue: catalogue.yaml\nward:\n  code: x\n   name: Y\n");
    const indented = checkIn({ WARD_PROFILE_PATH: bad });
    expect(indented.lines.join("\n")).not.toContain("useCatalogue");
    expect(indented.lines.at(-1)).toBe(`Có ${indented.lines.length - 1} lỗi. Sửa các lỗi trên rồi chạy lại: npm run cli -- check`);
    expect(indented.lines[0]).toMatch(/^❌ Tệp .*ward-profile\.yaml/);

    const other = tempDir("bienbot-check-fresh-");
    const profile = join(other, "ward-profile.yaml");
    writeFileSync(profile, "catalogue: catalogue.yaml\nward: { code: xa-thu, name: Xã Thử, place: Thử, issuingBody: [ỦY BAN NHÂN DÂN, XÃ THỬ] }\n" +
      "signer: { title: CHỦ TỊCH, name: Nguyễn Văn A }\nrecipients: [\"Lưu: VT\"]\nunits:\n  - { code: ap-1, name: Ấp 1, kind: khom }\n");
    const noCatalogue = checkIn({ WARD_PROFILE_PATH: profile });
    expect(noCatalogue.lines.join("\n")).not.toContain("useCatalogue");
    expect(noCatalogue.lines[0]).toContain("không đọc được tệp danh mục biểu mẫu");
    expect(noCatalogue.lines.at(-1)).toBe("Có 1 lỗi. Sửa các lỗi trên rồi chạy lại: npm run cli -- check");
  }, 180_000);
});
