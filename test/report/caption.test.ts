// The chat caption: key figures, entry count, completeness, partly covered months, counted-until day.
import { describe, expect, it } from "vitest";
import { reportCaption } from "../../src/report/caption.js";
import { modelReportData } from "./model-figures.js";

describe("report caption (chat only)", () => {
  it("keeps the key figures, the entry count and who has reported", () => {
    const c = reportCaption(modelReportData({
      completeness: { monthLabel: "tháng 02/2025", reported: 7, total: 8, missing: [{ unit: "Tổ phụ nữ", forms: ["tuan_tra"] }] },
    }));
    expect(c).toContain("480 buổi, 14.209 lượt người");
    expect(c).toContain("Tổng hợp từ 1.250 bản ghi.");
    expect(c).toContain("Kỳ tháng 02/2025: đã báo cáo 7/8 đơn vị.");
    expect(c).toContain("Chưa báo cáo: Tổ phụ nữ.");
  });

  it("one line per partly covered month, and the day figures are counted up to", () => {
    const c = reportCaption(modelReportData({
      countedUntil: "2026-11-20",
      coverage: [
        { monthLabel: "tháng 02/2025", counted: true, entries: 8 },
        { monthLabel: "tháng 01/2015", counted: false, entries: 3 },
        { monthLabel: "năm 2024", counted: false, entries: 12, longer: true },
      ],
    }));
    expect(c).toContain("Kỳ chưa kết thúc: số liệu tính đến ngày 20/11/2026.");
    expect(c).toContain("Tháng 02/2025 chỉ nằm một phần trong kỳ: 8 số liệu nhập theo cả tháng được tính trọn tháng.");
    expect(c).toContain("Tháng 01/2015 chỉ nằm một phần trong kỳ: 3 số liệu nhập theo cả tháng không được tính vào kỳ này.");
    // A year's import is never "nhập theo cả tháng": it is named with the report that counts it.
    expect(c).toContain("Năm 2024: 12 số liệu nhập cho cả năm 2024 không được tính vào kỳ này (chỉ báo cáo năm 2024 tính chúng).");
  });

  it("counts the patrols as the document's \"Tổng số lượt tổ tuần tra, kiểm soát\" does: joint patrols with Cambodia are not in it", () => {
    // The model report (35/BC-UBND) totals the six kinds of patrol of section II; the joint patrols
    // with the other side ("song phương") are told under foreign affairs, apart.
    const base = modelReportData();
    const zero = Object.fromEntries(Object.keys(base.totals).map((k) => [k, 0]));
    const c = reportCaption({ ...base, totals: { ...zero, "tuan_tra.phoi_hop.luot_to": 10, "tuan_tra.to_phu_nu.luot_to": 5, "tuan_tra.doc_lap.luot_to": 200,
      "tuan_tra.kiem_soat.luot_to": 40, "tuan_tra.dan_duong.luot_to": 3, "tuan_tra.antt.luot_to": 17, "tuan_tra.song_phuong.luot_to": 3 } });
    // 10 + 5 + 200 + 40 + 3 + 17 = 275, not 278.
    expect(c).toContain("• Tuần tra, kiểm soát: 275 lượt tổ");
  });

  it("stays within Telegram's 1024 characters", () => {
    const missing = Array.from({ length: 80 }, (_, i) => ({ unit: `Đơn vị số ${i + 1} có tên rất dài`, forms: [] }));
    const c = reportCaption(modelReportData({ completeness: { monthLabel: "tháng 02/2025", reported: 0, total: 80, missing } }));
    expect(c.length).toBeLessThanOrEqual(1024);
  });

  it("names only figures the ward's units file: a ward of khóm alone gets no patrol or border lines, unless such figures exist", () => {
    // A new ward with one khóm (README "Phường mới trong mười phút"): no tổ, no border post. The
    // catalogue's four caption lines would say "Tuần tra, kiểm soát: 0 lượt tổ" of a work it has not.
    const base = modelReportData();
    const profile = { ...base.profile, units: [{ code: "khom-a", name: "Khóm A", shortName: "Khóm A", kind: "khom" }] };
    const zero = Object.fromEntries(Object.keys(base.totals).map((k) => [k, 0]));
    const c = reportCaption({ ...base, profile, totals: { ...zero, "tuyen_truyen.so_buoi": 4, "tuyen_truyen.luot_nguoi": 120 } });
    expect(c).toContain("• Tuyên truyền: 4 buổi, 120 lượt người");
    expect(c).not.toContain("Tuần tra");
    // Đối ngoại is filed by the ward itself (catalogue: unitKinds [don_bp, phuong]): kept, even at 0.
    expect(c).toContain("• Đối ngoại: 0 lần; 0 phần quà");
    // Figures of a form no unit files (an import, a unit since removed) are still named: never hidden.
    const d = reportCaption({ ...base, profile, totals: { ...zero, "tuan_tra.phoi_hop.luot_to": 2 } });
    expect(d).toContain("• Tuần tra, kiểm soát: 2 lượt tổ");
    // The default ward files them all: every line, as before.
    expect(reportCaption(base).split("\n").filter((l) => l.startsWith("• "))).toHaveLength(4);
  });
});
