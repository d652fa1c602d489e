// Issue 16, item 4 and the README's "Phường mới trong mười phút": init by flags, check, start the bot
// on the new profile, a first entry by chat, and the leader's /baocao naming the new ward.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import JSZip from "jszip";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { runInit } from "../../src/cli/init.js";
import { cli } from "../helpers/cli.js";
import { buttonData, startHarness } from "../helpers/harness.js";
import { tempDir } from "../helpers/temp.js";

const WARD = ["--ten", "Phường Vĩnh Hòa", "--tinh", "An Giang", "--nguoi-ky", "Nguyễn Văn A",
  "--don-vi", "Khóm Vĩnh Hòa:khom", "--don-vi", "Khóm Vĩnh Lợi:khom", "--bieu-mau", "khom=tuyen_truyen,dan_so"];

describe("cli init", () => {
  it("writes the profile and its catalogue, which check passes, and prints the next steps", async () => {
    const dir = join(tempDir("bienbot-init-"), "vinh-hoa");
    const r = await cli(["init", "--thu-muc", dir, ...WARD], {});
    expect(r.code).toBe(0);
    expect(r.lines).toContain("✅ Hồ sơ, danh mục và mẫu báo cáo hợp lệ.");
    expect(r.text).toContain(`WARD_PROFILE_PATH=${join(dir, "ward-profile.yaml")}`);
    const profile = parse(readFileSync(join(dir, "ward-profile.yaml"), "utf8"));
    expect(profile).toMatchObject({
      catalogue: "catalogue.yaml",
      ward: { code: "vinh-hoa", name: "Phường Vĩnh Hòa", place: "Vĩnh Hòa", issuingBody: ["ỦY BAN NHÂN DÂN", "PHƯỜNG VĨNH HÒA"], superior: "Ủy ban nhân dân tỉnh An Giang" },
      signer: { title: "CHỦ TỊCH", name: "Nguyễn Văn A" },
      recipients: ["UBND tỉnh An Giang (để b/c)", "Lưu: VT"],
      units: [{ code: "khom-vinh-hoa", name: "Khóm Vĩnh Hòa", kind: "khom" }, { code: "khom-vinh-loi", name: "Khóm Vĩnh Lợi", kind: "khom" }],
      obligations: { khom: ["tuyen_truyen", "dan_so"] },
    });
    const catalogue = readFileSync(join(dir, "catalogue.yaml"), "utf8");
    const c = parse(catalogue);
    // Every kind and form stays (the default templates name every metric); of the ward's own kinds,
    // khóm files just the two forms named, the ward itself what the template gives it.
    expect(c.unitKinds.map((k: { id: string }) => k.id)).toEqual(["phuong", "khom", "to_antt", "to_phu_nu", "don_bp", "doan_the"]);
    const mine = (kinds: string[]) => kinds.filter((k) => k === "phuong" || k === "khom");
    const filers = Object.fromEntries(c.forms.map((f: { id: string; unitKinds: string[] }) => [f.id, mine(f.unitKinds)]).filter(([, k]: [string, string[]]) => k.length > 0));
    expect(filers).toEqual({ tuyen_truyen: ["phuong", "khom"], doi_ngoai: ["phuong"], tu_quan: ["phuong"], dan_so: ["khom"], hau_phuong: ["phuong"], khen_thuong: ["phuong"] });
    expect(Object.keys(c.choiceLists)).toEqual(["hinh_thuc_tuan_tra"]); // kept with tuần tra, which the templates name
    expect(catalogue.split("\n")[0]).toMatch(/^# Danh mục biểu mẫu/); // comments kept
    expect((await cli(["check"], { WARD_PROFILE_PATH: join(dir, "ward-profile.yaml") })).code).toBe(0);
  });

  it("makes unit codes that fit the buttons, so what init writes check passes with a chat token set (found by exploratory testing)", async () => {
    const dir = tempDir("bienbot-init-");
    const env = { BOT_TOKEN: "123456:ABCDEFGHIJKLMNOP" };
    const r = await cli(["init", "--thu-muc", dir, ...WARD, "--don-vi", "Tổ tự quản an ninh trật tự khóm Vĩnh Hòa:to_antt",
      "--don-vi", "Tổ tự quản an ninh trật tự khóm Vĩnh Lợi:to_antt"], env);
    expect(r.text).not.toContain("❌");
    expect(r.code).toBe(0);
    const codes = parse(readFileSync(join(dir, "ward-profile.yaml"), "utf8")).units.map((u: { code: string }) => u.code);
    // Two long names cut to the same start stay two codes.
    expect(new Set(codes).size).toBe(4);
    for (const code of codes) expect(code.length).toBeLessThanOrEqual(27); // 64-byte buttons: "cmd:nguoidung:u999999:donvi:<code>:lanh_dao"
    expect((await cli(["check"], { ...env, WARD_PROFILE_PATH: join(dir, "ward-profile.yaml") })).lines).toEqual(["✅ Hồ sơ, danh mục và mẫu báo cáo hợp lệ."]);
  });

  it("adds a unit kind the clerk names, with reporters, and the forms it files", async () => {
    const dir = tempDir("bienbot-init-");
    const r = await cli(["init", "--thu-muc", dir, ...WARD, "--don-vi", "Ấp Vĩnh Hòa:ap", "--loai", "ap=Ấp", "--bieu-mau", "ap=tuyen_truyen,tuan_tra"], {});
    expect(r.lines[0]).toBe(`Đã ghi ${join(dir, "ward-profile.yaml")} và ${join(dir, "catalogue.yaml")}.`);
    const c = parse(readFileSync(join(dir, "catalogue.yaml"), "utf8"));
    expect(c.unitKinds.at(-1)).toEqual({ id: "ap", label: "Ấp", roles: ["bao_cao"] });
    const tuanTra = c.forms.find((f: { id: string }) => f.id === "tuan_tra");
    expect(tuanTra.unitKinds).toEqual(["to_antt", "to_phu_nu", "don_bp", "ap"]);
    expect(Object.keys(c.choiceLists)).toEqual(["hinh_thuc_tuan_tra"]);
    expect(parse(readFileSync(join(dir, "ward-profile.yaml"), "utf8")).obligations).toEqual({ khom: ["tuyen_truyen", "dan_so"], ap: ["tuyen_truyen", "tuan_tra"] });
  });

  it("refuses to overwrite without --ghi-de, and names the flag of every missing or wrong option", async () => {
    const dir = tempDir("bienbot-init-");
    expect((await cli(["init", "--thu-muc", dir, ...WARD], {})).code).toBe(0);
    const again = await cli(["init", "--thu-muc", dir, ...WARD], {});
    expect(again.code).toBe(2);
    expect(again.text).toContain("không ghi đè. Chọn thư mục khác (--thu-muc), hoặc thêm --ghi-de để ghi đè.");
    expect((await cli(["init", "--thu-muc", dir, ...WARD, "--ghi-de"], {})).code).toBe(0);
    const other = tempDir("bienbot-init-");
    expect((await cli(["init", "--thu-muc", other, ...WARD.filter((_, i) => i !== 4 && i !== 5)], {})).text).toContain("❌ Thiếu --nguoi-ky: họ tên người ký (ví dụ: nguyễn văn a)");
    expect((await cli(["init", "--thu-muc", other, ...WARD, "--bieu-mau", "khom=tuyen_truyen,tuan"], {})).text)
      .toContain("❌ --bieu-mau khom=…: không có biểu mẫu tuan; các biểu mẫu: tuyen_truyen, tuan_tra,");
    expect((await cli(["init", "--thu-muc", other, ...WARD, "--don-vi", "Ấp 1:ap"], {})).text)
      .toContain("❌ loại đơn vị mới ap chưa có biểu mẫu nào: thêm --bieu-mau ap=<biểu mẫu>,<biểu mẫu>");
    expect((await cli(["init", "--thu-muc", other, ...WARD, "--don-vi", "Ấp 1"], {})).text).toContain("--don-vi \"Ấp 1\": cần dạng \"<tên>:<loại>\"");
    expect((await cli(["init", "--thu-muc", other, "--ten-phuong", "X"], {})).text).toContain("Lệnh init không có tùy chọn --ten-phuong. Các tùy chọn của lệnh init: --thu-muc, --ten,");
    expect(existsSync(join(other, "ward-profile.yaml"))).toBe(false);
    expect((await cli(["init", "--help"], {})).text).toContain("--bieu-mau <loại>=<biểu mẫu,…>");
  });

  it("asks, in Vietnamese, for what the flags leave out", async () => {
    const dir = tempDir("bienbot-init-");
    const answers = [dir, "Xã Phú Hữu", "An Giang", "", "Khóm Phú Hữu:khom", "", "", "", "Trần Thị B"];
    const asked: string[] = [];
    const lines: string[] = [];
    const code = await runInit([], { out: (l) => lines.push(l), ask: async (q) => { asked.push(q); return answers.shift() ?? ""; } });
    expect(code).toBe(0);
    expect(asked).toEqual([
      "Thư mục ghi hồ sơ phường mới: ", "Tên phường (ví dụ: Phường Vĩnh Hòa): ", "Tỉnh (ví dụ: An Giang): ",
      "Cơ quan phường báo cáo lên [Ủy ban nhân dân tỉnh An Giang]: ", "Đơn vị: ", "Đơn vị: ",
      "Biểu mẫu đơn vị loại khom báo cáo (cách nhau bởi dấu phẩy; các biểu mẫu: tuyen_truyen, tuan_tra, nam_tinh_hinh, moc_quoc_gioi, doi_ngoai, vi_pham, tu_quan, dan_so, hau_phuong, khen_thuong) [tuyen_truyen,nam_tinh_hinh,vi_pham,tu_quan,dan_so,hau_phuong]: ",
      "Chức vụ người ký [CHỦ TỊCH]: ", "Họ tên người ký (ví dụ: Nguyễn Văn A): ",
    ]);
    const profile = parse(readFileSync(join(dir, "ward-profile.yaml"), "utf8"));
    expect(profile.ward).toMatchObject({ code: "phu-huu", name: "Xã Phú Hữu", place: "Phú Hữu" });
    expect(profile.signer).toEqual({ authority: "TM. ỦY BAN NHÂN DÂN", title: "CHỦ TỊCH", name: "Trần Thị B" });
    expect(profile.obligations).toEqual({ khom: ["tuyen_truyen"] }); // the default ward's, for a kind it knows
  });
});

describe("Phường mới trong mười phút (README)", () => {
  it("init → check → start → a first entry by chat → the leader's /baocao names the new ward", async () => {
    const dir = tempDir("bienbot-newward-");
    const folder = join(dir, "vinh-hoa");
    expect((await cli(["init", "--thu-muc", folder, ...WARD], {})).code).toBe(0);
    const env = { WARD_PROFILE_PATH: join(folder, "ward-profile.yaml") };
    expect((await cli(["check"], env)).lines).toEqual(["✅ Hồ sơ, danh mục và mẫu báo cáo hợp lệ."]);
    // The report built in the bot's thread: a cold worker thread's first start can outlast the
    // harness's 5 s wait on a loaded machine; workers are tested in test/chat/report-queue.test.ts.
    const h = await startHarness({ env: { ...env, REPORT_WORKERS: "0" }, dir });
    try {
      const REPORTER = 5001;
      const LEADER = 5002;
      await h.register(REPORTER, "bao_cao", "khom-vinh-hoa", "Lan");
      await h.register(LEADER, "lanh_dao", "vinh-hoa", "Ánh");
      const r = await h.say(REPORTER, "dân số 450 hộ 1.800 khẩu");
      expect(r.at(-1)!.text).toContain("Kiểm tra lại rồi bấm Lưu.");
      const saved = await h.press(REPORTER, buttonData(r.at(-1), "Lưu"));
      expect(saved.map((m) => m.text).join("\n")).toContain("Đã lưu");
      await h.say(LEADER, "/baocao tháng 2/2025");
      const [doc] = h.standin.documents;
      expect(doc!.filename).toBe("bao-cao-2025-02.docx");
      const xml = await (await JSZip.loadAsync(doc!.bytes)).file("word/document.xml")!.async("string");
      expect(xml).toContain("PHƯỜNG VĨNH HÒA");
      expect(xml).toContain("Vĩnh Hòa, ngày");
      expect(xml).not.toContain("NHƠN HƯNG");
    } finally {
      await h.stop();
    }
  }, 60_000);
});
