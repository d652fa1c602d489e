// /nguoidung (office only): the people registered, numbered as listed; from the list, or typed
// ("/nguoidung 3 ngung"), move someone to another unit, change their role, stop or restore them.
// Buttons carry the person's id ("cmd:nguoidung:u12:…"), typed commands the list position.
import { fold } from "../domain/vn.js";
import { INVITING_ROLES, ROLE_LABELS, ROLES, unitsForRole, type PersonRecord, type Role, type UnitRecord } from "./ports.js";
import { text, type Choice } from "./types.js";
import { readUnit } from "./unit-words.js";
import { quoted } from "../domain/vn-text.js";
import { keepForm, reply, withWrites, type StepResult, type UserContext } from "./command-types.js";

const TYPED_HELP = "Gõ: /nguoidung <số> donvi <đơn vị> · /nguoidung <số> vaitro <vai trò> [đơn vị] · /nguoidung <số> ngung · /nguoidung <số> dunglai";
const LIST_BUTTON: Choice = { id: "cmd:nguoidung", label: "👥 Danh sách người dùng" };

/** One line of the list: "3. Nguyễn Văn A — Người báo cáo, Khóm Đông Hưng — Telegram, Zalo — đang dùng" (labels from the plug-ins). */
export function personLine(p: PersonRecord, n: number, label: (channel: string) => string): string {
  const channels = p.channels.length ? p.channels.map(label).join(", ") : "chưa có kênh";
  return `${n}. ${p.name} — ${ROLE_LABELS[p.role]}, ${p.unitName} — ${channels} — ${p.active ? "đang dùng" : "đã ngừng"}`;
}

const ROLE_WORDS: Record<string, Role> = {
  "bao cao": "bao_cao", "nguoi bao cao": "bao_cao", "lanh dao": "lanh_dao", "lanh dao phuong": "lanh_dao",
  "van phong": "admin", "quan tri": "admin", "admin": "admin",
};

function roleOf(words: string): Role | undefined {
  const w = fold(words).replace(/_/g, " ").trim();
  return ROLES.find((r) => r === words.trim()) ?? ROLE_WORDS[w] ?? ROLES.find((r) => fold(ROLE_LABELS[r]) === w);
}

/** The unit's code when the words name one (unit-words.ts), else the words, and the units asked about when several fit. */
function unitOf(units: UnitRecord[], words: string): { unit: string; candidates?: UnitRecord[] } {
  const r = readUnit(units, words);
  if (r.ok) return { unit: r.unit.code };
  return r.candidates.length > 1 ? { unit: words, candidates: r.candidates } : { unit: words };
}

function listMessage(people: PersonRecord[], label: (channel: string) => string) {
  if (people.length === 0) return text("Chưa có ai đăng ký. Gõ /moi để mời người dùng.");
  return text([`👥 Người dùng (${people.length}):`, ...people.map((p, i) => personLine(p, i + 1, label)),
    "Chọn một người để chuyển đơn vị, đổi vai trò, ngừng hoặc cho dùng lại.", TYPED_HELP].join("\n"),
  // Labels in the list's order, without its numbers (Zalo numbers the choices itself).
  people.map((p) => ({ id: `cmd:nguoidung:u${p.id}`, label: `${p.name}, ${p.unitName}` })));
}

function actions(p: PersonRecord): Choice[] {
  return [
    { id: `cmd:nguoidung:u${p.id}:donvi`, label: "🏢 Chuyển đơn vị" },
    { id: `cmd:nguoidung:u${p.id}:vaitro`, label: "👤 Đổi vai trò" },
    p.active ? { id: `cmd:nguoidung:u${p.id}:ngung`, label: "⛔ Ngừng sử dụng" } : { id: `cmd:nguoidung:u${p.id}:dunglai`, label: "✅ Cho dùng lại" },
    LIST_BUTTON,
  ];
}

type Action = { act: "show" } | { act: "off" } | { act: "on" }
  | { act: "unit" | "role"; unit?: string; role?: Role; candidates?: UnitRecord[] };

/** "u12", "u12:donvi", "u12:donvi:dong-hung", "u12:vaitro:lanh_dao", "u12:donvi:nhon-hung:lanh_dao", "u12:ngung". */
function buttonAction(parts: string[]): Action | undefined {
  const [act = "", a, b] = parts;
  if (act === "") return { act: "show" };
  if (act === "ngung") return { act: "off" };
  if (act === "dunglai") return { act: "on" };
  if (act === "donvi") return { act: "unit", unit: a, role: b ? roleOf(b) : undefined };
  if (act === "vaitro") return { act: "role", role: a ? roleOf(a) : undefined };
  return undefined;
}

/** "ngung", "dung lai", "donvi Đông Hưng", "vai tro lanh dao", "vaitro lanh_dao nhon-hung". */
function typedAction(rest: string, units: UnitRecord[]): Action | undefined {
  const f = fold(rest).trim();
  if (f === "") return { act: "show" };
  if (/^(ngung|ngung su dung|khoa|tat)$/.test(f)) return { act: "off" };
  if (/^(dung lai|dunglai|mo lai|cho dung lai|bat)$/.test(f)) return { act: "on" };
  const unitM = /^(?:don ?vi|chuyen)\s+(.+)$/.exec(f);
  if (unitM) return { act: "unit", ...unitOf(units, unitM[1]!) };
  const roleM = /^(?:vai ?tro)\s+(.+)$/.exec(f);
  if (roleM) {
    // The role may be followed by the unit it needs: try the longest role words first.
    const words = roleM[1]!.split(/\s+/);
    for (let n = words.length; n > 0; n--) {
      const role = roleOf(words.slice(0, n).join(" "));
      if (!role) continue;
      const unitWords = words.slice(n).join(" ");
      return { act: "role", role, ...(unitWords ? unitOf(units, unitWords) : {}) };
    }
    return { act: "role" };
  }
  return undefined;
}

export function nguoidungCommand(c: UserContext): StepResult {
  const args = c.args.trim();
  const people = c.services.people();
  const done = (t: string, choices: Choice[] = [LIST_BUTTON]) => reply(keepForm(c.state), text(t, choices));
  if (!args) return reply(keepForm(c.state), listMessage(people, c.services.channelLabel));
  const units = c.services.units(c.today);
  let person: PersonRecord | undefined;
  let action: Action | undefined;
  const button = /^u(\d+)(?::(.*))?$/.exec(args);
  if (button) {
    person = people.find((p) => p.id === Number(button[1]));
    action = buttonAction(button[2] ? button[2].split(":") : []);
  } else {
    const m = /^(\d+)\s*(.*)$/s.exec(args);
    person = m ? people[Number(m[1]) - 1] : undefined;
    if (!m) return done(`⚠️ Gõ số thứ tự của người trong danh sách. ${TYPED_HELP}`);
    action = typedAction(m[2] ?? "", units);
  }
  if (!person) return done(`⚠️ Không có người số ${button ? "này" : args.split(/\s+/)[0]} trong danh sách. Gõ /nguoidung để xem danh sách.`);
  if (!action) return done(`⚠️ Chưa hiểu việc cần làm. ${TYPED_HELP}`);
  const n = people.indexOf(person) + 1;
  if (action.act === "show") return reply(keepForm(c.state), text(`${personLine(person, n, c.services.channelLabel)}\nLàm gì với người này?`, actions(person)));
  // The office cannot lock itself out or demote itself by a slip.
  if (person.id === c.user.id) return done("⚠️ Bạn không tự đổi vai trò, đơn vị hay ngừng tài khoản của mình được. Xin một người quản trị khác làm việc này.");
  const change = (ch: { role?: Role; unitCode?: string; active?: boolean }, said: string) => {
    const change = { id: person.id, ...ch, by: c.user.id };
    const r = c.services.checkPersonChange({ ...change, now: c.now });
    if (!r.ok) return done(`⚠️ ${r.message}`);
    return withWrites(done(`${said}\n${personLine(r.person, n, c.services.channelLabel)}`), { type: "change_person", change });
  };
  // Their unused invites die with the change (src/store/people.ts changePerson): the office is told.
  const revoked = INVITING_ROLES.includes(person.role) ? " Các mã mời người này đã tạo mà chưa dùng đã bị hủy." : "";
  if (action.act === "off") {
    if (!person.active) return done(`${person.name} đã ngừng sử dụng từ trước.`);
    return change({ active: false }, `⛔ Đã ngừng: ${person.name} chỉ còn nhận được một thông báo ngắn và không được nhắc việc; số liệu đã nhập vẫn tính trong báo cáo.${revoked}`);
  }
  if (action.act === "on") {
    if (person.active) return done(`${person.name} đang được dùng bot.`);
    return change({ active: true }, `✅ Đã cho ${person.name} dùng lại bot.`);
  }
  const role = action.role ?? person.role;
  const allowed = unitsForRole(units, role);
  const pickUnit = (why: string, offered = allowed) => done(why, offered.map((u) => ({ id: `cmd:nguoidung:u${person.id}:donvi:${u.code}:${role}`, label: u.name })));
  if (action.act === "role" && !action.role) {
    return done(`Vai trò mới của ${person.name}?`, ROLES.map((r) => ({ id: `cmd:nguoidung:u${person.id}:vaitro:${r}`, label: ROLE_LABELS[r] })));
  }
  if (action.act === "unit" && !action.unit) return pickUnit(`Chuyển ${person.name} (${ROLE_LABELS[role]}) sang đơn vị nào?`);
  const fitting = action.candidates?.filter((u) => allowed.some((a) => a.code === u.code)) ?? [];
  if (fitting.length > 1) return pickUnit(`"${quoted(action.unit ?? "")}" có thể là nhiều đơn vị. Chuyển ${person.name} (${ROLE_LABELS[role]}) sang đơn vị nào?`, fitting);
  // Of several units the words fit, the only one where the role belongs.
  const typedUnit = fitting.length === 1 ? fitting[0]!.code : action.unit;
  // A new role where the current unit does not fit needs the unit too.
  const unitCode = typedUnit ?? (allowed.some((u) => u.code === person.unitCode) ? person.unitCode : undefined);
  if (!unitCode) return pickUnit(`${ROLE_LABELS[role]} phải thuộc đơn vị khác ${person.unitName}. Chọn đơn vị cho ${person.name}:`);
  // Asked for what the person already is: said so, and nothing is written.
  if (role === person.role && unitCode === person.unitCode && allowed.some((u) => u.code === unitCode)) {
    return done(action.act === "unit"
      ? `${person.name} đã ở ${person.unitName}, không cần chuyển. Muốn chuyển sang đơn vị khác, gõ /nguoidung ${n} donvi <đơn vị>.`
      : `${person.name} đã là ${ROLE_LABELS[role]}, ${person.unitName}, không cần đổi. Muốn đổi sang vai trò khác, gõ /nguoidung ${n} vaitro <vai trò>.`);
  }
  const lostInviting = INVITING_ROLES.includes(role) ? "" : revoked;
  return change({ role, unitCode }, `✅ Đã đổi: ${person.name} là ${ROLE_LABELS[role]}, ${allowed.find((u) => u.code === unitCode)?.name ?? unitCode}.${lostInviting}`);
}
