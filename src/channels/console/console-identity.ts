// The console person's role and unit: from --as, from an earlier run, or asked at start-up; said
// at start with the way to change it (/doivaitro, which the console answers itself).
import type { Db } from "../../db/client.js";
import { CONSOLE_USER, type ConsoleChannel } from "./console-channel.js";
import { ROLE_LABELS, ROLES, unitsForRole, type Role } from "../../conversation/ports.js";
import { activeUnits } from "../../store/profile-sync.js";
import { bindIdentity, findUserByIdentity } from "../../store/users.js";
import { StartupError } from "../../config.js";

/** Typed in the console, it runs the picker again; the chat never sees it. */
export const SWITCH_COMMAND = "/doivaitro";

/** Says why a unit takes nobody at `now` (the profile's dates), undefined while in force. */
export type UnitClosed = (code: string, now: Date) => string | undefined;

/** The units that take people at `now`: active in the profile and in force on the day. */
const openUnits = (db: Db, now: Date, closed: UnitClosed | undefined) => activeUnits(db).filter((u) => !closed?.(u.code, now));

export async function chooseConsoleIdentity(db: Db, channel: ConsoleChannel, as: string | undefined, now: Date, closed?: UnitClosed): Promise<void> {
  const units = openUnits(db, now, closed);
  if (as) {
    const [role, unitCode] = as.split(":");
    const why = unitCode ? closed?.(unitCode, now) : undefined;
    if (why) throw new StartupError(`--as: ${why} Xin chọn một đơn vị đang hoạt động: ${units.map((u) => u.code).join(", ")}`);
    const unit = units.find((u) => u.code === unitCode);
    if (!ROLES.includes(role as Role) || !unit) {
      throw new StartupError(`--as cần dạng <vai trò>:<mã đơn vị>, vai trò là ${ROLES.join("|")}, đơn vị là một trong: ${units.map((u) => u.code).join(", ")}`);
    }
    bindIdentity(db, { channel: "console", platformUserId: CONSOLE_USER, chatId: CONSOLE_USER, name: "Người dùng thử", role: role as Role, unitCode: unit.code, now });
  } else if (!findUserByIdentity(db, "console", CONSOLE_USER)) {
    channel.print("Chế độ thử trên máy (chưa đặt BOT_TOKEN).");
    await pickConsoleIdentity(db, channel, now, closed);
    return;
  }
  sayWho(db, channel);
}

/** The role and unit picker; its answers are read by the console, never sent to the chat. */
export async function pickConsoleIdentity(db: Db, channel: ConsoleChannel, now: Date, closed?: UnitClosed): Promise<void> {
  const units = openUnits(db, now, closed);
  channel.print("Chọn vai trò để thử:");
  ROLES.forEach((r, i) => channel.print(`   ${i + 1}. ${ROLE_LABELS[r]}`));
  const role = ROLES[await pickNumber(channel, ROLES.length) - 1]!;
  const choices = unitsForRole(units, role);
  channel.print("Chọn đơn vị:");
  choices.forEach((u, i) => channel.print(`   ${i + 1}. ${u.name}`));
  const unit = choices[await pickNumber(channel, choices.length) - 1]!;
  bindIdentity(db, { channel: "console", platformUserId: CONSOLE_USER, chatId: CONSOLE_USER, name: "Người dùng thử", role, unitCode: unit.code, now });
  sayWho(db, channel);
}

/** A number from 1 to `count`; anything else is answered with what to type, and asked again. */
async function pickNumber(channel: ConsoleChannel, count: number): Promise<number> {
  for (;;) {
    const typed = (await channel.ask("Số thứ tự: ")).trim();
    const n = /^\d{1,4}$/.test(typed) ? Number(typed) : 0;
    if (n >= 1 && n <= count) return n;
    channel.print(count === 1 ? "Gõ 1 rồi nhấn Enter." : `Gõ một số từ 1 đến ${count} rồi nhấn Enter.`);
  }
}

function sayWho(db: Db, channel: ConsoleChannel): void {
  const user = findUserByIdentity(db, "console", CONSOLE_USER);
  if (!user) return;
  channel.print(`Bạn đang thử với vai trò ${ROLE_LABELS[user.role]}, ${user.unitName}. `
    + `Để đổi: gõ ${SWITCH_COMMAND}, hoặc chạy lại với --as <vai trò>:<mã đơn vị> (ví dụ: npm start -- --as bao_cao:dong-hung).`);
}
