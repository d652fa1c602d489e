// Short multi-step exchanges other than forms: inviting a person (role, then unit).
import { fold } from "../domain/vn.js";
import { formatDateShort, todayInVietnam } from "../domain/vn.js";
import { ROLE_LABELS, ROLES, type Role } from "./ports.js";
import { emptyState, type Pending } from "./state.js";
import { text, type Choice, type EventBody, type Outbound } from "./types.js";
import type { CommandContext, StepResult } from "./command-types.js";
import { reportFor } from "./period-commands.js";

export const roleChoices = (): Choice[] => ROLES.map((r) => ({ id: `role:${r}`, label: ROLE_LABELS[r] }));

export function inviteMessage(invite: { code: string; expiresAt: Date }, role: Role, unitName: string, botUsername?: string): Outbound {
  const link = botUsername ? `\nHoặc mở liên kết: https://t.me/${botUsername}?start=${invite.code}` : "";
  return text([
    `Mã mời cho ${ROLE_LABELS[role]}, ${unitName}: ${invite.code}`,
    `Người được mời mở bot và gõ: /start ${invite.code}${link}`,
    `Mã dùng một lần, hết hạn ngày ${formatDateShort(todayInVietnam(invite.expiresAt))}.`,
  ].join("\n"));
}

function chosen(body: EventBody, prefix: string): string | undefined {
  if (body.type === "choice" && body.id.startsWith(prefix)) return body.id.slice(prefix.length);
  return undefined;
}

export function continuePending(pending: Pending, body: EventBody, c: CommandContext & { user: NonNullable<CommandContext["user"]> }): StepResult {
  const keep = (...messages: Outbound[]): StepResult => ({ state: c.state, messages, effects: [] });
  switch (pending.kind) {
    case "invite_role": {
      const role = ROLES.find((r) => r === chosen(body, "role:"));
      if (!role) return keep(text("⚠️ Xin chọn vai trò (bấm nút hoặc gõ số), hoặc gõ /huy.", roleChoices()));
      const units = c.services.units().filter((u) => (role === "bao_cao" ? u.kind !== "phuong" : u.kind === "phuong"));
      return {
        state: { ...c.state, pending: { kind: "invite_unit", role } },
        messages: [text(`Vai trò: ${ROLE_LABELS[role]}. Chọn đơn vị:`, units.map((u) => ({ id: `unit:${u.code}`, label: u.name })))],
        effects: [],
      };
    }
    case "invite_unit": {
      const role = ROLES.find((r) => r === pending.role) ?? "bao_cao";
      const code = chosen(body, "unit:") ?? (body.type === "text" ? c.services.units().find((u) => fold(u.name) === fold(body.text) || u.code === body.text.trim())?.code : undefined);
      const unit = code ? c.services.unit(code) : undefined;
      if (!unit) return keep(text("⚠️ Xin chọn đơn vị trong danh sách, hoặc gõ /huy.", c.state.offered));
      const invite = c.services.createInvite({ role, unitCode: unit.code, createdBy: c.user.id, now: c.now });
      return { state: emptyState(), messages: [inviteMessage(invite, role, unit.name, c.services.botUsername)], effects: [] };
    }
    case "report_period":
      if (body.type !== "text") return keep(text("Gõ kỳ báo cáo, ví dụ: tháng 2/2025, hoặc /huy."));
      return reportFor(c, body.text);
    default:
      return { state: emptyState(), messages: [text("Gõ /menu để xem các việc.")], effects: [] };
  }
}
