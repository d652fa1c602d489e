// The office's view of people: who is registered, on which channels, and changes to role, unit
// and whether they may use the bot. Shared by /nguoidung in the chat and `npm run cli -- user`.
import { stmt } from "../db/statements.js";
import type { Db } from "../db/client.js";
import { INVITING_ROLES, ROLE_LABELS, unitsForRole, type PersonChange, type PersonChangeResult, type PersonRecord, type Role } from "../conversation/ports.js";
import type { UnitKind } from "../domain/catalogue.js";
import { activeUnits } from "./profile-sync.js";
import { endWebAccessOf } from "./web-access.js";
import { revokeInvitesOf } from "./invites.js";

type Row = { id: number; name: string; role: Role; unitCode: string; unitName: string; unitKind: string; active: number; unitActive: number; channels: string | null };

export function listPeople(db: Db): PersonRecord[] {
  return stmt<[], Row>(db, `select u.id, u.name, u.role, u.unit_code as unitCode, n.name as unitName, n.kind as unitKind,
      u.active, n.active as unitActive, (select group_concat(distinct i.channel) from identities i where i.user_id = u.id) as channels
    from users u join units n on n.code = u.unit_code order by u.id`).all()
    .map((r) => ({ ...r, unitKind: r.unitKind as UnitKind, active: r.active === 1, unitActive: r.unitActive === 1,
      channels: r.channels ? r.channels.split(",").sort() : [] }));
}

export const findPerson = (db: Db, id: number) => listPeople(db).find((p) => p.id === id);

/** Whether a unit is in force on the day of the change (the ward profile's dates). */
type InForce = (unitCode: string) => boolean;

/** Whether a change may be made (the invite rules below), and the person it would make; writes nothing. */
export function checkPersonChange(db: Db, c: Omit<PersonChange, "now">, inForce: InForce = () => true): PersonChangeResult {
  const person = findPerson(db, c.id);
  if (!person) return { ok: false, message: `Không có người dùng số ${c.id}.` };
  const role = c.role ?? person.role;
  const unitCode = c.unitCode ?? person.unitCode;
  if (c.role === undefined && c.unitCode === undefined) return { ok: true, person: { ...person, active: c.active ?? person.active } };
  // Only units in force on the day of the change (the ward profile's dates).
  const allowed = unitsForRole(activeUnits(db).filter((u) => inForce(u.code)), role);
  const unit = allowed.find((u) => u.code === unitCode);
  if (!unit) {
    const other = activeUnits(db).find((u) => u.code === unitCode);
    const where = role === "bao_cao" ? "một khóm, tổ hoặc đồn biên phòng" : "phường";
    return { ok: false, message: other
      ? `${ROLE_LABELS[role]} phải thuộc ${where}, không thuộc ${other.name}. Chọn đơn vị khác.`
      : `Không có đơn vị "${unitCode}" đang hoạt động. Chọn đơn vị trong danh sách.` };
  }
  return { ok: true, person: { ...person, role, unitCode, unitName: unit.name, unitKind: unit.kind as UnitKind, unitActive: true,
    active: c.active ?? person.active } };
}

/**
 * Applies a change with the invite rules: reporters at a khóm, tổ or the post; leaders and the
 * office at the ward; only active units. A role whose place differs needs the new unit with it.
 */
export function changePerson(db: Db, c: PersonChange, inForce: InForce = () => true): PersonChangeResult {
  const check = checkPersonChange(db, c, inForce);
  if (!check.ok) return check;
  const person = findPerson(db, c.id)!;
  if (c.role !== undefined || c.unitCode !== undefined) {
    stmt(db, "update users set role = ?, unit_code = ? where id = ?").run(check.person.role, check.person.unitCode, c.id);
  }
  if (c.active !== undefined && c.active !== person.active) {
    stmt(db, "update users set active = ?, deactivated_at = ? where id = ?").run(c.active ? 1 : 0, c.active ? null : c.now.getTime(), c.id);
  }
  // Stopped, or no longer in a role that may invite: the codes they made and nobody used die now.
  if (c.active === false || !INVITING_ROLES.includes(check.person.role)) revokeInvitesOf(db, c.id, c.now);
  // A stopped person's open pages close with them (issue 19).
  if (c.active === false) endWebAccessOf(db, c.id, c.now);
  return { ok: true, person: findPerson(db, c.id)! };
}
