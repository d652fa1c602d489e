// A file the command line cannot read or write is answered in one Vietnamese line naming the path and
// what to do, never with Node's or SQLite's English ("ENOENT: no such file…", "unable to open database file").
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fileErrorLine } from "../../src/cli/file-problems.js";
import { cli, cliRefusal } from "../helpers/cli.js";
import { tempDir } from "../helpers/temp.js";

const AT = "2025-03-03T03:00:00Z";
/** Words only Node's or SQLite's own messages carry. */
const ENGLISH = /ENOENT|EISDIR|EEXIST|no such file|directory|unable to open|Cannot save/i;

const refusal = (args: string[], env: Record<string, string>) => cliRefusal(args, env, AT);

describe("cli file errors", () => {
  it("import of a missing file or of a folder names the path in Vietnamese", async () => {
    const dir = tempDir("bienbot-cli-fs-");
    const env = { DATABASE_PATH: join(dir, "bot.sqlite") };
    const missing = join(dir, "khong-co.csv");
    const m = await refusal(["import", missing], env);
    expect(m).toBe(`Lỗi tệp: không có tệp hoặc thư mục ${missing}. Kiểm tra lại đường dẫn.`);
    const d = await refusal(["import", dir], env);
    expect(d).toBe(`Lỗi tệp: ${dir} là một thư mục, cần một tệp. Ghi đường dẫn tới tệp.`);
  }, 60_000);

  it("export --out to a missing folder or onto a folder is refused in Vietnamese", async () => {
    const dir = tempDir("bienbot-cli-fs-");
    const env = { DATABASE_PATH: join(dir, "bot.sqlite") };
    const missing = join(dir, "khong-co", "x.csv");
    expect(await refusal(["export", "--ky", "2025-01", "--out", missing], env))
      .toBe(`Không ghi được ${missing}: không có thư mục ${join(dir, "khong-co")}. Tạo thư mục đó trước, hoặc chọn nơi khác (--out).`);
    const folder = join(dir, "f");
    mkdirSync(folder);
    const onto = await refusal(["export", "--ky", "2025-01", "--out", folder], env);
    expect(onto).toMatch(new RegExp(`^Không ghi được ${folder}: đó là một thư mục\\. Ghi tên tệp, ví dụ: `));
  }, 60_000);

  it("backup to a missing folder or onto a folder is refused in Vietnamese", async () => {
    const dir = tempDir("bienbot-cli-fs-");
    const env = { DATABASE_PATH: join(dir, "bot.sqlite") };
    await cli(["units"], env, AT); // creates the database
    const missing = join(dir, "khong-co", "b.sqlite");
    const m = await refusal(["backup", missing], env);
    expect(m).toBe(`Không ghi được ${missing}: không có thư mục ${join(dir, "khong-co")}. Tạo thư mục đó trước, hoặc chọn nơi khác.`);
    const folder = join(dir, "f");
    mkdirSync(folder);
    const onto = await refusal(["backup", folder], env);
    expect(onto).toMatch(new RegExp(`^Không ghi được ${folder}: đó là một thư mục\\.`));
    expect(onto).not.toMatch(ENGLISH);
  }, 60_000);

  it("init --thu-muc onto a file names it in Vietnamese", async () => {
    const r = await refusal(["init", "--thu-muc", "README.md", "--ten", "Phường Vĩnh Hòa", "--tinh", "An Giang", "--nguoi-ky", "Nguyễn Văn A",
      "--don-vi", "Khóm Vĩnh Hòa:khom", "--bieu-mau", "khom=tuyen_truyen"], {});
    expect(r).toBe("Lỗi tệp: đã có README.md, không ghi đè được. Chọn tên khác.");
  }, 60_000);

  // Root (as tests run here) may write anywhere, so the permission errors are read as Node raises them.
  it("every errno the brief names becomes one Vietnamese line naming the path", () => {
    const err = (code: string) => Object.assign(new Error(`${code}: English`), { code, path: "/srv/x.csv" });
    expect(fileErrorLine(err("EACCES"))).toBe("Lỗi tệp: không có quyền đọc hoặc ghi /srv/x.csv. Chọn nơi khác, hoặc xin quyền.");
    expect(fileErrorLine(err("EPERM"))).toBe("Lỗi tệp: không được phép đọc hoặc ghi /srv/x.csv. Chọn nơi khác, hoặc xin quyền.");
    expect(fileErrorLine(err("EROFS"))).toBe("Lỗi tệp: /srv/x.csv nằm trên ổ chỉ đọc. Chọn nơi khác.");
    expect(fileErrorLine(err("ENOSPC"))).toBe("Lỗi tệp: ổ đĩa chứa /srv/x.csv đã đầy. Giải phóng chỗ trống rồi chạy lại.");
    expect(fileErrorLine(err("ENOTDIR"))).toBe("Lỗi tệp: một phần của đường dẫn /srv/x.csv là tệp, không phải thư mục. Kiểm tra lại đường dẫn.");
    expect(fileErrorLine(err("ECONNRESET"))).toBeUndefined();
    expect(fileErrorLine(new Error("plain"))).toBeUndefined();
  });
});
