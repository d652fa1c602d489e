// A reminder sent as the OA's pre-approved template (ZBS template by UID,
// POST /v3.0/oa/message/template {user_id, template_id, template_data}; zalo-platforms.md 3.1):
// the only way to write to a person more than 7 days after their last interaction. The template
// is registered by the ward with these parameter names (README, "Nhắc việc và cửa sổ 48 giờ / 7 ngày").
import type { ReminderTemplate } from "../../conversation/types.js";

export const TEMPLATE_PATH = "/v3.0/oa/message/template";

/** The template's parameters, all strings as ZBS takes them. */
export function reminderTemplateData(t: ReminderTemplate): Record<string, string> {
  return { ten: t.name, bieu_mau: t.form, ky_bao_cao: t.period, so_ngay_con_lai: String(t.daysLeft) };
}

export function templateBody(userId: string, templateId: string, t: ReminderTemplate): Record<string, unknown> {
  return { user_id: userId, template_id: templateId, template_data: reminderTemplateData(t) };
}
