// A registered person who opens another invite: the change of role and unit is said and must be
// agreed to, so a leader who taps a forwarded reporter link is never silently made a reporter.
import { CODE_LIMIT, ROLE_LABELS, type InviteCheck, type Services, type UserRecord } from "./ports.js";
import type { Write } from "./writes.js";
import { text } from "./types.js";
import { emptyState } from "./state.js";
import { keepForm, reply, withWrites, type CommandContext, type StepResult } from "./command-types.js";
import { codeFailure, reach } from "./write-checks.js";

/** Said to anyone who sends a code while the global limit on wrong codes holds (ports.ts CODE_LIMIT). */
export const CODES_LOCKED = `⚠️ Bot đang tạm ngừng nhận mã mời và mã liên kết vì có quá nhiều mã sai. Xin thử lại sau ${CODE_LIMIT.minutes} phút.`;

export const INVITE_REFUSALS = {
  invalid: "Mã mời không đúng. Xin kiểm tra lại từng ký tự, hoặc xin Văn phòng UBND phường mã mới.",
  used: "Mã mời này đã được dùng. Mỗi mã chỉ dùng một lần: xin Văn phòng UBND phường mã mới.",
  expired: "Mã mời đã hết hạn. Xin Văn phòng UBND phường mã mới.",
  throttled: "Bạn đã nhập sai mã quá nhiều lần. Xin thử lại sau một giờ, hoặc liên hệ Văn phòng UBND phường.",
  locked: CODES_LOCKED,
  inactive_unit: "Đơn vị của mã mời này không còn trong danh sách của phường. Xin Văn phòng UBND phường mã mới.",
  revoked: "Mã mời này đã bị hủy vì người tạo mã không còn quyền mời. Xin Văn phòng UBND phường mã mới.",
  ended_unit: "Đơn vị của mã mời này không hoạt động vào hôm nay (đã sáp nhập, chia tách hoặc chưa bắt đầu) nên không nhận người mới. Xin Văn phòng UBND phường mã mời của đơn vị đang hoạt động.",
} as const;

/**
 * Why an invite was refused, said to its holder; with the writes it causes (a wrong code counted,
 * or the office told that the channel's plan is full).
 */
export function inviteRefusal(c: { services: Services; event: { channel: string; chatId: string; userName: string }; now: Date },
  r: Extract<InviteCheck, { ok: false }>): { says: string; writes: Write[] } {
  if (r.reason !== "plan_full") return { says: INVITE_REFUSALS[r.reason], writes: codeFailure(c, r.reason) };
  const label = c.services.channelLabel(c.event.channel);
  const office = c.services.people().filter((p) => p.active && p.role === "admin").map((p) => p.id);
  const told = reach(c.services, office, c.event);
  const who = c.event.userName.trim() || `chat ${c.event.chatId}`;
  const notice = text(`⛔ ${who} vừa dùng mã mời qua ${label} nhưng bị từ chối: gói dịch vụ ${label} của bot chỉ cho ${r.maxUsers} người và đã đủ. `
    + `Mã mời chưa bị dùng. Hãy mời người này qua kênh khác, hoặc nâng gói rồi tăng giới hạn số người.`);
  return {
    says: `Chưa đăng ký được: bot đã đủ ${r.maxUsers} người dùng ${label}, số tối đa gói dịch vụ hiện tại cho phép. `
      + `Văn phòng UBND phường đã được báo và sẽ hướng dẫn bạn đăng ký qua kênh khác. Mã mời của bạn vẫn còn dùng được.`,
    writes: told.to.length ? [{ type: "notify", to: told.to, message: notice }] : [],
  };
}

/** The args of the "Đồng ý" button: the code, marked as agreed to. */
export const AGREED = "!";
/** The args of the "Giữ như cũ" button. */
export const KEEP = "-";

/**
 * For a registered person: undefined when the code may be redeemed at once (agreed to, or it
 * changes nothing), otherwise the question or the refusal.
 */
export function confirmRejoin(c: CommandContext & { user: UserRecord }, code: string): StepResult | undefined {
  const who = (role: keyof typeof ROLE_LABELS, unit: string) => `${ROLE_LABELS[role]}, ${unit}`;
  if (code === KEEP) {
    return reply(keepForm(c.state), text(`Đã giữ như cũ: ${c.user.name}, ${who(c.user.role, c.user.unitName)}. Mã mời chưa được dùng.`,
      [{ id: "cmd:menu", label: "🏠 Menu" }]));
  }
  if (code.startsWith(AGREED)) return undefined;
  const check = c.services.inviteStatus({ code, channel: c.event.channel, chatId: c.event.chatId, now: c.now });
  if (!check.ok) {
    const refused = inviteRefusal(c, check);
    return withWrites(reply(c.state, text(refused.says)), ...refused.writes);
  }
  if (check.role === c.user.role && check.unitCode === c.user.unitCode) return undefined;
  // The question takes over the chat, so "Đồng ý" typed (Zalo) answers it, not a form left open.
  return reply(emptyState(), text([
    `Bạn đang đăng ký là ${who(c.user.role, c.user.unitName)}.`,
    `Mã mời này sẽ đổi thành ${who(check.role, check.unitName)}${check.role !== c.user.role ? " (mất các quyền của vai trò hiện tại)" : ""}.`,
    "Đổi không?",
  ].join("\n"), [{ id: `cmd:start:${AGREED}${code.toUpperCase()}`, label: "Đồng ý" }, { id: `cmd:start:${KEEP}`, label: "Giữ như cũ" }]));
}
