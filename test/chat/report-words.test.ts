// Issue 15, items 4 (the leader's own words) and 6 (căn cứ belong to a kind): /cancu per kind,
// /nhandinh, /nhiemvu, /dot per period, and what the leader added shown before issuing.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import JSZip from "jszip";
import { buttonData, buttons, startHarness, testClock, type Harness } from "../helpers/harness.js";
import type { SentMessage } from "../helpers/bot-api-standin.js";
import { issueReport } from "../helpers/issue-report.js";
import { importCsv } from "../../src/data/import.js";
import { readFileSync } from "node:fs";

let h: Harness;
beforeEach(async () => { h = await startHarness({ clock: testClock("2025-03-03T03:00:00Z") }); });
afterEach(async () => { await h.stop(); });

const CHAIRMAN = 3001;
const PLAN = "Kế hoạch số 564/KH-UBND ngày 24/02/2025 của UBND thị xã Tịnh Biên về tổng kết 10 năm";

function seedModel(): void {
  const csv = readFileSync("test/fixtures/import/model-report.csv", "utf8");
  expect(importCsv(h.bot.db, csv, { cutoffDay: 0, now: h.clock.now })).toMatchObject({ ok: true });
}

const lastText = (r: SentMessage[]) => r.at(-1)?.text ?? "";
const documentXml = async () => (await JSZip.loadAsync(h.standin.documents.at(-1)!.bytes)).file("word/document.xml")!.async("string");
const settings = (key: string) => {
  const row = h.bot.db.$client.prepare("select value_json as v from settings where key = ?").get(key) as { v: string } | undefined;
  return row ? JSON.parse(row.v) as unknown : undefined;
};

const issue = (typed: string) => issueReport(h, CHAIRMAN, typed);

describe("căn cứ belong to a kind of report", () => {
  it("a ten-year report issued with the round's plan; the next January monthly report does not carry it", async () => {
    seedModel();
    await h.register(CHAIRMAN, "lanh_dao", "nhon-hung");
    const added = await h.say(CHAIRMAN, `/cancu tổng kết thêm ${PLAN}`);
    expect(lastText(added)).toContain("Đã thêm căn cứ của báo cáo tổng kết nhiều năm.");
    expect(lastText(added)).toContain(`1. Căn cứ ${PLAN};`);
    const seen = await issue("/baocao 2015-01-01..2025-02-26 số 35 ngày 26/02/2025");
    expect(seen.map((m) => m.text).join("\n")).toContain(`1. Căn cứ ${PLAN};`); // shown before issuing
    expect(h.standin.documents).toHaveLength(1);
    expect(await documentXml()).toContain("Căn cứ Kế hoạch số 564/KH-UBND ngày 24/02/2025");

    await issue("/baocao tháng 1/2025");
    expect(h.standin.documents).toHaveLength(2);
    expect(h.standin.documents.at(-1)!.filename).toBe("bao-cao-2025-01.docx");
    expect(await documentXml()).not.toContain("564/KH-UBND");
  }, 60_000);

  it("adds, edits and removes the lines of one kind, named by its word or by a period, with or without diacritics", async () => {
    await h.register(CHAIRMAN, "lanh_dao", "nhon-hung");
    let r = await h.say(CHAIRMAN, "/cancu thang them Kế hoạch số 12/KH-UBND của UBND phường");
    expect(lastText(r)).toContain("✅ Đã thêm căn cứ của báo cáo tháng.");
    r = await h.say(CHAIRMAN, "/cancu tháng 2/2025 thêm Căn cứ Công văn số 7/UBND");
    expect(lastText(r)).toContain("Căn cứ riêng của báo cáo tháng");
    expect(lastText(r)).toContain("1. Căn cứ Kế hoạch số 12/KH-UBND của UBND phường;\n2. Căn cứ Công văn số 7/UBND;");
    r = await h.say(CHAIRMAN, "/cancu quý thêm Kế hoạch số 3/KH-UBND");
    expect(lastText(r)).toContain("Đã thêm căn cứ của báo cáo quý.");
    r = await h.say(CHAIRMAN, "/cancu 6 tháng thêm Kế hoạch số 4/KH-UBND");
    expect(lastText(r)).toContain("Đã thêm căn cứ của báo cáo 6 tháng.");
    r = await h.say(CHAIRMAN, "/cancu năm 2024 thêm Kế hoạch số 5/KH-UBND");
    expect(lastText(r)).toContain("Đã thêm căn cứ của báo cáo năm.");
    r = await h.say(CHAIRMAN, "/cancu thang sua 2 Công văn số 8/UBND");
    expect(lastText(r)).toContain("Đã sửa căn cứ số 2 của báo cáo tháng.");
    expect(lastText(r)).toContain("2. Căn cứ Công văn số 8/UBND;");
    r = await h.say(CHAIRMAN, "/cancu tháng xóa 1");
    expect(lastText(r)).toContain("Đã xóa căn cứ số 1 của báo cáo tháng.");
    expect(settings("report.can_cu.month")).toEqual(["Căn cứ Công văn số 8/UBND;"]);
    // Alone: every kind that has lines, each under its name.
    r = await h.say(CHAIRMAN, "/cancu");
    const all = lastText(r);
    for (const kind of ["tháng", "quý", "6 tháng", "năm"]) expect(all).toContain(`Căn cứ riêng của báo cáo ${kind} (`);
    expect(all).not.toContain("tổng kết nhiều năm (");
    r = await h.say(CHAIRMAN, "/cancu quy xoa het");
    expect(lastText(r)).toContain("Đã xóa hết các căn cứ riêng của báo cáo quý.");
    expect(settings("report.can_cu.quarter")).toEqual([]);
    expect(settings("report.can_cu.year")).toEqual(["Căn cứ Kế hoạch số 5/KH-UBND;"]);
    r = await h.say(CHAIRMAN, "/cancu năm");
    expect(lastText(r)).toContain("1. Căn cứ Kế hoạch số 5/KH-UBND;");
  });

  it("refuses a change without a kind, an unknown kind, a missing line and empty or overlong text, changing nothing", async () => {
    await h.register(CHAIRMAN, "lanh_dao", "nhon-hung");
    await h.say(CHAIRMAN, "/cancu tháng thêm Kế hoạch số 12/KH-UBND");
    const before = settings("report.can_cu.month");
    let r = await h.say(CHAIRMAN, `/cancu thêm ${PLAN}`);
    expect(lastText(r)).toContain("⚠️ Căn cứ riêng thuộc từng loại báo cáo: gõ loại báo cáo trước chữ “thêm”.");
    expect(lastText(r)).toContain("Thêm: /cancu tổng kết thêm");
    r = await h.say(CHAIRMAN, "/cancu tuần thêm Kế hoạch");
    expect(lastText(r)).toContain("⚠️ Chưa hiểu loại báo cáo “tuần”.");
    expect(lastText(r)).toContain("Loại báo cáo: tháng | quý | 6 tháng");
    r = await h.say(CHAIRMAN, "/cancu tháng xóa 5");
    expect(lastText(r)).toContain("⚠️ Báo cáo tháng không có dòng căn cứ số 5.");
    r = await h.say(CHAIRMAN, "/cancu tháng sửa 1");
    expect(lastText(r)).toContain("⚠️ Gõ nội dung mới sau số dòng, ví dụ: /cancu tháng sửa 1 Căn cứ …");
    r = await h.say(CHAIRMAN, "/cancu tháng xóa");
    expect(lastText(r)).toContain("⚠️ Gõ số dòng sau chữ “xóa”");
    r = await h.say(CHAIRMAN, "/cancu tháng thêm");
    expect(lastText(r)).toContain("⚠️ Gõ nội dung căn cứ sau chữ “thêm”.");
    r = await h.say(CHAIRMAN, `/cancu tháng thêm ${"x".repeat(601)}`);
    expect(lastText(r)).toContain("⚠️ Căn cứ dài quá 600 ký tự.");
    expect(settings("report.can_cu.month")).toEqual(before);
    for (let i = 2; i <= 10; i++) await h.say(CHAIRMAN, `/cancu tháng thêm Công văn số ${i}`);
    r = await h.say(CHAIRMAN, "/cancu tháng thêm Công văn số 11");
    expect(lastText(r)).toContain("⚠️ Báo cáo tháng đã có 10 căn cứ riêng.");
  });
});

describe("the leader's own words, per period", () => {
  it("/nhandinh keeps, shows and clears a sentence for one period, in NFC", async () => {
    await h.register(CHAIRMAN, "lanh_dao", "nhon-hung");
    // Typed decomposed (NFD), as some keyboards send it.
    let r = await h.say(CHAIRMAN, "/nhandinh tháng 1/2025: Tình hình an ninh khu vực biên giới còn diễn biến phức tạp.".normalize("NFD"));
    expect(lastText(r)).toContain("✅ Đã ghi nhận định của báo cáo tháng 01/2025:\n“Tình hình an ninh khu vực biên giới còn diễn biến phức tạp.”");
    expect(lastText(r)).toContain("/baocao tháng 01/2025");
    expect(settings("report.words.2025-01")).toEqual({
      situation: "Tình hình an ninh khu vực biên giới còn diễn biến phức tạp.", tasks: [], facts: {} });
    r = await h.say(CHAIRMAN, "/nhandinh thang 1/2025");
    expect(lastText(r)).toContain("Nhận định của lãnh đạo trong báo cáo tháng 01/2025:\n“Tình hình an ninh");
    r = await h.say(CHAIRMAN, "/nhandinh tháng 2/2025");
    expect(lastText(r)).toContain("Chưa có nhận định riêng cho báo cáo tháng 02/2025.");
    r = await h.say(CHAIRMAN, "/nhandinh thang 1/2025 xoa");
    expect(lastText(r)).toContain("✅ Đã xóa nhận định của báo cáo tháng 01/2025.");
    expect(settings("report.words.2025-01")).toEqual({ situation: null, tasks: [], facts: {} });
  });

  it("/nhandinh refuses what it cannot keep, saying what to type", async () => {
    await h.register(CHAIRMAN, "lanh_dao", "nhon-hung");
    let r = await h.say(CHAIRMAN, "/nhandinh");
    expect(lastText(r)).toContain("Ghi: /nhandinh tháng 1/2025: Tình hình");
    r = await h.say(CHAIRMAN, "/nhandinh: Tình hình ổn định");
    expect(lastText(r)).toContain("⚠️ Gõ kỳ báo cáo, ví dụ: /nhandinh tháng 1/2025: …");
    r = await h.say(CHAIRMAN, "/nhandinh tuần này: Tình hình ổn định");
    expect(lastText(r)).toContain("⚠️ Chưa hiểu kỳ báo cáo");
    r = await h.say(CHAIRMAN, `/nhandinh ${"x".repeat(5000)}`);
    expect(lastText(r)).toContain("⚠️ Chưa hiểu kỳ báo cáo. Ví dụ:");
    expect(lastText(r).length).toBeLessThan(600);
    r = await h.say(CHAIRMAN, "/nhandinh tháng 5/2025: Tình hình ổn định");
    expect(lastText(r)).toContain("⚠️ Kỳ tháng 05/2025 chưa bắt đầu (hôm nay 03/03/2025).");
    r = await h.say(CHAIRMAN, "/nhandinh tháng 1/2025:   ");
    expect(lastText(r)).toContain("⚠️ Chưa có nội dung nhận định. Gõ câu nhận định sau dấu hai chấm");
    r = await h.say(CHAIRMAN, `/nhandinh tháng 1/2025: ${"a".repeat(601)}`);
    expect(lastText(r)).toContain("⚠️ Nhận định dài quá 600 ký tự.");
    expect(settings("report.words.2025-01")).toBeUndefined();
  });

  it("/nhiemvu keeps the tasks one per line or separated by ';', shows and clears them", async () => {
    await h.register(CHAIRMAN, "lanh_dao", "nhon-hung");
    let r = await h.say(CHAIRMAN, "/nhiemvu tháng 1/2025:\n- Tuần tra biên giới dịp Tết Nguyên đán\n2. Tuyên truyền Luật Biên phòng Việt Nam\n\n• Rà soát mốc quốc giới");
    expect(lastText(r)).toContain("✅ Đã ghi 3 nhiệm vụ kỳ tới trong báo cáo tháng 01/2025:\n1. Tuần tra biên giới dịp Tết Nguyên đán\n2. Tuyên truyền Luật Biên phòng Việt Nam\n3. Rà soát mốc quốc giới");
    r = await h.say(CHAIRMAN, "/nhiemvu quý 1/2025: Tuần tra; Tuyên truyền ; ");
    expect(settings("report.words.2025-Q1")).toEqual({ situation: null, tasks: ["Tuần tra", "Tuyên truyền"], facts: {} });
    r = await h.say(CHAIRMAN, "/nhiemvu tháng 1/2025");
    expect(lastText(r)).toContain("Nhiệm vụ kỳ tới trong báo cáo tháng 01/2025:\n1. Tuần tra biên giới dịp Tết Nguyên đán");
    r = await h.say(CHAIRMAN, "/nhiemvu tháng 1/2025: ;;");
    expect(lastText(r)).toContain("⚠️ Chưa có nhiệm vụ nào: gõ mỗi nhiệm vụ một dòng");
    r = await h.say(CHAIRMAN, `/nhiemvu tháng 1/2025: ${Array.from({ length: 16 }, (_, i) => `Việc ${i + 1}`).join("; ")}`);
    expect(lastText(r)).toContain("⚠️ Nhiều quá 15 nhiệm vụ.");
    r = await h.say(CHAIRMAN, `/nhiemvu tháng 1/2025: Việc một; ${"b".repeat(601)}`);
    expect(lastText(r)).toContain("⚠️ Nhiệm vụ số 2 dài quá 600 ký tự.");
    expect((settings("report.words.2025-01") as { tasks: string[] }).tasks).toHaveLength(3);
    r = await h.say(CHAIRMAN, "/nhiemvu tháng 1/2025 xóa");
    expect(lastText(r)).toContain("✅ Đã xóa nhiệm vụ kỳ tới trong báo cáo tháng 01/2025.");
    expect(settings("report.words.2025-01")).toEqual({ situation: null, tasks: [], facts: {} });
  });

  it("/dot lists the round facts, keeps one by name (typed with spaces or '_'), clears it, refuses an unknown name", async () => {
    await h.register(CHAIRMAN, "lanh_dao", "nhon-hung");
    const round = "2015-01-01..2025-02-26";
    let r = await h.say(CHAIRMAN, `/dot ${round}`);
    expect(lastText(r)).toContain("Thông tin riêng của đợt, báo cáo từ ngày 01/01/2015 đến ngày 26/02/2025:");
    expect(lastText(r)).toContain("• ngoai_bien — điều nổi bật phía ngoại biên trong đợt");
    expect(lastText(r)).toContain("(chưa có, không in)");
    r = await h.say(CHAIRMAN, `/dot ${round} ngoại biên: Sau bầu cử Quốc hội Khóa VII/2023 của Campuchia, tình hình ổn định`);
    expect(lastText(r)).toContain("✅ Đã ghi mục ngoai_bien của báo cáo từ ngày 01/01/2015 đến ngày 26/02/2025:");
    r = await h.say(CHAIRMAN, `/dot ${round} ho_tro: hỗ trợ cán bộ, chiến sĩ phòng, chống dịch Covid-19`);
    expect(settings(`report.words.${round}`)).toEqual({ situation: null, tasks: [], facts: {
      ngoai_bien: "Sau bầu cử Quốc hội Khóa VII/2023 của Campuchia, tình hình ổn định",
      ho_tro: "hỗ trợ cán bộ, chiến sĩ phòng, chống dịch Covid-19" } });
    r = await h.say(CHAIRMAN, `/dot ${round}`);
    expect(lastText(r)).toContain("“Sau bầu cử Quốc hội Khóa VII/2023 của Campuchia, tình hình ổn định”");
    r = await h.say(CHAIRMAN, `/dot ${round} ngoai bien xoa`);
    expect(lastText(r)).toContain("✅ Đã xóa mục ngoai_bien");
    r = await h.say(CHAIRMAN, `/dot ${round} bau_cu: Khóa VII`);
    expect(lastText(r)).toContain("⚠️ Không có mục “bau_cu”. Các mục: ngoai_bien, phong_trao, ho_tro, kien_nghi.");
    r = await h.say(CHAIRMAN, `/dot ${round}: Khóa VII`);
    expect(lastText(r)).toContain("⚠️ Gõ tên một mục trước dấu hai chấm");
    r = await h.say(CHAIRMAN, `/dot ${round} ho_tro:`);
    expect(lastText(r)).toContain("⚠️ Chưa có nội dung mục ho_tro.");
    r = await h.say(CHAIRMAN, `/dot ${round} kien_nghi: ${"c".repeat(601)}`);
    expect(lastText(r)).toContain("⚠️ Mục kien_nghi dài quá 600 ký tự.");
    r = await h.say(CHAIRMAN, "/dot năm 2099 ho_tro: x");
    expect(lastText(r)).toContain("chưa bắt đầu");
    expect(settings(`report.words.${round}`)).toEqual({ situation: null, tasks: [], facts: {
      ho_tro: "hỗ trợ cán bộ, chiến sĩ phòng, chống dịch Covid-19" } });
  });
});

describe("shown before issuing", () => {
  it("with words of the period, /baocao shows them and asks; Thôi issues nothing, Lập báo cáo issues", async () => {
    seedModel();
    await h.register(CHAIRMAN, "lanh_dao", "nhon-hung");
    await h.say(CHAIRMAN, "/nhandinh tháng 1/2025: Phát hiện 02 vụ xuất nhập cảnh trái phép.");
    await h.say(CHAIRMAN, "/nhiemvu tháng 1/2025: Tuần tra dịp Tết; Tuyên truyền Luật Biên phòng");
    await h.say(CHAIRMAN, "/cancu tháng thêm Kế hoạch số 12/KH-UBND của UBND phường");
    let r = await h.say(CHAIRMAN, "/baocao tháng 1/2025");
    expect(h.standin.documents).toHaveLength(0);
    const shown = lastText(r);
    expect(shown).toContain("Báo cáo tháng 01/2025 sẽ in thêm:");
    expect(shown).toContain("• Căn cứ riêng của báo cáo tháng:\n  1. Căn cứ Kế hoạch số 12/KH-UBND của UBND phường;");
    expect(shown).toContain("• Nhận định của lãnh đạo: “Phát hiện 02 vụ xuất nhập cảnh trái phép.”");
    expect(shown).toContain("(sửa: /nhandinh tháng 01/2025: … · bỏ: /nhandinh tháng 01/2025 xóa)");
    expect(shown).toContain("• Nhiệm vụ kỳ tới:\n  1. Tuần tra dịp Tết\n  2. Tuyên truyền Luật Biên phòng");
    expect(buttons(r.at(-1)).map((b) => b.text)).toEqual(["📄 Lập báo cáo", "✖️ Thôi"]);
    r = await h.press(CHAIRMAN, buttonData(r.at(-1), "Thôi"));
    expect(h.standin.documents).toHaveLength(0);
    r = await h.say(CHAIRMAN, "/baocao tháng 1/2025");
    await h.press(CHAIRMAN, buttonData(r.at(-1), "Lập báo cáo"));
    expect(h.standin.documents.map((d) => d.filename)).toEqual(["bao-cao-2025-01.docx"]);
    expect(await documentXml()).toContain("Kế hoạch số 12/KH-UBND của UBND phường");
  }, 60_000);

  it("from the buttons, the words come last: after the number and the date", async () => {
    seedModel();
    await h.register(CHAIRMAN, "lanh_dao", "nhon-hung");
    await h.say(CHAIRMAN, "/nhandinh tháng 1/2025: Tình hình cơ bản ổn định.");
    let r = await h.press(CHAIRMAN, "cmd:baocao:2025-01");
    expect(lastText(r)).toContain("Số văn bản?");
    r = await h.press(CHAIRMAN, buttonData(r.at(-1), "Để trống"));
    expect(lastText(r)).toContain("Ngày ban hành?");
    r = await h.press(CHAIRMAN, buttonData(r.at(-1), "Hôm nay"));
    expect(lastText(r)).toContain("• Nhận định của lãnh đạo: “Tình hình cơ bản ổn định.”");
    expect(h.standin.documents).toHaveLength(0);
    await h.say(CHAIRMAN, "lap bao cao"); // the label typed, without diacritics
    expect(h.standin.documents.map((d) => d.filename)).toEqual(["bao-cao-2025-01.docx"]);
  }, 60_000);

  it("with nothing added, issues at once as before; words of another period or kind are not shown", async () => {
    seedModel();
    await h.register(CHAIRMAN, "lanh_dao", "nhon-hung");
    await h.say(CHAIRMAN, "/nhandinh tháng 2/2025: Tình hình ổn định.");
    await h.say(CHAIRMAN, "/cancu năm thêm Kế hoạch số 5/KH-UBND");
    await h.say(CHAIRMAN, "/baocao tháng 1/2025");
    expect(h.standin.documents.map((d) => d.filename)).toEqual(["bao-cao-2025-01.docx"]);
  }, 60_000);
});

describe("help and menu", () => {
  it("/trogiup and a leader's /menu name the new commands; a reporter's /menu does not", async () => {
    await h.register(CHAIRMAN, "lanh_dao", "nhon-hung");
    await h.register(1001, "bao_cao", "dong-hung");
    const help = lastText(await h.say(CHAIRMAN, "/trogiup"));
    for (const c of ["/cancu <loại>", "/nhandinh <kỳ>:", "/nhiemvu <kỳ>:", "/dot <kỳ>"]) expect(help).toContain(c);
    const menu = lastText(await h.say(CHAIRMAN, "/menu"));
    expect(menu).toContain("Lời riêng trong báo cáo: /cancu căn cứ, /nhandinh nhận định, /nhiemvu nhiệm vụ kỳ tới, /dot thông tin của đợt.");
    expect(lastText(await h.say(1001, "/menu"))).not.toContain("/nhandinh");
  });
});
