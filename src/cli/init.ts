// `npm run cli -- init`: sets up a new ward. Asks (or takes as flags) the ward, its units, the signer,
// the recipients and the forms each kind of unit files; writes <dir>/ward-profile.yaml and
// <dir>/catalogue.yaml, checks them as `check` does, and prints the next steps.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";
import { parse } from "yaml";
import { fold } from "../domain/vn-text.js";
import { checkAll, CHECK_OK } from "./check.js";
import { DEFAULT_CATALOGUE } from "../app/ward-catalogue.js";
import { templateForms, trimCatalogue } from "./init-catalogue.js";
import { profileText, type NewWard } from "./init-profile.js";
import { optionProblem } from "./usage.js";
import { plugins } from "../channels/registry.js";
import { longestUnitChoiceIdBytes } from "../conversation/choice-ids.js";

type Out = (line: string) => void;
/** Asks one question and returns the answer (readline at a terminal; a list of answers in tests). */
export type Ask = (question: string) => Promise<string>;

export const INIT_HELP = [
  "Cách dùng: npm run cli -- init [các tùy chọn]. Tùy chọn nào không ghi thì lệnh hỏi (khi chạy ở cửa sổ lệnh).",
  "  --thu-muc <thư mục>        nơi ghi ward-profile.yaml và catalogue.yaml, ví dụ: --thu-muc phuong-vinh-hoa",
  "  --ten <tên phường>         ví dụ: --ten \"Phường Vĩnh Hòa\"",
  "  --ma <mã>                  mã phường, chữ thường không dấu (mặc định: lấy từ tên), ví dụ: --ma vinh-hoa",
  "  --tinh <tỉnh>              ví dụ: --tinh \"An Giang\"",
  "  --cap-tren <cơ quan>       cơ quan phường báo cáo lên (mặc định: Ủy ban nhân dân tỉnh <tỉnh>)",
  "  --noi-ghi <địa danh>       địa danh ghi trước ngày tháng văn bản (mặc định: tên phường bỏ chữ \"Phường\")",
  "  --don-vi \"<tên>:<loại>\"    một đơn vị (ghi nhiều lần), ví dụ: --don-vi \"Ấp Vĩnh Hòa:ap\"; thêm :<mã> để tự đặt mã",
  "  --loai <loại>=<tên loại>   tên hiển thị của một loại đơn vị mới, ví dụ: --loai ap=Ấp",
  "  --bieu-mau <loại>=<biểu mẫu,…>  biểu mẫu loại đơn vị đó báo cáo, ví dụ: --bieu-mau ap=tuyen_truyen,tuan_tra",
  "  --chuc-vu <chức vụ>        chức vụ người ký (mặc định: CHỦ TỊCH)",
  "  --nguoi-ky <họ tên>        người ký, ví dụ: --nguoi-ky \"Nguyễn Văn A\"",
  "  --noi-nhan <nơi nhận>      ghi nhiều lần (mặc định: UBND tỉnh <tỉnh> (để b/c) và Lưu: VT)",
  "  --ghi-de                   ghi đè tệp đã có trong thư mục",
  "  --help, -h                 hiện hướng dẫn này",
];

const OPTIONS = {
  "thu-muc": { type: "string" }, ten: { type: "string" }, ma: { type: "string" }, tinh: { type: "string" },
  "cap-tren": { type: "string" }, "noi-ghi": { type: "string" }, "don-vi": { type: "string", multiple: true },
  loai: { type: "string", multiple: true }, "bieu-mau": { type: "string", multiple: true }, "chuc-vu": { type: "string" },
  "nguoi-ky": { type: "string" }, "noi-nhan": { type: "string", multiple: true }, "ghi-de": { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/**
 * The longest unit code every channel's buttons carry (choice-ids.ts), whichever channels the ward
 * turns on later: a code init makes must pass `check` with any chat token set.
 */
export function longestUnitCode(): number {
  const max = Math.min(...plugins().map((p) => p.capabilities.maxChoiceIdBytes ?? Infinity));
  let n = 40;
  while (n > 1 && longestUnitChoiceIdBytes("x".repeat(n)) > max) n--;
  return n;
}

/**
 * "Phường Vĩnh Hòa" → "vinh-hoa"; "Ấp Vĩnh Hòa" → "ap-vinh-hoa". A name too long for `max` has its
 * first words shortened to their initials, keeping the place name at its end that tells units apart
 * ("Tổ tự quản an ninh trật tự khóm Vĩnh Hòa" → "ttqanttk-vinh-hoa").
 */
export function codeOf(name: string, dropLevel = false, max = 40): string {
  const words = fold(name).replace(/[^a-z0-9]+/g, " ").trim().split(" ");
  const kept = dropLevel && words.length > 1 && ["phuong", "xa", "thi tran"].some((w) => fold(name).startsWith(w)) ? words.slice(fold(name).startsWith("thi tran") ? 2 : 1) : words;
  for (let k = 0; k < kept.length; k++) {
    const code = [kept.slice(0, k).map((w) => w[0]).join(""), ...kept.slice(k)].filter(Boolean).join("-");
    if (code.length <= max) return code;
  }
  return kept.map((w) => w[0]).join("").slice(0, max);
}

/** "Phường Vĩnh Hòa" → "Vĩnh Hòa". */
const placeOf = (name: string) => name.replace(/^(Phường|Xã|Thị trấn)\s+/iu, "").trim() || name;

/** "a=b,c" → [a, [b, c]]. */
function pairOf(flag: string, value: string): [string, string] {
  const at = value.indexOf("=");
  if (at <= 0) throw new InitError(`--${flag} "${value}": cần dạng <loại>=<giá trị>, ví dụ: --${flag} ap=${flag === "loai" ? "Ấp" : "tuyen_truyen,tuan_tra"}`);
  return [value.slice(0, at).trim(), value.slice(at + 1).trim()];
}

export class InitError extends Error {}

/** A value from its flag, else asked; missing without a terminal: an error naming the flag. */
async function need(value: string | undefined, flag: string, question: string, ask: Ask | undefined, fallback?: string): Promise<string> {
  if (value?.trim()) return value.trim().normalize("NFC");
  if (ask) {
    const answer = (await ask(`${question}${fallback ? ` [${fallback}]` : ""}: `)).trim().normalize("NFC");
    if (answer) return answer;
  }
  if (fallback !== undefined) return fallback;
  throw new InitError(`Thiếu --${flag}: ${question.toLowerCase()}. Xem: npm run cli -- init --help`);
}

export async function runInit(args: string[], o: { out: Out; ask?: Ask; env?: NodeJS.ProcessEnv }): Promise<number> {
  let values: ReturnType<typeof parseArgs<{ args: string[]; options: typeof OPTIONS }>>["values"];
  try {
    values = parseArgs({ args, options: OPTIONS, strict: true }).values;
  } catch (err) {
    throw new InitError(optionProblem("init", OPTIONS, err));
  }
  if (values.help) { INIT_HELP.forEach((l) => o.out(l)); return 0; }
  const ask = o.ask;
  const dir = await need(values["thu-muc"], "thu-muc", "Thư mục ghi hồ sơ phường mới", ask);
  const name = await need(values.ten, "ten", "Tên phường (ví dụ: Phường Vĩnh Hòa)", ask);
  const maxCode = longestUnitCode();
  const code = values.ma?.trim() || codeOf(name, true, maxCode);
  if (!/^[a-z0-9][a-z0-9-]*$/.test(code)) throw new InitError(`--ma "${code}": mã chỉ gồm chữ thường không dấu, số và "-", ví dụ: --ma vinh-hoa`);
  if (code.length > maxCode) throw new InitError(`--ma "${code}": mã dài ${code.length} ký tự, quá dài cho nút bấm; đặt mã dài không quá ${maxCode} ký tự.`);
  const province = await need(values.tinh, "tinh", "Tỉnh (ví dụ: An Giang)", ask);
  const superior = await need(values["cap-tren"], "cap-tren", "Cơ quan phường báo cáo lên", ask, `Ủy ban nhân dân tỉnh ${province}`);
  const place = values["noi-ghi"]?.trim() || placeOf(name);

  let unitArgs = values["don-vi"] ?? [];
  if (!unitArgs.length && ask) {
    o.out("Các đơn vị báo cáo, mỗi dòng \"<tên>:<loại>\" (ví dụ: Ấp Vĩnh Hòa:ap); dòng trống là xong.");
    for (let line = await ask("Đơn vị: "); line.trim(); line = await ask("Đơn vị: ")) unitArgs = [...unitArgs, line.trim()];
  }
  if (!unitArgs.length) throw new InitError("Thiếu --don-vi \"<tên>:<loại>\", ví dụ: --don-vi \"Ấp Vĩnh Hòa:ap\" (ghi một lần cho mỗi đơn vị)");
  const codes = new Set([code]);
  const units = unitArgs.map((u) => {
    const [unitName, kind, own] = u.normalize("NFC").split(":").map((s) => s.trim());
    if (!unitName || !kind || !/^[a-z][a-z0-9_]*$/.test(kind)) {
      throw new InitError(`--don-vi "${u}": cần dạng "<tên>:<loại>", loại là chữ thường không dấu, ví dụ: --don-vi "Ấp Vĩnh Hòa:ap"`);
    }
    if (own && own.length > maxCode) throw new InitError(`--don-vi "${u}": mã "${own}" dài ${own.length} ký tự, quá dài cho nút bấm; đặt mã dài không quá ${maxCode} ký tự.`);
    let unitCode = own || codeOf(unitName, false, maxCode);
    // A second unit of the same name (or cut to the same code) gets "-2", still within the length.
    for (let n = 2; codes.has(unitCode); n++) unitCode = `${own || codeOf(unitName, false, maxCode - String(n).length - 1)}-${n}`;
    codes.add(unitCode);
    return { code: unitCode, name: unitName, kind };
  });

  const labels = new Map((values.loai ?? []).map((v) => pairOf("loai", v)));
  const formsByKind = new Map((values["bieu-mau"] ?? []).map((v) => {
    const [kind, list] = pairOf("bieu-mau", v);
    return [kind, list.split(",").map((s) => s.trim()).filter(Boolean)] as const;
  }));
  const kinds = new Map<string, string | undefined>([["phuong", undefined]]);
  for (const u of units) kinds.set(u.kind, labels.get(u.kind));
  const template = readFileSync(DEFAULT_CATALOGUE, "utf8");
  if (ask) {
    const known = templateForms(template);
    for (const kind of kinds.keys()) {
      if (kind === "phuong" || formsByKind.has(kind)) continue;
      const mine = [...known].filter(([, ks]) => ks.includes(kind)).map(([id]) => id);
      const answer = (await ask(`Biểu mẫu đơn vị loại ${kind} báo cáo (cách nhau bởi dấu phẩy; các biểu mẫu: ${[...known.keys()].join(", ")})${mine.length ? ` [${mine.join(",")}]` : ""}: `)).trim();
      if (answer) formsByKind.set(kind, answer.split(",").map((s) => s.trim()).filter(Boolean));
    }
  }
  const catalogue = trimCatalogue(template, { kinds, formsByKind });
  if (catalogue.problems.length) throw new InitError(catalogue.problems.join("\n"));

  const signerTitle = await need(values["chuc-vu"], "chuc-vu", "Chức vụ người ký", ask, "CHỦ TỊCH");
  const signerName = await need(values["nguoi-ky"], "nguoi-ky", "Họ tên người ký (ví dụ: Nguyễn Văn A)", ask);
  const recipients = values["noi-nhan"]?.length ? values["noi-nhan"].map((r) => r.normalize("NFC")) : [`UBND tỉnh ${province} (để b/c)`, "Lưu: VT"];
  // Obligations: what the clerk named; otherwise the default ward's for a kind it knows.
  const defaults = (parse(readFileSync("templates/ward-profile.yaml", "utf8")) as { obligations?: Record<string, string[]> }).obligations ?? {};
  const obligations = Object.fromEntries([...kinds.keys()].filter((k) => k !== "phuong")
    .map((k) => [k, formsByKind.get(k) ?? defaults[k] ?? []] as const).filter(([, f]) => f.length));

  const ward: NewWard = { code, name, place, superior, signer: { title: signerTitle, name: signerName }, recipients, units, obligations,
    borderPost: units.find((u) => u.kind === "don_bp")?.name };
  const profilePath = join(dir, "ward-profile.yaml");
  const cataloguePath = join(dir, "catalogue.yaml");
  const existing = [profilePath, cataloguePath].filter((p) => existsSync(p));
  if (existing.length && !values["ghi-de"]) {
    throw new InitError(`Đã có ${existing.join(" và ")}; không ghi đè. Chọn thư mục khác (--thu-muc), hoặc thêm --ghi-de để ghi đè.`);
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(profilePath, profileText(ward));
  writeFileSync(cataloguePath, catalogue.text);
  o.out(`Đã ghi ${profilePath} và ${cataloguePath}.`);

  const problems = await checkAll({ ...(o.env ?? {}), WARD_PROFILE_PATH: profilePath });
  problems.forEach((p) => o.out(`❌ ${p}`));
  if (problems.length === 0) o.out(CHECK_OK);
  o.out("Các bước tiếp theo:");
  o.out(`  1. Thêm vào tệp .env: WARD_PROFILE_PATH=${profilePath}`);
  o.out(`     và một cơ sở dữ liệu riêng cho phường: DATABASE_PATH=data/${code}.sqlite (giữ nguyên token của bot)`);
  o.out("  2. Kiểm tra lại sau mỗi lần sửa: npm run cli -- check");
  o.out("  3. Chạy bot: npm start");
  o.out(`  4. Mời văn phòng: npm run cli -- invite --role admin; mời người báo cáo: npm run cli -- invite --role bao_cao --unit ${units[0]!.code}`);
  o.out("  5. Người báo cáo nhập số liệu trong bot; lãnh đạo gõ /baocao để lấy báo cáo.");
  return problems.length ? 1 : 0;
}

/** From `npm run cli -- init`: asks at a terminal, takes flags otherwise. */
export async function init(args: string[], env: NodeJS.ProcessEnv, out: Out): Promise<number> {
  const rl = process.stdin.isTTY ? createInterface({ input: process.stdin, output: process.stdout }) : undefined;
  try {
    return await runInit(args, { out, env, ask: rl ? (q) => rl.question(q) : undefined });
  } catch (err) {
    if (err instanceof InitError) { err.message.split("\n").forEach((l) => out(`❌ ${l}`)); return 2; }
    throw err;
  } finally {
    rl?.close();
  }
}
