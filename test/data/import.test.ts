import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { formatImportErrors, importCsv, MAX_IMPORT_ERRORS, type ImportResult } from "../../src/data/import.js";
import {
  BAD_ROW_FIXTURE_PATH, BAD_ROW_LINE, MODEL_CUTOFF_DAY, MODEL_FIXTURE_ENTRIES, MODEL_FIXTURE_PATH, MODEL_FIXTURE_ROWS,
  MODEL_NOW, MODEL_RANGE, modelFlowTotals, modelStockTotals,
} from "../fixtures/import/model-totals.js";
import { countEntries, countValues, flowSums, freshDb, stockSums } from "./db.js";

const opts = { cutoffDay: MODEL_CUTOFF_DAY, now: MODEL_NOW };
const HEADER = "ky,don_vi,chi_tieu,gia_tri,ghi_chu";

function errorsOf(r: ImportResult) {
  if (r.ok) throw new Error(`expected errors, got ${JSON.stringify(r)}`);
  return r.errors;
}

describe("importCsv: the model report fixture", () => {
  it("imports every row and reproduces the model report's totals", () => {
    const db = freshDb();
    const r = importCsv(db, readFileSync(MODEL_FIXTURE_PATH, "utf8"), { ...opts, file: "model-report.csv" });
    expect(r).toEqual({ ok: true, rows: MODEL_FIXTURE_ROWS, entries: MODEL_FIXTURE_ENTRIES });
    expect(countEntries(db)).toBe(MODEL_FIXTURE_ENTRIES);
    expect(countValues(db)).toBe(MODEL_FIXTURE_ROWS);

    expect(flowSums(db, MODEL_RANGE.start, MODEL_RANGE.end)).toEqual(modelFlowTotals);
    expect(stockSums(db, MODEL_RANGE.end)).toEqual(modelStockTotals);
    // The older stock figures are there too (2020 population), replaced by the latest.
    expect(stockSums(db, "2020-12-31")["dan_so.ho"]).toBe(1667 - 3 * 31);
  });

  it("stores years, months and dates with their spans", () => {
    const db = freshDb();
    expect(importCsv(db, readFileSync(MODEL_FIXTURE_PATH, "utf8"), opts).ok).toBe(true);
    const entry = (ky: string, unit: string, form: string) => db.$client.prepare(
      "select period, span_start as spanStart, span_end as spanEnd, activity_date as activityDate, source, reporter_id as reporterId, note " +
      "from entries where unit_code = ? and form_id = ? and span_start = ?").get(unit, form, ky) as Record<string, unknown>;
    expect(entry("2015-01-01", "dong-hung", "tuyen_truyen")).toEqual({
      period: "2015", spanStart: "2015-01-01", spanEnd: "2015-12-31", activityDate: "2015-12-31", source: "import", reporterId: null, note: null,
    });
    expect(entry("2025-01-01", "don-bp-nhon-hung", "doi_ngoai")).toEqual({
      period: "2025-01", spanStart: "2025-01-01", spanEnd: "2025-01-31", activityDate: "2025-01-31", source: "import", reporterId: null,
      note: "Tặng quà Tết cho các hộ nghèo phía bạn, xã Phnôm Đen",
    });
    expect(entry("2025-02-14", "dong-hung", "tuyen_truyen")).toEqual({
      period: "2025-02", spanStart: "2025-02-14", spanEnd: "2025-02-14", activityDate: "2025-02-14", source: "import", reporterId: null,
      note: "Tuyên truyền Tết Ất Tỵ, Luật Biên phòng",
    });
    // An import comes from no app (its source says so): entries.channel stays empty.
    expect(db.$client.prepare("select count(*) as n from entries where channel is not null").get()).toEqual({ n: 0 });
  });

  it("groups rows by period, unit and form into one entry", () => {
    const db = freshDb();
    const csv = [HEADER,
      "2024,don-bp-nhon-hung,tuan_tra.doc_lap.luot_to,300,",
      "2024,don-bp-nhon-hung,tuan_tra.doc_lap.luot_nguoi,\"2.100\",",
      "2024,don-bp-nhon-hung,tuan_tra.kiem_soat.luot_to,70,",
      "2024,don-bp-nhon-hung,tin.co_gia_tri,30,",
      "2024-06,don-bp-nhon-hung,tuan_tra.doc_lap.luot_to,25,"].join("\n");
    expect(importCsv(db, csv, opts)).toEqual({ ok: true, rows: 5, entries: 3 });
    const forms = db.$client.prepare("select period, form_id as f, (select count(*) from entry_values v where v.entry_id = e.id) as n from entries e order by id").all();
    expect(forms).toEqual([{ period: "2024", f: "tuan_tra", n: 3 }, { period: "2024", f: "nam_tinh_hinh", n: 1 }, { period: "2024-06", f: "tuan_tra", n: 1 }]);
  });

  it("follows the monthly cut-off day for months and dates", () => {
    const db = freshDb();
    const csv = [HEADER, "2024-02,dong-hung,tuyen_truyen.so_buoi,2,", "2024-02-20,dong-hung,tuyen_truyen.so_buoi,1,"].join("\n");
    expect(importCsv(db, csv, { cutoffDay: 14, now: MODEL_NOW }).ok).toBe(true);
    const rows = db.$client.prepare("select period, span_start as s, span_end as e from entries order by id").all();
    expect(rows).toEqual([{ period: "2024-02", s: "2024-01-15", e: "2024-02-14" }, { period: "2024-03", s: "2024-02-20", e: "2024-02-20" }]);
  });
});

describe("importCsv: a bad row writes nothing", () => {
  it("the one-bad-row fixture is refused with line 9 named", () => {
    const db = freshDb();
    expect(countEntries(db)).toBe(0);
    const errors = errorsOf(importCsv(db, readFileSync(BAD_ROW_FIXTURE_PATH, "utf8"), opts));
    expect(errors).toHaveLength(1);
    expect(errors[0]!.line).toBe(BAD_ROW_LINE);
    expect(errors[0]!.message).toContain('không có chỉ tiêu "tuan_tra.tuan_tra_dem.luot_to"');
    expect(errors[0]!.message).toContain("tuan_tra.doc_lap.luot_to"); // suggests the metrics of the same group
    expect(countEntries(db)).toBe(0);
    expect(countValues(db)).toBe(0);
    expect(formatImportErrors(errors, "bad.csv")).toMatch(/^bad\.csv: dòng 9: không có chỉ tiêu/);
  });

  // Each case: the bad row is line 4 (header, two good rows, then the bad one, then a good one).
  const good = ["2024,dong-hung,tuyen_truyen.so_buoi,12,", "2024,tay-hung,tuyen_truyen.so_buoi,10,"];
  const after = "2024,trung-bac-hung,tuyen_truyen.so_buoi,9,";
  it.each([
    ["unknown unit", "2024,khom-x,tuyen_truyen.so_buoi,3,", /^không có đơn vị "khom-x"\. Mã đơn vị hợp lệ: nhon-hung, dong-hung, tay-hung, trung-bac-hung, .*don-bp-nhon-hung$/],
    ["unit written as a name", "2024,Đông Hưng,tuyen_truyen.so_buoi,3,", /không có đơn vị "Đông Hưng"\. Có phải "dong-hung"\?/],
    ["unknown metric", "2024,dong-hung,tuyen_truyen.so_buoii,3,", /không có chỉ tiêu "tuyen_truyen\.so_buoii".*tuyen_truyen\.so_buoi.*npm run cli -- metrics/],
    ["ambiguous number", "2024,dong-hung,tuyen_truyen.luot_nguoi,2.5,", /"2\.5" có thể hiểu là 2,5 .* hoặc 25/],
    ["negative number", "2024,dong-hung,tuyen_truyen.luot_nguoi,-3,", /"-3" là số âm/],
    ["not a number", "2024,dong-hung,tuyen_truyen.luot_nguoi,abc,", /"abc" không phải là số\. Ghi số kiểu Việt Nam: 1\.200/],
    ["empty number", "2024,dong-hung,tuyen_truyen.luot_nguoi,,", /thiếu giá trị/],
    ["decimals for a count", "2024,dong-hung,tuyen_truyen.luot_nguoi,\"2,5\",", /phải là số nguyên \(lượt người\), không nhận "2,5"/],
    // Hours are stored in tenths (migration 0007).
    ["hours finer than a tenth", "2024,dong-hung,tuyen_truyen.gio_loa,\"2,25\",", /lấy một chữ số lẻ \(ví dụ 2,5\), không nhận "2,25"/],
    ["month 13", "2024-13,dong-hung,tuyen_truyen.luot_nguoi,3,", /kỳ "2024-13" không hợp lệ\. Ghi năm \(2024\), tháng \(2024-06\) hoặc ngày \(2024-06-15\)/],
    ["30 February", "2024-02-30,dong-hung,tuyen_truyen.luot_nguoi,3,", /kỳ "2024-02-30" không hợp lệ/],
    ["a day/month/year date", "15/06/2024,dong-hung,tuyen_truyen.luot_nguoi,3,", /ví dụ 2024-06-15/],
    ["a month without leading zero", "2024-6,dong-hung,tuyen_truyen.luot_nguoi,3,", /kỳ "2024-6" không hợp lệ/],
    ["a period not over yet", "2025,dong-hung,tuyen_truyen.luot_nguoi,3,", /kỳ "2025" chưa kết thúc \(đến ngày 31\/12\/2025\)/],
    ["a future date", "2025-03-01,dong-hung,tuyen_truyen.luot_nguoi,3,", /ngày 01\/03\/2025 còn ở tương lai/],
    ["unquoted decimal comma", "2024,dong-hung,tuyen_truyen.gio_loa,2,5", /có phải số "2,5" chưa đặt trong ngoặc kép\?/],
    ["too many columns", "2024,dong-hung,tuyen_truyen.gio_loa,2,5,ghi chú", /có 6 cột nhưng dòng tiêu đề có 5 cột.*"2,5"/],
    ["too few columns", "2024,dong-hung,tuyen_truyen.gio_loa", /có 3 cột nhưng dòng tiêu đề có 5 cột/],
    ["missing unit", "2024,,tuyen_truyen.so_buoi,3,", /thiếu mã đơn vị/],
  ])("%s", (_name, bad, message) => {
    const db = freshDb();
    const errors = errorsOf(importCsv(db, [HEADER, ...good, bad, after].join("\n"), opts));
    expect(errors).toHaveLength(1);
    expect(errors[0]!.line).toBe(4);
    expect(errors[0]!.message).toMatch(message);
    expect(errors[0]!.message.normalize("NFC")).toBe(errors[0]!.message);
    expect(countEntries(db)).toBe(0);
  });

  it("a missing header column is reported on line 1", () => {
    const db = freshDb();
    const errors = errorsOf(importCsv(db, ["ky,don_vi,chi_tieu,ghi_chu", "2024,dong-hung,tuyen_truyen.so_buoi,"].join("\n"), opts));
    expect(errors).toEqual([{ line: 1, message: expect.stringMatching(/^thiếu cột "gia_tri" ở dòng tiêu đề\. Dòng đầu của tệp phải là: ky,don_vi,chi_tieu,gia_tri,ghi_chu/) }]);
    // A file without a header at all: its first row is read as the header.
    const noHeader = errorsOf(importCsv(db, "2024,dong-hung,tuyen_truyen.so_buoi,3\n", opts));
    expect(noHeader[0]).toMatchObject({ line: 1, message: expect.stringContaining('thiếu cột "ky", "don_vi", "chi_tieu", "gia_tri"') });
    expect(countEntries(db)).toBe(0);
  });

  it("a file separated by semicolons (Excel in Vietnamese) gets a hint", () => {
    const db = freshDb();
    const errors = errorsOf(importCsv(db, "ky;don_vi;chi_tieu;gia_tri\n2024;dong-hung;tuyen_truyen.so_buoi;3\n", opts));
    expect(errors).toEqual([{ line: 1, message: expect.stringMatching(/^tệp dùng dấu chấm phẩy \(;\) để phân cách cột; cần dấu phẩy/) }]);
  });

  it("a duplicate row names both lines", () => {
    const db = freshDb();
    const csv = [HEADER, ...good, "2024,dong-hung,tuyen_truyen.luot_nguoi,300,", "2024,dong-hung,tuyen_truyen.so_buoi,3,"].join("\n");
    const errors = errorsOf(importCsv(db, csv, opts));
    expect(errors).toEqual([{ line: 5, message: expect.stringMatching(/^trùng với dòng 2 \(cùng kỳ "2024", đơn vị "dong-hung", chỉ tiêu "tuyen_truyen\.so_buoi"\)/) }]);
  });

  it("all errors are returned with their lines, capped", () => {
    const db = freshDb();
    const csv = [HEADER, "2024,khom-x,tuyen_truyen.so_buoi,3,", "2024,dong-hung,x.y,3,", "2024,dong-hung,tuyen_truyen.so_buoi,abc,",
      "2024-13,tay-hung,tuyen_truyen.so_buoi,1,", "2024,tay-hung,tuyen_truyen.luot_nguoi,-3,"].join("\n");
    expect(errorsOf(importCsv(db, csv, opts)).map((e) => e.line)).toEqual([2, 3, 4, 5, 6]);

    const many = [HEADER, ...Array.from({ length: 30 }, (_, i) => `${1990 + i},dong-hung,tuyen_truyen.so_buoi,x${i},`)].join("\n");
    const errors = errorsOf(importCsv(db, many, opts));
    expect(errors).toHaveLength(MAX_IMPORT_ERRORS + 1);
    expect(errors[MAX_IMPORT_ERRORS]).toEqual({ line: 0, message: expect.stringContaining("còn 10 lỗi khác") });
    expect(countEntries(db)).toBe(0);
  });

  it("a row with too many columns does not hide the errors after it", () => {
    const db = freshDb();
    const csv = [HEADER, "2024,dong-hung,tuyen_truyen.gio_loa,2,5,x", "2024,tay-hung,tuyen_truyen.so_buoi,abc,"].join("\n");
    expect(errorsOf(importCsv(db, csv, opts)).map((e) => e.line)).toEqual([2, 3]);
  });

  it("line numbers count blank lines and notes written over several lines", () => {
    const db = freshDb();
    const csv = [HEADER, "2024,dong-hung,tuyen_truyen.so_buoi,12,\"Ghi chú", "hai dòng\"", "", "2024,tay-hung,tuyen_truyen.so_buoi,abc,"].join("\r\n");
    expect(errorsOf(importCsv(db, csv, opts))).toEqual([{ line: 5, message: expect.stringContaining('"abc"') }]);
  });

  it("an unclosed quote is reported on its line", () => {
    const db = freshDb();
    const csv = [HEADER, ...good, "2024,dong-hung,tuyen_truyen.luot_nguoi,\"1.200,", after].join("\n");
    const errors = errorsOf(importCsv(db, csv, opts));
    expect(errors[0]!.message).toContain("ngoặc kép");
    expect(countEntries(db)).toBe(0);
  });

  it("an empty file or one with only a header is refused", () => {
    const db = freshDb();
    expect(errorsOf(importCsv(db, "\uFEFF\n", opts))[0]!.message).toContain("tệp trống");
    expect(errorsOf(importCsv(db, `${HEADER}\n`, opts))[0]!.message).toContain("không có dòng số liệu");
  });

  it("a file that is not UTF-8 is refused", () => {
    const db = freshDb();
    const latin1 = Buffer.from(`${HEADER}\n2024,dong-hung,tuyen_truyen.so_buoi,3,Tuy\xean truy\xean\n`, "latin1").toString("utf8");
    expect(errorsOf(importCsv(db, latin1, opts))[0]).toMatchObject({ line: 2, message: expect.stringContaining("không phải UTF-8") });
  });

  it("a locked month is refused until it is reopened for the unit", () => {
    const db = freshDb();
    db.$client.prepare("insert into period_locks (period, automatic) values ('2024-06', 1)").run();
    const csv = [HEADER, "2024-06-10,dong-hung,tuyen_truyen.so_buoi,1,", "2024,tay-hung,tuyen_truyen.so_buoi,1,"].join("\n");
    const errors = errorsOf(importCsv(db, csv, opts));
    expect(errors.map((e) => [e.line, e.message.startsWith("tháng 06/2024 đã khóa sổ")])).toEqual([[2, true], [3, true]]);
    db.$client.prepare("insert into period_unlocks (period, unit_code) values ('2024-06', 'dong-hung'), ('2024-06', 'tay-hung')").run();
    expect(importCsv(db, csv, opts).ok).toBe(true);
  });
});

describe("importCsv: what is accepted", () => {
  it("a BOM, CRLF, quoted Vietnamese numbers, header words with diacritics and extra columns", () => {
    const db = freshDb();
    const csv = "\uFEFFKỳ,Đơn vị,Chỉ tiêu,Giá trị,Ghi chú,nguon\r\n" +
      "2024,dong-hung,tuyen_truyen.luot_nguoi,\"1.200\",\"Cả năm, theo sổ\",chat\r\n" +
      "2024,dong-hung,tuyen_truyen.gio_loa,\"2,5\",,\r\n" +
      "2024,don-bp-nhon-hung,doi_ngoai.gia_tri_qua,\"35.000.000\",,\r\n" +
      "2024,don-bp-nhon-hung,doi_ngoai.phan_qua,  7 phần ,,\r\n";
    expect(importCsv(db, csv, opts)).toEqual({ ok: true, rows: 4, entries: 2 });
    expect(flowSums(db, "2024-01-01", "2024-12-31")).toEqual({
      "tuyen_truyen.luot_nguoi": 1200, "tuyen_truyen.gio_loa": 2.5, "doi_ngoai.gia_tri_qua": 35_000_000, "doi_ngoai.phan_qua": 7,
    });
    expect(db.$client.prepare("select note from entries where unit_code = 'dong-hung'").get()).toEqual({ note: "Cả năm, theo sổ" });
  });

  it("without the ghi_chu column", () => {
    const db = freshDb();
    expect(importCsv(db, "ky,don_vi,chi_tieu,gia_tri\n2024,dong-hung,tuyen_truyen.so_buoi,3\n", opts)).toEqual({ ok: true, rows: 1, entries: 1 });
  });

  it("notes in NFD are stored in NFC", () => {
    const db = freshDb();
    const nfd = "Tuyên truyền".normalize("NFD");
    expect(importCsv(db, `${HEADER}\n2024,dong-hung,tuyen_truyen.so_buoi,3,${nfd}\n`, opts).ok).toBe(true);
    expect(db.$client.prepare("select note from entries").get()).toEqual({ note: "Tuyên truyền" });
  });
});

describe("importCsv: importing the same rows twice", () => {
  const csv = [HEADER, "2024,dong-hung,tuyen_truyen.so_buoi,12,", "2024,tay-hung,tuyen_truyen.so_buoi,10,"].join("\n");

  it("is refused while the first import's entries are active; allowRepeat adds them again", () => {
    const db = freshDb();
    expect(importCsv(db, csv, { ...opts, file: "cu.csv" }).ok).toBe(true);
    // Same rows in another order, with a BOM and CRLF: still the same import.
    const reordered = "\uFEFF" + [HEADER, "2024,tay-hung,tuyen_truyen.so_buoi,10,", "2024,dong-hung,tuyen_truyen.so_buoi,12,"].join("\r\n");
    const errors = errorsOf(importCsv(db, reordered, opts));
    expect(errors).toEqual([{ line: 0, message: expect.stringMatching(/^các dòng này đã được nhập ngày 26\/02\/2025 \(tệp cu\.csv\): 2 dòng\. Nhập lại sẽ cộng số liệu hai lần/) }]);
    // The message names the flag the operator types, not a description of it.
    expect(errors[0]!.message).toContain("npm run cli -- import <tệp> --allow-repeat");
    expect(countEntries(db)).toBe(2);

    expect(importCsv(db, csv, { ...opts, allowRepeat: true })).toEqual({ ok: true, rows: 2, entries: 2 });
    expect(flowSums(db, "2024-01-01", "2024-12-31")).toEqual({ "tuyen_truyen.so_buoi": 44 });
  });

  it("is allowed again once the earlier entries were deleted", () => {
    const db = freshDb();
    expect(importCsv(db, csv, opts).ok).toBe(true);
    db.$client.prepare("update entries set status = 'deleted'").run();
    expect(importCsv(db, csv, opts).ok).toBe(true);
    expect(flowSums(db, "2024-01-01", "2024-12-31")).toEqual({ "tuyen_truyen.so_buoi": 22 });
  });

  it("a different file is not a repeat", () => {
    const db = freshDb();
    expect(importCsv(db, csv, opts).ok).toBe(true);
    expect(importCsv(db, csv.replace(",12,", ",13,"), opts).ok).toBe(true);
  });
});
