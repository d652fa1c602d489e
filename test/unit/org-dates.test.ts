// Issue 16, item 3: units and the ward have a start and an end; mergers and splits are declared
// with a date and successors, and checked when the profile is read (errors in Vietnamese).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadProfile } from "../../src/app/profile-file.js";
import { changeLine, checkUnitDates, homeOf, unitsDuring, unitsOn } from "../../src/domain/org-dates.js";
import { profileOn } from "../../src/domain/profile.js";
import { tempDir } from "../helpers/temp.js";

const merged = loadProfile("test/fixtures/merged-units.yaml");
const codes = (us: { code: string }[]) => us.map((u) => u.code);

describe("units in force", () => {
  it("on a day: the old khóm up to 30/06/2025, the new ones from 01/07/2025", () => {
    expect(codes(unitsOn(merged.units, "2025-06-30"))).toEqual(["tay-hung", "dong-hung", "bac-hung", "trung-hung"]);
    expect(codes(unitsOn(merged.units, "2025-07-01"))).toEqual(["trung-hung", "hung-phu", "bac-hung-a", "bac-hung-b"]);
  });

  it("during a span: every unit in force on at least one of its days", () => {
    expect(codes(unitsDuring(merged.units, "2025-06-01", "2025-06-30")).length).toBe(4);
    expect(codes(unitsDuring(merged.units, "2025-06-30", "2025-07-01")).length).toBe(7);
    expect(codes(unitsDuring(merged.units, "2025-07-01", "2025-07-31"))).toEqual(["trung-hung", "hung-phu", "bac-hung-a", "bac-hung-b"]);
  });

  it("an ended unit's figures go to its one successor; a split keeps them; in force, the unit itself", () => {
    expect(homeOf(merged.units, "tay-hung", "2025-07-01", "2025-09-30")?.code).toBe("hung-phu");
    expect(homeOf(merged.units, "bac-hung", "2025-07-01", "2025-09-30")?.code).toBe("bac-hung");
    expect(homeOf(merged.units, "tay-hung", "2025-01-01", "2025-12-31")?.code).toBe("tay-hung");
  });

  it("says where the figures went, in one line", () => {
    const [tay, , bac] = merged.units;
    expect(changeLine(tay!, merged.units, merged.units[4], true)).toBe("Số liệu của Khóm Tây Hưng (đến 30/06/2025) được tính vào Khóm Hưng Phú.");
    expect(changeLine(bac!, merged.units, bac, true))
      .toBe("Số liệu của Khóm Bắc Hưng (đến 30/06/2025) để riêng ở dòng Khóm Bắc Hưng (đơn vị cũ), vì không chia được cho Khóm Bắc Hưng A và Khóm Bắc Hưng B.");
    expect(changeLine(tay!, merged.units, tay, false)).toBe("Khóm Tây Hưng hoạt động đến 30/06/2025; từ 01/07/2025 nhập vào Khóm Hưng Phú.");
    expect(changeLine(bac!, merged.units, bac, false)).toBe("Khóm Bắc Hưng hoạt động đến 30/06/2025; từ 01/07/2025 chia thành Khóm Bắc Hưng A và Khóm Bắc Hưng B.");
    expect(changeLine(merged.units[3]!, merged.units, undefined, false)).toBeUndefined();
  });

  it("the ward formed from three wards on the change's date", () => {
    expect(profileOn(merged, "2025-06-30").ward.formedFrom).toBeUndefined();
    expect(profileOn(merged, "2025-07-01").ward).toMatchObject({
      name: "Phường Thới Sơn", from: "2025-07-01", formedFrom: ["Phường Nhơn Hưng", "Phường Nhà Bàng", "Phường Thới Sơn"],
    });
  });
});

describe("checking the dates when the profile is read", () => {
  const dir = tempDir("bienbot-org-");
  const head = `ward: { code: xa-thu, name: Xã Thử, place: Thử, issuingBody: [ỦY BAN NHÂN DÂN, XÃ THỬ] }
signer: { title: CHỦ TỊCH, name: Nguyễn Văn A }
recipients: ["Lưu: VT"]
units:
`;
  const load = (units: string, tail = "") => {
    const path = join(dir, `p${Math.random().toString(36).slice(2)}.yaml`);
    writeFileSync(path, head + units + tail);
    return () => loadProfile(path);
  };
  const b = "  - { code: b, name: Khóm B, kind: khom, from: 2025-07-01 }\n";

  it("a merger and a split as a clerk writes them load", () => {
    const p = load(`  - { code: a, name: Khóm A, kind: khom, until: 2025-06-30, successors: [b] }\n  - { code: c, name: Khóm C, kind: khom, until: 2025-06-30, successors: [b] }\n${b}`)();
    expect(p.units.map((u) => [u.code, u.from, u.until, u.successors])).toEqual([
      ["a", undefined, "2025-06-30", ["b"]], ["c", undefined, "2025-06-30", ["b"]], ["b", "2025-07-01", undefined, undefined],
    ]);
  });

  it("dates must be real, until not before from", () => {
    expect(load("  - { code: a, name: Khóm A, kind: khom, until: 2025-06-31 }\n")).toThrow(/dòng 5, cột 49: units, mục 1, until: ngày until không có thật/);
    expect(load("  - { code: a, name: Khóm A, kind: khom, from: 1/7/2025 }\n")).toThrow(/ngày from phải có dạng 2025-07-01/);
    expect(load("  - { code: a, name: Khóm A, kind: khom, from: 2025-07-01, until: 2025-06-30 }\n"))
      .toThrow(/Khóm A: ngày kết thúc \(until 2025-06-30\) trước ngày bắt đầu \(from 2025-07-01\)/);
  });

  it("successors exist, in force the day after until, and need until", () => {
    expect(load("  - { code: a, name: Khóm A, kind: khom, until: 2025-06-30, successors: [x] }\n"))
      .toThrow(/Khóm A: đơn vị kế tiếp “x” không có trong danh sách units/);
    expect(load(`  - { code: a, name: Khóm A, kind: khom, until: 2025-06-29, successors: [b] }\n${b}`))
      .toThrow(/Khóm A kết thúc ngày 29\/06\/2025 nhưng đơn vị kế tiếp Khóm B không hoạt động ngày 30\/06\/2025/);
    expect(load(`  - { code: a, name: Khóm A, kind: khom, successors: [b] }\n${b}`))
      .toThrow(/Khóm A có đơn vị kế tiếp \(successors\) nên phải có ngày kết thúc \(until\)/);
  });

  it("no cycles", () => {
    expect(load("  - { code: a, name: Khóm A, kind: khom, until: 2025-06-30, successors: [b] }\n  - { code: b, name: Khóm B, kind: khom, until: 2025-07-31, successors: [a] }\n"))
      .toThrow(/Khóm B kết thúc ngày 31\/07\/2025 nhưng đơn vị kế tiếp Khóm A không hoạt động ngày 01\/08\/2025/);
    expect(checkUnitDates([{ code: "a", name: "Khóm A", until: "2025-06-30", successors: ["b"] }, { code: "b", name: "Khóm B", until: "2025-06-30", successors: ["a"] }])
      .map((i) => i.message)).toContain("vòng lặp đơn vị kế tiếp: a → b → a");
  });

  it("the ward's formedFrom needs its date", () => {
    const path = join(dir, "ward-formed.yaml");
    writeFileSync(path, head.replace("XÃ THỬ] }", "XÃ THỬ], formedFrom: [Xã A, Xã B] }") + "  - { code: a, name: Khóm A, kind: khom }\n");
    expect(() => loadProfile(path)).toThrow(/ward.formedFrom cần ngày ward.from/);
  });
});
