// What people type never becomes a spreadsheet formula in the export.
import { describe, expect, it } from "vitest";
import { exportCsv, safeText } from "../../src/data/export.js";
import { freshDb } from "./db.js";

describe("export safety", () => {
  it("quotes text that Excel would run as a formula", () => {
    expect(safeText("=HYPERLINK(\"x\")")).toBe("'=HYPERLINK(\"x\")");
    expect(safeText("+84 912")).toBe("'+84 912");
    expect(safeText("@x")).toBe("'@x");
    expect(safeText("Mốc 275 nghiêng")).toBe("Mốc 275 nghiêng");
  });

  it("applies it to notes in the CSV", () => {
    const db = freshDb();
    const id = db.$client.prepare(`insert into entries (unit_code, form_id, activity_date, period, span_start, span_end, counted_on, source, note, created_at)
      values ('to-antt-dong-hung', 'moc_quoc_gioi', '2025-02-05', '2025-02', '2025-02-05', '2025-02-05', '2025-02-05', 'chat', '=1+1', 0)`).run().lastInsertRowid;
    db.$client.prepare("insert into entry_values (entry_id, metric, amount) values (?, 'moc.bat_thuong', 1)").run(id);
    const csv = exportCsv(db, { start: "2025-02-01", end: "2025-02-28", key: "2025-02" });
    expect(csv).toContain(",'=1+1,");
    expect(csv).not.toContain(",=1+1,");
  });
});
