// Issue 16, item 3: `npm run cli -- check` prints every problem of the environment, the profile, the
// catalogue it names and the report templates, and exits 1; or says all is valid and exits 0.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "../helpers/cli.js";
import { tempDir } from "../helpers/temp.js";

const PROFILE = [
  "catalogue: catalogue.yaml",                          // 1
  "ward: { code: xa-thu, name: Xã Thử, place: Thử, issuingBody: [ỦY BAN NHÂN DÂN, XÃ THỬ] }", // 2
  "signer: { title: CHỦ TỊCH, name: Nguyễn Văn A }",    // 3
  "recipients: [\"Lưu: VT\"]",                          // 4
  "units:",                                             // 5
  "  - { code: ap-1, name: Ấp 1, kind: khom }",         // 6
  "obligations:",                                       // 7
  "  khom: [tuyen_truyen, tuan_tra, dan_so]",           // 8
];
const CATALOGUE = [
  "unitKinds:",
  "  - { id: phuong, label: Phường, roles: [admin, lanh_dao] }",
  "  - { id: khom, label: Khóm, roles: [bao_cao] }",
  "forms:",
  "  - { id: tuyen_truyen, title: Tuyên truyền, aggregation: flow, unitKinds: [khom], fields: [{ key: so_buoi, type: number, metric: tuyen_truyen.so_buoi, unit: buổi, ask: Số buổi? }] }",
  "  - { id: tuan_tra, title: Tuần tra, aggregation: flow, unitKinds: [phuong], fields: [{ key: luot, type: number, metric: tuan_tra.luot_to, unit: lượt, ask: Số lượt? }] }",
];

function ward(profile: string[], catalogue: string[] | null): string {
  const dir = tempDir("bienbot-check-");
  writeFileSync(join(dir, "ward-profile.yaml"), `${profile.join("\n")}\n`);
  if (catalogue) writeFileSync(join(dir, "catalogue.yaml"), `${catalogue.join("\n")}\n`);
  return join(dir, "ward-profile.yaml");
}

describe("cli check", () => {
  it("the default ward is valid (its signer after 01/07/2025 is only warned of: signer-warning.test.ts)", async () => {
    const r = await cli(["check"], {});
    expect(r.code).toBe(0);
    expect(r.lines.at(-1)).toBe("✅ Hồ sơ, danh mục và mẫu báo cáo hợp lệ.");
    expect(r.lines.slice(0, -1).every((l) => !l.startsWith("❌"))).toBe(true);
  });

  it("prints every problem at once, environment first, and exits 1", async () => {
    const path = ward(PROFILE.map((l, i) => (i === 5 ? "  - { code: ap-1, name: Ấp 1, kind: ap }" : l)), CATALOGUE);
    const r = await cli(["check"], { WARD_PROFILE_PATH: path, PORT: "abc", LOG_LEVEL: "xyz", REPORT_TEMPLATE_PATH: "test/fixtures/templates/unknown-metric.md" });
    expect(r.code).toBe(1);
    expect(r.lines[0]).toBe("❌ Cấu hình sai: biến PORT phải là một số nguyên từ 0 đến 65535, không phải chữ; ví dụ: PORT=8080");
    expect(r.lines[1]).toMatch(/^❌ Cấu hình sai: biến LOG_LEVEL /);
    expect(r.lines[2]).toBe(`❌ Tệp ${path}, dòng 6, cột 37: units, mục 1, kind: không có loại đơn vị "ap" trong danh mục biểu mẫu; xin ghi một trong: phuong, khom, hoặc thêm loại này vào mục unitKinds của danh mục`);
    expect(r.lines.some((l) => l.includes("unknown-metric.md:6:"))).toBe(true);
    expect(r.lines.at(-1)).toMatch(/^Có \d+ lỗi\. Sửa các lỗi trên rồi chạy lại: npm run cli -- check$/);
  });

  it("what the profile uses that its catalogue lacks, at the profile's line", async () => {
    const path = ward(PROFILE, CATALOGUE);
    const r = await cli(["check"], { WARD_PROFILE_PATH: path });
    // "  khom: [tuyen_truyen, " is 23 characters: tuan_tra at column 24, dan_so at column 34.
    expect(r.lines.slice(0, 2)).toEqual([
      `❌ Tệp ${path}, dòng 8, cột 24: obligations, khom, mục 2: biểu mẫu "tuan_tra" không dành cho loại khom (danh mục ghi unitKinds: phuong); xin bỏ, hoặc thêm khom vào unitKinds của biểu mẫu`,
      `❌ Tệp ${path}, dòng 8, cột 34: obligations, khom, mục 3: không có biểu mẫu "dan_so" trong danh mục biểu mẫu; xin ghi một trong: tuyen_truyen, tuan_tra`,
    ]);
    expect(r.code).toBe(1);
  });

  it("a catalogue the profile names but that is missing or broken", async () => {
    const missing = ward(PROFILE, null);
    expect((await cli(["check"], { WARD_PROFILE_PATH: missing })).lines[0]).toContain("không đọc được tệp danh mục biểu mẫu");
    const broken = ward(PROFILE, ["unitKinds:", "  - { id: khom", "forms: []"]);
    expect((await cli(["check"], { WARD_PROFILE_PATH: broken })).lines[0]).toMatch(/^❌ Tệp .*catalogue\.yaml, dòng \d+, cột \d+: /);
    expect((await cli(["check"], { WARD_PROFILE_PATH: join(missing, "..", "nope.yaml") })).lines[0]).toMatch(/^❌ Cấu hình sai: biến WARD_PROFILE_PATH: không có tệp /);
  });
});
