// The catalogue file's errors: each names the file, the line and the column (worked out by hand
// from the text below) and says in Vietnamese what to write.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { catalogueErrors, loadCatalogueFile } from "../../src/app/catalogue-file.js";
import { tempDir } from "../helpers/temp.js";

// Line numbers are those of this text (line 1 is "unitKinds:").
const GOOD = [
  "unitKinds:", //                                                    1
  "  - { id: phuong, label: Phường, roles: [admin, lanh_dao] }", //   2
  "  - { id: ap, label: Ấp, roles: [bao_cao] }", //                   3
  "choiceLists:", //                                                  4
  "  loai:", //                                                       5
  "    - { id: a, label: Loại A }", //                                6
  "forms:", //                                                        7
  "  - id: tuan_tra_song", //                                         8
  "    title: Tuần tra trên sông", //                                 9
  "    aggregation: flow", //                                        10
  "    unitKinds: [ap]", //                                          11
  "    fields:", //                                                  12
  "      - key: kind", //                                            13
  "        type: choice", //                                         14
  "        list: loai", //                                           15
  "        ask: Loại?", //                                           16
  "      - key: luot", //                                            17
  "        type: number", //                                         18
  "        metric: tuan_tra_song.luot", //                           19
  "        unit: lượt", //                                           20
  "        ask: Số lượt tuần tra?", //                               21
  "      - key: nguoi", //                                           22
  "        type: number", //                                         23
  "        metric: tuan_tra_song.nguoi", //                          24
  "        unit: người", //                                          25
  "        ask: Số người?", //                                       26
  "    checks:", //                                                  27
  "      - { atLeast: [nguoi, luot], message: Số người phải lớn hơn hoặc bằng số lượt. }", // 28
];

/** The text with line n (1-based) replaced, or removed when `line` is null. */
function withLine(n: number, line: string | null): string {
  const lines = [...GOOD];
  if (line === null) lines.splice(n - 1, 1);
  else lines[n - 1] = line;
  return `${lines.join("\n")}\n`;
}

function errorOf(text: string): string {
  const file = join(tempDir("bienbot-catalogue-"), "catalogue.yaml");
  writeFileSync(file, text);
  const errors = catalogueErrors(file);
  expect(errors.length).toBeGreaterThan(0);
  return errors[0]!.message.replace(file, "catalogue.yaml");
}

describe("catalogue file errors", () => {
  it("a good file loads: one form, its metrics, its check", () => {
    const file = join(tempDir("bienbot-catalogue-"), "catalogue.yaml");
    writeFileSync(file, withLine(28, GOOD[27]!));
    const c = loadCatalogueFile(file);
    expect(c.forms.map((f) => f.id)).toEqual(["tuan_tra_song"]);
    expect(c.metrics.map((m) => m.key)).toEqual(["tuan_tra_song.luot", "tuan_tra_song.nguoi"]);
    expect(c.forms[0]!.checks).toEqual([{ rule: "atLeast", fields: ["nguoi", "luot"], message: "Số người phải lớn hơn hoặc bằng số lượt." }]);
  });

  it("YAML syntax: a key written twice", () => {
    expect(errorOf(withLine(10, "    title: Lần nữa")))
      .toBe("Tệp catalogue.yaml, dòng 10, cột 5: mục này ghi hai lần; xin xóa một lần");
  });

  it("only one unit kind is the ward's residential kind", () => {
    const twice = withLine(3, "  - { id: ap, label: Ấp, roles: [bao_cao], residential: true }")
      .replace("  - { id: phuong, label: Phường, roles: [admin, lanh_dao] }", "  - { id: phuong, label: Phường, roles: [admin, lanh_dao], residential: true }");
    expect(errorOf(twice)).toMatch(/^Tệp catalogue\.yaml, dòng 3, cột \d+: .*chỉ một loại đơn vị được ghi residential: true/);
  });

  it("a field of an unknown type", () => {
    expect(errorOf(withLine(23, "        type: so")))
      .toBe("Tệp catalogue.yaml, dòng 23, cột 15: forms, mục 1, fields, mục 3, type: type phải là một trong: number, choice, text, photo");
  });

  it("a question without its ask: points at the question", () => {
    expect(errorOf(withLine(21, null)))
      .toBe("Tệp catalogue.yaml, dòng 17, cột 9: forms, mục 1, fields, mục 2, ask: thiếu mục này; xin ghi một dòng chữ");
  });

  it("a form for a unit kind the catalogue does not have", () => {
    expect(errorOf(withLine(11, "    unitKinds: [khom]")))
      .toBe("Tệp catalogue.yaml, dòng 11, cột 17: forms, mục 1, unitKinds, mục 1: không có loại đơn vị \"khom\"; xin ghi một trong: phuong, ap (hoặc thêm nó vào unitKinds)");
  });

  it("a check naming a question the form does not have", () => {
    expect(errorOf(withLine(28, "      - { atLeast: [nguoi, luot_to], message: Sai. }")))
      .toBe("Tệp catalogue.yaml, dòng 28, cột 28: forms, mục 1, checks, mục 1, atLeast, mục 2: không có câu hỏi số \"luot_to\" trong biểu mẫu; xin ghi một trong: luot, nguoi");
  });

  it("a shownIf naming a question the form does not have, and one written wrongly", () => {
    expect(errorOf(withLine(21, "        ask: Số lượt tuần tra?\n        shownIf: so_luot > 0")))
      .toBe("Tệp catalogue.yaml, dòng 22, cột 18: forms, mục 1, fields, mục 2, shownIf: không có câu hỏi số \"so_luot\" trong biểu mẫu; xin ghi một trong: luot, nguoi");
    expect(errorOf(withLine(21, "        ask: Số lượt tuần tra?\n        shownIf: nguoi lớn hơn 0")))
      .toBe("Tệp catalogue.yaml, dòng 22, cột 18: forms, mục 1, fields, mục 2, shownIf: điều kiện viết sai; xin viết dạng \"bat_thuong > 0\" (dấu: >= <= != > < =; nối bằng \"và\", \"hoặc\")");
  });

  it("a metric key used twice", () => {
    expect(errorOf(withLine(24, "        metric: tuan_tra_song.luot")))
      .toBe("Tệp catalogue.yaml, dòng 24, cột 17: forms, mục 1, fields, mục 3, metric: mã chỉ tiêu \"tuan_tra_song.luot\" đã dùng ở biểu mẫu tuan_tra_song, câu hỏi luot; mỗi chỉ tiêu một mã riêng");
  });

  it("a metric key not of the form group.name", () => {
    expect(errorOf(withLine(19, "        metric: TuanTra")))
      .toBe("Tệp catalogue.yaml, dòng 19, cột 17: forms, mục 1, fields, mục 2, metric: mã chỉ tiêu \"TuanTra\" viết sai; xin viết dạng nhom.ten (chữ thường không dấu, số, \"_\", các phần nối bằng dấu chấm), ví dụ: tuan_tra_song.luot");
  });

  it("a choice naming a list the catalogue does not have", () => {
    expect(errorOf(withLine(15, "        list: loai_khac")))
      .toBe("Tệp catalogue.yaml, dòng 15, cột 15: forms, mục 1, fields, mục 1, list: không có danh sách lựa chọn \"loai_khac\"; xin ghi một trong: loai");
  });

  it("decimals with money, and a placeholder naming no choice", () => {
    expect(errorOf(withLine(20, "        unit: lượt\n        decimals: true\n        money: true")))
      .toBe("Tệp catalogue.yaml, dòng 17, cột 9: forms, mục 1, fields, mục 2: một số không thể vừa có số lẻ (decimals) vừa là tiền (money); xin bỏ một trong hai");
    expect(errorOf(withLine(19, "        metric: tuan_tra_song.{loai}.luot")))
      .toBe("Tệp catalogue.yaml, dòng 19, cột 17: forms, mục 1, fields, mục 2, metric: \"{loai}\" phải là key của một câu hỏi choice trong biểu mẫu");
  });

  it("the default ward's catalogue loads: ten forms, 49 metrics", () => {
    const c = loadCatalogueFile(join(import.meta.dirname, "../../templates/catalogue.yaml"));
    expect(c.forms).toHaveLength(10);
    // 42 plain metrics + 2 patrol metrics × 7 patrol kinds − the 2 patterns = 49.
    expect(c.metrics).toHaveLength(49);
  });
});
