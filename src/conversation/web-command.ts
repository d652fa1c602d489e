// /web: the office's page opened from the chat, without a password. The app makes a one-time
// link token (writes.ts create_web_link, kept hashed); the reply carries the link and goes out
// through the outbox like every reply. A few links an hour per person at most.
import { keepForm, reply, withWrites, type StepResult, type UserContext } from "./command-types.js";
import { text } from "./types.js";
import { refToken } from "./writes.js";

/** The path of a login link after PUBLIC_BASE_URL; the token follows. */
export const WEB_LOGIN_PATH = "/web/vao/";

export function webCommand(c: UserContext): StepResult {
  const access = c.services.webAccess(c.user.id, c.now);
  const state = keepForm(c.state);
  if (!access.base) {
    return reply(state, text("Trang web của phường chưa được mở trên máy chủ này (chưa đặt địa chỉ công khai). Xin báo Văn phòng UBND phường."));
  }
  if (access.linksLastHour >= access.perHour) {
    return reply(state, text(`Bạn đã lấy ${access.perHour} liên kết trong một giờ qua. Xin dùng liên kết mới nhất đã nhận, hoặc thử lại sau ít phút.`));
  }
  const ref = "web";
  const what = c.user.role === "bao_cao" ? "tiến độ và bản ghi của đơn vị bạn" : "bảng tiến độ, bản ghi các đơn vị và báo cáo";
  return withWrites(reply(state, text([
    `🌐 Trang của phường (${what}):`,
    `${access.base}${WEB_LOGIN_PATH}${refToken(ref)}`,
    `Liên kết dùng một lần, hết hạn sau ${access.linkMinutes} phút. Đừng chuyển cho người khác. Lần sau gõ /web để lấy liên kết mới.`,
  ].join("\n"))), { type: "create_web_link", ref, userId: c.user.id });
}
