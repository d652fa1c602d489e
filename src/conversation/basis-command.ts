// /cancu: the round-specific "Căn cứ …" lines of one kind of report (a plan of the district for
// the ten-year round, …). They belong to a kind — a monthly report never inherits the ten-year
// round's plan — are kept until changed, and are printed after the template's own căn cứ.
import { REPORT_KINDS, type ReportKind } from "../domain/report-kinds.js";
import { fold } from "../domain/vn.js";
import { keepForm, reply, withWrites, type StepResult, type UserContext } from "./command-types.js";
import { kindExamples, kindName, kindWord, readTarget } from "./report-target.js";
import { cleanLine, MAX_LENGTH } from "./report-words.js";
import { text } from "./types.js";

const MAX_LINES = 10;
const VERBS = ["them", "sua", "xoa"];

function usage(kind?: ReportKind): string {
  const k = kind ? kindWord(kind) : "tổng kết";
  return [
    `Thêm: /cancu ${k} thêm Căn cứ Kế hoạch số 564/KH-UBND ngày 24/02/2025 của UBND thị xã …`,
    `Sửa dòng 2: /cancu ${k} sửa 2 Căn cứ …`,
    `Xóa dòng 2: /cancu ${k} xóa 2 · Xóa hết: /cancu ${k} xóa hết`,
    `Loại báo cáo: ${kindExamples()} (hoặc một kỳ, ví dụ: tháng 2/2025).`,
  ].join("\n");
}

function listing(kind: ReportKind, lines: readonly string[]): string {
  if (lines.length === 0) return `Chưa có căn cứ riêng nào của ${kindName(kind)} (báo cáo chỉ in các căn cứ có sẵn trong mẫu).`;
  return [`Căn cứ riêng của ${kindName(kind)} (in sau các căn cứ có sẵn trong mẫu, cho mọi ${kindName(kind)} đến khi sửa):`,
    ...lines.map((l, i) => `${i + 1}. ${l}`)].join("\n");
}

/** Every kind that has lines, each under its name. */
function overview(c: UserContext): string {
  const kinds = REPORT_KINDS.filter((k) => c.services.extraBasis(k).length > 0);
  const head = kinds.length === 0 ? "Chưa có căn cứ riêng nào (báo cáo chỉ in các căn cứ có sẵn trong mẫu)."
    : kinds.map((k) => listing(k, c.services.extraBasis(k))).join("\n\n");
  return `${head}\n\nCăn cứ riêng thuộc từng loại báo cáo.\n${usage()}`;
}

/** "Kế hoạch số 564 …" becomes "Căn cứ Kế hoạch số 564 …;". */
export function asBasisLine(typed: string): string {
  let line = cleanLine(typed);
  if (!fold(line).startsWith("can cu")) line = `Căn cứ ${line}`;
  return /[;.:]$/.test(line) ? line : `${line};`;
}

/** "/cancu", "/cancu <loại>", "/cancu <loại> thêm|sửa N|xóa N|xóa hết …". */
export function cancuCommand(c: UserContext): StepResult {
  const say = (s: string) => reply(keepForm(c.state), text(s));
  const args = cleanLine(c.args);
  if (!args) return say(overview(c));
  const words = args.split(" ");
  const at = words.findIndex((w) => VERBS.includes(fold(w)));
  if (at === 0) return say(`⚠️ Căn cứ riêng thuộc từng loại báo cáo: gõ loại báo cáo trước chữ “${words[0]}”.\n${usage()}`);
  const head = at < 0 ? args : words.slice(0, at).join(" ");
  if (head.length > 60) return say(`⚠️ Chưa hiểu loại báo cáo “${short(head)}”.\n${usage()}`);
  const target = readTarget(head, c.services.cutoffDay, c.today);
  if (!target.ok) return say(`⚠️ Chưa hiểu loại báo cáo “${short(head)}”.\n${usage()}`);
  const kind = target.kind;
  const lines = c.services.extraBasis(kind);
  if (at < 0) return say(`${listing(kind, lines)}\n\n${usage(kind)}`);
  const verb = words[at]!;
  const rest = words.slice(at + 1).join(" ");
  const v = fold(verb);
  const done = (next: string[], said: string): StepResult => {
    return withWrites(say(`✅ ${said}\n${listing(kind, next)}`), { type: "set_extra_basis", kind, lines: next, by: c.user.id });
  };
  if (v === "them") {
    if (!rest) return say(`⚠️ Gõ nội dung căn cứ sau chữ “thêm”.\n${usage(kind)}`);
    if (rest.length > MAX_LENGTH) return say(`⚠️ Căn cứ dài quá ${MAX_LENGTH} ký tự. Xin viết gọn lại.`);
    if (lines.length >= MAX_LINES) return say(`⚠️ ${upper(kindName(kind))} đã có ${MAX_LINES} căn cứ riêng. Xóa bớt trước khi thêm.`);
    return done([...lines, asBasisLine(rest)], `Đã thêm căn cứ của ${kindName(kind)}.`);
  }
  if (v === "xoa" && fold(rest) === "het") return done([], `Đã xóa hết các căn cứ riêng của ${kindName(kind)}.`);
  const m = /^(\d{1,2})(?:\s+(.*))?$/s.exec(rest);
  if (!m) return say(`⚠️ Gõ số dòng sau chữ “${verb}”, ví dụ: /cancu ${kindWord(kind)} ${verb} 2.\n${listing(kind, lines)}`);
  const index = Number(m[1]) - 1;
  if (index < 0 || index >= lines.length) {
    return say(`⚠️ ${upper(kindName(kind))} không có dòng căn cứ số ${m[1]}.\n${listing(kind, lines)}`);
  }
  if (v === "xoa") return done(lines.filter((_, i) => i !== index), `Đã xóa căn cứ số ${index + 1} của ${kindName(kind)}.`);
  const body = m[2]?.trim() ?? "";
  if (!body) return say(`⚠️ Gõ nội dung mới sau số dòng, ví dụ: /cancu ${kindWord(kind)} sửa ${index + 1} Căn cứ …`);
  if (body.length > MAX_LENGTH) return say(`⚠️ Căn cứ dài quá ${MAX_LENGTH} ký tự. Xin viết gọn lại.`);
  return done(lines.map((l, i) => (i === index ? asBasisLine(body) : l)), `Đã sửa căn cứ số ${index + 1} của ${kindName(kind)}.`);
}

const upper = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
/** What the person typed, quoted back short. */
const short = (s: string) => (s.length > 40 ? `${s.slice(0, 40)}…` : s);
