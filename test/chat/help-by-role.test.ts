// /trogiup by role (issue 16, item 5.2): each role reads only what it may do.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../helpers/harness.js";

let h: Harness;
beforeEach(async () => { h = await startHarness(); });
afterEach(async () => { await h.stop(); });

const KHOM = 1001;
const CHAIRMAN = 3001;
const OFFICE = 4001;
const help = async (chat: number, typed = "/trogiup") => (await h.say(chat, typed)).at(-1)!.text;
/** Words that name a command (not "/nhap" inside "/nhapx"): "/xem " or "/xem" at the end of a word. */
const names = (t: string, command: string) => new RegExp(`${command}(?![a-z])`).test(t);

describe("/trogiup by role", () => {
  it("a reporter reads filing, their entries and linking, and nothing of leaders or the office", async () => {
    await h.register(KHOM, "bao_cao", "dong-hung");
    const t = await help(KHOM);
    for (const c of ["/nhap", "/khongphatsinh", "/tiendo", "/cuatoi", "/sua", "/xoa", "/huy", "/lienket", "/menu"]) expect(names(t, c), c).toBe(true);
    expect(t).toContain("Nhập nhanh");
    for (const c of ["/mokhoa", "/khoa", "/baocao", "/xuat", "/guilai", "/xem", "/cancu", "/nhandinh", "/nhiemvu", "/dot", "/moi", "/nguoidung"]) {
      expect(names(t, c), c).toBe(false);
    }
    expect(t).not.toContain("DOCX");
    expect(t).not.toContain("CSV");
    expect(t).not.toContain("Lãnh đạo phường");
    expect(t).not.toContain("Văn phòng:");
    // An unknown command gets the same help, of the person's role.
    const unknown = await help(KHOM, "/mokhoaa");
    expect(unknown).toContain("Không có lệnh /mokhoaa.");
    expect(names(unknown, "/baocao")).toBe(false);
  });

  it("a leader reads reports, locks and returns, not the office's invitations", async () => {
    await h.register(CHAIRMAN, "lanh_dao", "nhon-hung");
    const t = await help(CHAIRMAN);
    for (const c of ["/baocao", "/xem", "/guilai", "/xuat", "/khoa", "/mokhoa", "/cancu", "/nhandinh", "/nhiemvu", "/dot", "/tiendo", "/lienket", "/menu"]) {
      expect(names(t, c), c).toBe(true);
    }
    for (const c of ["/moi", "/nguoidung"]) expect(names(t, c), c).toBe(false);
  });

  it("the office reads invitations and people, and no locks (only leaders lock)", async () => {
    await h.register(OFFICE, "admin", "nhon-hung");
    const t = await help(OFFICE);
    for (const c of ["/moi", "/nguoidung", "/baocao", "/xem", "/xuat", "/lienket"]) expect(names(t, c), c).toBe(true);
    for (const c of ["/khoa", "/mokhoa"]) expect(names(t, c), c).toBe(false);
  });
});
