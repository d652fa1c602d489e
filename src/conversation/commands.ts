// Commands (/nhap, /moi, …), their menu words and buttons, and who may use each.
import { fold } from "../domain/vn.js";
import { personName, quoted } from "../domain/vn-text.js";
import { forms } from "../domain/catalogue.js";
import { INVITING_ROLES, ROLE_LABELS, ROLES, unitsForRole, type Role, type UserRecord } from "./ports.js";
import { emptyState } from "./state.js";
import { text, type EventBody, type Outbound } from "./types.js";
import { formListChoices, openForm, resumeForm } from "./filing.js";
import { keepForm, NOT_REGISTERED, reply, withWrites, type CommandContext, type CommandDef, type StepResult } from "./command-types.js";
import { newInvite, roleChoices } from "./pending.js";
import { cuatoiCommand } from "./my-entries.js";
import { cancelFix, openFix, resumeFix, suaCommand } from "./correction.js";
import { cancuCommand } from "./basis-command.js";
import { dotCommand, nhandinhCommand, nhiemvuCommand } from "./words-command.js";
import { lienketCommand } from "./link-command.js";
import { webCommand } from "./web-command.js";
import { helpFor } from "./help.js";
import { xemCommand } from "./review.js";
import { AGREED, confirmRejoin, inviteRefusal } from "./rejoin.js";
import { nguoidungCommand } from "./people.js";
import { readUnit } from "./unit-words.js";
import { bieudoCommand } from "./chart-command.js";
import { baocaoCommand, guilaiCommand, khoaCommand, khongPhatSinhCommand, mokhoaCommand, xuatCommand } from "./period-commands.js";
import { tiendoCommand } from "./progress-command.js";

const ALL: readonly Role[] = ROLES;
const always = (): boolean => true;
const LEADERS: readonly Role[] = ["lanh_dao", "admin"];

/** The guide for a person's role (help.ts): only what the role may do. */
export const helpText = (role: Role, apps: readonly string[]): string =>
  helpFor(role, (name) => isCommand(name) && COMMANDS[name].roles.includes(role), apps);

function menuMessage(user: Pick<UserRecord, "name" | "role" | "unitName">): Outbound {
  const choices = user.role === "bao_cao"
    ? [{ id: "cmd:nhap", label: "📝 Nhập báo cáo" }, { id: "cmd:khongphatsinh", label: "➖ Không phát sinh" }, { id: "cmd:tiendo", label: "📊 Tiến độ đơn vị" },
      { id: "cmd:cuatoi", label: "📄 Bản ghi của tôi" }]
    : [{ id: "cmd:baocao", label: "📑 Báo cáo tổng hợp" }, { id: "cmd:tiendo", label: "📊 Tiến độ báo cáo" },
      { id: "cmd:xem", label: "📋 Xem bản ghi đơn vị" }, { id: "cmd:guilai", label: "📨 Gửi lại báo cáo đã lập" }, { id: "cmd:xuat", label: "📤 Xuất Excel tháng này" },
      { id: "cmd:nhap", label: "📝 Nhập số liệu của phường" }];
  if (user.role === "admin") choices.push({ id: "cmd:moi", label: "➕ Mời người dùng" }, { id: "cmd:nguoidung", label: "👥 Người dùng" });
  choices.push({ id: "cmd:trogiup", label: "❓ Hướng dẫn" });
  const words = user.role === "bao_cao" ? ""
    : "\nLời riêng trong báo cáo: /cancu căn cứ, /nhandinh nhận định, /nhiemvu nhiệm vụ kỳ tới, /dot thông tin của đợt.";
  return text(`Xin chào ${user.name} (${ROLE_LABELS[user.role]}, ${user.unitName}). Bạn muốn làm gì?${words}`, choices);
}

function startCommand(c: CommandContext): StepResult {
  const typed = c.args.trim();
  if (!typed) {
    return c.user ? menuCommand({ ...c, user: c.user }) : reply(emptyState(), text(NOT_REGISTERED));
  }
  if (c.user) {
    const asked = confirmRejoin({ ...c, user: c.user }, typed);
    if (asked) return asked;
  }
  const code = typed.startsWith(AGREED) ? typed.slice(AGREED.length) : typed;
  const { channel, chatId, userId: platformUserId } = c.event;
  const r = c.services.inviteStatus({ code, channel, chatId, now: c.now });
  if (!r.ok) {
    const refused = inviteRefusal(c, r);
    return withWrites(reply(c.state, text(refused.says)), ...refused.writes);
  }
  // The name as the store keeps it (src/store/invites.ts).
  const user = { name: personName(c.event.userName), role: r.role, unitName: r.unitName };
  return withWrites(reply(emptyState(), text(`✅ Đăng ký thành công: ${user.name}, ${ROLE_LABELS[user.role]}, ${user.unitName}.`), menuMessage(user)),
    { type: "redeem_invite", code, channel, platformUserId, chatId, name: user.name });
}

/** The menu; typed mid-step it is an aside: the step's question follows it (router.ts). */
function menuCommand(c: CommandContext & { user: UserRecord }): StepResult {
  return reply(emptyState(), menuMessage(c.user));
}

function findForm(args: string) {
  const a = fold(args).replace(/ /g, "_");
  return forms().find((f) => f.id === a || fold(f.title).replace(/ /g, "_") === a || fold(f.title).startsWith(fold(args)));
}

function nhapCommand(c: CommandContext & { user: UserRecord }): StepResult {
  if (c.state.pending?.kind === "form") return reply(c.state, ...resumeForm(c.state.pending.form, c.today));
  if (c.state.pending?.kind === "fix") return resumeFix(c, c.state.pending.fix);
  if (c.args.trim()) {
    const form = findForm(c.args);
    if (!form) return reply(c.state, text(`Không có biểu mẫu "${quoted(c.args)}". Gõ /nhap để chọn từ danh sách.`));
    return formCommand({ ...c, args: form.id });
  }
  const choices = formListChoices(c.user);
  if (choices.length > 0) choices.push({ id: "cmd:khongphatsinh", label: "➖ Không phát sinh" });
  if (choices.length === 0) return reply(emptyState(), text(`${c.user.unitName} không có biểu mẫu nào để nhập.`));
  return reply(emptyState(), text(`Chọn biểu mẫu cần nhập cho ${c.user.unitName}:`, choices));
}

/** "cmd:form:<form>[:<month>]": a reminder's button opens the form dated in the month it reminds about. */
function formCommand(c: CommandContext & { user: UserRecord }): StepResult {
  if (c.state.pending?.kind === "form") return reply(c.state, ...resumeForm(c.state.pending.form, c.today));
  if (c.state.pending?.kind === "fix") return resumeFix(c, c.state.pending.fix);
  const [formId = "", monthKey] = c.args.split(":");
  const r = openForm(formId, c, monthKey);
  return reply({ ...emptyState(), pending: r.form ? { kind: "form", form: r.form } : null }, ...r.messages);
}

function huyCommand(c: CommandContext & { user: UserRecord }): StepResult {
  if (!c.state.pending) return reply(emptyState(), text("Không có việc gì đang làm dở. Gõ /menu để xem các việc."));
  if (c.state.pending.kind === "fix") return cancelFix(c, c.state.pending.fix);
  return reply(emptyState(), text("Đã hủy, không lưu gì.", [{ id: "cmd:menu", label: "🏠 Menu" }]));
}

function moiCommand(c: CommandContext & { user: UserRecord }): StepResult {
  const [first = "", ...others] = c.args.trim().split(/\s+/).filter(Boolean);
  const role = ROLES.find((r) => r === first);
  const unitTyped = others.join(" ");
  if (role && unitTyped) {
    // The same rule as the buttons: only an active unit where this role belongs.
    const allowed = unitsForRole(c.services.units(c.today), role);
    const read = readUnit(allowed, unitTyped);
    if (read.ok) {
      const invite = newInvite(c, role, read.unit);
      return withWrites(reply(keepForm(c.state), invite.message), invite.write);
    }
    if (read.candidates.length > 1 && c.state.pending?.kind !== "form") {
      // Asked as after the role's button: the unit pressed makes the invite.
      return reply({ ...emptyState(), pending: { kind: "invite_unit", role } },
        text(`"${quoted(unitTyped)}" có thể là nhiều đơn vị. Mời ${ROLE_LABELS[role]} cho đơn vị nào?`, read.candidates.map((u) => ({ id: `unit:${u.code}`, label: u.name }))));
    }
    return reply(keepForm(c.state), text(`⚠️ ${ROLE_LABELS[role]} không mời được cho "${quoted(unitTyped)}". Đơn vị phù hợp: ${allowed.map((u) => `${u.name} (${u.code})`).join(", ")}. Hoặc gõ /moi để chọn bằng nút.`));
  }
  if (c.state.pending?.kind === "form") return reply(c.state, ...resumeForm(c.state.pending.form, c.today));
  return reply({ ...emptyState(), pending: { kind: "invite_role" } }, text("Mời người dùng mới. Chọn vai trò:", roleChoices()));
}

export type CommandName = "start" | "menu" | "nhap" | "form" | "huy" | "moi" | "trogiup"
  | "baocao" | "xuat" | "tiendo" | "khoa" | "mokhoa" | "khongphatsinh" | "cuatoi" | "guilai" | "cancu" | "lienket" | "sua" | "xoa"
  | "xem" | "nguoidung" | "nhandinh" | "nhiemvu" | "dot" | "bieudo" | "web";

export const COMMANDS: Record<CommandName, CommandDef> = {
  start: { roles: ALL, run: startCommand },
  menu: { roles: ALL, run: menuCommand, aside: always },
  nhap: { roles: ALL, run: nhapCommand },
  form: { roles: ALL, run: formCommand },
  huy: { roles: ALL, run: huyCommand },
  moi: { roles: INVITING_ROLES, refusal: "Chỉ Văn phòng (quản trị) mới mời được người dùng mới.", run: moiCommand },
  trogiup: { roles: ALL, aside: always, run: (c) => {
    const help = helpText(c.user.role, c.services.channelLabels());
    return reply(c.state, text(c.args.startsWith("/") ? `Không có lệnh ${quoted(c.args)}.\n${help}` : help));
  } },
  baocao: { roles: LEADERS, run: baocaoCommand,
    refusal: "Lệnh /baocao dành cho lãnh đạo phường. Để nhập số liệu của đơn vị bạn, gõ /nhap." },
  xuat: { roles: LEADERS, run: xuatCommand, aside: always, refusal: "Xuất số liệu dành cho lãnh đạo và văn phòng phường." },
  tiendo: { roles: ALL, run: tiendoCommand, aside: always },
  bieudo: { roles: ALL, run: bieudoCommand, aside: always },
  khoa: { roles: ["lanh_dao"], run: khoaCommand, refusal: "Chỉ lãnh đạo phường mới khóa sổ được." },
  mokhoa: { roles: ["lanh_dao"], run: mokhoaCommand, refusal: "Chỉ lãnh đạo phường mới mở khóa sổ được." },
  khongphatsinh: { roles: ALL, run: khongPhatSinhCommand },
  // "cmd:cuatoi:xoa[!]:<số>": withdrawal buttons of older messages now ask the reason first.
  cuatoi: { roles: ALL, aside: (args) => !/^xoa/.test(args.trim()), run: (c) => {
    const old = /^xoa!?:(\d+)$/.exec(c.args.trim());
    return old ? openFix(c, Number(old[1]), true) : cuatoiCommand(c);
  } },
  // Without a number these list the entries (an aside); with one they open the correction.
  sua: { roles: ALL, run: (c) => suaCommand(c, cuatoiCommand), aside: (args) => !args.trim() },
  xoa: { roles: ALL, run: (c) => suaCommand(c, cuatoiCommand, true), aside: (args) => !args.trim() },
  guilai: { roles: LEADERS, run: guilaiCommand, aside: always, refusal: "Gửi lại báo cáo dành cho lãnh đạo và văn phòng phường." },
  cancu: { roles: LEADERS, run: cancuCommand, refusal: "Căn cứ của báo cáo dành cho lãnh đạo và văn phòng phường." },
  nhandinh: { roles: LEADERS, run: nhandinhCommand, refusal: "Nhận định trong báo cáo dành cho lãnh đạo và văn phòng phường." },
  nhiemvu: { roles: LEADERS, run: nhiemvuCommand, refusal: "Nhiệm vụ kỳ tới trong báo cáo dành cho lãnh đạo và văn phòng phường." },
  dot: { roles: LEADERS, run: dotCommand, refusal: "Thông tin của đợt báo cáo dành cho lãnh đạo và văn phòng phường." },
  lienket: { roles: ALL, run: (c) => lienketCommand(c, menuMessage), aside: always },
  xem: { roles: LEADERS, run: xemCommand, refusal: "Xem và trả lại bản ghi của các đơn vị dành cho lãnh đạo và văn phòng phường. Bản ghi của đơn vị bạn: gõ /cuatoi." },
  web: { roles: ALL, run: webCommand, aside: always },
  nguoidung: { roles: ["admin"], refusal: "Chỉ Văn phòng (quản trị) mới xem và đổi được người dùng.", run: nguoidungCommand },
};

export { startCommand, LEADERS, menuMessage };

/** The commands for a client's "/" menu, in Vietnamese. */
export const COMMAND_MENU: { command: string; description: string }[] = [
  { command: "nhap", description: "Nhập số liệu của đơn vị" },
  { command: "khongphatsinh", description: "Báo không phát sinh trong tháng" },
  { command: "cuatoi", description: "Bản ghi đã nhập" },
  { command: "tiendo", description: "Tiến độ báo cáo" },
  { command: "baocao", description: "Báo cáo tổng hợp (lãnh đạo)" },
  { command: "xem", description: "Xem, trả lại bản ghi đơn vị (lãnh đạo)" },
  { command: "huy", description: "Hủy việc đang làm dở" },
  { command: "lienket", description: "Liên kết ứng dụng khác" },
  { command: "menu", description: "Các việc có thể làm" },
  { command: "trogiup", description: "Hướng dẫn" },
];

/** Words people type instead of commands, folded (no diacritics). */
const MENU_WORDS: Record<string, CommandName> = {
  "menu": "menu", "nhap": "nhap", "nhap lieu": "nhap", "nhap bao cao": "nhap", "huy": "huy", "huy bo": "huy",
  "tro giup": "trogiup", "nguoi dung": "nguoidung", "giup": "trogiup", "huong dan": "trogiup", "moi": "moi",
  "cua toi": "cuatoi", "lien ket": "lienket", "ban ghi cua toi": "cuatoi",
  "xem ban ghi": "xem", "trang web": "web", "bao cao": "baocao", "bao cao tong hop": "baocao", "tien do": "tiendo", "xuat": "xuat", "khong phat sinh": "khongphatsinh",
};

function isCommand(name: string): name is CommandName { return Object.hasOwn(COMMANDS, name); }

/** The command an event asks for: "/nhap", "/nhap@bot tuyen truyen", a "cmd:…" button, or a menu word. */
export function commandFor(body: EventBody): { name: CommandName; args: string } | undefined {
  // "fix:<entry>" opens the correction from any message (Đã lưu, /cuatoi, a leader's return notice).
  if (body.type === "choice" && body.id.startsWith("fix:")) return { name: "sua", args: body.id.slice(4) };
  if (body.type === "choice" && body.id.startsWith("cmd:")) {
    const [, name = "", ...rest] = body.id.split(":");
    return isCommand(name) ? { name, args: rest.join(":") } : undefined;
  }
  if (body.type !== "text") return undefined;
  const t = body.text.trim();
  if (t.startsWith("/")) {
    // "/nhandinh: …": the colon after a command's name starts its arguments.
    const m = /^\/([^\s@:]+)(?:@\S+)?\s*([\s\S]*)$/.exec(t);
    const name = fold(m?.[1] ?? "");
    // An unknown command gets the help, saying which word was not understood.
    return isCommand(name) && name !== "form" ? { name, args: m?.[2] ?? "" } : { name: "trogiup", args: `/${m?.[1] ?? ""}` };
  }
  // Own keys only: "constructor" or "__proto__" typed at any prompt must not read Object.prototype.
  const key = fold(t);
  const word = Object.hasOwn(MENU_WORDS, key) ? MENU_WORDS[key] : undefined;
  return word ? { name: word, args: "" } : undefined;
}
