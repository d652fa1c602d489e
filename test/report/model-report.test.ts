// The whole chain: import figures spread over units and years whose totals are the model
// report's, compile the ten-year report, render the DOCX, read it back.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import JSZip from "jszip";
import { beforeAll, describe, expect, it } from "vitest";
import { openDb, type Db } from "../../src/db/client.js";
import { loadProfile } from "../../src/app/profile-file.js";
import { loadReportTemplates } from "../../src/app/start.js";
import { issueReport } from "../../src/app/reports.js";
import { syncProfile } from "../../src/store/profile-sync.js";
import { importCsv } from "../../src/data/import.js";
import type { WardProfile } from "../../src/domain/profile.js";
import { MODEL_PHRASES } from "./model-figures.js";
import { tempDir } from "../helpers/temp.js";
import { setReportWords } from "../../src/store/report-settings.js";
import type { ReportWords } from "../../src/report/round-facts.js";

/** The 2025 round's own facts (election abroad, Covid movement and support, next year's cụm trưởng): data, not template. */
const ROUND_2025 = JSON.parse(readFileSync("test/fixtures/round-2025.json", "utf8")) as ReportWords;

/** The model's sentences that hold the 2025 round's facts, copied from bao-cao-35-BC-UBND-2025.txt (Đoàn → Đồn, as the profile names the post). */
const ROUND_PHRASES = [
  "Phía ngoại biên, tình hình chính trị tại Campuchia (CPC) còn tiềm ẩn nhiều phức tạp, nhất là sau bầu cử Quốc hội Khóa VII/2023 của CPC.",
  "phong trào “Toàn dân tham gia phòng, chống dịch Covid-19 và xuất, nhập cảnh trái phép”",
  "thăm hỏi, hỗ trợ lương thực, thực phẩm, vật tư y tế cho CBCS 03 lực lượng tham gia phòng, chống dịch Covid-19, tổng trị giá khoảng 327.900.000 đồng.",
  "2. Năm 2026, Đồn Biên phòng Cửa khẩu Quốc tế Tịnh Biên làm cụm trưởng tham mưu cho Ủy ban nhân dân thị xã Tịnh Biên tổ chức “Ngày Biên phòng toàn dân”./.",
  "Địa phương cùng Đồn Biên phòng luôn làm tốt công tác biểu dương, khen thưởng; qua 10 năm thực hiện Chỉ thị số 01 đã có nhiều tập thể, cá nhân được các cấp, các ngành tặng Bằng khen, Giấy khen",
  "IV. PHƯƠNG HƯỚNG THỰC HIỆN THỜI GIAN TỚI",
];

let db: Db;
let profile: WardProfile;

beforeAll(() => {
  db = openDb(join(tempDir("bienbot-model-"), "bot.sqlite"));
  profile = loadProfile("templates/ward-profile.yaml");
  syncProfile(db, profile, new Date());
  setReportWords(db, "2015-01-01..2025-02-26", ROUND_2025, new Date("2025-02-26T02:00:00Z"));
  const r = importCsv(db, readFileSync("test/fixtures/import/model-report.csv", "utf8"), { cutoffDay: 0, now: new Date() });
  expect(r.ok).toBe(true);
});

/** The visible text of word/document.xml, paragraph by paragraph. */
async function docxText(bytes: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(bytes);
  const xml = await zip.file("word/document.xml")!.async("string");
  return xml.split("</w:p>").map((p) => [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(""))
    .join("\n").replace(/&amp;/g, "&").replace(/&quot;/g, "\"").replace(/&lt;/g, "<").replace(/&gt;/g, ">");
}

describe("the ten-year report from imported figures", () => {
  it("writes every figure phrase of the model, the header, the recipients and the signer", async () => {
    const templates = await loadReportTemplates({});
    const report = await issueReport({ db, profile, templates, cutoffDay: 0, clock: () => new Date("2025-02-26T02:00:00Z") },
      { periodKey: "2015-01-01..2025-02-26", requestedBy: null, channel: null });
    expect(report.fileName).toBe("bao-cao-2015-01-01_2025-02-26.docx");
    const text = await docxText(report.bytes);
    for (const phrase of MODEL_PHRASES) expect(text).toContain(phrase);
    for (const phrase of ROUND_PHRASES) expect(text).toContain(phrase);
    for (const phrase of ["UBND THỊ XÃ TỊNH BIÊN", "ỦY BAN NHÂN DÂN", "PHƯỜNG NHƠN HƯNG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
      "Độc lập - Tự do - Hạnh phúc", "Nhơn Hưng, ngày 26 tháng 02 năm 2025", "BÁO CÁO", "Nơi nhận:", "UBND thị xã (để b/c);",
      "Đồn Biên phòng Nhơn Hưng;", "Lưu: VT.", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Huỳnh Thanh Vũ", "từ ngày 01/01/2015 đến ngày 26/02/2025"]) {
      expect(text).toContain(phrase);
    }
    expect(text).toMatch(/Số:\s+\/BC-UBND/);
    expect(report.caption).toContain("480 buổi, 14.209 lượt người");
    expect(report.caption).toMatch(/Tổng hợp từ [\d.]+ bản ghi/);
    const archived = db.$client.prepare("select period, file_hash, length(bytes) n from issued_reports").all();
    expect(archived).toEqual([{ period: "2015-01-01..2025-02-26", file_hash: report.fileHash, n: report.bytes.length }]);
  });

  it("takes stocks as each unit's latest value at the period's end, not their sum over time", async () => {
    const templates = await loadReportTemplates({});
    const r = await issueReport({ db, profile, templates, cutoffDay: 0, clock: () => new Date("2025-02-26T02:00:00Z") },
      { periodKey: "2015-01-01..2025-02-26", requestedBy: null, channel: null });
    expect(r.data.totals["dan_so.ho"]).toBe(1667);
    expect(r.data.totals["dan_so.khau"]).toBe(6139);
    expect(r.data.totals["tuyen_truyen.so_buoi"]).toBe(480);
    expect(r.data.byMonth.map((m) => m.key)).toContain("2020");
  });

  it("groups the ten years by year with the fixture's yearly sums (written out by hand, not recomputed)", async () => {
    const templates = await loadReportTemplates({});
    const r = await issueReport({ db, profile, templates, cutoffDay: 0, clock: () => new Date("2025-02-26T02:00:00Z") },
      { periodKey: "2015-01-01..2025-02-26", requestedBy: null, channel: null });
    // test/fixtures/import/model-report.csv, rows of tuyen_truyen.so_buoi and tin.co_gia_tri summed per year by hand
    expect(r.data.byMonth.map((m) => [m.label, m.values["tuyen_truyen.so_buoi"], m.values["tin.co_gia_tri"]])).toEqual([
      ["Năm 2015", 46, 30], ["Năm 2016", 49, 32], ["Năm 2017", 48, 35], ["Năm 2018", 49, 31], ["Năm 2019", 47, 34],
      ["Năm 2020", 51, 31], ["Năm 2021", 47, 37], ["Năm 2022", 46, 34], ["Năm 2023", 46, 32], ["Năm 2024", 47, 29],
      ["Năm 2025", 4, 4],
    ]);
    expect(r.data.totals["tin.co_gia_tri"]).toBe(329); // report line 69
  });

  it("prints none of the 2025 round's facts in a 2020–2024 report given no round words", async () => {
    const templates = await loadReportTemplates({});
    const r = await issueReport({ db, profile, templates, cutoffDay: 0, clock: () => new Date("2025-03-10T02:00:00Z") },
      { periodKey: "2020-01-01..2024-12-31", requestedBy: null, channel: null });
    const text = await docxText(r.bytes);
    expect(text).toContain("Tổng kết 5 năm thực hiện Chỉ thị số 01/CT-TTg");
    expect(text).not.toMatch(/Khóa VII|bầu cử|Covid|cụm trưởng|Năm 2026|thị xã Tịnh Biên tổ chức/);
    expect(text).toContain("Phía ngoại biên, tình hình chính trị tại Campuchia (CPC) còn tiềm ẩn nhiều phức tạp. Các đảng phái");
    expect(text).toContain("thăm hỏi, hỗ trợ cán bộ, chiến sĩ, tổng trị giá khoảng");
    expect(text).toContain("1. Kiến nghị Ủy ban nhân dân thị xã Tịnh Biên hằng năm");
  });
});
