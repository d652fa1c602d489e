// The CSV import goes through the ledger's one entry pipeline: the count limit and the forms'
// cross-checks refuse a row with its line, as the chat refuses the answer; nothing is written.
import { describe, expect, it } from "vitest";
import { importCsv, type ImportResult } from "../../src/data/import.js";
import { countEntries, freshDb } from "./db.js";

const opts = { cutoffDay: 0, now: new Date("2025-02-26T09:00:00+07:00") };
const HEADER = "ky,don_vi,chi_tieu,gia_tri,ghi_chu";

function errorsOf(r: ImportResult) {
  if (r.ok) throw new Error(`expected errors, got ${JSON.stringify(r)}`);
  return r.errors;
}

describe("importCsv: the pipeline's checks", () => {
  it("refuses a count over the limit on its line", () => {
    const db = freshDb();
    const csv = [HEADER, "2024-06,dong-hung,tuyen_truyen.so_buoi,3,", "2024-06,tay-hung,tuyen_truyen.so_buoi,2.000.000,"].join("\n");
    const errors = errorsOf(importCsv(db, csv, opts));
    expect(errors).toEqual([{ line: 3, message: "giá trị \"2.000.000\": Số quá lớn (tối đa 1.000.000). Xin kiểm tra lại." }]);
    expect(countEntries(db)).toBe(0);
  });

  it("refuses a figure group breaking a form's cross-check on the line of the figure it names first", () => {
    const db = freshDb();
    // June 2024 for Đông Hưng: 5 buổi (line 2) but 3 lượt người (line 4): fewer people than meetings.
    const csv = [HEADER, "2024-06,dong-hung,tuyen_truyen.so_buoi,5,", "2024-06,tay-hung,tuyen_truyen.so_buoi,1,",
      "2024-06,dong-hung,tuyen_truyen.luot_nguoi,3,", "2024-06,tay-hung,tuyen_truyen.luot_nguoi,30,"].join("\n");
    const errors = errorsOf(importCsv(db, csv, opts));
    expect(errors).toEqual([{ line: 4, message:
      "Số lượt người phải lớn hơn hoặc bằng số buổi (mỗi buổi có ít nhất 1 người dự). Xem cùng dòng 2 (kỳ \"2024-06\", đơn vị \"dong-hung\")." }]);
    expect(countEntries(db)).toBe(0);
  });

  it("refuses a 'needs' check: people crossing with no case", () => {
    const db = freshDb();
    const csv = [HEADER, "2024-06,dong-hung,vi_pham.xnc_vu,0,", "2024-06,dong-hung,vi_pham.xnc_nguoi,2,"].join("\n");
    const errors = errorsOf(importCsv(db, csv, opts));
    // 2 người ≥ 0 vụ holds; 2 người with 0 vụ does not.
    expect(errors).toEqual([{ line: 3, message:
      "Có người XNC trái phép nhưng số vụ XNC là 0. Xin sửa số vụ XNC hoặc số người. Xem cùng dòng 2 (kỳ \"2024-06\", đơn vị \"dong-hung\")." }]);
  });

  it("refuses a form the unit's kind does not file, naming the kinds that file it (the database would refuse the row too)", () => {
    const db = freshDb();
    // Dân số is filed by khóm only; line 3 is the border post's (templates/catalogue.yaml, ward-profile.yaml).
    const csv = [HEADER, "2024-06,dong-hung,dan_so.ho,120,", "2024-06,don-bp-nhon-hung,dan_so.ho,80,", "2024-06,don-bp-nhon-hung,dan_so.khau,300,"].join("\n");
    const errors = errorsOf(importCsv(db, csv, opts));
    expect(errors).toEqual([{ line: 3, message:
      "Biểu mẫu \"Dân số\" chỉ dành cho: Khóm. Đồn Biên phòng Nhơn Hưng không nhập biểu mẫu này. " +
      "Xin kiểm tra mã đơn vị \"don-bp-nhon-hung\" (cột don_vi) hoặc mã chỉ tiêu." }]);
    expect(countEntries(db)).toBe(0);
  });

  it("asks for an ambiguous 1.500 where the metric allows decimals", () => {
    const db = freshDb();
    const errors = errorsOf(importCsv(db, [HEADER, "2024-06,dong-hung,tuyen_truyen.gio_loa,1.500,"].join("\n"), opts));
    expect(errors).toEqual([{ line: 2, message: expect.stringContaining("giá trị \"1.500\" có thể hiểu là 1,5 (một phẩy năm) hoặc 1.500.") }]);
  });
});
