// The ward was renamed (Nhơn Hưng -> Thới Sơn on 01/07/2025) but the profile names no signer from
// that day: reports from then on are signed by the old chairman. `check` and `report` warn, in
// Vietnamese, saying what to add to the profile; neither refuses.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "../helpers/cli.js";
import { tempDir } from "../helpers/temp.js";

const WARNING = "⚠️ Từ ngày 01/07/2025 phường đổi thành Phường Thới Sơn nhưng hồ sơ phường chưa ghi người ký từ ngày đó: "
  + "văn bản từ ngày 01/07/2025 vẫn ký CHỦ TỊCH Huỳnh Thanh Vũ.";
const HOW = "Xin thêm vào thay đổi “from: 2025-07-01” trong mục changes của hồ sơ phường dòng signer: { title: CHỦ TỊCH, name: <họ tên người ký> } "
  + "(vẫn là người cũ thì ghi lại tên người đó).";

/** The default profile, its 01/07/2025 change given a signer, in a temp folder beside a copy of the catalogue. */
function confirmedProfile(): string {
  const dir = tempDir("bienbot-signer-");
  const text = readFileSync("templates/ward-profile.yaml", "utf8")
    .replace("  - from: 2025-07-01\n", "  - from: 2025-07-01\n    signer: { authority: TM. ỦY BAN NHÂN DÂN, title: CHỦ TỊCH, name: Nguyễn Văn Bình }\n");
  expect(text).toContain("Nguyễn Văn Bình");
  writeFileSync(join(dir, "ward-profile.yaml"), text);
  writeFileSync(join(dir, "catalogue.yaml"), readFileSync("templates/catalogue.yaml"));
  return join(dir, "ward-profile.yaml");
}

describe("a signer not confirmed after the ward's change", () => {
  it("check warns and how to fix it, still valid (exit 0)", async () => {
    const r = await cli(["check"], {});
    expect(r.code).toBe(0);
    expect(r.lines).toEqual([WARNING, HOW, "✅ Hồ sơ, danh mục và mẫu báo cáo hợp lệ."]);
  });

  it("check says nothing once the change names the signer", async () => {
    expect(await cli(["check"], { WARD_PROFILE_PATH: confirmedProfile() })).toMatchObject({ code: 0, lines: ["✅ Hồ sơ, danh mục và mẫu báo cáo hợp lệ."] });
  });

  it("report warns for a report issued from that day, not for one issued before it", async () => {
    const dir = tempDir("bienbot-signer-");
    const env = { DATABASE_PATH: join(dir, "bot.sqlite") };
    await cli(["import", "test/fixtures/import/model-report.csv"], env, "2025-03-03T03:00:00Z");
    const before = await cli(["report", "--ky", "2025-01", "--out", join(dir, "a.docx"), "--ngay", "05/02/2025"], env, "2025-03-03T03:00:00Z");
    expect(before.text).not.toContain("⚠️");
    const after = await cli(["report", "--ky", "2025-01", "--out", join(dir, "b.docx"), "--ngay", "02/07/2025"], env, "2025-07-03T03:00:00Z");
    expect(after.lines).toContain(WARNING);
    expect(after.lines).toContain(HOW);
    expect(after.text).toContain("Đã ghi");
  }, 60_000);
});
