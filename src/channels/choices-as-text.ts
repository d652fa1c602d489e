// Choices for channels without buttons (Zalo, the console): a numbered list under the text.
// The core maps a typed number, label, or label without diacritics back to the choice
// (conversation/router.ts resolveTyped), so the numbers here must follow the choices' order.
import type { Outbound } from "../conversation/types.js";

export const CHOICE_HINT = "(Trả lời bằng số thứ tự hoặc gõ tên mục.)";

/** The message as plain text with its choices numbered; a message without choices is unchanged. */
export function choicesAsText(message: Outbound): Outbound {
  if (message.type !== "text" || !message.choices?.length) return message;
  const lines = message.choices.map((c, i) => `${i + 1}. ${c.label}`);
  return { type: "text", text: `${message.text}\n\n${lines.join("\n")}\n${CHOICE_HINT}` };
}
