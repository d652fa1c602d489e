// The profile names its catalogue (relative to the profile file; the default one when absent), and
// its units' kinds and obligations are checked against it with the profile's line and column.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadProfile } from "../../src/app/profile-file.js";
import { cataloguePathOf, checkProfileAgainstCatalogue, DEFAULT_CATALOGUE } from "../../src/app/ward-catalogue.js";
import { tempDir } from "../helpers/temp.js";

const PROFILE = [
  "ward: { code: xa-moi, name: Xã Mới, place: Mới, issuingBody: [ỦY BAN NHÂN DÂN, XÃ MỚI] }", // 1
  "signer: { title: CHỦ TỊCH, name: Nguyễn Văn A }", //                                          2
  "recipients: [Lưu VT]", //                                                                    3
  "units:", //                                                                                  4
  "  - { code: ap-1, name: Ấp Một, kind: khom }", //                                            5
  "  - { code: ap-2, name: Ấp Hai, kind: ap }", //                                              6
  "obligations:", //                                                                            7
  "  khom: [tuyen_truyen, tuan_tra_song]", //                                                   8
];

function write(lines: string[]): string {
  const file = join(tempDir("bienbot-profile-"), "ward-profile.yaml");
  writeFileSync(file, `${lines.join("\n")}\n`);
  return file;
}

const errorOf = (file: string) => {
  try {
    checkProfileAgainstCatalogue(file, loadProfile(file));
    return undefined;
  } catch (err) {
    // Every problem, one a line: the first is the one each test is about.
    return (err as Error).message.split("\n")[0]!.replace(file, "ward-profile.yaml");
  }
};

describe("the ward's catalogue and the profile", () => {
  it("a profile without a catalogue key uses templates/catalogue.yaml; with one, the file relative to the profile", () => {
    expect(cataloguePathOf(write(PROFILE))).toBe(DEFAULT_CATALOGUE);
    const file = write([...PROFILE, "catalogue: danh-muc/catalogue.yaml"]);
    expect(cataloguePathOf(file)).toBe(join(file, "..", "danh-muc", "catalogue.yaml"));
  });

  it("a unit of a kind the catalogue does not have: the profile's line and column", () => {
    expect(errorOf(write(PROFILE)))
      .toBe("Tệp ward-profile.yaml, dòng 6, cột 39: units, mục 2, kind: không có loại đơn vị \"ap\" trong danh mục biểu mẫu; xin ghi một trong: phuong, khom, to_antt, to_phu_nu, don_bp, doan_the, hoặc thêm loại này vào mục unitKinds của danh mục");
  });

  it("an obligation naming a form the catalogue does not have", () => {
    const lines = [...PROFILE];
    lines[5] = "  - { code: ap-2, name: Ấp Hai, kind: khom }";
    expect(errorOf(write(lines)))
      .toBe("Tệp ward-profile.yaml, dòng 8, cột 24: obligations, khom, mục 2: không có biểu mẫu \"tuan_tra_song\" trong danh mục biểu mẫu; xin ghi một trong: tuyen_truyen, tuan_tra, nam_tinh_hinh, moc_quoc_gioi, doi_ngoai, vi_pham, tu_quan, dan_so, hau_phuong, khen_thuong");
    lines[7] = "  khom: [tuyen_truyen]";
    expect(errorOf(write(lines))).toBeUndefined();
  });
});
