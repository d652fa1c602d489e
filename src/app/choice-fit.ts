// Start-up check: a unit code travels in choice ids (buttons), and a channel may limit how long
// those are (ChannelCapabilities.maxChoiceIdBytes). Every configured channel must carry every code.
import { longestUnitChoiceIdBytes } from "../conversation/choice-ids.js";
import type { WardProfile } from "../domain/profile.js";

import type { ChannelCapabilities } from "../channels/channel.js";

export interface ChoiceLimit { label: string; capabilities: Pick<ChannelCapabilities, "maxChoiceIdBytes"> }

/** One Vietnamese line per unit code too long for a channel, naming the code, its length and the channel. */
export function unitCodeFitProblems(profile: WardProfile, channels: readonly ChoiceLimit[]): string[] {
  const codes = [...new Set([profile.ward.code, ...profile.units.map((u) => u.code)])];
  return channels.flatMap(({ label, capabilities: { maxChoiceIdBytes: max } }) => (max === undefined ? [] : codes.flatMap((code) => {
    const over = longestUnitChoiceIdBytes(code) - max;
    if (over <= 0) return [];
    // Codes are ASCII (profile.ts), so a byte over is a character over.
    return [`Hồ sơ phường: mã đơn vị "${code}" dài ${code.length} ký tự, quá dài cho nút bấm trên ${label} `
      + `(tối đa ${max} byte mỗi nút); đặt mã đơn vị này dài không quá ${code.length - over} ký tự.`];
  })));
}
