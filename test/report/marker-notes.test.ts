// Issue 15, item 12: a damaged-marker note imported with the CSV appears in the marker table
// ("Mốc quốc giới hư hỏng, xê dịch") of the monthly report, as a note filed by chat does.
import { describe, expect, it } from "vitest";
import { loadProfile } from "../../src/app/profile-file.js";
import { issueReport } from "../../src/app/reports.js";
import { loadReportTemplates } from "../../src/app/start.js";
import { importCsv } from "../../src/data/import.js";
import { fillDemo } from "../../src/data/demo.js";
import { periodFromKey } from "../../src/domain/periods.js";
import { markerAnomalies } from "../../src/ledger/photos.js";
import { freshDb } from "../data/db.js";
import { docxText } from "./docx-text.js";

const NOW = new Date("2025-02-20T03:00:00Z");
const CSV = [
  "ky,don_vi,chi_tieu,gia_tri,ghi_chu",
  "2025-01,don-bp-nhon-hung,moc.luot_kiem_tra,12,",
  "2025-01,don-bp-nhon-hung,moc.bat_thuong,1,Mốc 275 nghiêng do sạt lở bờ kênh",
  "2025-01,don-bp-nhon-hung,tuan_tra.doc_lap.luot_to,4,",
].join("\n");

describe("marker notes imported with the CSV", () => {
  it("are listed in the monthly report's marker table, with the unit and the markers found", async () => {
    const db = freshDb();
    expect(importCsv(db, CSV, { cutoffDay: 0, now: NOW }).ok).toBe(true);
    const templates = await loadReportTemplates({});
    const r = await issueReport({ db, profile: loadProfile("templates/ward-profile.yaml"), templates, cutoffDay: 0, clock: () => NOW },
      { periodKey: "2025-01", requestedBy: null, channel: "cli", issuedOn: "2025-02-05" });
    const text = await docxText(r.bytes);
    expect(text).toContain("Mốc quốc giới hư hỏng, xê dịch");
    // One cell a line: STT, date (the month's last day: an imported monthly figure), unit, markers, note, photos
    expect(text).toContain("\n1\n31/01/2025\nĐồn BP Nhơn Hưng\n1\nMốc 275 nghiêng do sạt lở bờ kênh\n0");
  });

  it("the demo's own mark on imported rows is not a finding: no marker rows from the demo", () => {
    const db = freshDb();
    fillDemo(db, { cutoffDay: 0, now: NOW, years: 1, seed: 7 });
    expect(markerAnomalies(db, periodFromKey("2024", 0)!)).toEqual([]);
  });
});
