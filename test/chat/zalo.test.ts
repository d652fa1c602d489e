// The bot on Zalo, end to end against the Zalo Bot Platform stand-in: no buttons, so every
// choice is typed (a number, or the label without diacritics); documents come as signed links.
import { afterEach, describe, expect, it } from "vitest";
import { formsForUnitKind } from "../../src/domain/catalogue.js";
import { startZaloHarness, type ZaloHarness } from "../helpers/zalo-harness.js";
import { call } from "../http/fixtures.js";

let z: ZaloHarness | undefined;
afterEach(async () => { await z?.close(); z = undefined; });

const KHOM_HEAD = "800001";
const CHAIRMAN = "800002";

/** Answers a form's questions by typing: "1" for a numbered list, "bo qua" where it may be skipped, else "2". */
async function fillForm(z: ZaloHarness, userId: string, first: string): Promise<string[]> {
  const seen: string[] = [];
  let replies = await z.say(userId, first);
  for (let step = 0; step < 20; step++) {
    const last = replies.at(-1)?.text ?? "";
    seen.push(last);
    if (last.includes("Kiểm tra lại")) {
      replies = await z.say(userId, "luu");
      seen.push(...replies.map((r) => r.text));
      return seen;
    }
    const answer = /\n1\. /.test(last) ? "1" : /bỏ qua/i.test(last) ? "bo qua" : "2";
    replies = await z.say(userId, answer);
  }
  throw new Error(`form did not reach its summary: ${seen.join("\n---\n")}`);
}

describe("Zalo events that are not text", () => {
  it("a sticker gets a short answer asking to type; a photo outside a form likewise", async () => {
    z = await startZaloHarness({ telegram: false });
    await z.register(KHOM_HEAD, "bao_cao", "dong-hung");
    const sticker = await z.send(KHOM_HEAD, z.zalo.stickerMessage(KHOM_HEAD));
    expect(sticker.at(-1)!.text).toMatch(/chỉ đọc được chữ/);
    expect(sticker.at(-1)!.text).toContain("Gõ /menu");
    const photo = await z.send(KHOM_HEAD, z.zalo.imageMessage(KHOM_HEAD));
    expect(photo.at(-1)!.text).toMatch(/chỉ đọc được chữ/);
    // A pasted page after a command is quoted back short, not echoed in 2000-character pieces.
    const pasted = await z.say(KHOM_HEAD, `/nhap ${"x".repeat(5000)}`);
    expect(pasted).toHaveLength(1);
    expect(pasted[0]!.text).toBe(`Không có biểu mẫu "${"x".repeat(40)}…". Gõ /nhap để chọn từ danh sách.`);
  });
});

describe.each([["polling", false], ["webhook", true]] as const)("Zalo by %s", (_mode, webhook) => {
  it("a khóm head registers and files every form of a khóm by typing; the chairman gets /baocao as a link", async () => {
    z = await startZaloHarness({ webhook });
    await z.register(KHOM_HEAD, "bao_cao", "dong-hung", "Trưởng khóm");
    // /nhap lists the forms numbered; the first is picked by its label without diacritics, the rest by number.
    const forms = formsForUnitKind("khom");
    for (const [i, form] of forms.entries()) {
      const list = await z.say(KHOM_HEAD, "/nhap");
      const text = list.at(-1)!.text;
      expect(text).toMatch(/\n1\. /);
      expect(list.every((m) => m.text.length <= 2000)).toBe(true);
      const number = text.split("\n").find((l) => l.includes(form.title))?.match(/^(\d+)\. /)?.[1];
      expect(number, `${form.title} in ${text}`).toBeDefined();
      const pick = i === 0 ? form.title.normalize("NFD").replace(/\p{M}/gu, "").replace(/đ/g, "d").toLowerCase() : number!;
      const seen = await fillForm(z, KHOM_HEAD, pick);
      expect(seen.join("\n"), form.id).toContain("Đã lưu");
    }
    const saved = z.h.bot.db.$client.prepare("select form_id as formId from entries where unit_code = 'dong-hung' and source = 'chat' and status = 'active'").all() as { formId: string }[];
    expect(saved.map((e) => e.formId).sort()).toEqual(forms.map((f) => f.id).sort());

    await z.register(CHAIRMAN, "lanh_dao", "nhon-hung", "Chủ tịch");
    const answer = await z.say(CHAIRMAN, "/baocao thang 2/2025");
    const linkLine = answer.map((m) => m.text).join("\n").match(/https:\/\/\S+\/tep\/\S+/);
    expect(linkLine, answer.map((m) => m.text).join("\n")).not.toBeNull();
    const url = z.local(linkLine![0]);
    const archived = z.h.bot.db.$client.prepare("select bytes, file_name as fileName from issued_reports order by id desc limit 1").get() as { bytes: Buffer; fileName: string };
    const got = await call(url);
    expect(got.status).toBe(200);
    expect(Buffer.compare(got.body, archived.bytes)).toBe(0);
    expect(got.headers["content-type"]).toContain("wordprocessingml");
    expect(String(got.headers["content-disposition"])).toContain(`filename*=UTF-8''${encodeURIComponent(archived.fileName)}`);

    // One character changed in the token: refused, saying nothing else.
    const token = url.slice(url.lastIndexOf("/") + 1);
    const flipped = token[5] === "A" ? "B" : "A";
    const tampered = await call(`${url.slice(0, url.lastIndexOf("/") + 1)}${token.slice(0, 5)}${flipped}${token.slice(6)}`);
    expect(tampered.status).toBe(403);
    expect(tampered.text).not.toContain(archived.fileName);
    // A day and a minute later the link has expired.
    z.h.clock.advance(24 * 3_600_000 + 60_000);
    const expired = await call(url);
    expect(expired.status).toBe(403);
    expect(expired.text).toBe(tampered.text);
  }, 60_000);
});

describe("documents on Zalo", () => {
  const linkIn = (texts: { text: string }[]) => texts.map((m) => m.text).join("\n").match(/https:\/\/\S+\/tep\/\S+/)?.[0];

  it("/xuat answers with a link to the CSV and /guilai with a link to the archived report", async () => {
    z = await startZaloHarness({ telegram: false });
    await z.register(KHOM_HEAD, "bao_cao", "dong-hung");
    await fillForm(z, KHOM_HEAD, "/nhap tuyen_truyen");
    await z.register(CHAIRMAN, "lanh_dao", "nhon-hung");
    const exported = linkIn(await z.say(CHAIRMAN, "/xuat thang 2/2025 csv"));
    expect(exported).toBeDefined();
    const csv = await call(z.local(exported!));
    expect(csv.status).toBe(200);
    expect(csv.headers["content-type"]).toContain("text/csv");
    expect(csv.text).toContain("tuyen_truyen");

    const first = linkIn(await z.say(CHAIRMAN, "/baocao thang 2/2025"));
    z.h.clock.advance(60_000); // a new link, with its own expiry, for the same archived file
    const again = await z.say(CHAIRMAN, "/guilai");
    // /guilai lists the issued reports; the first is the one just issued.
    const resent = linkIn(again) ?? linkIn(await z.say(CHAIRMAN, "1"));
    expect(resent).toBeDefined();
    expect(resent).not.toBe(first);
    const [a, b] = await Promise.all([call(z.local(first!)), call(z.local(resent!))]);
    expect(a.status).toBe(200);
    expect(Buffer.compare(a.body, b.body)).toBe(0);
  });

  it("without PUBLIC_BASE_URL the leader is told why no file comes, and nothing crashes", async () => {
    z = await startZaloHarness({ telegram: false, env: { PUBLIC_BASE_URL: "" } });
    await z.register(KHOM_HEAD, "bao_cao", "dong-hung");
    await fillForm(z, KHOM_HEAD, "/nhap tuyen_truyen");
    await z.register(CHAIRMAN, "lanh_dao", "nhon-hung");
    const answer = (await z.say(CHAIRMAN, "/baocao thang 2/2025")).map((m) => m.text).join("\n");
    expect(answer).toContain("PUBLIC_BASE_URL");
    expect(answer).not.toMatch(/https?:\/\//);
    expect(z.h.bot.db.$client.prepare("select count(*) as n from issued_reports").get()).toEqual({ n: 1 });
  });
});

