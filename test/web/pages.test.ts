// The office's pages over HTTP against the real bot: the board matches the database; a reporter
// sees only their unit and a forged request for another is refused by the server; a return made on
// the page is a revision and reaches the reporter in the chat; a report asked for on the page runs
// as /baocao's job and downloads as a DOCX that opens.
import { rmSync } from "node:fs";
import JSZip from "jszip";
import { afterEach, describe, expect, it } from "vitest";
import type { Harness } from "../helpers/harness.js";
import { addEntry } from "../helpers/entries.js";
import { askLink, csrfOf, LEADER, REPORTER, signIn, startOffice, type Browser } from "./web-client.js";

const OWN_UNIT_ONLY = "Bạn chỉ xem được số liệu của đơn vị mình.";

let h: Harness | undefined;
afterEach(async () => {
  if (h) { await h.stop(); rmSync(h.dir, { recursive: true, force: true }); h = undefined; }
});

/** Lan (khóm Đông Hưng) files "Tuyên truyền" by chat on 20/02/2025 at 10:00 Vietnamese time: 1 buổi, 20 lượt người. */
async function setUp(): Promise<Harness> {
  h = await startOffice();
  for (const a of ["/nhap tuyen_truyen", "1", "20", "0", "0", "0", "0", "luu"]) await h.say(REPORTER, a);
  return h;
}

const rowOf = (html: string, unit: string) => new RegExp(`<tr data-unit="${unit}">([\\s\\S]*?)</tr>`).exec(html)?.[1];
const entryId = (hh: Harness) => (hh.bot.db.$client.prepare("select id from entries where unit_code = 'dong-hung'").get() as { id: number }).id;

describe("the completeness board", () => {
  it("shows each unit's state as the database has it, and the days left to the close", async () => {
    const hh = await setUp();
    // The post says "không phát sinh" for one of its forms; a team's entry is returned.
    hh.bot.db.$client.prepare("insert into nil_reports (unit_code, form_id, period, reporter_id, created_at) values ('don-bp-nhon-hung', 'moc_quoc_gioi', '2025-02', null, ?)")
      .run(Date.parse("2025-02-19T01:30:00Z"));
    const team = addEntry(hh.bot.db, { unit: "to-antt-tay-hung", form: "tuan_tra", date: "2025-02-05", values: { "tuan_tra.doc_lap.luot_to": 2 } });
    hh.bot.db.$client.prepare("update entries set status = 'returned', return_reason = 'Thiếu số lượt' where id = ?").run(team);

    const b = await signIn(hh, await askLink(hh, LEADER));
    const page = await b.get("/web");
    expect(page.status).toBe(200);
    // Eight units owe forms in February (3 khóm, 3 tổ ANTT, the women's team, the post); one is done.
    expect(page.text).toContain('<strong id="so-don-vi">1/8</strong> đơn vị đã báo cáo đủ kỳ tháng 02/2025. Còn 8 ngày đến hết kỳ (ngày 28/02/2025).');
    expect(rowOf(page.text, "dong-hung")).toContain("<span class=\"st\">Đã báo cáo</span><span class=\"small\">Lan, 20/02/2025 10:00</span>");
    expect(rowOf(page.text, "tay-hung")).toContain("Chưa báo cáo");
    expect(rowOf(page.text, "to-antt-tay-hung")).toContain("Bị trả lại</span><span class=\"small\">Lý do: Thiếu số lượt");
    expect(rowOf(page.text, "don-bp-nhon-hung")).toContain("Không phát sinh</span><span class=\"small\">không rõ, 19/02/2025 08:30");
    expect(rowOf(page.text, "nhon-hung")).toBeUndefined();
    // Switching periods: January has nothing, and it is over.
    const jan = await b.get("/web?ky=2025-01");
    expect(jan.text).toContain('<strong id="so-don-vi">0/8</strong> đơn vị đã báo cáo đủ kỳ tháng 01/2025. Kỳ đã kết thúc ngày 31/01/2025.');
    expect((await b.get("/web?ky=khong-phai-ky")).status).toBe(400);
    // A month older than the list's twelve (03/2024–02/2025) is named in the list, chosen, on both pages.
    for (const path of ["/web?ky=2023-06", "/web/muc?ky=2023-06"]) {
      const old = await b.get(path);
      expect(old.text).toContain('<option value="2023-06" selected>');
      expect(old.text).not.toContain('<option value="2025-02" selected>');
    }
  });

  it("draws the trend charts from the database, and a filing made since shows on the next request", async () => {
    const hh = await setUp();
    const b = await signIn(hh, await askLink(hh, LEADER));
    const sessions = (html: string) => /<figure class="chart-figure" data-chart="tuyen_truyen">([\s\S]*?)<\/figure>/.exec(html)?.[1] ?? "";
    // Lan's 1 buổi on 20/02, the month's only one.
    expect(sessions((await b.get("/web")).text)).toContain("<title>02/25: 1</title>");
    expect(sessions((await b.get("/web")).text)).toContain("<title>02/25: 1</title>");
    // She files 2 more: the board's sums kept from the first requests no longer hold (1 + 2 = 3).
    for (const a of ["/nhap tuyen_truyen", "2", "30", "0", "0", "0", "0", "luu"]) await hh.say(REPORTER, a);
    expect(hh.bot.db.$client.prepare("select count(*) as n from entries where unit_code = 'dong-hung'").get()).toEqual({ n: 2 });
    expect(sessions((await b.get("/web")).text)).toContain("<title>02/25: 3</title>");
  });

  it("names the ward on the charts as it was called at the charted months' end (Thới Sơn from 01/07/2025)", async () => {
    const hh = await setUp();
    const b = await signIn(hh, await askLink(hh, LEADER));
    const patrols = (html: string) => /<figure class="chart-figure" data-chart="tuan_tra">([\s\S]*?)<\/figure>/.exec(html)?.[1] ?? "";
    const before = patrols((await b.get("/web?ky=2025-06")).text);
    expect(before).toContain("lượt tổ · Phường Nhơn Hưng · 07/24 – 06/25");
    expect(before).toContain("Tuần tra, kiểm soát, Phường Nhơn Hưng: 12 tháng đến tháng 06/2025");
    const after = patrols((await b.get("/web?ky=2025-07")).text);
    expect(after).toContain("lượt tổ · Phường Thới Sơn · 08/24 – 07/25");
    expect(after).toContain("Tuần tra, kiểm soát, Phường Thới Sơn: 12 tháng đến tháng 07/2025");
    expect(after).not.toContain("Nhơn Hưng");
  });

  it("shows a reporter only their own unit, and refuses a forged request for another unit", async () => {
    const hh = await setUp();
    const b = await signIn(hh, await askLink(hh, REPORTER));
    const page = await b.get("/web");
    expect(page.text.match(/<tr data-unit="/g)).toHaveLength(1);
    expect(rowOf(page.text, "dong-hung")).toContain("Đã báo cáo");
    expect(page.text).toContain('<strong id="so-don-vi">1/1</strong>');
    for (const path of ["/web?don-vi=tay-hung", "/web/muc?don-vi=tay-hung", "/web/muc?ky=2025-02&don-vi=to-antt-tay-hung"]) {
      const r = await b.get(path);
      expect(r.status).toBe(403);
      expect(r.text).toContain(OWN_UNIT_ONLY);
    }
    // Their own entries: no return form; the reports are the leaders'.
    const list = await b.get("/web/muc");
    expect(list.text).toContain(`id="ban-ghi-${entryId(hh)}"`);
    expect(list.text).not.toContain("tra-lai");
    expect((await b.get("/web/bao-cao")).status).toBe(403);
    const forged = await b.post(`/web/muc/${entryId(hh)}/tra-lai`, { csrf: csrfOf(page.text), "ly-do": "tự trả lại" });
    expect(forged.status).toBe(403);
    expect(hh.bot.db.$client.prepare("select status from entries where id = ?").get(entryId(hh))).toEqual({ status: "active" });
  });
});

describe("entries and returns", () => {
  async function leaderOnEntries(hh: Harness): Promise<{ b: Browser; html: string }> {
    const b = await signIn(hh, await askLink(hh, LEADER));
    const list = await b.get("/web/muc?ky=2025-02&don-vi=dong-hung");
    return { b, html: list.text };
  }

  it("offers every form the ward's units file in its filter, and refuses a unit that does not exist", async () => {
    const hh = await setUp();
    const b = await signIn(hh, await askLink(hh, LEADER));
    const html = (await b.get("/web/muc?ky=2025-02")).text;
    const filter = /<select id="bieu-mau"[\s\S]*?<\/select>/.exec(html)![0];
    // The catalogue's ten forms (templates/catalogue.yaml), not only the four some unit owes each month.
    for (const title of ["Tuyên truyền, phổ biến", "Tuần tra, kiểm soát", "Nắm tình hình", "Đường biên, mốc quốc giới", "Đối ngoại",
      "Phát hiện, xử lý vi phạm", "Phong trào tự quản", "Dân số", "Hỗ trợ, hậu phương", "Khen thưởng"]) expect(filter).toContain(`>${title}</option>`);
    // A unit code nobody has: said, not an empty list that reads as "nothing filed".
    for (const path of ["/web/muc?ky=2025-02&don-vi=khong-co", "/web?ky=2025-02&don-vi=khong-co"]) {
      const r = await b.get(path);
      expect(r.status).toBe(400);
      expect(r.text).toContain("Không có đơn vị này");
    }
  });

  it("lists an entry with its figures, who filed it, the app and its history", async () => {
    const hh = await setUp();
    const { html } = await leaderOnEntries(hh);
    const id = entryId(hh);
    expect(html).toContain(`<h2>Số ${id}: Tuyên truyền, phổ biến — Khóm Đông Hưng</h2>`);
    expect(html).toContain("<dt>Người nhập</dt><dd>Lan, 20/02/2025 10:00</dd>");
    expect(html).toContain('<dt>Ứng dụng</dt><dd class="app">Telegram</dd>');
    expect(html).toMatch(/<dd>1 buổi<\/dd>/);
    expect(html).toMatch(/<dd>20 lượt người<\/dd>/);
  });

  it("returns an entry with a reason: a revision like the chat's, and the reporter told in the chat", async () => {
    const hh = await setUp();
    const { b, html } = await leaderOnEntries(hh);
    const id = entryId(hh);
    // No CSRF token, a wrong one, or a reason too short: nothing changes.
    expect((await b.post(`/web/muc/${id}/tra-lai`, { "ly-do": "Số người chưa đúng" })).status).toBe(403);
    expect((await b.post(`/web/muc/${id}/tra-lai`, { csrf: "sai", "ly-do": "Số người chưa đúng" })).status).toBe(403);
    const short = await b.post(`/web/muc/${id}/tra-lai`, { csrf: csrfOf(html), "ly-do": "ab" });
    expect(short.status).toBe(422);
    expect(short.text).toContain("Xin gõ lý do trả lại (ít nhất 3 chữ)");
    expect(hh.bot.db.$client.prepare("select count(*) as n from entry_revisions where entry_id = ?").get(id)).toEqual({ n: 0 });

    const before = hh.standin.sentTo(REPORTER).length;
    const done = await b.post(`/web/muc/${id}/tra-lai`, { csrf: csrfOf(html), "ly-do": "Số người chưa đúng", "quay-lai": "ky=2025-02&don-vi=dong-hung" });
    expect(done.status).toBe(200);
    expect(done.text).toContain(`Đã trả lại bản ghi 20/02/2025, Tuyên truyền, phổ biến: 1 buổi, 20 lượt người của Khóm Đông Hưng. Đã báo cho Lan để sửa.`);
    expect(done.text).toContain("Bị trả lại, chờ đơn vị sửa (lý do: Số người chưa đúng)");
    expect(done.text).toMatch(/<strong>Trả lại<\/strong> — Vũ, 20\/02\/2025 10:00, lý do: Số người chưa đúng/);
    expect(hh.bot.db.$client.prepare("select action, reason from entry_revisions where entry_id = ?").all(id))
      .toEqual([{ action: "return", reason: "Số người chưa đúng" }]);
    // The notice goes through the outbox to the reporter's chat, with the fix button.
    const told = await hh.standin.waitFor(() => hh.standin.sentTo(REPORTER).slice(before).find((m) => m.text.includes("đã trả lại bản ghi")), 10_000);
    expect(told.text).toBe("↩️ Lãnh đạo Vũ đã trả lại bản ghi 20/02/2025, Tuyên truyền, phổ biến: 1 buổi, 20 lượt người của Khóm Đông Hưng.\n"
      + "Lý do: Số người chưa đúng\nBấm ✏️ Sửa để sửa lại; sửa xong, đơn vị được tính là đã báo cáo.");
    // Returned twice: refused with /xem's sentence.
    const again = await b.post(`/web/muc/${id}/tra-lai`, { csrf: csrfOf(html), "ly-do": "Lần nữa đây" });
    expect(again.text).toContain("Bản ghi này đã được trả lại (lý do: Số người chưa đúng) và đang chờ đơn vị sửa.");
  });
});

describe("reports", () => {
  it("issues a report through the job queue, shows its progress, and the download opens as a DOCX", async () => {
    const hh = await setUp();
    const b = await signIn(hh, await askLink(hh, LEADER));
    const form = await b.get("/web/bao-cao");
    expect(form.status).toBe(200);
    expect(form.text).toContain("Chưa có báo cáo nào được lập.");
    // /baocao's rules: a period not yet begun is refused, nothing recorded.
    const early = await b.post("/web/bao-cao", { csrf: csrfOf(form.text), ky: "tháng 5/2025", so: "", ngay: "", cancu: "", nhiemvu: "" });
    expect(early.status).toBe(422);
    expect(early.text).toContain("Kỳ tháng 05/2025 chưa bắt đầu.");
    expect(hh.bot.db.$client.prepare("select count(*) as n from jobs").get()).toEqual({ n: 0 });

    const asked = await b.post("/web/bao-cao", { csrf: csrfOf(form.text), ky: "tháng 2/2025", so: "35", ngay: "20/02/2025", cancu: "", nhiemvu: "Tăng cường tuần tra\nTuyên truyền chống buôn lậu" });
    expect(asked.status).toBe(303);
    const progressUrl = asked.headers.location!;
    expect(progressUrl).toMatch(/^\/web\/bao-cao\/tien-do\/\d+$/);
    const job = hh.bot.db.$client.prepare("select kind, effect_json as e from jobs").get() as { kind: string; e: string };
    expect(job.kind).toBe("report");
    expect(JSON.parse(job.e)).toMatchObject({ type: "report", periodKey: "2025-02", number: "35", issuedOn: "2025-02-20" });
    const done = await waitDone(b, progressUrl);
    const link = /href="(\/web\/bao-cao\/\d+\/tai)"/.exec(done)![1]!;
    const file = await b.get(link);
    expect(file.status).toBe(200);
    expect(file.headers["content-type"]).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    const zip = await JSZip.loadAsync(file.body);
    const xml = await zip.file("word/document.xml")!.async("string");
    expect(xml).toContain("Tăng cường tuần tra");
    expect(xml).toContain("35");
    // The archive lists it, and the leader got it in the chat as /baocao's.
    expect((await b.get("/web/bao-cao")).text).toContain(link);
    await hh.standin.waitFor(() => hh.standin.documents.find((d) => String(d.chatId) === String(LEADER)), 20_000);
  });
});

describe("a document number already given, on the page", () => {
  it("is said on the progress page of a report of another period that year, as /baocao says it; the report is still built", async () => {
    const hh = await setUp();
    addEntry(hh.bot.db, { unit: "tay-hung", form: "tuyen_truyen", date: "2025-01-15", values: { "tuyen_truyen.so_buoi": 2 } });
    const b = await signIn(hh, await askLink(hh, LEADER));
    const form = await b.get("/web/bao-cao");
    const post = (ky: string, so: string) => b.post("/web/bao-cao", { csrf: csrfOf(form.text), ky, so, ngay: "20/02/2025", cancu: "", nhiemvu: "" });
    const first = await post("tháng 1/2025", "35");
    expect(first.status).toBe(303);
    expect(await waitDone(b, first.headers.location!)).not.toContain('id="so-da-dung"');
    const second = await post("tháng 2/2025", "35");
    expect(second.status).toBe(303);
    const done = await waitDone(b, second.headers.location!);
    expect(/<p[^>]*id="so-da-dung"[^>]*>([^<]*)<\/p>/.exec(done)?.[1]).toBe(
      "⚠️ Số 35 năm 2025 đã dùng cho báo cáo tháng 01/2025 (ngày 20/02/2025). Bản này vẫn được lập với số 35; nếu nhầm số, lập lại với số khác.");
    // Another number: nothing said.
    const third = await post("tháng 2/2025", "36");
    expect(await waitDone(b, third.headers.location!)).not.toContain('id="so-da-dung"');
  });
});

describe("the report form under /baocao's rules", () => {
  it("asks how to treat a month the period cuts, as /baocao does, and records the job only once answered", async () => {
    const hh = await setUp();
    // February's figures imported for the whole month: a range ending 10/02 holds only a third of it.
    addEntry(hh.bot.db, { unit: "dong-hung", form: "tuyen_truyen", date: "2025-01-15", values: { "tuyen_truyen.so_buoi": 1 } });
    addEntry(hh.bot.db, { unit: "tay-hung", form: "tuyen_truyen", date: "2025-02-01", spanStart: "2025-02-01", spanEnd: "2025-02-28", values: { "tuyen_truyen.so_buoi": 4 } });
    const b = await signIn(hh, await askLink(hh, LEADER));
    const form = await b.get("/web/bao-cao");
    const base = { csrf: csrfOf(form.text), ky: "từ 01/01/2025 đến 10/02/2025", so: "", ngay: "", cancu: "", nhiemvu: "" };
    const asked = await b.post("/web/bao-cao", base);
    expect(asked.status).toBe(422);
    expect(asked.text).toContain("Tháng 02/2025 chỉ nằm một phần trong kỳ: 1 số liệu nhập theo cả tháng không được tính (kỳ chỉ chứa phần nhỏ của tháng).");
    expect(asked.text).toContain('<input type="radio" name="cat" value="keep" required> Giữ kỳ đã gõ: từ ngày 01/01/2025 đến ngày 10/02/2025');
    expect(hh.bot.db.$client.prepare("select count(*) as n from jobs").get()).toEqual({ n: 0 });
    const kept = await b.post("/web/bao-cao", { ...base, cat: "keep" });
    expect(kept.status).toBe(303);
    const job = hh.bot.db.$client.prepare("select effect_json as e from jobs").get() as { e: string };
    expect(JSON.parse(job.e)).toMatchObject({ type: "report", periodKey: "2025-01-01..2025-02-10" });
  });

  it("refuses an issue date before the period's end, and a number that is not one", async () => {
    const hh = await setUp();
    addEntry(hh.bot.db, { unit: "dong-hung", form: "tuyen_truyen", date: "2025-01-15", values: { "tuyen_truyen.so_buoi": 1 } });
    const b = await signIn(hh, await askLink(hh, LEADER));
    const csrf = csrfOf((await b.get("/web/bao-cao")).text);
    const early = await b.post("/web/bao-cao", { csrf, ky: "tháng 1/2025", so: "", ngay: "15/01/2025", cancu: "", nhiemvu: "" });
    expect(early.text).toContain("Ngày ban hành 15/01/2025 ở trước ngày cuối kỳ tháng 01/2025 (31/01/2025).");
    const word = await b.post("/web/bao-cao", { csrf, ky: "tháng 2/2025", so: "ba lăm", ngay: "", cancu: "", nhiemvu: "" });
    expect(word.text).toContain("Số văn bản là một số, ví dụ: 35");
    expect(hh.bot.db.$client.prepare("select count(*) as n from jobs").get()).toEqual({ n: 0 });
  });
});

async function waitDone(b: Browser, url: string): Promise<string> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const r = await b.get(url);
    if (r.text.includes('data-status="done"')) return r.text;
    if (r.text.includes('data-status="failed"') || Date.now() > deadline) throw new Error(`report not done: ${r.text}`);
    await new Promise((res) => setTimeout(res, 100));
  }
}

describe("the month's spreadsheet from the page", () => {
  it("gives leaders the XLSX /xuat sends (Lan's 1 buổi and 20 lượt người as numbers), and reporters a refusal", async () => {
    const hh = await setUp();
    const leader = await signIn(hh, await askLink(hh, LEADER));
    const entries = await leader.get("/web/muc?ky=2025-02");
    expect(entries.text).toContain('href="/web/xuat?ky=2025-02"');
    const file = await leader.get("/web/xuat?ky=2025-02");
    expect(file.status).toBe(200);
    expect(file.headers["content-type"]).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    // Read as raw XML (not through the library that wrote it): numbers are numeric cells, no formula anywhere.
    const zip = await JSZip.loadAsync(file.body);
    const sheets = Object.keys(zip.files).filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n));
    expect(sheets.length).toBeGreaterThan(0);
    const xml = (await Promise.all(sheets.map((n) => zip.file(n)!.async("string")))).join("\n");
    expect(xml).not.toContain("<f>");
    expect(xml).toMatch(/<c r="[A-Z]+2"[^>]*><v>20<\/v><\/c>/);
    const reporter = await signIn(hh, await askLink(hh, REPORTER));
    expect((await reporter.get("/web/xuat?ky=2025-02")).status).toBe(403);
    expect((await reporter.get("/web/muc?ky=2025-02")).text).not.toContain("/web/xuat");
  });
});
