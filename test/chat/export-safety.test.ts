// The two notes a tester filed through the chat that became formulas in /xuat's CSV (opened
// with ";" as the list separator, and after a line break), and the NUL it carried; the same
// through `cli export`.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../helpers/harness.js";
import { cli } from "../helpers/cli.js";
import { cellsOf, controlCharacters, unsafeCells } from "../data/spreadsheet-cells.js";

let h: Harness;
beforeEach(async () => { h = await startHarness(); });
afterEach(async () => { await h.stop(); rmSync(h.dir, { recursive: true, force: true }); });

const POST = 2002;
const CHAIRMAN = 3001;
const last = (ms: { text: string }[]) => ms.at(-1)?.text ?? "";
const SEMICOLON_NOTE = "ghi chu;=cmd|' /C calc'!A0;";
const MULTILINE_NOTE = "Mốc 245 nghiêng\r\n=1+1\u0000";

/** A marker report with one damaged marker and `note`, filed through the chat. */
async function fileWithNote(note: string): Promise<void> {
  await h.press(POST, "cmd:form:moc_quoc_gioi");
  await h.say(POST, "3");
  await h.say(POST, "1");
  await h.say(POST, note);
  await h.say(POST, "bỏ qua");
  for (const n of ["1", "0", "0", "0", "0"]) await h.say(POST, n);
  expect(last(await h.press(POST, "save"))).toContain("✅ Đã lưu");
}

describe("export safety through the chat", () => {
  it("/xuat: neither note becomes a formula under , ; or tab, and no control character is sent", async () => {
    await h.register(POST, "bao_cao", "don-bp-nhon-hung", "Đồn");
    await h.register(CHAIRMAN, "lanh_dao", "nhon-hung");
    await fileWithNote(SEMICOLON_NOTE);
    await fileWithNote(MULTILINE_NOTE);
    await h.say(CHAIRMAN, "/xuat tháng 2/2025 csv");
    const csv = h.standin.documents.at(-1)!.bytes.toString("utf8");
    expect(unsafeCells(csv)).toEqual([]);
    expect(controlCharacters(csv)).toEqual([]);
    // Hand-worked: split on ";" the first note's second piece is shown as text; the second note is one line.
    expect(cellsOf(csv, ";", "ignored")).toContain("'=cmd|' /C calc'!A0");
    expect(csv).toContain("\"Mốc 245 nghiêng / =1+1\"");

    await h.halt();
    const out = await cli(["export", "--ky", "2025-02", "--format", "csv"], { DATABASE_PATH: join(h.dir, "bot.sqlite") });
    expect(unsafeCells(out.text)).toEqual([]);
    expect(controlCharacters(out.text)).toEqual([]);
  });
});
