// Short multi-step exchanges other than forms: inviting a person (role, then unit).
import { formatDateShort, todayInVietnam } from "../domain/vn.js";
import { ROLE_LABELS, ROLES, unitsForRole, type Role, type UnitRecord } from "./ports.js";
import { emptyState, type Pending } from "./state.js";
import { text, type Choice, type EventBody, type Outbound } from "./types.js";
import type { CommandContext, StepResult } from "./command-types.js";
import { refToken, type Write } from "./writes.js";
import { continueReport, requestFromText } from "./report-request.js";
import { continueForm } from "./filing.js";
import { continueFix } from "./correction.js";
import { continueReview } from "./review.js";
import { readUnit } from "./unit-words.js";

export const roleChoices = (): Choice[] => ROLES.map((r) => ({ id: `role:${r}`, label: ROLE_LABELS[r] }));

/** A new invite: the app makes its random code, so the message holds the code's token (writes.ts). */
export function newInvite(c: CommandContext & { user: { id: number } }, role: Role, unit: { code: string; name: string }): { message: Outbound; write: Write } {
  const ref = "invite";
  const code = refToken(ref);
  // As the store dates it (src/store/invites.ts): the event's time plus the invite's days.
  const expiresAt = new Date(c.now.getTime() + c.services.inviteTtlDays * 86_400_000);
  return { message: inviteMessage({ code, expiresAt }, role, unit.name, c.services.inviteLinks(code)),
    write: { type: "create_invite", ref, role, unitCode: unit.code, createdBy: c.user.id } };
}

export function inviteMessage(invite: { code: string; expiresAt: Date }, role: Role, unitName: string, links: string[]): Outbound {
  const link = links.length === 0 ? "" : links.length === 1 ? `\nHoặc mở liên kết: ${links[0]}`
    : `\nHoặc mở một trong các liên kết:\n${links.map((l) => `• ${l}`).join("\n")}`;
  return text([
    `Mã mời cho ${ROLE_LABELS[role]}, ${unitName}: ${invite.code}`,
    `Người được mời mở bot và gõ: /start ${invite.code}${link}`,
    `Mã dùng một lần, hết hạn ngày ${formatDateShort(todayInVietnam(invite.expiresAt))}.`,
  ].join("\n"));
}

/** A unit typed by its code or name (unit-words.ts): only one that fits. */
function readTypedUnit(units: UnitRecord[], typed: string): UnitRecord | undefined {
  const r = readUnit(units, typed);
  return r.ok ? r.unit : undefined;
}

function chosen(body: EventBody, prefix: string): string | undefined {
  if (body.type === "choice" && body.id.startsWith(prefix)) return body.id.slice(prefix.length);
  return undefined;
}

export function continuePending(pending: Pending, body: EventBody, c: CommandContext & { user: NonNullable<CommandContext["user"]> }): StepResult {
  const keep = (...messages: Outbound[]): StepResult => ({ state: c.state, messages, effects: [], writes: [] });
  switch (pending.kind) {
    case "invite_role": {
      const role = ROLES.find((r) => r === chosen(body, "role:"));
      if (!role) return keep(text("⚠️ Xin chọn vai trò (bấm nút, hoặc gõ số thứ tự hay tên vai trò), hoặc gõ /huy.", roleChoices()));
      const units = unitsForRole(c.services.units(c.today), role);
      return {
        state: { ...c.state, pending: { kind: "invite_unit", role } },
        messages: [text(`Vai trò: ${ROLE_LABELS[role]}. Chọn đơn vị:`, units.map((u) => ({ id: `unit:${u.code}`, label: u.name })))],
        effects: [],
        writes: [],
      };
    }
    case "invite_unit": {
      const role = ROLES.find((r) => r === pending.role) ?? "bao_cao";
      // Only the active units this role belongs to, whatever a forged button says.
      const allowed = unitsForRole(c.services.units(c.today), role);
      const picked = chosen(body, "unit:");
      const unit = picked !== undefined ? allowed.find((u) => u.code === picked)
        : body.type === "text" ? readTypedUnit(allowed, body.text) : undefined;
      if (!unit) return keep(text("⚠️ Xin chọn đơn vị trong danh sách (bấm nút, hoặc gõ số thứ tự hay tên đơn vị), hoặc gõ /huy.", c.state.offered));
      const invite = newInvite(c, role, unit);
      return { state: emptyState(), messages: [invite.message], effects: [], writes: [invite.write] };
    }
    case "report_period":
      if (body.type !== "text") return keep(text("Gõ kỳ báo cáo, ví dụ: tháng 2/2025, hoặc /huy."));
      return requestFromText(c, body.text, true);
    case "report_confirm":
      // Typing, not pressing, while a form waits: the words are for the form (the report question is dropped).
      if (body.type === "text" && pending.req.resume) {
        const r = continueForm(pending.req.resume, body, { ...c, channel: c.event.channel });
        return { state: { ...emptyState(), pending: r.form ? { kind: "form", form: r.form } : null }, messages: r.messages, effects: r.effects, writes: r.writes };
      }
      return continueReport(c, body, pending);
    case "report_number":
    case "report_date":
      return continueReport(c, body, pending);
    case "fix":
      return continueFix(pending.fix, body, c);
    case "review_unit":
    case "review_reason":
      return continueReview(pending, body, c);
    default:
      return { state: emptyState(), messages: [text("Gõ /menu để xem các việc.")], effects: [], writes: [] };
  }
}
