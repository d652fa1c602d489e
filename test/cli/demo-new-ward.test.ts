// `demo` on a new ward (found by exploratory testing: it failed with an English "demo figures
// refused" where the new ward's catalogue gives a kind fewer forms than the template's). The demo
// files for each unit only the forms the ward's own catalogue gives its kind, and a kind of the
// ward's own (ấp) files like a khóm within its forms.
import Database from "better-sqlite3";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "../helpers/cli.js";
import { tempDir } from "../helpers/temp.js";

const WARD = ["--ten", "Phường Vĩnh Hòa", "--tinh", "An Giang", "--nguoi-ky", "Nguyễn Văn A",
  "--don-vi", "Khóm Vĩnh Hòa:khom", "--don-vi", "Ấp Một:ap", "--loai", "ap=Ấp",
  "--bieu-mau", "khom=tuyen_truyen,dan_so", "--bieu-mau", "ap=tuyen_truyen"];

describe("cli demo on a new ward", () => {
  it("fills the units with the forms the ward's catalogue gives them, and says so in Vietnamese", async () => {
    const dir = tempDir("bienbot-demo-");
    expect((await cli(["init", "--thu-muc", dir, ...WARD], {})).code).toBe(0);
    const env = { WARD_PROFILE_PATH: join(dir, "ward-profile.yaml"), DATABASE_PATH: join(dir, "bot.sqlite") };
    const r = await cli(["demo"], env);
    expect(r.code).toBe(0);
    expect(r.text).toMatch(/^Đã tạo \d+ bản ghi mẫu/);
    const db = new Database(env.DATABASE_PATH, { readonly: true });
    try {
      const forms = db.prepare("select unit_code unit, form_id form from entries group by unit_code, form_id order by 1, 2").all();
      expect(forms).toEqual([
        { unit: "ap-mot", form: "tuyen_truyen" },
        { unit: "khom-vinh-hoa", form: "dan_so" }, { unit: "khom-vinh-hoa", form: "tuyen_truyen" },
        // The ward itself, as in the template's demo: its meetings, gifts abroad, support and awards.
        { unit: "vinh-hoa", form: "doi_ngoai" }, { unit: "vinh-hoa", form: "hau_phuong" },
        { unit: "vinh-hoa", form: "khen_thuong" }, { unit: "vinh-hoa", form: "tuyen_truyen" },
      ]);
    } finally {
      db.close();
    }
  }, 120_000);
});
