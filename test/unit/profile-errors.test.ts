// Issue 16, item 1: a clerk who mistypes the ward profile is told, in Vietnamese, the file, the line
// and the column, and what to write instead (not zod's English, not a zero-based index).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadProfile, readProfile } from "../../src/app/profile-file.js";
import { checkProfileAgainstCatalogue, profileCatalogueProblems } from "../../src/app/ward-catalogue.js";
import { ENGLISH_WORDS } from "../../src/domain/zod-vi.js";
import { tempDir } from "../helpers/temp.js";

const dir = tempDir("bienbot-profile-errors-");
// Line numbers below are counted on this text: line 1 is "ward:".
const GOOD = [
  "ward:",                                              // 1
  "  code: xa-thu",                                     // 2
  "  name: Xã Thử",                                     // 3
  "  place: Thử",                                       // 4
  "  issuingBody: [ỦY BAN NHÂN DÂN, XÃ THỬ]",           // 5
  "signer: { title: CHỦ TỊCH, name: Nguyễn Văn A }",    // 6
  "recipients: [\"Lưu: VT\"]",                          // 7
  "units:",                                             // 8
  "  - { code: ap-1, name: Ấp 1, kind: khom }",         // 9
  "  - { code: ap-2, name: Ấp 2, kind: khom }",         // 10
  "obligations:",                                       // 11
  "  khom: [tuyen_truyen]",                             // 12
];
let n = 0;
function problems(lines: string[]): string[] {
  const path = join(dir, `p${++n}.yaml`);
  writeFileSync(path, `${lines.join("\n")}\n`);
  // As start-up and `check` read it: the profile's own form, then what it uses of the catalogue.
  const read = readProfile(path);
  const all = [...read.problems, ...(read.profile ? profileCatalogueProblems(path, read.profile) : [])];
  return all.map((p) => p.replace(path, "P"));
}
const edit = (line: number, text: string) => GOOD.map((l, i) => (i === line - 1 ? text : l));

describe("ward profile errors", () => {
  it("a good profile has none", () => {
    expect(problems(GOOD)).toEqual([]);
  });

  it("an unknown unit kind: line, column, the item counted from 1, and the kinds to choose from", () => {
    // "  - { code: ap-2, name: Ấp 2, kind: " is 36 characters: the value starts at column 37.
    expect(problems(edit(10, "  - { code: ap-2, name: Ấp 2, kind: ap }"))).toEqual([
      "Tệp P, dòng 10, cột 37: units, mục 2, kind: không có loại đơn vị \"ap\" trong danh mục biểu mẫu; xin ghi một trong: phuong, khom, to_antt, to_phu_nu, don_bp, doan_the, hoặc thêm loại này vào mục unitKinds của danh mục",
    ]);
  });

  it("a missing field is named with an example, at the item that should hold it", () => {
    const noName = GOOD.filter((_, i) => i !== 2); // drop "  name: Xã Thử": ward's map starts at line 2, column 3
    expect(problems(noName)).toEqual(["Tệp P, dòng 2, cột 3: ward, name: thiếu mục name; xin thêm một dòng như: name: Phường Nhơn Hưng"]);
    expect(problems(edit(6, "signer: { title: CHỦ TỊCH }"))).toEqual([
      "Tệp P, dòng 6, cột 9: signer, name: thiếu mục name; xin thêm một dòng như: name: Nguyễn Văn A",
    ]);
  });

  it("a form that does not exist and a kind that obligations do not know", () => {
    // "  khom: [tuyen_truyen, " is 23 characters.
    expect(problems(edit(12, "  khom: [tuyen_truyen, tuan]"))[0]).toBe(
      "Tệp P, dòng 12, cột 24: obligations, khom, mục 2: không có biểu mẫu \"tuan\" trong danh mục biểu mẫu; xin ghi một trong: tuyen_truyen, tuan_tra, nam_tinh_hinh, moc_quoc_gioi, doi_ngoai, vi_pham, tu_quan, dan_so, hau_phuong, khen_thuong");
    expect(problems([...GOOD, "  ap: [tuyen_truyen]"])).toEqual([
      // "  ap: " is 6 characters: the list starts at column 7 of line 13.
      "Tệp P, dòng 13, cột 7: obligations, ap: không có loại đơn vị \"ap\" trong danh mục biểu mẫu; xin ghi một trong: phuong, khom, to_antt, to_phu_nu, don_bp, doan_the",
    ]);
  });

  it("a list written as text, an empty list, a repeated code", () => {
    expect(problems(edit(7, "recipients: Lưu VT"))).toEqual([
      "Tệp P, dòng 7, cột 13: recipients: phải là một danh sách (mỗi mục một dòng bắt đầu bằng \"- \", hoặc [a, b, c]), ví dụ: recipients: [\"UBND tỉnh (để b/c)\", \"Lưu: VT\"]",
    ]);
    expect(problems(edit(7, "recipients: []"))).toEqual(["Tệp P, dòng 7, cột 13: recipients: cần ít nhất một mục"]);
    expect(problems(edit(10, "  - { code: ap-1, name: Ấp 2, kind: khom }"))).toEqual(["Tệp P, dòng 10, cột 13: units, mục 2, code: mã đơn vị trùng: ap-1"]);
  });

  it("every problem at once, none in English", () => {
    const many = edit(10, "  - { code: AP 2, name: Ấp 2, kind: ap }").map((l, i) => (i === 5 ? "signer: { name: A }" : l));
    const found = problems(many);
    // The unit kind is checked against the catalogue once the profile itself reads: two here, the third after.
    expect(found.map((p) => p.match(/dòng \d+/)![0])).toEqual(["dòng 6", "dòng 10"]);
    for (const p of found) expect(p).not.toMatch(ENGLISH_WORDS);
  });

  it("a YAML syntax error: the line and what to write", () => {
    // Line 4 lost its ":" ("  place Thử"): YAML reads it as a key running over to line 5.
    expect(problems(edit(4, "  place Thử"))).toEqual([
      "Tệp P, dòng 4, cột 3: một mục viết tràn sang dòng sau; mỗi mục \"tên: giá trị\" phải nằm trên một dòng (thiếu dấu \":\" hay thụt lề sai?)",
    ]);
  });

  it("an empty file: where to start", () => {
    expect(problems([])).toEqual(["Tệp P: tệp trống; chép tệp mẫu templates/ward-profile.yaml rồi sửa, hoặc lập hồ sơ mới: npm run cli -- init"]);
  });

  it("start-up gets all the lines in one error", () => {
    const path = join(dir, "start.yaml");
    writeFileSync(path, `${edit(10, "  - { code: ap-2, name: Ấp 2, kind: ap }").join("\n")}\n`);
    expect(() => checkProfileAgainstCatalogue(path, loadProfile(path))).toThrow(/dòng 10, cột 37: units, mục 2, kind:/);
  });
});
