// The office's page in a real headless Chromium (Debian's /usr/bin/chromium driven by
// playwright-core; no browser is downloaded): the real bot, the Telegram stand-in, a SQLite file.
// Skipped with a printed reason only when the browser is missing and REQUIRE_CHROMIUM is not set
// (.ci/run installs chromium and sets it). Screenshots at 360 px and desktop go to
// out/screenshots/ (WEB_SCREENSHOTS_DIR), kept by CI as artifacts.
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import JSZip from "jszip";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Harness } from "../helpers/harness.js";
import { tempDir } from "../helpers/temp.js";
import { askLink, LEADER, REPORTER, startOffice } from "./web-client.js";

const CHROMIUM = "/usr/bin/chromium";
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
  "--disable-component-update", "--disable-sync"];
const SHOTS = resolve(process.env.WEB_SCREENSHOTS_DIR ?? "out/screenshots");
const present = existsSync(CHROMIUM);
if (!present && process.env.REQUIRE_CHROMIUM === "1") throw new Error(`REQUIRE_CHROMIUM=1 but ${CHROMIUM} is missing: apt-get install -y chromium`);
if (!present) console.warn(`test/web/browser.test.ts skipped: ${CHROMIUM} is missing (apt-get install -y chromium)`);

const MINUTE = 60_000;

let h: Harness | undefined;
let context: BrowserContext | undefined;
let profileDir: string | undefined;

beforeAll(() => { if (present) mkdirSync(SHOTS, { recursive: true }); });
afterEach(async () => {
  await context?.close();
  context = undefined;
  if (profileDir) rmSync(profileDir, { recursive: true, force: true });
  profileDir = undefined;
  if (h) { await h.stop(); rmSync(h.dir, { recursive: true, force: true }); h = undefined; }
});

/** A fresh browser with a fresh profile; `width` 360 for a phone. */
async function browser(width = 1280): Promise<Page> {
  profileDir = tempDir("bienbot-chromium-");
  context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM, args: FLAGS, headless: true, viewport: { width, height: width < 500 ? 780 : 900 }, acceptDownloads: true, timeout: 60_000,
  });
  return context.pages()[0] ?? await context.newPage();
}

async function setUp(): Promise<Harness> {
  h = await startOffice();
  for (const a of ["/nhap tuyen_truyen", "1", "20", "0", "0", "0", "0", "luu"]) await h.say(REPORTER, a);
  return h;
}

async function openLink(page: Page, link: string): Promise<void> {
  await page.goto(link);
  await page.click("#vao");
  await page.waitForURL(/\/web$/);
}

describe.skipIf(!present)("the office's page in Chromium", () => {
  it("a leader's link opens the board, which matches the database; screenshots at 360 px and desktop", { timeout: 180_000 }, async () => {
    const hh = await setUp();
    for (const width of [1280, 360]) {
      const page = await browser(width);
      await openLink(page, await askLink(hh, LEADER));
      // Every unit that owes forms is a row, and each cell says what the database holds.
      const rows = await page.$$eval("#bang-tien-do tbody tr", (trs) => trs.map((tr) => ({
        unit: tr.getAttribute("data-unit"), cells: [...tr.querySelectorAll("td .st")].map((s) => s.textContent) })));
      const owed = hh.bot.db.$client.prepare(`select code from units where kind in ('khom', 'to_antt', 'to_phu_nu', 'don_bp') and active = 1 order by code`).all() as { code: string }[];
      expect(rows.map((r) => r.unit).sort()).toEqual(owed.map((u) => u.code));
      const filed = hh.bot.db.$client.prepare("select distinct unit_code as u from entries where status <> 'deleted' and period = '2025-02'").all() as { u: string }[];
      expect(filed).toEqual([{ u: "dong-hung" }]);
      for (const r of rows) {
        const states = r.cells.filter((c) => c !== null);
        if (r.unit === "dong-hung") expect(states).toEqual(["Đã báo cáo"]);
        else expect(states.every((c) => c === "Chưa báo cáo")).toBe(true);
      }
      expect(await page.textContent("#so-don-vi")).toBe("1/8");
      // The trend charts: one drawn SVG per form with key figures (the catalogue marks four).
      expect(await page.isVisible("#bieu-do svg")).toBe(true);
      expect(await page.locator("#bieu-do figure svg").count()).toBe(4);
      expect(await page.textContent('#bieu-do figure[data-chart="tuyen_truyen"] figcaption')).toContain("12 tháng đến tháng 02/2025");
      // Readable at 360 px: the page itself does not scroll sideways (the table scrolls in its box).
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await page.screenshot({ path: join(SHOTS, `bang-tien-do-${width}.png`), fullPage: true });
      await page.click("text=Bản ghi");
      await page.waitForURL(/\/web\/muc/);
      await page.screenshot({ path: join(SHOTS, `ban-ghi-${width}.png`), fullPage: true });
      await context!.close();
      context = undefined;
      rmSync(profileDir!, { recursive: true, force: true });
    }
  });

  it("a reporter's link shows only their unit; a forged request for another unit is refused by the server", { timeout: 120_000 }, async () => {
    const hh = await setUp();
    const page = await browser(360);
    await openLink(page, await askLink(hh, REPORTER));
    expect(await page.$$eval("#bang-tien-do tbody tr", (trs) => trs.map((tr) => tr.getAttribute("data-unit")))).toEqual(["dong-hung"]);
    expect(await page.$("#don-vi")).toBeNull();
    const forged = await page.goto(`${hh.bot.web!.url}/web/muc?ky=2025-02&don-vi=tay-hung`);
    expect(forged!.status()).toBe(403);
    expect(await page.textContent(".notice")).toBe("Bạn chỉ xem được số liệu của đơn vị mình.");
    // With the page's own cookie and token, a return is refused too.
    const back = await page.goto(`${hh.bot.web!.url}/web/muc`);
    expect(back!.status()).toBe(200);
    const r = await page.request.post(`${hh.bot.web!.url}/web/muc/1/tra-lai`, { form: { csrf: await page.inputValue("input[name=csrf]"), "ly-do": "thử trả lại" } });
    expect(r.status()).toBe(403);
  });

  it("a used link and an expired link are refused", { timeout: 120_000 }, async () => {
    const hh = await setUp();
    const page = await browser();
    const link = await askLink(hh, LEADER);
    await openLink(page, link);
    await page.goto(link);
    expect(await page.textContent(".notice")).toBe("Liên kết này đã được dùng hoặc đã hết hạn. Gõ /web trong bot để nhận liên kết mới.");
    const late = await askLink(hh, LEADER);
    await page.goto(late);
    hh.clock.advance(10 * MINUTE);
    await page.click("#vao");
    expect(await page.textContent(".notice")).toBe("Liên kết này đã được dùng hoặc đã hết hạn. Gõ /web trong bot để nhận liên kết mới.");
  });

  it("a return made on the page reaches the reporter in the chat", { timeout: 120_000 }, async () => {
    const hh = await setUp();
    const page = await browser();
    await openLink(page, await askLink(hh, LEADER));
    await page.goto(`${hh.bot.web!.url}/web/muc?ky=2025-02&don-vi=dong-hung`);
    const id = (hh.bot.db.$client.prepare("select id from entries where unit_code = 'dong-hung'").get() as { id: number }).id;
    const before = hh.standin.sentTo(REPORTER).length;
    await page.fill(`#ly-do-${id}`, "Số người chưa đúng");
    await page.click(`#ban-ghi-${id} button[type=submit]`);
    await page.waitForSelector("#thong-bao");
    expect(await page.textContent("#thong-bao")).toContain("Đã trả lại bản ghi");
    const told = await hh.standin.waitFor(() => hh.standin.sentTo(REPORTER).slice(before).find((m) => m.text.includes("Lý do: Số người chưa đúng")), 15_000);
    expect(told.text).toContain("↩️ Lãnh đạo Vũ đã trả lại bản ghi 20/02/2025, Tuyên truyền, phổ biến");
  });

  it("a report issued from the page downloads and opens", { timeout: 180_000 }, async () => {
    const hh = await setUp();
    const page = await browser();
    await openLink(page, await askLink(hh, LEADER));
    await page.click("text=Báo cáo");
    await page.fill("#ky", "tháng 2/2025");
    await page.fill("#so", "35");
    await page.fill("#nhiemvu", "Tăng cường tuần tra biên giới");
    await page.click("#lap-bao-cao button[type=submit]");
    // The progress page reloads itself until the report is made.
    await page.waitForSelector("#tai-bao-cao", { timeout: 120_000 });
    await page.screenshot({ path: join(SHOTS, "bao-cao-1280.png"), fullPage: true });
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#tai-bao-cao")]);
    const saved = join(profileDir!, "bao-cao.docx");
    await download.saveAs(saved);
    const { readFileSync } = await import("node:fs");
    const zip = await JSZip.loadAsync(readFileSync(saved));
    const xml = await zip.file("word/document.xml")!.async("string");
    expect(xml).toContain("Tăng cường tuần tra biên giới");
    expect(download.suggestedFilename()).toMatch(/\.docx$/);
  });
});
