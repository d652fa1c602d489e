// Units typed by name, as well as by code (found by exploratory testing): "/moi bao_cao Đông Hưng",
// "/nguoidung 2 donvi tay hung", "/mokhoa tháng 1/2025 Đông Hưng"; a name that fits several units is asked.
import { rmSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buttonData, buttons, startHarness, type Harness } from "../helpers/harness.js";

let h: Harness;
beforeEach(async () => { h = await startHarness(); });
afterEach(async () => { await h.stop(); rmSync(h.dir, { recursive: true, force: true }); });

const ADMIN = 2001;
const KHOM = 1001;
const last = (r: { text: string }[]) => r.at(-1)!.text;
const invites = () => h.bot.db.$client.prepare("select role, unit_code unit from invites order by id").all();

describe("a unit named by its name", () => {
  it("/moi takes the unit's name with spaces, accents and case optional", async () => {
    await h.register(ADMIN, "admin", "nhon-hung");
    const before = invites().length;
    expect(last(await h.say(ADMIN, "/moi bao_cao Đông Hưng"))).toContain("Mã mời cho Người báo cáo, Khóm Đông Hưng");
    expect(last(await h.say(ADMIN, "/moi bao_cao khom tay hung"))).toContain("Mã mời cho Người báo cáo, Khóm Tây Hưng");
    expect(last(await h.say(ADMIN, "/moi bao_cao TỔ ANTT ĐÔNG HƯNG"))).toContain("Mã mời cho Người báo cáo, Tổ tự quản ANTT khóm Đông Hưng");
    expect(last(await h.say(ADMIN, "/moi bao_cao trung bac hung"))).toContain("Mã mời cho Người báo cáo, Khóm Trung Bắc Hưng");
    expect(invites().slice(before)).toEqual([
      { role: "bao_cao", unit: "dong-hung" }, { role: "bao_cao", unit: "tay-hung" },
      { role: "bao_cao", unit: "to-antt-dong-hung" }, { role: "bao_cao", unit: "trung-bac-hung" },
    ]);
  });

  it("/moi asks which unit when the words fit several, and invites for the one pressed", async () => {
    await h.register(ADMIN, "admin", "nhon-hung");
    const before = invites().length;
    const r = await h.say(ADMIN, "/moi bao_cao dong");
    expect(last(r)).toContain("\"dong\" có thể là nhiều đơn vị");
    expect(buttons(r.at(-1)).map((b) => b.text)).toEqual(["Khóm Đông Hưng", "Tổ tự quản ANTT khóm Đông Hưng"]);
    expect(invites().length).toBe(before);
    const done = await h.press(ADMIN, buttonData(r.at(-1), "Tổ tự quản ANTT khóm Đông Hưng"));
    expect(last(done)).toContain("Mã mời cho Người báo cáo, Tổ tự quản ANTT khóm Đông Hưng");
    expect(invites().slice(before)).toEqual([{ role: "bao_cao", unit: "to-antt-dong-hung" }]);
  });

  it("/moi names the unit that fits no unit of the role, and lists the units by name", async () => {
    await h.register(ADMIN, "admin", "nhon-hung");
    const r = last(await h.say(ADMIN, "/moi bao_cao Bắc Sơn"));
    expect(r).toContain("Người báo cáo không mời được cho \"Bắc Sơn\"");
    expect(r).toContain("Khóm Đông Hưng");
  });

  it("/nguoidung … donvi takes a unit's name, and asks when it fits several", async () => {
    await h.register(ADMIN, "admin", "nhon-hung", "Văn phòng");
    await h.register(KHOM, "bao_cao", "dong-hung", "Ba");
    const unitOf = () => h.bot.db.$client.prepare("select unit_code unit from users where name = 'Ba'").get();
    expect(last(await h.say(ADMIN, "/nguoidung 2 donvi Khóm Tây Hưng"))).toContain("Ba là Người báo cáo, Khóm Tây Hưng");
    expect(unitOf()).toEqual({ unit: "tay-hung" });
    const r = await h.say(ADMIN, "/nguoidung 2 donvi dong hung");
    // "dong hung" is the khóm's short name typed whole: no question.
    expect(last(r)).toContain("Ba là Người báo cáo, Khóm Đông Hưng");
    const asked = await h.say(ADMIN, "/nguoidung 2 donvi trung");
    expect(buttons(asked.at(-1)).map((b) => b.text)).toEqual(["Khóm Trung Bắc Hưng", "Tổ tự quản ANTT khóm Trung Bắc Hưng"]);
    expect(unitOf()).toEqual({ unit: "dong-hung" });
  });
});
