// Every `npm run cli` command's options and its usage (--help, in Vietnamese), and the reading of
// its arguments before anything is opened: an unknown option, a missing value or a stray word is
// refused in one Vietnamese line naming the command's options; never "Unknown option".
import { parseArgs, type ParseArgsConfig } from "node:util";
import { WORD_OPTIONS } from "./report-words.js";

export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig["options"]>;

/** Each command's options, as node:util's parseArgs takes them (the commands parse with these). */
export const OPTIONS = {
  check: {},
  invite: { role: { type: "string" }, unit: { type: "string" }, json: { type: "boolean" } },
  units: {},
  users: {},
  user: { id: { type: "string" }, unit: { type: "string" }, role: { type: "string" }, deactivate: { type: "boolean" }, activate: { type: "boolean" } },
  metrics: { json: { type: "boolean" } },
  report: {
    ky: { type: "string" }, out: { type: "string" }, so: { type: "string" }, ngay: { type: "string" }, "can-cu": { type: "string", multiple: true },
    "bo-can-cu": { type: "boolean" }, force: { type: "boolean" }, archived: { type: "boolean" }, "ca-thang": { type: "boolean" },
    ...WORD_OPTIONS,
  },
  import: { "allow-repeat": { type: "boolean" } },
  export: { ky: { type: "string" }, out: { type: "string" }, "lich-su": { type: "boolean" }, format: { type: "string" } },
  demo: { force: { type: "boolean" } },
  backup: { "ghi-de": { type: "boolean" } },
  restore: {},
  remind: { at: { type: "string" }, "dry-run": { type: "boolean" }, send: { type: "boolean" } },
} as const satisfies Record<string, Options>;

type Name = keyof typeof OPTIONS;

interface Usage {
  /** What follows `npm run cli -- <command>`. */
  synopsis: string;
  does: string;
  /** One line per option: the flag as typed, and what it does. */
  lines: [string, string][];
  /** Words the command takes besides options (import's file, backup's target). */
  words?: number;
}

const PERIOD = "kỳ: 2025-02, \"quý 1/2025\", 2025, 2015-01-01..2025-02-26";

const USAGE: Record<Name, Usage> = {
  check: { synopsis: "", does: "Kiểm tra biến môi trường, hồ sơ phường (WARD_PROFILE_PATH), danh mục và mọi mẫu báo cáo; in từng lỗi trên một dòng. Chạy được cả khi cấu hình còn sai.", lines: [] },
  invite: {
    synopsis: "--role <vai trò> [--unit <mã đơn vị>] [--json]",
    does: "Tạo một mã mời dùng một lần, kèm liên kết mời của các kênh có liên kết.",
    lines: [["--role <vai trò>", "admin (văn phòng), lanh_dao (lãnh đạo) hoặc bao_cao (người báo cáo); bắt buộc"],
      ["--unit <mã đơn vị>", "đơn vị của người được mời (mặc định: phường); xem mã: npm run cli -- units"],
      ["--json", "in một dòng JSON: mã, vai trò, đơn vị, hạn dùng, liên kết"]],
  },
  units: { synopsis: "", does: "Liệt kê mã, loại và tên các đơn vị đang hoạt động.", lines: [] },
  users: { synopsis: "", does: "Liệt kê mọi người đã đăng ký, đánh số (số dùng cho lệnh user --id).", lines: [] },
  user: {
    synopsis: "--id <số> (--unit <mã> | --role <vai trò> [--unit <mã>] | --deactivate | --activate)",
    does: "Chuyển đơn vị, đổi vai trò, ngừng hoặc cho dùng lại một người (cùng quy tắc như /nguoidung).",
    lines: [["--id <số>", "số của người đó (xem: npm run cli -- users); bắt buộc"], ["--unit <mã đơn vị>", "chuyển sang đơn vị này"],
      ["--role <vai trò>", "admin, lanh_dao hoặc bao_cao (kèm --unit khi vai trò thuộc đơn vị khác)"],
      ["--deactivate", "ngừng cho dùng bot"], ["--activate", "cho dùng lại"]],
  },
  metrics: { synopsis: "[--json]", does: "Liệt kê mọi mã chỉ tiêu (dùng cho tệp nhập và mẫu báo cáo).", lines: [["--json", "in dạng JSON"]] },
  report: {
    synopsis: "[--ky <kỳ>] [các tùy chọn]",
    does: "Không có --ky: kiểm tra mẫu báo cáo mọi loại. Có --ky: lập báo cáo DOCX của kỳ (như /baocao).",
    lines: [["--ky <kỳ>", PERIOD], ["--out <tệp.docx>", "nơi ghi (mặc định: tên tệp của báo cáo)"], ["--so <số>", "số văn bản, ví dụ: --so 35"],
      ["--ngay <ngày>", "ngày ban hành, ví dụ: --ngay 26/02/2025"], ["--can-cu \"Căn cứ …\"", "dòng căn cứ (ghi nhiều lần), giữ cho các báo cáo cùng loại sau"],
      ["--bo-can-cu", "bỏ các dòng căn cứ đã lưu"], ["--nhan-dinh \"…\"", "câu nhận định tình hình của kỳ (như /nhandinh)"],
      ["--nhiem-vu \"…\"", "một nhiệm vụ kỳ tới (ghi nhiều lần, như /nhiemvu)"], ["--dot <tên>=\"…\"", "một sự kiện của đợt (như /dot); để trống để xóa"],
      ["--bo-loi", "xóa nhận định, nhiệm vụ và sự kiện đã lưu của kỳ"], ["--force", "vẫn lập khi kỳ chưa có số liệu"],
      ["--archived", "ghi lại đúng tệp đã phát hành lần trước"], ["--ca-thang", "tính khoảng ngày theo các tháng trọn (như \"Trọn tháng\")"]],
  },
  import: {
    synopsis: "<tệp.csv> [--allow-repeat]", words: 1,
    does: "Nhập số liệu từ tệp CSV (ky,don_vi,chi_tieu,gia_tri[,ghi_chu]) trong một lần; có dòng sai thì không ghi gì và chỉ rõ dòng.",
    lines: [["--allow-repeat", "vẫn nhập khi các dòng đã được nhập trước đó"]],
  },
  export: {
    synopsis: "--ky <kỳ> [--out <tệp>] [--format xlsx|csv] [--lich-su]",
    does: "Xuất số liệu của kỳ ra tệp Excel (XLSX: mỗi biểu mẫu một trang tính) hoặc CSV (UTF-8 có BOM, đúng mẫu nhập); CSV không có --out thì in ra màn hình.",
    lines: [["--ky <kỳ>", `${PERIOD}; bắt buộc`], ["--out <tệp>", "nơi ghi (XLSX mặc định: so-lieu-<kỳ>.xlsx)"],
      ["--format xlsx|csv", "kiểu tệp; mặc định xlsx (csv khi --out là tệp .csv)"], ["--lich-su", "thêm lịch sử sửa, xóa, trả lại"]],
  },
  demo: { synopsis: "[--force]", does: "Tạo số liệu mẫu 10 năm cho phường mặc định.", lines: [["--force", "thay số liệu mẫu cũ (giữ số liệu thật)"]] },
  backup: {
    synopsis: "[tệp sao lưu] [--ghi-de]", words: 1,
    does: "Sao lưu cơ sở dữ liệu (DATABASE_PATH) khi bot vẫn chạy; không ghi tên tệp thì ghi cạnh cơ sở dữ liệu, tên có ngày giờ.",
    lines: [["--ghi-de", "ghi đè tệp sao lưu đã có"]],
  },
  restore: {
    synopsis: "<tệp sao lưu>", words: 1,
    does: "Khôi phục cơ sở dữ liệu (DATABASE_PATH) từ một tệp sao lưu: dừng bot trước. Kiểm tra tệp sao lưu, xóa tệp -wal và -shm cũ (để dữ liệu không có trong bản sao lưu không quay lại), rồi thay tệp cơ sở dữ liệu. Bản cũ được giữ nguyên bên cạnh (<tệp>.truoc-khi-phuc-hoi-<thời điểm>.sqlite) để hoàn tác nếu khôi phục nhầm.",
    lines: [],
  },
  remind: {
    synopsis: "--at <thời điểm> [--dry-run] [--send]",
    does: "Chạy các việc nhắc đến hạn tại thời điểm đó như thể đang là lúc ấy; tin nhắn vào hàng đợi gửi của bot.",
    lines: [["--at <thời điểm>", "giờ Việt Nam, ví dụ: --at 2025-02-24T08:00 (mặc định: bây giờ)"], ["--dry-run", "chỉ in ai sẽ được nhắc, không xếp tin nào"],
      ["--send", "gửi luôn từ đây (khi bot đang dừng)"]],
  },
};

export const HELP_LINE: [string, string] = ["--help, -h", "hiện hướng dẫn này"];

/** The usage of a command, for --help. */
export function usageLines(name: Name): string[] {
  const u = USAGE[name];
  const lines = [...u.lines, HELP_LINE];
  const width = Math.max(...lines.map(([flag]) => flag.length)) + 2;
  return [`Cách dùng: npm run cli -- ${name}${u.synopsis ? ` ${u.synopsis}` : ""}`, u.does, "Tùy chọn:", ...lines.map(([flag, what]) => `  ${flag.padEnd(width)}${what}`)];
}

export const isCommand = (name: string): name is Name => Object.hasOwn(OPTIONS, name);

/** "--help" or "-h" before a "--". */
export function asksHelp(args: string[]): boolean {
  const end = args.indexOf("--");
  return (end < 0 ? args : args.slice(0, end)).some((a) => a === "--help" || a === "-h");
}

/** "Các tùy chọn của lệnh X: --a, --b." or that it has none. `name`: the command as the person typed it. */
function optionList(name: string, options: Options): string {
  const flags = Object.keys(options).filter((k) => k !== "help").map((k) => `--${k}`);
  return flags.length ? `Các tùy chọn của lệnh ${name}: ${flags.join(", ")}.` : `Lệnh ${name} không có tùy chọn nào.`;
}

/** parseArgs's English error, as one Vietnamese line naming the command's options; `help`: how to ask for its usage. */
export function optionProblem(name: string, options: Options, err: unknown, help = `npm run cli -- ${name} --help`): string {
  const message = err instanceof Error ? err.message : String(err);
  const code = (err as { code?: string }).code;
  const flag = /'(-[^' ]+)/.exec(message)?.[1] ?? "";
  const see = `Xem: ${help}`;
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
    return /does not take an argument/.test(message)
      ? `Tùy chọn ${flag} của lệnh ${name} không nhận giá trị. ${see}`
      : `Tùy chọn ${flag} của lệnh ${name} cần một giá trị. ${see}`;
  }
  return `Lệnh ${name} không có tùy chọn ${flag || message}. ${optionList(name, options)} ${see}`;
}

/** Checks a command's arguments (throws UsageError); the command then parses them with OPTIONS. */
export function checkArgs(name: Name, args: string[]): void {
  const options: Options = OPTIONS[name];
  let positionals: string[];
  try {
    positionals = parseArgs({ args, options, allowPositionals: true, strict: true }).positionals;
  } catch (err) {
    throw new UsageError(optionProblem(name, options, err));
  }
  const extra = positionals[USAGE[name].words ?? 0];
  if (extra !== undefined) throw new UsageError(`Lệnh ${name} không nhận "${extra}". ${optionList(name, options)} Xem: npm run cli -- ${name} --help`);
}

const START_OPTIONS = { as: { type: "string" }, help: { type: "boolean", short: "h" } } as const;

export const START_USAGE = [
  "Cách dùng: npm start [-- --as <vai trò>:<mã đơn vị>]",
  "Chạy bot trên mọi kênh đã có token; không có token nào thì chạy trong cửa sổ lệnh để thử.",
  "Tùy chọn:",
  "  --as <vai trò>:<mã đơn vị>  người thử trong cửa sổ lệnh, ví dụ: --as bao_cao:dong-hung (không ghi thì bot hỏi)",
  `  ${HELP_LINE[0].padEnd(28)}${HELP_LINE[1]}`,
];

/** `npm start`'s arguments: whether it asks for its usage, and the console person (--as); throws UsageError. */
export function readStartArgs(args: string[]): { help: boolean; as?: string } {
  try {
    const { values } = parseArgs({ args, options: START_OPTIONS, allowPositionals: true, strict: true });
    return { help: values.help === true, as: values.as };
  } catch (err) {
    const { help: _help, ...options } = START_OPTIONS;
    throw new UsageError(optionProblem("npm start", options, err, "npm start -- --help"));
  }
}
