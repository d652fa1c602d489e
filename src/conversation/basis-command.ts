// /cancu: the round-specific "Căn cứ …" lines of the next reports (a plan of the district for
// this round, …). They are kept until changed and printed after the template's own căn cứ.
import { fold } from "../domain/vn.js";
import { keepForm, reply, type StepResult, type UserContext } from "./command-types.js";
import { text } from "./types.js";

const MAX_LINES = 10;
const MAX_LENGTH = 600;
const USAGE = [
  "Thêm: /cancu thêm Căn cứ Kế hoạch số 564/KH-UBND ngày 24/02/2025 của UBND thị xã …",
  "Sửa dòng 2: /cancu sửa 2 Căn cứ …",
  "Xóa dòng 2: /cancu xóa 2 · Xóa hết: /cancu xóa hết",
].join("\n");

function listing(lines: readonly string[]): string {
  if (lines.length === 0) return "Chưa có căn cứ riêng nào cho đợt báo cáo này (báo cáo chỉ in các căn cứ có sẵn trong mẫu).";
  return ["Căn cứ riêng của đợt báo cáo (in sau các căn cứ có sẵn trong mẫu):", ...lines.map((l, i) => `${i + 1}. ${l}`)].join("\n");
}

/** "Kế hoạch số 564 …" becomes "Căn cứ Kế hoạch số 564 …;". */
export function asBasisLine(typed: string): string {
  let line = typed.normalize("NFC").replace(/\s+/g, " ").trim();
  if (!fold(line).startsWith("can cu")) line = `Căn cứ ${line}`;
  return /[;.:]$/.test(line) ? line : `${line};`;
}

export function cancuCommand(c: UserContext): StepResult {
  const args = c.args.normalize("NFC").trim();
  const lines = c.services.extraBasis("month");
  const done = (next: string[], said: string): StepResult => {
    c.services.setExtraBasis("month", next, c.user.id, c.now);
    return reply(keepForm(c.state), text(`✅ ${said}\n${listing(next)}`));
  };
  if (!args) return reply(keepForm(c.state), text(`${listing(lines)}\n\n${USAGE}`));
  const [verb = "", ...restWords] = args.split(" ");
  const rest = restWords.join(" ").trim();
  const v = fold(verb);
  if (v === "them") {
    if (!rest) return reply(keepForm(c.state), text(`⚠️ Gõ nội dung căn cứ sau chữ “thêm”.\n${USAGE}`));
    if (rest.length > MAX_LENGTH) return reply(keepForm(c.state), text(`⚠️ Căn cứ dài quá ${MAX_LENGTH} ký tự. Xin viết gọn lại.`));
    if (lines.length >= MAX_LINES) return reply(keepForm(c.state), text(`⚠️ Đã có ${MAX_LINES} căn cứ riêng. Xóa bớt trước khi thêm.`));
    return done([...lines, asBasisLine(rest)], "Đã thêm căn cứ.");
  }
  if (v === "xoa" && fold(rest) === "het") return done([], "Đã xóa hết các căn cứ riêng.");
  const m = /^(\d{1,2})(?:\s+(.*))?$/s.exec(rest);
  const index = m ? Number(m[1]) - 1 : -1;
  if ((v === "xoa" || v === "sua") && (index < 0 || index >= lines.length)) {
    return reply(keepForm(c.state), text(`⚠️ Không có dòng căn cứ số ${m?.[1] ?? "đó"}.\n${listing(lines)}`));
  }
  if (v === "xoa") return done(lines.filter((_, i) => i !== index), `Đã xóa căn cứ số ${index + 1}.`);
  if (v === "sua") {
    const body = m?.[2]?.trim() ?? "";
    if (!body) return reply(keepForm(c.state), text(`⚠️ Gõ nội dung mới sau số dòng, ví dụ: /cancu sửa ${index + 1} Căn cứ …`));
    if (body.length > MAX_LENGTH) return reply(keepForm(c.state), text(`⚠️ Căn cứ dài quá ${MAX_LENGTH} ký tự. Xin viết gọn lại.`));
    return done(lines.map((l, i) => (i === index ? asBasisLine(body) : l)), `Đã sửa căn cứ số ${index + 1}.`);
  }
  return reply(keepForm(c.state), text(`⚠️ Chưa hiểu “${verb}”.\n${USAGE}`));
}
