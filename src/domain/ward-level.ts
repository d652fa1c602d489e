// The ward's level word, "phường" or "xã", as running text writes it: the profile's ward.level, or
// the first word of its name, lower-cased ({{phuong.cap}} and the chat's texts alike).

export const levelWord = (ward: { level?: string | undefined; name: string }): string =>
  ward.level ?? (ward.name.split(/\s+/u)[0] ?? "").toLocaleLowerCase("vi");

/**
 * Text written for a phường, in another level's words: the lower-case word "phường" alone
 * ("Lãnh đạo phường", "Văn phòng UBND phường") becomes `level`. Names ("Phường Nhơn Hưng") are
 * capitalised and stay as they are.
 */
export function inLevel(text: string, level: string): string {
  return level === "phường" || level === "" ? text : text.replace(/(?<!\p{L})phường(?!\p{L})/gu, level);
}
