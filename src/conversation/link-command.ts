// /lienket: one person on two apps (or two accounts). Without a code a registered person gets a
// one-time code; sent from the other app, "/lienket <code>" binds that sender to the same person.
import { ROLE_LABELS, type LinkResult, type UserRecord } from "./ports.js";
import { emptyState, type ChatState } from "./state.js";
import { codeFailure, reach } from "./write-checks.js";
import { CODES_LOCKED } from "./rejoin.js";
import { text, type Outbound } from "./types.js";
import { keepForm, reply, withWrites, type CommandContext, type StepResult } from "./command-types.js";
import { refToken } from "./writes.js";

const who = (u: UserRecord) => `${u.name}, ${ROLE_LABELS[u.role]}, ${u.unitName}`;
const NEW_CODE = "Gõ /lienket trên ứng dụng đã đăng ký để lấy mã mới.";

/** "/lienket" (a code for the person) or "/lienket <code>" (bind this sender); `welcome` shows the menu after binding. */
export function lienketCommand(c: CommandContext, welcome: (u: UserRecord) => Outbound): StepResult {
  const code = c.args.trim();
  if (!code) {
    if (!c.user) return reply(emptyState(), text(`Gõ /lienket <mã>, với mã liên kết lấy bằng lệnh /lienket trên ứng dụng bạn đã đăng ký.`));
    // The app makes the random code; the message holds its token (writes.ts).
    const ref = "link";
    const code = refToken(ref);
    const apps = c.services.channelLabels();
    return withWrites(reply(keepForm(c.state), text([
      `🔗 Mã liên kết của ${c.user.name}: ${code}`,
      `Để dùng bot trên ứng dụng khác${apps.length > 0 ? ` (ví dụ ${apps.join(" hoặc ")})` : ""} với cùng tài khoản, mở bot trên ứng dụng đó và gửi: /lienket ${code}`,
      "Mã dùng một lần, hết hạn sau 15 phút. Đừng gửi mã này cho người khác.",
    ].join("\n"))), { type: "create_link_code", ref, userId: c.user.id });
  }
  const at = { code, channel: c.event.channel, platformUserId: c.event.userId, chatId: c.event.chatId };
  const r = c.services.linkCodeStatus({ ...at, now: c.now });
  const keep = c.user ? keepForm(c.state) : emptyState();
  if (r.ok === false && r.reason === "plan_full") return planFull(c, r, keep);
  if (!r.ok) return withWrites(refused(r, keep), ...codeFailure(c, r.reason));
  if (r.already) return reply(keep, text(`Tài khoản này đã liên kết với ${who(r.user)} rồi.`));
  return withWrites(reply(emptyState(), text(`✅ Đã liên kết: bạn là ${who(r.user)}. Nhắc việc sẽ gửi đến ứng dụng bạn dùng gần nhất.`), welcome(r.user)),
    { type: "redeem_link_code", ...at });
}

/**
 * The channel's plan has no place for one more person (its plug-in's maxUsers): said to the sender,
 * and the office told who and why, as for an invite (rejoin.ts inviteRefusal). Not a wrong code:
 * nothing is counted against the chat, and the code stays unused for another app.
 */
function planFull(c: CommandContext, r: Extract<LinkResult, { reason: "plan_full" }>, keep: ChatState): StepResult {
  const label = c.services.channelLabel(c.event.channel);
  const office = c.services.people().filter((p) => p.active && p.role === "admin").map((p) => p.id);
  const told = reach(c.services, office, c.event);
  const says = `Chưa liên kết được: bot đã đủ ${r.maxUsers} người dùng ${label}, số tối đa gói dịch vụ hiện tại cho phép. `
    + `Bạn vẫn dùng bot được trên ứng dụng đã đăng ký.${told.to.length ? " Văn phòng UBND phường đã được báo." : ""}`;
  const notice = text(`⛔ ${r.user.name} vừa dùng mã liên kết để thêm ${label} nhưng bị từ chối: gói dịch vụ ${label} của bot chỉ cho ${r.maxUsers} người và đã đủ. `
    + `${r.user.name} vẫn dùng bot được trên ứng dụng đã đăng ký. Muốn thêm người trên ${label}, hãy nâng gói rồi tăng giới hạn số người.`);
  return withWrites(reply(keep, text(says)), ...(told.to.length ? [{ type: "notify" as const, to: told.to, message: notice }] : []));
}

function refused(r: Exclude<LinkResult, { ok: true } | { reason: "plan_full" }>, keep: ChatState): StepResult {
  if (r.reason === "other_user") {
    const current = r.current ? ` là ${who(r.current)}` : "";
    return reply(keep, text(`⚠️ Tài khoản này đã đăng ký${current}, nên không liên kết sang người khác được. Nếu cần đổi, xin liên hệ Văn phòng UBND phường.`));
  }
  const why = {
    invalid: "Mã liên kết không đúng. Xin kiểm tra lại từng ký tự, hoặc lấy mã mới.",
    used: "Mã liên kết này đã được dùng. Mỗi mã chỉ dùng một lần.",
    expired: "Mã liên kết đã hết hạn (mã chỉ dùng được trong 15 phút).",
    throttled: "Bạn đã nhập sai mã quá nhiều lần. Xin thử lại sau một giờ, hoặc liên hệ Văn phòng UBND phường.",
    locked: CODES_LOCKED,
  }[r.reason];
  return reply(keep, text(r.reason === "throttled" || r.reason === "locked" ? why : `${why} ${NEW_CODE}`));
}
