// Issue 16, item 5: {{phuong.so_khom}} and {{phuong.ds_khom}} count the ward's residential units,
// the unit kind the catalogue marks `residential` (khóm in the default catalogue, ấp in the example
// commune's), and {{phuong.loai_khom}} names that kind in running text ("khóm", "ấp").
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadProfile } from "../../src/app/profile-file.js";
import { issueReport } from "../../src/app/reports.js";
import { loadReportTemplates } from "../../src/app/start.js";
import { installWardCatalogue } from "../../src/app/ward-catalogue.js";
import { openDb, type Db } from "../../src/db/client.js";
import { residentialKind } from "../../src/domain/catalogue.js";
import { syncProfile } from "../../src/store/profile-sync.js";
import { addEntry } from "../helpers/entries.js";
import { tempDir } from "../helpers/temp.js";
import { docxText } from "./docx-text.js";

const DEFAULT = "templates/ward-profile.yaml";
const COMMUNE = "examples/xa-vinh-xuong/ward-profile.yaml";
afterEach(() => { installWardCatalogue(DEFAULT); });

async function reviewLine(profilePath: string, unit: string, issuedOn: string): Promise<string | undefined> {
  installWardCatalogue(profilePath);
  const profile = loadProfile(profilePath);
  const db: Db = openDb(join(tempDir("bienbot-residential-"), "bot.sqlite"));
  syncProfile(db, profile, new Date(`${issuedOn}T00:00:00Z`));
  addEntry(db, { unit, form: "tuyen_truyen", date: "2025-08-05", values: { "tuyen_truyen.so_buoi": 1, "tuyen_truyen.luot_nguoi": 10 } });
  const templates = await loadReportTemplates({});
  const r = await issueReport({ db, profile, templates, cutoffDay: 0, clock: () => new Date(`${issuedOn}T03:00:00Z`) },
    { periodKey: "2016-01-01..2025-09-30", requestedBy: null, channel: "cli", issuedOn });
  return (await docxText(r.bytes)).split("\n").find((l) => l.includes(" có ") && l.includes("dân tộc"));
}

describe("the ward's residential units", () => {
  it("the default catalogue's are khóm; the commune's are ấp", () => {
    installWardCatalogue(DEFAULT);
    expect(residentialKind()).toBe("khom");
    installWardCatalogue(COMMUNE);
    expect(residentialKind()).toBe("ap");
  });

  it("the ward's review counts its three khóm", async () => {
    const line = await reviewLine(DEFAULT, "dong-hung", "2025-10-05");
    expect(line).toMatch(/ có 03 khóm \(Đông Hưng, Tây Hưng, Trung Bắc Hưng\)/);
  });

  it("the commune's review counts its three ấp, in the word ấp", async () => {
    const line = await reviewLine(COMMUNE, "ap-1", "2025-10-05");
    expect(line).toMatch(/ có 03 ấp \(Ấp 1, Ấp 2, Ấp 3\)/);
  });
});
