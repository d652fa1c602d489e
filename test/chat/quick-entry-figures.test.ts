// Quick entry reads each figure with the field's own rules, as the form does: an ambiguous
// "1.500" for hours is asked with the form's choices, "2ti" and "ko buổi" are read, and nothing
// typed as a figure is dropped without being named. Telegram stand-in.
import { rmSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buttonData, buttons, startHarness, type Harness } from "../helpers/harness.js";

let h: Harness;
beforeEach(async () => { h = await startHarness(); });
afterEach(async () => { await h.stop(); rmSync(h.dir, { recursive: true, force: true }); });

const KHOM = 1001;
type Sent = Awaited<ReturnType<Harness["say"]>>;
const last = (r: Sent) => r.at(-1)!;
const labels = (r: Sent) => buttons(last(r)).map((b) => b.text);
const all = (r: Sent) => r.map((m) => m.text).join("\n");

function openForm(user: number): { formId: string; answers: Record<string, unknown>; step: { at: string; key?: string } } | undefined {
  const row = h.bot.db.$client.prepare("select state_json from conversations where channel = 'telegram' and chat_id = ?").get(String(user)) as
    { state_json: string } | undefined;
  const pending = row ? JSON.parse(row.state_json).pending : null;
  return pending?.kind === "form" ? pending.form : undefined;
}

describe("quick entry reads figures as the form does", () => {
  beforeEach(async () => { await h.register(KHOM, "bao_cao", "dong-hung", "Lan"); });

  it("asks an ambiguous 1.500 giờ loa with the form's two readings, and takes the one pressed", async () => {
    let r = await h.say(KHOM, "tuyen truyen 3 buoi 150 nguoi 1.500 gio loa");
    const form = openForm(KHOM)!;
    expect(form.answers).toEqual({ so_buoi: 3, luot_nguoi: 150 });
    expect(form.step).toMatchObject({ key: "gio_loa" });
    // The form's own words for "1.500" where decimals are allowed.
    expect(all(r)).toContain("\"1.500\" có thể hiểu là 1,5 (một phẩy năm) hoặc 1.500.");
    expect(last(r).text).toContain("Số giờ phát trên loa truyền thanh?");
    expect(labels(r)).toEqual(["1,5 giờ", "1.500 giờ"]);
    r = await h.press(KHOM, buttonData(last(r), "1,5 giờ"));
    expect(openForm(KHOM)!.answers).toMatchObject({ gio_loa: 1.5 });
    expect(last(r).text).toContain("Số tờ bướm");
  });

  it("reads 2ti as 2 000 000 000 đồng", async () => {
    await h.say(KHOM, "hau phuong 2ti 20 phan qua");
    expect(openForm(KHOM)!.answers).toEqual({ cbcs_gia_tri: 2_000_000_000, qua: 20 });
  });

  it("reads ko buổi as 0 buổi", async () => {
    await h.say(KHOM, "tuyen truyen ko buoi 0 nguoi");
    expect(openForm(KHOM)!.answers).toEqual({ so_buoi: 0, luot_nguoi: 0 });
  });

  it("names a figure it cannot read instead of dropping it", async () => {
    const r = await h.say(KHOM, "tuyen truyen 3buoi 150 nguoi");
    expect(openForm(KHOM)!.answers).toEqual({ luot_nguoi: 150 });
    expect(all(r)).toContain("Chưa rõ: “3buoi”");
  });

  it("names a figure over the count limit instead of taking it", async () => {
    const r = await h.say(KHOM, "tuyen truyen 3 buoi 2.000.000 nguoi");
    expect(openForm(KHOM)!.answers).toEqual({ so_buoi: 3 });
    expect(all(r)).toContain("Chưa rõ: “2.000.000 nguoi”");
  });
});
