// Whether the profile names who signs after the ward was renamed or re-formed. The profile's
// signer stays in force through a dated change that does not name one (profileOn), so a merged
// ward's reports would be signed by the old chairman unnoticed. The rule: the last change of the
// ward's name, heading or make-up must be followed (that day or later) by a change naming a
// signer. A warning, never a refusal: the old signer may be right. Pure.
import { formatDateShort } from "./vn.js";
import { profileOn, type WardProfile } from "./profile.js";
import { levelWord } from "./ward-level.js";

export interface UnconfirmedSigner {
  /** The day of the change after which no signer was given (ISO). */
  from: string;
  /** The ward's name from that day. */
  wardName: string;
  /** Whether the change renamed the ward (else it changed its heading or make-up). */
  renamed: boolean;
  /** Who still signs: "CHỦ TỊCH", "Huỳnh Thanh Vũ". */
  title: string;
  name: string;
  /** "phường" or "xã". */
  level: string;
}

export function unconfirmedSigner(p: WardProfile): UnconfirmedSigner | null {
  const changes = p.changes ?? [];
  const last = changes.filter((c) => c.name !== undefined || c.issuingBody !== undefined || c.formedFrom !== undefined).at(-1);
  if (!last || changes.some((c) => c.from >= last.from && c.signer !== undefined)) return null;
  const then = profileOn(p, last.from);
  return { from: last.from, wardName: then.ward.name, renamed: last.name !== undefined, title: then.signer.title, name: then.signer.name,
    level: levelWord(then.ward) };
}

/** The warning and how to fix it, two lines, for check and the report command. */
export function unconfirmedSignerLines(u: UnconfirmedSigner): [string, string] {
  const day = formatDateShort(u.from);
  const what = u.renamed ? `${u.level} đổi thành ${u.wardName}` : `${u.level} thay đổi (${u.wardName})`;
  return [
    `⚠️ Từ ngày ${day} ${what} nhưng hồ sơ ${u.level} chưa ghi người ký từ ngày đó: văn bản từ ngày ${day} vẫn ký ${u.title} ${u.name}.`,
    `Xin thêm vào thay đổi “from: ${u.from}” trong mục changes của hồ sơ ${u.level} dòng signer: { title: ${u.title}, name: <họ tên người ký> } (vẫn là người cũ thì ghi lại tên người đó).`,
  ];
}
