// The question a step in progress waits on, asked again: after a command typed in between (an
// aside such as /tiendo, /cuatoi, /trogiup, /menu) or a stale button, so the person sees what to
// answer and the choices they type map to it again.
import { PERIOD_EXAMPLES } from "../domain/periods.js";
import { ROLE_LABELS, ROLES, unitsForRole } from "./ports.js";
import { emptyState, type Pending } from "./state.js";
import { text, type Outbound } from "./types.js";
import { reply, type StepResult, type UserContext } from "./command-types.js";
import { resumeForm } from "./filing.js";
import { resumeFix } from "./correction.js";
import { roleChoices } from "./pending.js";
import { advanceReport } from "./report-request.js";
import { reviewQuestion } from "./review.js";

const HEAD = "Bạn đang làm dở một việc: trả lời tiếp câu hỏi dưới đây, hoặc gõ /huy để thôi.";
const GONE = "Việc đang làm dở không còn tiếp tục được (dữ liệu đã thay đổi) nên đã được hủy. Gõ /menu để xem các việc.";

/** `c.state`'s pending step with its question again; a step that can no longer go on is dropped, and said so. */
export function resumePending(c: UserContext): StepResult {
  const pending = c.state.pending;
  if (!pending) return reply(c.state);
  if (pending.kind === "fix") return resumeFix(c, pending.fix);
  if (pending.kind === "form") return reply(c.state, ...resumeForm(pending.form, c.today));
  const question = questionOf(c, pending);
  return question ? reply(c.state, text(HEAD), question) : reply(emptyState(), text(GONE));
}

function questionOf(c: UserContext, pending: Exclude<Pending, { kind: "form" | "fix" }>): Outbound | undefined {
  switch (pending.kind) {
    case "invite_role": return text("Mời người dùng mới. Chọn vai trò:", roleChoices());
    case "invite_unit": {
      const role = ROLES.find((r) => r === pending.role) ?? "bao_cao";
      const units = unitsForRole(c.services.units(), role);
      return text(`Vai trò: ${ROLE_LABELS[role]}. Chọn đơn vị:`, units.map((u) => ({ id: `unit:${u.code}`, label: u.name })));
    }
    case "report_period": return text(`Gõ kỳ báo cáo. ${PERIOD_EXAMPLES}`);
    case "report_confirm":
    case "report_number":
    case "report_date": {
      // The same request asks the same question; it must never issue anything from here.
      const again = advanceReport(c, pending.req);
      return again.effects.length === 0 && again.state.pending?.kind === pending.kind ? again.messages.at(-1) : undefined;
    }
    case "review_unit":
    case "review_reason":
      return reviewQuestion(c, pending);
  }
}
