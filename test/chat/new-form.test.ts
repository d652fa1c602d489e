// A form added to a ward's catalogue file, with no code change: offered in the chat to the unit
// kind it names, filed, and its metric in the report through a template line and in the caption.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import JSZip from "jszip";
import { afterEach, describe, expect, it } from "vitest";
import { buttonData, buttons, startHarness, type Harness } from "../helpers/harness.js";
import { tempDir } from "../helpers/temp.js";

const ROOT = resolve(import.meta.dirname, "../..");
const KHOM = 1001;
const CHAIRMAN = 3001;

let h: Harness | undefined;
afterEach(async () => { await h?.stop(); h = undefined; });

const NEW_FORM = `
  - id: tuan_tra_song
    title: Tuần tra trên sông
    aggregation: flow
    unitKinds: [khom]
    words: [tuan tra song]
    example: tuần tra sông 3 lượt
    fields:
      - { key: luot, type: number, metric: tuan_tra_song.luot, label: Lượt tuần tra sông, unit: lượt, ask: Số lượt tuần tra trên sông? }
`;

/** A ward folder: the default profile naming its own catalogue (the default one plus a form) and a monthly template. */
function wardFolder(): { profile: string; templates: string } {
  const dir = tempDir("bienbot-ward-");
  writeFileSync(join(dir, "ward-profile.yaml"), `${readFileSync(join(ROOT, "templates/ward-profile.yaml"), "utf8")}\ncatalogue: danh-muc/catalogue.yaml\n`);
  const catalogue = readFileSync(join(ROOT, "templates/catalogue.yaml"), "utf8")
    .replace("\n# Các dòng tóm tắt", `${NEW_FORM}\n# Các dòng tóm tắt`)
    .concat('  - "Tuần tra sông: {tuan_tra_song.luot} lượt"\n');
  const sub = join(dir, "danh-muc");
  tempDirMk(sub);
  writeFileSync(join(sub, "catalogue.yaml"), catalogue);
  const templates = join(dir, "mau");
  tempDirMk(templates);
  copyFileSync(join(ROOT, "templates/bao-cao-thang.md"), join(templates, "bao-cao-thang.md"));
  const month = readFileSync(join(templates, "bao-cao-thang.md"), "utf8")
    .replace("# I. TÌNH HÌNH CHUNG\n", "# I. TÌNH HÌNH CHUNG\n\nTuần tra trên sông được {{tuan_tra_song.luot | so}} lượt.\n");
  writeFileSync(join(templates, "bao-cao-thang.md"), month);
  return { profile: join(dir, "ward-profile.yaml"), templates };
}

function tempDirMk(path: string): void {
  // A sub-folder of a temp folder: removed with it.
  mkdirSync(path, { recursive: true });
}

describe("a form added to the catalogue file", () => {
  it("is offered to a khóm, filed by chat, and counted in the monthly report and its caption", async () => {
    const ward = wardFolder();
    h = await startHarness({ env: { WARD_PROFILE_PATH: ward.profile, REPORT_TEMPLATE_DIR: ward.templates } });
    await h.register(KHOM, "bao_cao", "dong-hung", "Lan");
    await h.register(CHAIRMAN, "lanh_dao", "nhon-hung", "Vũ");

    const list = await h.say(KHOM, "/nhap");
    expect(buttons(list.at(-1)).map((b) => b.text)).toContain("Tuần tra trên sông");
    let r = await h.press(KHOM, buttonData(list.at(-1), "Tuần tra trên sông"));
    expect(r.at(-1)!.text).toContain("Số lượt tuần tra trên sông?");
    r = await h.say(KHOM, "7");
    expect(r.at(-1)!.text).toContain("Lượt tuần tra sông: 7 lượt");
    r = await h.press(KHOM, buttonData(r.at(-1), "Lưu"));
    expect(r.at(-1)!.text).toContain("✅ Đã lưu");

    // Quick entry reads the form's words from the file too: 2 more.
    r = await h.say(KHOM, "tuan tra song 2 luot");
    r = await h.press(KHOM, buttonData(r.at(-1), "Lưu"));
    expect(r.at(-1)!.text).toContain("✅ Đã lưu");

    const stored = h.bot.db.$client.prepare("select sum(v.value) n from entry_values v join entries e on e.id = v.entry_id where e.form_id = 'tuan_tra_song' and v.metric = 'tuan_tra_song.luot'").get();
    expect(stored).toEqual({ n: 9 });

    // The report worker thread installs the catalogue the profile names; its first start may be slow.
    h.standin.pushUpdates([h.standin.textMessage(CHAIRMAN, "/baocao tháng 2/2025")]);
    await h.standin.waitFor(() => h!.standin.documents.length > 0, 60_000, 10);
    const [doc] = h.standin.documents;
    expect(doc!.caption).toContain("• Tuần tra sông: 9 lượt");
    const xml = await (await JSZip.loadAsync(doc!.bytes)).file("word/document.xml")!.async("string");
    expect(xml).toContain("Tuần tra trên sông được 9 lượt.");
  });
});
