// /bieudo <chỉ tiêu> [kỳ] [đơn vị]: a trend chart of a form's key figures (the catalogue's
// `chart: true`) or of one metric, by month. Leaders and the office chart the ward or a unit they
// name; a reporter always charts their own unit. The picture is drawn in the job queue (like
// /xuat) and sent as a photo, or as a signed link where the channel has no pictures.
import { chartChoicesText, chartTargetFromText, chartTargets } from "../domain/chart-figures.js";
import { wardKind } from "../domain/catalogue.js";
import { quoted } from "../domain/vn-text.js";
import { unitAtEnd } from "./unit-words.js";
import { keepForm, reply, type StepResult, type UserContext } from "./command-types.js";
import { periodArg } from "./period-commands.js";
import { text } from "./types.js";

const HOW = "Thêm kỳ nếu cần, ví dụ: /bieudo tuần tra năm 2025 (không ghi kỳ: 12 tháng gần nhất).";

function whatToType(): string {
  return `Gõ /bieudo và tên số liệu:\n${chartChoicesText()}\nhoặc mã chỉ tiêu, ví dụ: /bieudo tuyen_truyen.luot_nguoi.\n${HOW}`;
}

/** A unit named at the end of the text (unit-words.ts), and the text before it. */
function unitNamedAtEnd(c: UserContext, typed: string): { unitCode?: string; rest: string } {
  const hit = unitAtEnd(c.services.units(), typed);
  if (!hit) return { rest: typed };
  // The ward itself is the whole ward.
  return hit.unit.kind === wardKind() ? { rest: hit.rest } : { unitCode: hit.unit.code, rest: hit.rest };
}

export function bieudoCommand(c: UserContext): StepResult {
  const typed = c.args.normalize("NFC").trim();
  if (!typed) {
    return reply(keepForm(c.state), text(whatToType(), chartTargets().map((t) => ({ id: `cmd:bieudo:${t.id}`, label: `📈 ${t.title}` }))));
  }
  const found = chartTargetFromText(typed);
  if (!found) return reply(keepForm(c.state), text(`⚠️ Không có số liệu "${quoted(typed.split(/\s+/).slice(0, 4).join(" "))}" để vẽ biểu đồ. ${whatToType()}`));
  // A reporter sees their own unit only, as in /tiendo.
  const own = c.user.role === "bao_cao";
  const named = own ? { rest: found.rest } : unitNamedAtEnd(c, found.rest);
  const r = periodArg(c, named.rest, own ? "Biểu đồ là của đơn vị bạn: sau kỳ không cần gõ thêm gì." : "Sau kỳ chỉ gõ tên đơn vị, ví dụ: /bieudo tuần tra quý 1/2025 Đông Hưng.");
  if (!r.ok) return reply(keepForm(c.state), text(`⚠️ ${r.message}`));
  const unitCode = own ? c.user.unitCode : named.unitCode;
  return { state: keepForm(c.state), messages: [], writes: [],
    effects: [{ type: "chart", target: found.target.id, periodKey: r.period.key, requestedBy: c.user.id, ...(unitCode ? { unitCode } : {}) }] };
}
